from django import forms

from selfdirect.core.forms import DateField, GovukForm, PenceField
from selfdirect.core.money import PERIOD_LABELS, Money

from .contribution import CAPITAL_TYPES, CARE_HOME, INCOME_TYPES, LIGHT_TOUCH_REASONS, OCCUPIERS
from .models import ChargingPolicyVersion, TopUpAgreement
from .policy import FIELD_LABELS

PERIOD_CHOICES = [(k, v.capitalize()) for k, v in PERIOD_LABELS.items()]
YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label, **kwargs):
    return forms.TypedChoiceField(label=label, choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                  error_messages={"required": f"Select yes or no: {label.lower()}"}, **kwargs)


ASSESSMENT_KINDS = [("full", "A full financial assessment")] + [
    (key, f"Light-touch: {text[0].lower()}{text[1:]}") for key, text in LIGHT_TOUCH_REASONS.items()]


SETTING_CHOICES = [("community", "Care at home"), ("care_home_permanent", "A permanent place in a care home"),
                   ("care_home_temporary", "A temporary stay in a care home")]
# Who lives in a resident's home, as the form offers it (the engine's OCCUPIERS, capitalised).
OCCUPIER_CHOICES = [(key, f"{text[0].upper()}{text[1:]}") for key, text in OCCUPIERS.items()]


def _count(label, **kwargs):
    return forms.IntegerField(label=label, min_value=1, max_value=20,
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
                              error_messages={"min_value": f"{label} must be 1 or more",
                                              "max_value": f"{label} must be 20 or fewer",
                                              "invalid": f"{label} must be a whole number"}, **kwargs)


