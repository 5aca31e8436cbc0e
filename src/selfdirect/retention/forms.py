from django import forms

from selfdirect.core.forms import GovukForm

from . import schedule


class ScheduleForm(GovukForm, forms.Form):
    """The years each kind of record is kept (one field a kind, named by its key), and why the schedule changes."""

    reason = forms.CharField(
        label="Why the schedule changes", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example the decision of the council's information governance board, and its date")

    def __init__(self, *args, periods=None, **kwargs):
        super().__init__(*args, **kwargs)
        reason = self.fields.pop("reason")
        for key, kind in schedule.KINDS.items():
            self.fields[key] = forms.IntegerField(
                label=f"{kind.label} (years)", min_value=schedule.MIN_YEARS, max_value=schedule.MAX_YEARS,
                initial=(periods or {}).get(key, kind.default_years),
                help_text=f"Kept from {kind.runs_from}. Default {kind.default_years} years.",
                widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
                error_messages={"required": f"Enter how many years {kind.label.lower()} are kept",
                                "invalid": f"{kind.label} must be a whole number of years",
                                "min_value": f"{kind.label} must be kept at least {schedule.MIN_YEARS} year",
                                "max_value": f"{kind.label} must be kept {schedule.MAX_YEARS} years or less"})
        self.fields["reason"] = reason  # last, after the periods

    def periods(self) -> dict[str, int]:
        return {key: self.cleaned_data[key] for key in schedule.KINDS}


class HoldForm(GovukForm, forms.Form):
    reference = forms.CharField(label="Council person reference", max_length=20,
                                help_text="As on the person's record, for example EX000001",
                                error_messages={"required": "Enter the council person reference"})
    reason = forms.CharField(label="Why the records are held", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="For example a claim, a complaint to the Ombudsman, an inquiry or a safeguarding "
                                       "review, with its reference",
                             error_messages={"required": "Enter why the records are held"})


class PlaceHoldForm(GovukForm, forms.Form):
    reason = forms.CharField(label="Why the records are held", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="For example a claim, a complaint to the Ombudsman, an inquiry or a safeguarding "
                                       "review, with its reference",
                             error_messages={"required": "Enter why the records are held"})


class LiftHoldForm(GovukForm, forms.Form):
    reason = forms.CharField(label="Why the hold is lifted", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Enter why the hold is lifted"})


class EraseForm(GovukForm, forms.Form):
    confirm = forms.BooleanField(label="I understand that this cannot be undone",
                                 error_messages={"required": "Confirm that you understand this cannot be undone"})
