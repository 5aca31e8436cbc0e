"""The eligibility decision, one part per page (impairment; the ten outcomes; wellbeing). The assessment's
confirmation of the indicative budget is allocation.forms.BudgetForm."""

from django import forms

from selfdirect.core.forms import GovukForm

from . import eligibility

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes(value) -> bool:
    return value == "yes"


class ImpairmentForm(GovukForm, forms.Form):
    # reg. 2(1)(a) of the Care and Support (Eligibility Criteria) Regulations 2015
    arises_from_impairment = forms.TypedChoiceField(
        label="Do the needs arise from, or are they related to, a physical or mental impairment or illness?",
        choices=YES_NO, coerce=_yes, widget=forms.RadioSelect,
        help_text="This includes conditions such as dementia, a learning disability, a mental health condition, a "
                  "sensory impairment, a long-term illness or substance misuse. A diagnosis is not needed.",
        error_messages={"required": "Select yes if the needs arise from an impairment or illness"})


class OutcomeForm(GovukForm, forms.Form):
    """One outcome: which meanings of "unable" apply (reg. 2(3)), the evidence, and fluctuation (reg. 2(4)).
    Used with the outcome's code as its prefix."""

    meanings = forms.MultipleChoiceField(
        label="Which of these apply?", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(code, label) for code, label, _ in eligibility.MEANINGS],
        help_text="Select all that apply. Select none if they can achieve this outcome. Needing prompting counts as "
                  "needing assistance.")
    evidence = forms.CharField(label="Evidence", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="What you saw and heard, and who told you. Needed for an outcome they are "
                                         "unable to achieve.")
    fluctuates = forms.BooleanField(label="Their needs for this outcome fluctuate", required=False)
    fluctuation_period = forms.CharField(label="Over what period did you look at their circumstances?", required=False,
                                         help_text="For example, the last 3 months, including a bad week")

    def __init__(self, *args, outcome: str, **kwargs):
        super().__init__(*args, prefix=outcome, **kwargs)
        self.outcome = outcome
        self.title = eligibility.OUTCOME_LABELS[outcome]

    def clean(self):
        data = super().clean()
        try:
            found = eligibility.finding_from({"outcome": self.outcome, **data})
        except eligibility.EligibilityError as problem:
            name = problem.field.split("-", 1)[1] if "-" in problem.field else None
            self.add_error(name if name in self.fields else None, str(problem))
        else:
            data["finding"] = found.as_dict()
        return data


def outcome_forms(data=None, initial: dict | None = None) -> list[OutcomeForm]:
    initial = initial or {}
    return [OutcomeForm(data, outcome=code, initial=initial.get(code)) for code, _ in eligibility.OUTCOMES]


class WellbeingForm(GovukForm, forms.Form):
    # reg. 2(1)(c) of the Eligibility Regulations 2015, judged by the areas in Care Act 2014 s.1(2)
    wellbeing_areas = forms.MultipleChoiceField(
        label="Which areas of their wellbeing are affected?", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(code, label) for code, label, _ in eligibility.WELLBEING_AREAS],
        help_text="The areas of wellbeing in section 1 of the Care Act 2014. A significant impact on one area can be "
                  "enough.")
    significant_impact_on_wellbeing = forms.TypedChoiceField(
        label="As a consequence of the outcomes they are unable to achieve, is there, or is there likely to be, a "
              "significant impact on their wellbeing?",
        choices=YES_NO, coerce=_yes, widget=forms.RadioSelect,
        error_messages={"required": "Select yes if there is a significant impact on wellbeing"})
    wellbeing_impact = forms.CharField(
        label="Describe the effect on their wellbeing", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        max_length=eligibility.IMPACT_MAX,
        error_messages={"max_length": f"Effect on wellbeing must be {eligibility.IMPACT_MAX} characters or less"})

    def clean(self):
        data = super().clean()
        if data.get("significant_impact_on_wellbeing"):
            if not data.get("wellbeing_areas") and "wellbeing_areas" not in self.errors:
                self.add_error("wellbeing_areas", "Select the areas of wellbeing that are affected")
            if not (data.get("wellbeing_impact") or "").strip() and "wellbeing_impact" not in self.errors:
                self.add_error("wellbeing_impact", "Describe the effect on their wellbeing")
        return data


class AdviceForm(GovukForm, forms.Form):
    """Where none of the needs are eligible, the written information and advice the person must be given about what
    can be done to meet or reduce the needs, and to prevent or delay needs in the future (Care Act 2014 s.13(5))."""

    advice = forms.CharField(
        label="Information and advice for the person", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000,
        help_text="What can be done to meet or reduce their needs, and to prevent or delay needs for care and support "
                  "in the future: for example local groups, equipment, and who to contact if things change.",
        error_messages={"required": "Enter the information and advice for the person",
                        "max_length": "Information and advice must be 5000 characters or less"})

    def __init__(self, *args, eligible: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if eligible:
            del self.fields["advice"]