class AssessmentForm(GovukForm, forms.Form):
    reason = forms.ChoiceField(label="Why is this assessment being made?", widget=forms.RadioSelect, required=False,
                               initial="new", choices=[
                                   ("new", "A new financial assessment"),
                                   ("circumstances", "The person's income or capital changed"),
                                   ("looked_again", "We looked again at the person's request")])
    effective_date = DateField(label="Date the assessment takes effect",
                               error_messages={"required": "Enter the date the assessment takes effect"})
    weekly_cost_of_care_pence = PenceField(label="Weekly cost of care (the personal budget)",
                                           help_text="For a care home resident, the weekly cost of the care home place",
                                           error_messages={"required": "Enter the weekly cost of care"})
    setting = forms.ChoiceField(label="Where the person lives", widget=forms.RadioSelect, initial="community",
                                required=False, choices=SETTING_CHOICES,
                                help_text="For a care home, also fill in the “Care home” section below")
    support_for = forms.ChoiceField(label="Who is the support for?", widget=forms.RadioSelect, initial="person",
                                    required=False,
                                    choices=[("person", "The person"), ("carer", "A carer, for their own needs as a carer")],
                                    error_messages={"required": "Select who the support is for"})
    assessment_kind = forms.ChoiceField(
        label="Kind of assessment", widget=forms.RadioSelect, choices=ASSESSMENT_KINDS, initial="full", required=False,
        help_text="A light-touch assessment is recorded with its reason and the evidence it rests on "
                  "(Charging Regulations 2014, reg 10)", error_messages={"required": "Select the kind of assessment"})
    light_touch_note = forms.CharField(label="What the light-touch assessment rests on", required=False, max_length=2000,
                                       help_text="For example, the benefit letter seen, or why the charge is plainly affordable",
                                       widget=forms.Textarea(attrs={"rows": 2}))
    has_partner = forms.ChoiceField(label="Does the person live with a partner?", widget=forms.RadioSelect,
                                    choices=YES_NO, initial="no", required=False)
    partner_date_of_birth = DateField(label="Partner's date of birth", required=False,
                                      help_text="Used only to choose the Minimum Income Guarantee; the partner's own "
                                                "income and savings are never counted")
    partner_receives_pension_credit = forms.BooleanField(label="The couple get Pension Credit", required=False)
    lone_parent = forms.BooleanField(label="The person is a lone parent", required=False)
    capital_pence = PenceField(label="Capital as one total (or list each item below, not both)", required=False,
                               help_text="Savings and investments, never the home the person lives in")
    receives_night_care = _yes_no("Does the person receive care at night?", required=False, empty_value=None,
                                  help_text="Not asked for a care home resident")
    carer_premium = forms.BooleanField(label="The person is a carer (gets, or could get, Carer's Allowance)", required=False)
    dependent_children = forms.IntegerField(label="Dependent children living with the person", min_value=0, max_value=20,
                                            initial=0, widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
                                            error_messages={"min_value": "Dependent children must be 0 or more",
                                                            "invalid": "Dependent children must be a whole number",
                                                            "required": "Enter the number of dependent children (0 if none)"})
    standard_dre = forms.BooleanField(label="Take the council's standard disability-related expenditure allowance "
                                            "instead of itemising costs", required=False)
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
    # A care home resident (sent only when `setting` is a care home; docs/charging.md, "Care homes").
    admitted_on = DateField(label="Date the person moved into the care home", required=False,
                            help_text="For example, 1 5 2025. Needed for a home in the first 12 weeks of a first "
                                      "permanent admission, and for the benefits that stop after 28 days")
    first_permanent_admission = _yes_no("Is this the person's first permanent admission to a care home?",
                                        required=False, initial="yes", empty_value=True)
    pension_paid_to_spouse_pence = PenceField(
        label="Pension the person pays each week to a spouse or civil partner who lives elsewhere",
        required=False, help_text="Optional. From an occupational or personal pension. Half the pension is disregarded "
                                  "when at least half of it is paid")
    property_value_pence = PenceField(label="Value of the home", required=False,
                                      help_text="Leave the home's questions empty if the person does not own a home")
    property_secured_debt_pence = PenceField(label="Debt secured on the home", required=False,
                                             help_text="Optional. For example, a mortgage or a loan secured on it")
    property_owners = _count("Number of people who own the home", required=False, initial=1)
    property_share_value_pence = PenceField(
        label="Value of the person's share to a willing buyer", required=False,
        help_text="Only for a home owned with others: what someone would pay for the person's share, not a fraction "
                  "of the whole")
    property_occupied_by = forms.MultipleChoiceField(
        label="Who lives in the home now?", required=False, widget=forms.CheckboxSelectMultiple,
        choices=OCCUPIER_CHOICES, help_text="Select all that apply. The home is disregarded while any of them lives "
                                            "there")
    property_discretionary_disregard_reason = forms.CharField(
        label="Reason the council disregards the home at its discretion", required=False, max_length=2000,
        help_text="Optional. For example, a carer who gave up their own home to care for the person lives there. "
                  "The person reads this in their letter",
        widget=forms.Textarea(attrs={"rows": 2}))

    # A temporary stay: what makes it temporary (statutory guidance, Annex F, paras 4 and 5; docs/charging.md).
    stay_intended_limited = _yes_no("For a temporary stay: is it meant to last a limited time, with a plan to go home?",
                                    required=False, empty_value=None)
    stay_expected_weeks = forms.IntegerField(
        label="For a temporary stay: how many weeks is it expected to last?", required=False, min_value=1,
        max_value=520, widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        help_text="8 or less is a short stay, charged as the council's policy says. Over 52 only in exceptional "
                  "circumstances",
        error_messages={"min_value": "Weeks the stay is expected to last must be 1 or more",
                        "max_value": "Weeks the stay is expected to last must be 520 or fewer",
                        "invalid": "Weeks the stay is expected to last must be a whole number"})
    stay_in_care_plan = _yes_no("For a temporary stay: is it agreed with the person and written into their care plan?",
                                required=False, empty_value=None)
    stay_exceptional_reason = forms.CharField(
        label="For a stay expected to last more than 52 weeks: the exceptional circumstances", required=False,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    CARE_HOME_FIELDS = ("admitted_on", "first_permanent_admission", "pension_paid_to_spouse_pence", "stay_intended_limited",
                        "stay_expected_weeks", "stay_in_care_plan", "stay_exceptional_reason",
                        "property_value_pence", "property_secured_debt_pence", "property_owners",
                        "property_share_value_pence", "property_occupied_by", "property_discretionary_disregard_reason")
    STAY_FIELDS = {"stay_intended_limited": "intended_limited", "stay_expected_weeks": "expected_weeks",
                   "stay_in_care_plan": "in_care_plan", "stay_exceptional_reason": "exceptional_reason"}
    PROPERTY_FIELDS = {"property_value_pence": "value_pence", "property_secured_debt_pence": "secured_debt_pence",
                       "property_owners": "owners", "property_share_value_pence": "share_value_pence",
                       "property_occupied_by": "occupied_by",
                       "property_discretionary_disregard_reason": "discretionary_disregard_reason"}

    def __init__(self, *args, policy=None, **kwargs):
        super().__init__(*args, **kwargs)
        standard = getattr(policy, "standard_dre_weekly_pence", None)
        if standard is None:
            del self.fields["standard_dre"]
        else:

            self.fields["standard_dre"].label += (f" (the amount in the council's policy on the date the assessment "
                                                  f"takes effect; today {Money(standard).format()} a week)")

    def clean(self):
        data = super().clean()
        if data.get("premium_override") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", "Give the reason for overriding the premiums")
        if data.get("deprivation_of_assets") and not (data.get("deprivation_note") or "").strip():
            self.add_error("deprivation_note", "Say what suggests deprivation of assets")
        if (data.get("assessment_kind") or "full") == "full" and data.get("receives_night_care") is None \
                and data.get("setting") not in CARE_HOME and "receives_night_care" not in self.errors:
            self.add_error("receives_night_care", "Select yes or no: does the person receive care at night?")
        if data.get("has_partner") == "yes" and not data.get("partner_date_of_birth") and "partner_date_of_birth" not in self.errors:
            self.add_error("partner_date_of_birth", "Enter the partner's date of birth")
        return data


class IncomeRowForm(GovukForm, forms.Form):
    type = forms.ChoiceField(label="Type of income", required=False,
                             choices=[("", "Choose one")] + [(k, v.label) for k, v in INCOME_TYPES.items()])
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


class CapitalRowForm(GovukForm, forms.Form):
    type = forms.ChoiceField(label="Type of capital", required=False,
                             choices=[("", "Choose one")] + [(k, v.label) for k, v in CAPITAL_TYPES.items()])
    amount_pence = PenceField(label="Value", required=False)
    owners = forms.IntegerField(label="Number of people who own it", required=False, min_value=1, max_value=20, initial=1,
                                widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
                                error_messages={"min_value": "Number of owners must be 1 or more",
                                                "max_value": "Number of owners must be 20 or fewer",
                                                "invalid": "Number of owners must be a whole number"})
    share_pence = PenceField(label="The person's share, if not an equal one (optional)", required=False)
    share_reason = forms.CharField(label="What shows the person's share (if not equal)", required=False, max_length=500)
    reason = forms.CharField(label="Why it is counted (notional capital only)", required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("type") and data.get("amount_pence") is None:
            self.add_error("amount_pence", "Enter the value of this capital")
        if data.get("amount_pence") is not None and not data.get("type"):
            self.add_error("type", "Select the type of this capital")
        return data


IncomeRows = forms.formset_factory(IncomeRowForm, extra=6, max_num=12)
JointIncomeRows = forms.formset_factory(IncomeRowForm, extra=2, max_num=8)
CapitalRows = forms.formset_factory(CapitalRowForm, extra=3, max_num=12)
HousingRows = forms.formset_factory(CostRowForm, extra=3, max_num=6)
ExpenditureRows = forms.formset_factory(CostRowForm, extra=5, max_num=10)


# Where each input list's items came from: the formset, and the index of each non-empty row (an engine error names
# e.g. capital[1].share_reason, which is the second row filled in, wherever it sits in the formset).
INPUT_LISTS = {"income": "income", "joint_income": "joint", "capital": "capital", "housing_costs": "housing",
               "disability_related_expenditure": "dre"}


def filled_rows(formset, key):
    return [i for i, row in enumerate(formset.forms) if getattr(row, "cleaned_data", {}).get(key)]


def to_input(person, form, income, housing, dre, joint=None, capital=None) -> dict:
    """The assessment input document (the same contract as `selfdirect charging assess`)."""
    data = form.cleaned_data
    override = data.get("premium_override") or ""
    kind = data.get("assessment_kind") or "full"

    def amounts(formset, key):
        return [{key: r[key], "amount_pence": r["amount_pence"], "period": r["period"] or "weekly"}
                for r in formset.cleaned_data if r.get(key)]

    raw = {
        "effective_date": data["effective_date"].isoformat(),
        "date_of_birth": person.date_of_birth.isoformat(),
        "setting": "community",
        "weekly_cost_of_care_pence": data["weekly_cost_of_care_pence"],
        "receives_night_care": bool(data.get("receives_night_care")),
        "income": amounts(income, "type"),
        "housing_costs": amounts(housing, "description"),
        "disability_related_expenditure": amounts(dre, "description"),
        "carer_premium": data.get("carer_premium", False),
        "dependent_children": data.get("dependent_children") or 0,
        "light_touch": kind != "full",
    }
    items = []
    for r in (capital.cleaned_data if capital is not None else []):
        if not r.get("type"):
            continue
        item = {"type": r["type"], "amount_pence": r["amount_pence"], "owners": r.get("owners") or 1}
        if r.get("share_pence") is not None:
            item["share_pence"] = r["share_pence"]
        for key in ("share_reason", "reason"):
            if (r.get(key) or "").strip():
                item[key] = r[key].strip()
        items.append(item)
    if items:
        raw["capital"] = items
        if data.get("capital_pence"):
            raw["capital_pence"] = data["capital_pence"]  # both given: the engine names the clash
    else:
        raw["capital_pence"] = data.get("capital_pence") or 0
    if kind != "full":
        raw["light_touch_reason"] = kind
        if (data.get("light_touch_note") or "").strip():
            raw["light_touch_note"] = data["light_touch_note"].strip()
    if data.get("support_for") == "carer":
        raw["support_for"] = "carer"
    if data.get("has_partner") == "yes":
        raw["partner"] = {"date_of_birth": data["partner_date_of_birth"].isoformat(),
                          "receives_pension_credit": bool(data.get("partner_receives_pension_credit"))}
        if joint is not None:
            raw["joint_income"] = amounts(joint, "type")
    if data.get("lone_parent"):
        raw["lone_parent"] = True
    if data.get("standard_dre"):
        raw["standard_disability_related_expenditure"] = True
    if override:
        raw["disability_premium_override"] = override in {"disability_on", "enhanced_on"}
        raw["enhanced_disability_premium_override"] = override == "enhanced_on"
        raw["override_reason"] = data["override_reason"].strip()
    if data.get("provisional_rates_year"):
        raw["provisional_rates_year"] = data["provisional_rates_year"]
    if data.get("setting") in CARE_HOME:
        raw.update(_care_home_input(data))
    return raw


def _care_home_input(data) -> dict:
    """A care home resident's part of the input; the home only when any of its fields is filled in."""
    raw = {"setting": data["setting"], "first_permanent_admission": data.get("first_permanent_admission") is not False}
    if data.get("admitted_on"):
        raw["admitted_on"] = data["admitted_on"].isoformat()
    if data.get("pension_paid_to_spouse_pence") is not None:
        raw["pension_paid_to_spouse_pence"] = data["pension_paid_to_spouse_pence"]
    home = {}
    for name, key in AssessmentForm.PROPERTY_FIELDS.items():
        value = data.get(name)
        if isinstance(value, str):
            value = value.strip()
        if value not in (None, "", []):
            home[key] = value
    if any(key != "owners" for key in home) or home.get("owners", 1) > 1:  # "1 owner" alone is the start value
        raw["property"] = home
    if data["setting"] == "care_home_temporary":
        stay = {key: data.get(name) for name, key in AssessmentForm.STAY_FIELDS.items()}
        stay = {key: value.strip() if isinstance(value, str) else value for key, value in stay.items()}
        stay = {key: value for key, value in stay.items() if value not in (None, "")}
        if stay:  # any of it given: the engine names what is missing or refused
            raw["stay"] = stay
    return raw


FIELD_OF_INPUT = {"light_touch_reason": "assessment_kind", "light_touch_note": "light_touch_note",
                  "partner.date_of_birth": "partner_date_of_birth", "partner": "has_partner",
                  "joint_income": "has_partner", "standard_disability_related_expenditure": "standard_dre",
                  "capital": "capital_pence", "support_for": "support_for", "lone_parent": "lone_parent",
                  "setting": "setting", "admitted_on": "admitted_on",
                  "first_permanent_admission": "first_permanent_admission",
                  "pension_paid_to_spouse_pence": "pension_paid_to_spouse_pence", "property": "property_value_pence",
                  **{f"property.{key}": name for name, key in AssessmentForm.PROPERTY_FIELDS.items()},
                  "stay": "stay_expected_weeks",
                  **{f"stay.{key}": name for name, key in AssessmentForm.STAY_FIELDS.items()}}


ROW_LABELS = {"income": "Income", "joint_income": "Joint income", "capital": "Capital item",
              "housing_costs": "Housing cost", "disability_related_expenditure": "Expense"}


def _sentence(where: str, message: str) -> str:
    """An engine message ('must not be negative') as a sentence that names where it is ('Capital item 2: ...')."""
    if message[:1].islower():
        return f"{where}: {message[0].upper()}{message[1:]}"
    return message


def place_error(problem_field, message, form, formsets: dict) -> None:
    """Put an engine error (naming an input field such as 'capital[1].share_reason') beside the form field it came
    from, as a sentence naming the row or field; one it cannot place goes at the top of the form."""
    import re

    found = re.fullmatch(r"(\w+)\[(\d+)\]\.(\w+)", problem_field or "")
    if found and found.group(1) in INPUT_LISTS:
        name, index, sub = found.group(1), int(found.group(2)), found.group(3)
        formset = formsets.get(INPUT_LISTS[name])
        key = "description" if name in {"housing_costs", "disability_related_expenditure"} else "type"
        rows = filled_rows(formset, key) if formset is not None else []
        if index < len(rows) and sub in formset.forms[rows[index]].fields:
            row = formset.forms[rows[index]]
            where = f"{ROW_LABELS[name]} {rows[index] + 1}, {row.fields[sub].label[:1].lower()}{row.fields[sub].label[1:]}"
            row.add_error(sub, _sentence(where, message))
            return
    if problem_field in {"housing_costs", "disability_related_expenditure"}:  # the whole list: beside its first row
        formset = formsets.get(INPUT_LISTS[problem_field])
        rows = filled_rows(formset, "description") if formset is not None else []
        if rows:
            formset.forms[rows[0]].add_error("description", _sentence(f"{ROW_LABELS[problem_field]} {rows[0] + 1}",
                                                                      message))
            return
    problem_field = re.sub(r"^(property\.occupied_by)\[\d+\]$", r"\1", problem_field or "")
    target = FIELD_OF_INPUT.get(problem_field, problem_field)
    if target in form.fields:
        form.add_error(target, _sentence(str(form.fields[target].label), message))
    else:
        form.add_error(None, _sentence(str(problem_field or "The assessment"), message))


class ImportForm(GovukForm, forms.Form):
    file = forms.FileField(label="Assessment input file (JSON)",
                           help_text="A JSON file in the format the finance team's command-line tool reads "
                                     "(docs/charging.md)",
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


# Looking at an assessment again (charging.actions.ask_to_look_again, decide_reconsideration).

HOW_ASKED = [("phone", "Phone"), ("email", "Email"), ("letter", "Letter"), ("in_person", "In person")]


class LookAgainForm(GovukForm, forms.Form):
    """The person (or someone for them) asks online: only what they think is wrong. Staff also say how the person
    asked (`staff=True`)."""

    asked_via = forms.ChoiceField(label="How did the person ask?", choices=HOW_ASKED, widget=forms.RadioSelect,
                                  error_messages={"required": "Select how the person asked"})
    grounds = forms.CharField(label="What do you think is wrong?", max_length=2000,
                              help_text="For example, a figure that is wrong or missing, a change in your money, or "
                                        "that you cannot afford to pay",
                              widget=forms.Textarea(attrs={"rows": 5}),
                              error_messages={"required": "Enter what you think is wrong",
                                              "max_length": "What you think is wrong must be 2000 characters or less"})

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if staff:
            grounds = self.fields["grounds"]
            grounds.label, grounds.help_text = "What does the person think is wrong?", "In their words, as far as you can"
            grounds.error_messages.update({
                "required": "Enter what the person thinks is wrong",
                "max_length": "What the person thinks is wrong must be 2000 characters or less"})
        else:
            del self.fields["asked_via"]


class DecideLookAgainForm(GovukForm, forms.Form):
    outcome = forms.ChoiceField(label="What did looking again find?", widget=forms.RadioSelect, choices=[
        ("unchanged", "The assessment stands"), ("changed", "The assessment was changed by a new one")],
        error_messages={"required": "Select what looking again found"})
    explanation = forms.CharField(
        label="What you looked at and why", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The person reads this. Use plain words: what you checked, what you found, and what happens now",
        error_messages={"required": "Enter what you looked at and why",
                        "max_length": "What you looked at and why must be 2000 characters or less"})
    new_assessment = forms.TypedChoiceField(
        label="Which new assessment changed it?", required=False, coerce=int, empty_value=None,
        widget=forms.RadioSelect, help_text="Only assessments made after the person asked. Make the new assessment "
                                            "first if you have not.",
        error_messages={"invalid_choice": "Select one of the person's assessments made after they asked"})

    def __init__(self, *args, since=(), **kwargs):

        super().__init__(*args, **kwargs)
        self.since = {a.pk: a for a in since}
        self.fields["new_assessment"].choices = [
            (a.pk, f"From {a.effective_date.day} {a.effective_date:%B %Y}: pays "
                   f"{Money(a.weekly_contribution_pence).format()} a week (made by {a.created_by.display_name})")
            for a in since]
        if not self.fields["new_assessment"].choices:  # nothing to choose: the page says to make one first
            del self.fields["new_assessment"]

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "changed" and "new_assessment" not in self.fields:
            self.add_error("outcome", "Make a new assessment before you record that the assessment was changed")
        elif data.get("outcome") == "changed" and not data.get("new_assessment"):
            self.add_error("new_assessment", "Select the new assessment that changed it")
        if data.get("outcome") == "unchanged" and data.get("new_assessment"):
            self.add_error("new_assessment", "Leave the new assessment empty when the assessment stands")
        return data

    def chosen(self):
        return self.since.get(self.cleaned_data.get("new_assessment"))


# The council's charging policy (charging.policy): a new version, prefilled with the one in force.

def _policy_choices(name):
    return ChargingPolicyVersion._meta.get_field(name).choices


class PolicyForm(GovukForm, forms.Form):
    effective_from = DateField(label="Date the policy takes effect",
                               help_text="For example, 1 4 2026. Assessments from this date use the new policy",
                               error_messages={"required": "Enter the date the policy takes effect"})
    mig_uplift_weekly_pence = PenceField(label=FIELD_LABELS["mig_uplift_weekly_pence"],
                                         help_text="0.00 for the statutory Minimum Income Guarantee alone")
    standard_dre_weekly_pence = PenceField(label=FIELD_LABELS["standard_dre_weekly_pence"], required=False,
                                           help_text="Leave empty if the council offers no standard allowance. A person "
                                                     "may still have their costs itemised instead")
    minimum_weekly_charge_pence = PenceField(label=FIELD_LABELS["minimum_weekly_charge_pence"],
                                             help_text="A charge below this is not collected. 0.00 for none")
    maximum_weekly_charge_pence = PenceField(label=FIELD_LABELS["maximum_weekly_charge_pence"], required=False,
                                             help_text="No one pays more than this a week. Leave empty for no maximum")
    charge_carers_support = _yes_no(FIELD_LABELS["charge_carers_support"],
                                    help_text="Support arranged for a carer in their own right")
    night_care_disregard = forms.ChoiceField(label=FIELD_LABELS["night_care_disregard"], widget=forms.RadioSelect,
                                             choices=_policy_choices("night_care_disregard"),
                                             help_text="When the person receives no care at night")
    direct_payment_contribution = forms.ChoiceField(label=FIELD_LABELS["direct_payment_contribution"],
                                                    widget=forms.RadioSelect,
                                                    choices=_policy_choices("direct_payment_contribution"))
    short_stay_charging = forms.ChoiceField(
        label=FIELD_LABELS["short_stay_charging"], widget=forms.RadioSelect, required=False,
        choices=_policy_choices("short_stay_charging"),
        help_text="A short-term resident: a stay expected to last 8 weeks or less. The council may charge it as if the "
                  "person were getting care at home (Charging Regulations 2014, reg 8). Left unselected, the policy in "
                  "force stays")
    reason = forms.CharField(label="Why the policy changes", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="For example, the council's decision and its date. Everyone who reads the "
                                       "policy sees this")

    VALUES = ("mig_uplift_weekly_pence", "standard_dre_weekly_pence", "minimum_weekly_charge_pence",
              "maximum_weekly_charge_pence", "charge_carers_support", "night_care_disregard",
              "direct_payment_contribution", "short_stay_charging")

    @classmethod
    def initial_from(cls, policy) -> dict:
        """The form's starting values from a ChargingPolicy (the one in force)."""
        values = policy.as_dict()
        return {**values, "charge_carers_support": "yes" if values["charge_carers_support"] else "no"}

    def values(self) -> dict:
        """The policy's fields as charging.actions.set_policy takes them."""
        values = {name: self.cleaned_data[name] for name in self.VALUES}
        if not values["short_stay_charging"]:  # not chosen: the value in force is kept (actions.set_policy)
            del values["short_stay_charging"]
        return values


# Top-ups (charging.actions.record_top_up, close_top_up).

def _top_up_choices(name):
    return TopUpAgreement._meta.get_field(name).choices


class TopUpForm(GovukForm, forms.Form):
    kind = forms.ChoiceField(label="Who pays the top-up?", widget=forms.RadioSelect, choices=_top_up_choices("kind"),
                             error_messages={"required": "Select who pays the top-up"})
    first_party_case = forms.ChoiceField(
        label="If the person pays it themselves: why they may", widget=forms.RadioSelect, required=False,
        choices=_top_up_choices("first_party_case"),
        help_text="A person may pay their own top-up only in these cases (Care and Support and After-care (Choice of "
                  "Accommodation) Regulations 2014, reg 5)")
    payer_name = forms.CharField(label="Name of the person who pays (if someone else)", required=False, max_length=200)
    payer_relationship = forms.CharField(label="Their relationship to the resident", required=False, max_length=100,
                                         help_text="For example, daughter, friend or a charity")
    care_home = forms.CharField(label="The care home's name and address", max_length=300,
                                error_messages={"required": "Enter the care home's name and address"})
    weekly_price_pence = PenceField(label="The home's weekly price",
                                    error_messages={"required": "Enter the home's weekly price"})
    council_rate_pence = PenceField(label="The council's weekly rate for a place that meets the person's needs",
                                    help_text="The amount in the person's personal budget for the care home place",
                                    error_messages={"required": "Enter the council's weekly rate"})
    weekly_top_up_pence = PenceField(label="The top-up a week (optional)", required=False,
                                     help_text="The home's price less the council's rate. Leave it empty and it is "
                                               "worked out")
    frequency = forms.ChoiceField(label="How often is it paid?", widget=forms.RadioSelect,
                                  choices=_top_up_choices("frequency"),
                                  error_messages={"required": "Select how often the top-up is paid"})
    paid_to = forms.ChoiceField(label="Who is it paid to?", widget=forms.RadioSelect, choices=_top_up_choices("paid_to"),
                                error_messages={"required": "Select who the top-up is paid to"})
    agreed_on = DateField(label="Date the written agreement was signed",
                          error_messages={"required": "Enter the date the written agreement was signed"})
    agreement_reference = forms.CharField(label="The written agreement's reference", max_length=100,
                                          error_messages={"required": "Enter the written agreement's reference"})
    signed_by = forms.CharField(label="Who signed the written agreement", max_length=200,
                                help_text="For example, the person who pays, and for the council its officer",
                                error_messages={"required": "Enter who signed the written agreement"})
    review_on = DateField(label="Date to review the agreement by",
                          error_messages={"required": "Enter the date to review the agreement by"})
    if_payments_stop = forms.CharField(
        label="What happens if payments stop", max_length=2000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The written agreement must say this. It starts with what the statutory guidance (Annex A) says; add "
                  "the council's own steps. The person reads it",
        error_messages={"required": "Say what happens if payments stop"})

    VALUES = ("kind", "first_party_case", "payer_name", "payer_relationship", "care_home", "weekly_price_pence",
              "council_rate_pence", "weekly_top_up_pence", "frequency", "paid_to", "agreed_on", "agreement_reference",
              "signed_by", "review_on", "if_payments_stop")

    def values(self) -> dict:
        """The agreement's fields as charging.actions.record_top_up takes them."""
        return {name: self.cleaned_data.get(name) for name in self.VALUES}


class CloseTopUpForm(GovukForm, forms.Form):
    status = forms.ChoiceField(label="What happened?", widget=forms.RadioSelect,
                               choices=[("payments_stopped", "The payments stopped"),
                                        ("ended", "The agreement ended")],
                               error_messages={"required": "Select what happened"})
    closed_on = DateField(label="Date it happened", past_only=True,
                          error_messages={"required": "Enter the date it happened"})
    what_was_done = forms.CharField(
        label="What was done", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For example: the council paid the home in full from 1 March and is recovering the top-up; or the "
                  "person moved to a home within the council's rate",
        error_messages={"required": "Say what was done",
                        "max_length": "What was done must be 2000 characters or less"})
