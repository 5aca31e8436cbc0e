from django import forms

from selfdirect.core.forms import DateField, GovukForm, PenceField


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
