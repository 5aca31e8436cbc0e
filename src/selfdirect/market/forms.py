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


# ---- a provider's own entries: its details, services, times and venues (market.actions says what each may be) -------

LINES_HINT = "One a line"
YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("unknown", "Not known")]
# Lazy: times in half hours, from midnight to 11:30pm; a night that runs past midnight is two times (actions.add_schedule)
HALF_HOURS = [(f"{h:02d}:{m:02d}", search.time_text(datetime.time(h, m))) for h in range(24) for m in (0, 30)]
CLOSING = [*HALF_HOURS[1:], ("23:59", "midnight (the end of the day)")]


def _lines(text: str) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


def yes_no(answer: str) -> bool | None:
    return {"yes": True, "no": False}.get(answer)


def answer_of(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "unknown")


class ProviderDetailsForm(GovukForm, forms.Form):
    description = forms.CharField(
        label="About your organisation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you do and for whom, in plain words. People see it on each of your services' pages.",
    )
    website = forms.CharField(label="Website", required=False, help_text="Like https://www.example.org.uk")
    email = forms.CharField(label="Email", required=False, widget=forms.EmailInput(attrs={"spellcheck": "false"}))
    phone = forms.CharField(label="Phone", required=False, widget=forms.TextInput(attrs={"type": "tel"}))


class ServiceForm(GovukForm, forms.Form):
    """A service's details as its provider keeps them. The choice lists are the directory's taxonomy and the provider's
    own venues; areas and languages are typed one a line."""

    name = forms.CharField(label="Name of the service", max_length=200, required=False)  # actions.save_service asks
    terms = forms.MultipleChoiceField(
        label="What can a person do with it?", widget=forms.CheckboxSelectMultiple, required=False,
        help_text="Choose all that apply",
    )
    description = forms.CharField(
        label="Describe it", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What a person does there or gets from it, and who it suits",
    )
    status = forms.ChoiceField(label="Is it running?", widget=forms.RadioSelect, choices=[
        ("active", "Open"), ("temporarily closed", "Closed for now"), ("inactive", "Not running"),
        ("defunct", "Closed for good: take it out of the directory")])
    areas = forms.CharField(label="Areas it reaches", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=f"{LINES_HINT}: a town, a district, or the whole county")
    languages = forms.CharField(label="Languages it is given in", required=False,
                                widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=f"{LINES_HINT}, English included if you give it in English")
    # ages are read by actions.save_service, so a wrong one is named with every other wrong answer at once
    minimum_age = forms.CharField(label="Youngest age", required=False, max_length=40,
                                  help_text="Leave it empty for any age", widget=forms.TextInput(
                                      attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}))
    maximum_age = forms.CharField(label="Oldest age", required=False, max_length=40,
                                  help_text="Leave it empty for any age", widget=forms.TextInput(
                                      attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}))
    locations = forms.MultipleChoiceField(
        label="Where is it given?", widget=forms.CheckboxSelectMultiple, required=False,
        help_text="Your venues. Leave them all unticked for a service given in people's homes.",
    )
    url = forms.CharField(label="Its own web page", required=False,
                          help_text="Like https://www.example.org.uk/day-centre. Leave it empty to show your "
                          "organisation's website.")
    email = forms.CharField(label="Its own email", required=False, widget=forms.EmailInput(attrs={"spellcheck": "false"}),
                            help_text="Leave it empty to show your organisation's email")

    def __init__(self, *args, terms=(), locations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["terms"].choices = [(t.code, t.name) for t in terms]
        self.fields["locations"].choices = [(str(v.pk), ", ".join(x for x in (v.name, v.city) if x)) for v in locations]
        if not self.fields["locations"].choices:
            del self.fields["locations"]

    @staticmethod
    def initial_for(service) -> dict:
        return {
            "name": service.name, "description": service.description, "url": service.url, "email": service.email,
            "status": service.status, "minimum_age": service.minimum_age, "maximum_age": service.maximum_age,
            "terms": [t.code for t in service.terms.all()],
            "areas": "\n".join(a.name for a in service.areas.all()),
            "languages": "\n".join(x.name for x in service.languages.all()),
            "locations": [str(pk) for pk in service.at_locations.values_list("location_id", flat=True)],
        }

    def saved(self) -> dict:
        """The answers as market.actions.save_service takes them."""
        data = self.cleaned_data
        return {
            "name": data["name"], "description": data["description"], "url": data["url"], "email": data["email"],
            "status": data["status"], "minimum_age": data["minimum_age"], "maximum_age": data["maximum_age"],
            "term_codes": data["terms"], "areas": _lines(data["areas"]), "languages": _lines(data["languages"]),
            "location_ids": data.get("locations") or [],
        }


class ScheduleForm(GovukForm, forms.Form):
    days = forms.MultipleChoiceField(label="Which days?", widget=forms.CheckboxSelectMultiple, required=False,
                                     choices=list(search.DAY_NAMES.items()))
    opens_at = forms.ChoiceField(label="Opens at", required=False, choices=[("", "Choose"), *HALF_HOURS])
    closes_at = forms.ChoiceField(label="Closes at", required=False, choices=[("", "Choose"), *CLOSING])
    description = forms.CharField(label="A note (optional)", required=False, max_length=200,
                                  help_text="For example, term time only")

    def saved(self) -> dict:
        data = self.cleaned_data

        def time_of(text):
            return datetime.time.fromisoformat(text) if text else None

        return {"days": data["days"], "opens_at": time_of(data["opens_at"]), "closes_at": time_of(data["closes_at"]),
                "description": data["description"]}


class LocationForm(GovukForm, forms.Form):
    name = forms.CharField(label="Name of the venue", max_length=200, required=False)  # actions.save_location asks
    address_1 = forms.CharField(label="Address line 1", required=False, max_length=200)
    city = forms.CharField(label="Town or city", required=False, max_length=100)
    postcode = forms.CharField(label="Postcode", required=False, max_length=40,
                               widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}))
    cqc_location_id = forms.CharField(
        label="CQC location ID", required=False, max_length=20,
        help_text="If CQC registers care given here: it is on the venue's page on CQC's website, like 1-000000001. "
        "The directory then shows CQC's ratings.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    step_free = forms.ChoiceField(label="Can people get in without steps?", choices=YES_NO_UNKNOWN,
                                  widget=forms.RadioSelect)
    accessible_toilet = forms.ChoiceField(label="Is there an accessible toilet?", choices=YES_NO_UNKNOWN,
                                          widget=forms.RadioSelect)
    hearing_loop = forms.ChoiceField(label="Is there a hearing loop?", choices=YES_NO_UNKNOWN,
                                     widget=forms.RadioSelect)
    parking = forms.ChoiceField(label="Is there accessible parking?", choices=YES_NO_UNKNOWN,
                                widget=forms.RadioSelect)

    ACCESS = ("step_free", "accessible_toilet", "hearing_loop", "parking")

    @classmethod
    def initial_for(cls, location) -> dict:
        if location is None:
            return {name: "unknown" for name in cls.ACCESS}
        return {
            "name": location.name, "address_1": location.address_1, "city": location.city,
            "postcode": location.postcode, "cqc_location_id": location.cqc_location_id,
            **{name: answer_of(getattr(location, name)) for name in cls.ACCESS},
        }

    def saved(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"], "address_1": data["address_1"], "city": data["city"], "postcode": data["postcode"],
            "cqc_location_id": data["cqc_location_id"], **{name: yes_no(data[name]) for name in self.ACCESS},
        }
