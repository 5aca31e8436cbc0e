from django import forms

from selfdirect.core.forms import GovukForm


class StepBackForm(GovukForm, forms.Form):
    reason = forms.CharField(label="Why is the case moving back a step?", widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000, error_messages={"required": "Enter why the case is moving back a step"})
