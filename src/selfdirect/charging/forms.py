from django import forms
from django.conf import settings

from selfdirect.core.forms import DateField, GovukForm, PenceField
from selfdirect.core.money import PERIOD_LABELS

from .contribution import INCOME_TYPES

PERIOD_CHOICES = [(k, v.capitalize()) for k, v in PERIOD_LABELS.items()]
YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label, **kwargs):
    return forms.TypedChoiceField(label=label, choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                  error_messages={"required": f"Select yes or no: {label.lower()}"}, **kwargs)


class AssessmentForm(GovukForm, forms.Form):
    effective_date = DateField(label="Date the assessment takes effect",
                               error_messages={"required": "Enter the date the assessment takes effect"})
    weekly_cost_of_care_pence = PenceField(label="Weekly cost of care (the personal budget)",
                                           error_messages={"required": "Enter the weekly cost of care"})
    light_touch = forms.BooleanField(label="The person chose not to share their finances and will pay the full cost "
                                           "(light-touch assessment)", required=False)
    capital_pence = PenceField(label="Capital (savings and investments, not the home they live in)", required=False)
    receives_night_care = _yes_no("Does the person receive care at night?")
    carer_premium = forms.BooleanField(label="The person is a carer (gets, or could get, Carer's Allowance)", required=False)
    dependent_children = forms.IntegerField(label="Dependent children living with the person", min_value=0, max_value=20,
                                            initial=0, widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
                                            error_messages={"min_value": "Dependent children must be 0 or more",
                                                            "invalid": "Dependent children must be a whole number",
                                                            "required": "Enter the number of dependent children (0 if none)"})
    premium_override = forms.ChoiceField(
        label="Premiums: worker override", required=False, widget=forms.RadioSelect,
        choices=[("", "Work them out from the benefits received"), ("disability_on", "Add the disability premium"),
                 ("enhanced_on", "Add the disability and enhanced disability premiums"),
                 ("none", "Add neither premium")])
    override_reason = forms.CharField(label="Reason for the override", required=False, max_length=500)
    provisional_rates_year = forms.RegexField(
        label="Earlier year's figures for a provisional assessment (optional)", required=False, regex=r"^\d{4}/\d{2}$",
        help_text="Only where this year's rates lack a figure the person needs, for example 2023/24",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"invalid": "Enter the year like 2023/24"})
    deprivation_of_assets = forms.BooleanField(label="Flag possible deprivation of assets for a worker to look into",
                                               required=False)
    deprivation_note = forms.CharField(label="What suggests deprivation of assets", required=False, max_length=2000,
                                       widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("premium_override") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", "Give the reason for overriding the premiums")
        if data.get("deprivation_of_assets") and not (data.get("deprivation_note") or "").strip():
            self.add_error("deprivation_note", "Say what suggests deprivation of assets")
        return data


class IncomeRowForm(GovukForm, forms.Form):
    type = forms.ChoiceField(label="Type of income", required=False,
                             choices=[("", "Choose one")] + [(k, v[0]) for k, v in INCOME_TYPES.items()])
    amount_pence = PenceField(label="Amount", required=False)
    period = forms.ChoiceField(label="How often", choices=PERIOD_CHOICES, initial="weekly", required=False)

    def clean(self):
        data = super().clean()
        if data.get("type") and data.get("amount_pence") is None:
            self.add_error("amount_pence", "Enter the amount of this income")
        if data.get("amount_pence") is not None and not data.get("type"):
            self.add_error("type", "Select the type of this income")
        return data


class CostRowForm(GovukForm, forms.Form):
    description = forms.CharField(label="What it is", required=False, max_length=200)
    amount_pence = PenceField(label="Amount", required=False)
    period = forms.ChoiceField(label="How often", choices=PERIOD_CHOICES, initial="weekly", required=False)

    def clean(self):
        data = super().clean()
        if data.get("description") and data.get("amount_pence") is None:
            self.add_error("amount_pence", "Enter the amount")
        if data.get("amount_pence") is not None and not data.get("description"):
            self.add_error("description", "Say what the amount is for")
        return data


IncomeRows = forms.formset_factory(IncomeRowForm, extra=6, max_num=12)
HousingRows = forms.formset_factory(CostRowForm, extra=3, max_num=6)
ExpenditureRows = forms.formset_factory(CostRowForm, extra=5, max_num=10)


def to_input(person, form, income, housing, dre) -> dict:
    """The assessment input document (the same contract as `selfdirect charging assess`)."""
    data = form.cleaned_data
    override = data.get("premium_override") or ""
    raw = {
        "effective_date": data["effective_date"].isoformat(),
        "date_of_birth": person.date_of_birth.isoformat(),
        "setting": "community",
        "weekly_cost_of_care_pence": data["weekly_cost_of_care_pence"],
        "capital_pence": data.get("capital_pence") or 0,
        "receives_night_care": data["receives_night_care"],
        "night_care_disregard_policy": settings.CHARGING_NIGHT_CARE_POLICY,
        "income": [{"type": r["type"], "amount_pence": r["amount_pence"], "period": r["period"] or "weekly"}
                   for r in income.cleaned_data if r.get("type")],
        "housing_costs": [{"description": r["description"], "amount_pence": r["amount_pence"], "period": r["period"] or "weekly"}
                          for r in housing.cleaned_data if r.get("description")],
        "disability_related_expenditure": [
            {"description": r["description"], "amount_pence": r["amount_pence"], "period": r["period"] or "weekly"}
            for r in dre.cleaned_data if r.get("description")],
        "carer_premium": data.get("carer_premium", False),
        "dependent_children": data.get("dependent_children") or 0,
        "light_touch": data.get("light_touch", False),
    }
    if override:
        raw["disability_premium_override"] = override in {"disability_on", "enhanced_on"}
        raw["enhanced_disability_premium_override"] = override == "enhanced_on"
        raw["override_reason"] = data["override_reason"].strip()
    if data.get("provisional_rates_year"):
        raw["provisional_rates_year"] = data["provisional_rates_year"]
    return raw


class ImportForm(GovukForm, forms.Form):
    file = forms.FileField(label="Assessment input file (JSON)",
                           help_text="The same format as `selfdirect charging assess --input`",
                           error_messages={"required": "Choose a JSON file to import"})


class RequestForm(GovukForm, forms.Form):
    note = forms.CharField(
        label="Note for the finance team (optional)", required=False, max_length=2000,
        help_text="For example, what has changed in the person's money, or the best way to contact them",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Note for the finance team must be 2000 characters or less"})


class CancelRequestForm(GovukForm, forms.Form):
    reason = forms.CharField(label="Reason for cancelling", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Enter the reason for cancelling",
                                             "max_length": "Reason for cancelling must be 2000 characters or less"})
