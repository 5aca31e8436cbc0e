from django import forms

from selfdirect.core.forms import PenceField

from . import eligibility

YES_NO = [("yes", "Yes"), ("no", "No")]


class AssessmentForm(forms.Form):
    arises_from_impairment = forms.TypedChoiceField(
        label="Do the needs arise from a physical or mental impairment or illness?", choices=YES_NO,
        coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the needs arise from an impairment or illness"})
    outcomes_unable = forms.MultipleChoiceField(
        label="Which outcomes is the person unable to achieve?", choices=eligibility.OUTCOMES, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=eligibility.MEANING_OF_UNABLE)
    significant_impact_on_wellbeing = forms.TypedChoiceField(
        label="As a result, is there, or is there likely to be, a significant impact on their wellbeing?",
        choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        error_messages={"required": "Select yes if there is a significant impact on wellbeing"})
    evidence = forms.CharField(label="Evidence for each outcome", widget=forms.Textarea(attrs={"rows": 5}),
                               max_length=5000, error_messages={"required": "Enter the evidence for your decision"})
    indicative_weekly_pence = PenceField(label="Indicative weekly budget", required=False,
                                         help_text="Leave blank if the needs are not eligible")
    indicative_reason = forms.CharField(label="How the indicative budget was worked out", required=False,
                                        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, ras_figure=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ras_figure = ras_figure
        if ras_figure is not None:
            self.fields["indicative_weekly_pence"].help_text = (
                f"The Resource Allocation System gives {ras_figure.weekly_pence // 100}.{ras_figure.weekly_pence % 100:02d} "
                f"from {ras_figure.points} points. Leave blank to use it; a different figure needs a reason.")

    def clean(self):
        data = super().clean()
        if self.ras_figure is not None and data.get("indicative_weekly_pence") not in (None, self.ras_figure.weekly_pence) \
                and not (data.get("indicative_reason") or "").strip():
            self.add_error("indicative_reason", "Say why the indicative budget differs from the Resource Allocation System's figure")
        decision = eligibility.determine(
            arises_from_impairment=bool(data.get("arises_from_impairment")),
            outcomes_unable=data.get("outcomes_unable") or [],
            significant_impact_on_wellbeing=bool(data.get("significant_impact_on_wellbeing")),
        )
        if decision.eligible and not self.ras_figure:
            if data.get("indicative_weekly_pence") is None and "indicative_weekly_pence" not in self.errors:
                self.add_error("indicative_weekly_pence", "Enter the indicative weekly budget for eligible needs")
            if not (data.get("indicative_reason") or "").strip():
                self.add_error("indicative_reason", "Say how the indicative budget was worked out")
        return data
