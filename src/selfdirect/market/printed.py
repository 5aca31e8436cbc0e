"""The directory on paper (issue 20: "a printable directory for an area and a need (tagged PDF, large print)"): every
listed service for one area and one need, grouped by provider, with what a person without internet needs to choose and
make contact: the provider's phone, email and website, each venue's address and access, when the service runs, its
prices (through core.money.Money, with their units and bands), its CQC overall rating with its date and its places as
the provider last said, with the day the list was made. The same list is a page to print and a tagged PDF."""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.utils.text import slugify

from selfdirect.core.forms import GovukForm

from . import queries, search
from .models import Location, Provider, Service

# Access facts as a venue records them (ORUK accessibility), in the order the service's page shows them.
ACCESS_FACTS = [
    ("step_free", "Step-free access"),
    ("accessible_toilet", "Accessible toilet"),
    ("hearing_loop", "Hearing loop"),
    ("parking", "Accessible parking"),
]
ANSWERS = {True: "yes", False: "no", None: "not known"}


class PrintForm(GovukForm, forms.Form):
    """The list's two questions, sent by GET from the search's links, and whether to print it large."""

    area = forms.ChoiceField(
        label="Area",
        error_messages={
            "required": "Select the area the list is for",
            "invalid_choice": "Area: no listed service reaches ‘%(value)s’; select an area from the list",
        },
    )
    what = forms.ChoiceField(
        label="What the person wants to do",
        error_messages={
            "required": "Select what the person wants to do",
            "invalid_choice": "What the person wants to do: ‘%(value)s’ is not in the directory's list; select one "
            "from the list",
        },
    )
    large = forms.BooleanField(label="Large print", required=False)

    def __init__(self, *args, terms=(), areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "Choose an area"), *((a, a) for a in areas)]
        self.fields["what"].choices = [("", "Choose what to do"), *((t.code, t.name) for t in terms)]
        self.term_names = {t.code: t.name for t in terms}

    def need(self) -> str:
        return self.term_names[self.cleaned_data["what"]]


@dataclass
class Venue:
    location: Location
    address: str
    access: str  # "Step-free access: yes; accessible toilet: no; ..."
    ratings: list[tuple[str, datetime.date | None]]  # CQC overall rating and the day CQC published it


@dataclass
class Entry:
    service: Service
    prices: list[tuple[str, datetime.date]]  # "£24.50 an hour, weekdays", the day the provider confirmed it
    openings: list[str]
    venues: list[Venue]


@dataclass
class Group:
    provider: Provider
    entries: list[Entry] = field(default_factory=list)


def access_text(location: Location) -> str:
    facts = [f"{label}: {ANSWERS[getattr(location, name)]}" for name, label in ACCESS_FACTS]
    return "; ".join([facts[0], *(f[:1].lower() + f[1:] for f in facts[1:])])


def _first_upper(text: str) -> str:
    """ "every day 7am to 10pm" as a line of its own: "Every day 7am to 10pm"."""
    return text[:1].upper() + text[1:]


def _entry(result: queries.Result) -> Entry:
    service = result.service
    return Entry(
        service=service,
        prices=[
            (search.price_text(search.Price(r.amount_pence, r.unit, r.band)), r.confirmed_on)
            for r in service.current_rates
        ],
        openings=[
            _first_upper(queries.schedule_text(s))
            for s in service.schedules.all()
        ],
        venues=[
            Venue(
                location=v,
                address=", ".join(part for part in (v.address_1, v.city, v.postcode) if part),
                access=access_text(v),
                ratings=[(r.rating, r.published_on) for r in v.overall_ratings],
            )
            for v in service.venues
        ],
    )


def directory(*, area: str, need: str, today: datetime.date) -> list[Group]:
    """Every listed service for the need in the area (the search's own rules: listed providers only, none closed for
    good), grouped by provider in name order, each provider's services in name order."""
    groups: dict[int, Group] = {}
    for result in queries.find(search.Wanted(term=need, area=area), today=today):
        provider = result.service.provider
        groups.setdefault(provider.pk, Group(provider)).entries.append(_entry(result))
    return sorted(groups.values(), key=lambda g: (g.provider.name.casefold(), g.provider.pk))


def file_name(*, area: str, need: str, large: bool) -> str:
    return f"support-{slugify(need)}-{slugify(area)}{'-large-print' if large else ''}.pdf"
