from django import forms

from selfdirect.core.forms import GovukForm


class DigestForm(GovukForm, forms.Form):
    email = forms.ChoiceField(label="Do you want an email when there is news about the people you helped?",
                              choices=[("yes", "Yes, email me"), ("no", "No, I will look here")],
                              widget=forms.RadioSelect, error_messages={"required": "Select yes or no"})
    email.choice_hints = {"yes": "One email at a time, saying how many people and linking to this page; never their "
                                 "names or outcomes"}
