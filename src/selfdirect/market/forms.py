import datetime
import re

from django import forms
from django.core.exceptions import ValidationError

from selfdirect.core.forms import DateField, GovukForm, PenceField
from selfdirect.core.money import parse_pounds

from . import search
from .models import Rate

TIMES = [(f"{hour:02d}:00", search.time_text(datetime.time(hour))) for hour in range(7, 22)]
RATINGS = [
    ("", "Any, or not rated"),
    ("Requires improvement", "Requires improvement or better"),
    ("Good", "Good or outstanding"),
    ("Outstanding", "Outstanding"),
]

# A price as people write it: 25, 25.5, 25.50, £25.50, 1,250.00. A comma only separates thousands, so "25,50" (a
# decimal comma) is refused rather than read as £2,550.00.
AMOUNT = re.compile(r"^£?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")
HIGHEST_PENCE = 100_000_00  # £100,000: no price for an hour, a session, a day or a week comes near it
UNIT_MISSING = "Select what the price is for: an hour, a session, a day or a week"


class PriceField(PenceField):
    """A price in pounds and pence, read only in the shapes AMOUNT allows and no more than HIGHEST_PENCE; each
    problem is named with the field's label and an example in the shape the hint shows."""

    example = "25.00"

    def to_python(self, value):
        text = forms.CharField.to_python(self, value)
        if text in self.empty_values:
            return None
        cleaned = text.replace(" ", "")
        if not AMOUNT.match(cleaned):
            raise ValidationError(f"{self.label} must be an amount in pounds and pence, like {self.example}")
        pence = parse_pounds(cleaned)
        if pence > HIGHEST_PENCE:
            raise ValidationError(f"{self.label} must be £100,000 or less")
        return pence


class SearchForm(GovukForm, forms.Form):
    """The public search, sent by GET: every question may be left as it is."""

    what = forms.ChoiceField(label="What do you want to do?", required=False)
    area = forms.ChoiceField(label="Where?", required=False)
    day = forms.ChoiceField(label="Day", required=False, choices=[("", "Any day"), *search.DAY_NAMES.items()])
    time = forms.ChoiceField(label="Time", required=False, choices=[("", "Any time"), *TIMES])
    language = forms.ChoiceField(label="Language", required=False)
    highest = PriceField(
        label="Highest price you can pay",
        required=False,
        help_text=f"In pounds, like {PriceField.example}. Leave it empty to see every price.",
    )
    unit = forms.ChoiceField(label="Price for", required=False, choices=[("", "Choose"), *search.UNITS.items()])
    rating = forms.ChoiceField(label="Lowest CQC rating", required=False, choices=RATINGS)
    words = forms.CharField(label="Words to look for", required=False, max_length=100)

    def __init__(self, *args, terms=(), areas=(), languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what"].choices = [("", "Anything"), *((t.code, t.name) for t in terms)]
        self.fields["area"].choices = [("", "Anywhere"), *((a, a) for a in areas)]
        self.fields["language"].choices = [("", "Any language"), *((x, x) for x in languages)]
        self._terms = {t.code: t.name for t in terms}

    def clean(self):
        data = super().clean()
        if data.get("highest") is not None and not data.get("unit"):
            self.add_error("unit", UNIT_MISSING)
        return data

    def wanted(self) -> search.Wanted:
        data = self.cleaned_data
        return search.Wanted(
            term=self._terms.get(data.get("what") or "", ""),
            area=data.get("area") or "",
            day=data.get("day") or "",
            time=datetime.time.fromisoformat(data["time"]) if data.get("time") else None,
            language=data.get("language") or "",
            highest_pence=data.get("highest"),
            unit=(data.get("unit") or "") if data.get("highest") is not None else "",
            rating=data.get("rating") or "",
            words=(data.get("words") or "").strip(),
        )


class PriceForm(GovukForm, forms.Form):
    unit = forms.ChoiceField(label="What is the price for?", choices=Rate.Unit.choices, widget=forms.RadioSelect)
    band = forms.ChoiceField(label="When does it apply?", choices=Rate.Band.choices, widget=forms.RadioSelect)
    amount_pence = PriceField(label="Price", help_text=f"In pounds, like {PriceField.example}")
    starts_on = DateField(label="The price starts on", help_text="For example, 1 4 2027")


class CapacityForm(GovukForm, forms.Form):
    vacancies = forms.IntegerField(
        label="Places free", min_value=0, required=False, help_text="How many more people you can support now"
    )
    waiting_weeks = forms.IntegerField(
        label="Weeks' wait for a place",
        min_value=0,
        max_value=520,
        required=False,
        help_text="Leave it empty if there is no waiting list",
    )


class DeclineForm(GovukForm, forms.Form):
    reason = forms.CharField(
        label="Why will the council not list it?",
        help_text="Kept in the audit trail with your name and today's date",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# The easy read search's questions and, for each, the one message a wrong answer gets: short words, naming the question.
EASY_ERRORS = {
    "what": "Choose what you want to do from the list.",
    "area": "Choose a place from the list.",
    "highest": "Write the most you can pay in pounds. For example, 25.00.",
    "unit": "Say if the price is for an hour, a session, a day or a week.",
}


class EasySearchForm(SearchForm):
    """The easy read search (issue 20): three questions of the standard search, asked in short words. The answers
    have the same names, so the same answers find the same services (form.wanted() is the standard search's)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in [n for n in self.fields if n not in EASY_ERRORS]:
            del self.fields[name]
        self.fields["what"].label = "What do you want to do?"
        self.fields["area"].label = "Where do you want help?"
        self.fields["highest"].label = "What is the most you can pay?"
        self.fields["highest"].help_text = "Write it in pounds. For example, 25.00. You do not have to answer this."
        self.fields["unit"].label = "Is that for an hour, a session, a day or a week?"

    def clean(self):
        data = super().clean()
        for name in list(self.errors):
            if name in EASY_ERRORS:
                self.errors[name] = self.error_class([EASY_ERRORS[name]])
        return data
