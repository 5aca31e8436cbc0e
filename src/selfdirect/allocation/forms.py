from django import forms

from selfdirect.core.forms import DateField, GovukForm, PenceField
from selfdirect.core.money import Money


class WhatIfForm(GovukForm, forms.Form):
    price_per_point_pence = PenceField(label="Price per point", error_messages={"required": "Enter a price per point"})
    contingency_percent = forms.IntegerField(label="Contingency (%)", min_value=0, max_value=50, initial=0,
                                             widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
                                             error_messages={"min_value": "Contingency must be 0% or more",
                                                             "max_value": "Contingency must be 50% or less",
                                                             "invalid": "Contingency must be a whole number",
                                                             "required": "Enter the contingency (0 if none)"})

    def clean_price_per_point_pence(self):
        value = self.cleaned_data["price_per_point_pence"]
        if value == 0:
            raise forms.ValidationError("Price per point must be more than £0.00")
        return value


class PublishForm(WhatIfForm):
    key = forms.SlugField(label="Name for the new table", max_length=60, help_text="Letters, numbers and dashes, e.g. exampleshire-2027",
                          error_messages={"required": "Enter a name for the table", "invalid": "Use only letters, numbers and dashes"})
    effective_from = DateField(label="Use it from", error_messages={"required": "Enter the date the table comes into use"})


class PackagesForm(GovukForm, forms.Form):
    packages = forms.FileField(label="Historic packages (CSV)",
                               help_text="Columns: person_ref,points,client_group,age,sex,ethnicity,weekly_cost_pence",
                               error_messages={"required": "Choose a CSV file of historic packages"})


class BudgetForm(GovukForm, forms.Form):
    """The indicative budget for eligible needs: the Resource Allocation System's figure and explanation filled in;
    a different figure needs a reason."""

    indicative_weekly_pence = PenceField(label="Indicative weekly budget",
                                         error_messages={"required": "Enter the indicative weekly budget"})
    indicative_reason = forms.CharField(
        label="How the indicative budget was worked out", widget=forms.Textarea(attrs={"rows": 5}), max_length=2000,
        error_messages={"required": "Enter how the indicative budget was worked out",
                        "max_length": "How the indicative budget was worked out must be 2000 characters or less"})
    override_reason = forms.CharField(
        label="Why is the figure different from the Resource Allocation System's?", required=False,
        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        error_messages={"max_length": "Reason must be 2000 characters or less"})

    def __init__(self, *args, ras_figure=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ras_figure = ras_figure
        if ras_figure is None:
            del self.fields["override_reason"]
            self.fields["indicative_weekly_pence"].help_text = (
                "There is no figure from the Resource Allocation System: no self-assessment has been agreed.")
        else:
            self.fields["indicative_weekly_pence"].help_text = (
                f"The Resource Allocation System gives {Money(ras_figure.weekly_pence).format()} "
                f"from {ras_figure.points} points. A different figure needs a reason.")
            self.fields["override_reason"].help_text = "Only if you changed the figure"

    def clean(self):
        data = super().clean()
        if self.ras_figure is not None and data.get("indicative_weekly_pence") is not None \
                and data["indicative_weekly_pence"] != self.ras_figure.weekly_pence \
                and not (data.get("override_reason") or "").strip() and "override_reason" not in self.errors:
            self.add_error("override_reason",
                           "Enter why the indicative budget differs from the Resource Allocation System's figure")
        return data
