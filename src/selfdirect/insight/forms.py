from django import forms
from django.conf import settings

from selfdirect.accounts.models import Team
from selfdirect.core.forms import DateField, GovukForm
from selfdirect.outcomes import evaluation
from selfdirect.people import codes

from .outcome_figures import VOICES
from .records import Filters
from .records import OutcomeFilters as Chosen


class PeriodForm(GovukForm, forms.Form):
    start = DateField(label="Reporting period starts", error_messages={"required": "Enter the date the period starts"})
    end = DateField(label="Reporting period ends", error_messages={"required": "Enter the date the period ends"})

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end must be on or after the start")
        return data


class DashboardFilters(GovukForm, forms.Form):
    """A dashboard's period, team and client group, from the page's query string. A team manager's team is fixed."""

    start = forms.CharField(label="From (YYYY-MM-DD)", required=False)
    end = forms.CharField(label="To (YYYY-MM-DD)", required=False)
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)
    group = forms.ChoiceField(label="Client group", required=False)

    def __init__(self, *args, locked_team=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.locked_team = locked_team
        self.fields["team"].choices = [("", "All teams"), *Team.objects.order_by("name").values_list("pk", "name")]
        self.fields["group"].choices = [("", "All client groups"), *codes.choices("client_group")]

    @staticmethod
    def _date(value: str, field: str):
        import datetime

        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise forms.ValidationError(f"Enter the {field} date as year-month-day, for example 2026-04-01") from None

    def clean_start(self):
        value = self.cleaned_data.get("start") or ""
        return self._date(value, "from") if value.strip() else None

    def clean_end(self):
        value = self.cleaned_data.get("end") or ""
        return self._date(value, "to") if value.strip() else None

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The 'to' date must be on or after the 'from' date")
        return data

    def filters(self):
        """The filters to apply, or None if what was entered is wrong. Without dates: the last twelve whole months and
        this month so far."""
        import datetime

        from django.utils import timezone

        today = timezone.localdate()
        default_start = datetime.date(today.year - 1, today.month, 1)
        if not self.is_bound:
            return Filters(default_start, today, self.locked_team.pk if self.locked_team else None, "")
        if not self.is_valid():
            return None
        data = self.cleaned_data
        team = self.locked_team.pk if self.locked_team else data.get("team")
        return Filters(data.get("start") or default_start, data.get("end") or today, team, data.get("group") or "")


class OutcomeFilters(DashboardFilters):
    """The outcomes dashboard's filters: besides the period, team and client group, whose questionnaire, which scale
    (the council's by default) and whose voice."""

    respondent = forms.ChoiceField(label="Whose questionnaire", required=False)
    scale = forms.ChoiceField(label="Scale", required=False)
    voice = forms.ChoiceField(label="Who answered", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent"].choices = list(evaluation.RESPONDENTS.items())
        self.fields["scale"].choices = [(evaluation.CHANGE, "Better, the same or worse"),
                                        (evaluation.SATISFACTION, "Satisfaction, five points")]
        self.fields["voice"].choices = list(VOICES.items())

    def filters(self):
        from dataclasses import asdict

        found = super().filters()
        if found is None:
            return None
        data = self.cleaned_data if self.is_bound else {}
        return Chosen(**asdict(found), respondent=data.get("respondent") or "person",
                      scale=data.get("scale") or settings.EVALUATION_SCALE, voice=data.get("voice") or "")


FILTER_FORMS = {"outcomes": OutcomeFilters}


def filters_form(slug: str):
    """The filters form a dashboard takes."""
    return FILTER_FORMS.get(slug, DashboardFilters)
