"""Reads of the market directory: what the public search and a service's page show, a provider's own entries, and
the providers waiting for the council. The public sees only listed providers' services that are not closed for good,
and never how many people use a service."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q

from . import search
from .models import CqcRating, Language, Location, Provider, Rate, Schedule, Service, ServiceArea, TaxonomyTerm

DIRECTORY_TAXONOMY = "What you can do"


def listed_services():
    """The services the public may find: their provider is listed and they are not closed for good."""
    return Service.objects.filter(provider__status=Provider.Status.LISTED).exclude(status=Service.Status.DEFUNCT)


def directory_terms() -> list[TaxonomyTerm]:
    """What a person can do, from the directory's own taxonomy (migration 0002 loads it)."""
    return list(TaxonomyTerm.objects.filter(taxonomy__name=DIRECTORY_TAXONOMY).order_by("name"))


def area_names() -> list[str]:
    return sorted(set(ServiceArea.objects.filter(service__in=listed_services()).values_list("name", flat=True)))


def language_names() -> list[str]:
    return sorted(set(Language.objects.filter(service__in=listed_services()).values_list("name", flat=True)))


def _in_force(today: datetime.date) -> Q:
    return Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def _with_everything(services, today: datetime.date):
    return services.select_related("provider").prefetch_related(
        "terms",
        "areas",
        "languages",
        "schedules",
        Prefetch(
            "rates", queryset=Rate.objects.filter(_in_force(today)).order_by("unit", "band"), to_attr="current_rates"
        ),
        Prefetch(
            "locations",
            queryset=Location.objects.order_by("name").prefetch_related(
                Prefetch(
                    "cqc_ratings",
                    queryset=CqcRating.objects.filter(key_question=CqcRating.KeyQuestion.OVERALL),
                    to_attr="overall_ratings",
                )
            ),
            to_attr="venues",
        ),
    )


def offer_of(service) -> search.Offer:
    """A service (fetched by _with_everything) as the search's rules see it."""
    venues = service.venues
    return search.Offer(
        name=service.name,
        provider=service.provider.name,
        terms=tuple(t.name for t in service.terms.all()),
        areas=tuple(a.name for a in service.areas.all()),
        languages=tuple(x.name for x in service.languages.all()),
        openings=tuple(
            search.Opening(search.parse_days(s.byday), s.opens_at, s.closes_at) for s in service.schedules.all()
        ),
        prices=tuple(search.Price(r.amount_pence, r.unit, r.band) for r in service.current_rates),
        ratings=tuple(r.rating for v in venues for r in v.overall_ratings),
        text=" ".join([service.description, *(f"{v.name} {v.city}" for v in venues)]),
    )


@dataclass
class Result:
    """One service in the search's results: what the page shows of it."""

    service: Service
    why: str
    prices: list[str] = field(default_factory=list)
    ratings: list[tuple[str, str, datetime.date | None]] = field(default_factory=list)  # (venue, rating, published)


def find(wanted: search.Wanted, *, today: datetime.date) -> list[Result]:
    """Every listed service that matches what was wanted, with why, in name order. The database narrows by what it
    can compare exactly (what to do, area, language); search.match decides every criterion."""
    services = listed_services()
    if wanted.term:
        services = services.filter(terms__name=wanted.term)
    if wanted.area:
        services = services.filter(areas__name__iexact=wanted.area)
    if wanted.language:
        services = services.filter(languages__name__iexact=wanted.language)
    results = []
    for service in _with_everything(services.distinct().order_by("name", "id"), today):
        found = search.match(offer_of(service), wanted)
        if found is not None:
            results.append(
                Result(
                    service=service,
                    why=found.why,
                    prices=[
                        search.price_text(search.Price(r.amount_pence, r.unit, r.band)) for r in service.current_rates
                    ],
                    ratings=[(v.name, r.rating, r.published_on) for v in service.venues for r in v.overall_ratings],
                )
            )
    return results


KEY_QUESTION_ORDER = [k for k, _ in CqcRating.KeyQuestion.choices]


@dataclass
class ServicePage:
    """Everything public about one service."""

    service: Service
    prices: list[Rate]  # in force today or starting later, by unit and band
    earlier: list[Rate]  # ended before today, newest first
    openings: list[str]
    areas: list[str]
    languages: list[str]
    terms: list[str]
    venues: list[dict]  # {"location", "ratings": [CqcRating by key question]}


def service_page(service: Service, *, today: datetime.date) -> ServicePage:
    rates = list(service.rates.order_by("unit", "band", "-starts_on"))
    venues = []
    for location in service.locations.order_by("name").prefetch_related("cqc_ratings"):
        ratings = sorted(
            location.cqc_ratings.all(),
            key=lambda r: KEY_QUESTION_ORDER.index(r.key_question) if r.key_question in KEY_QUESTION_ORDER else 99,
        )
        venues.append({"location": location, "ratings": ratings})
    return ServicePage(
        service=service,
        prices=[r for r in rates if r.ends_on is None or r.ends_on >= today],
        earlier=sorted(
            (r for r in rates if r.ends_on is not None and r.ends_on < today),
            key=lambda r: (r.starts_on, r.pk),
            reverse=True,
        ),
        openings=[schedule_text(s) for s in service.schedules.all()],
        areas=[a.name for a in service.areas.all()],
        languages=[x.name for x in service.languages.all()],
        terms=[t.name for t in service.terms.all()],
        venues=venues,
    )


def providers_of(organisation_id) -> list[Provider]:
    """The directory's providers that an organisation signs in as (one, or none yet)."""
    if organisation_id is None:
        return []
    return list(Provider.objects.filter(organisation_id=organisation_id))


def own_services(organisation_id, *, today: datetime.date) -> list[Service]:
    """An organisation's services in the directory, whatever their status, with their prices in force."""
    if organisation_id is None:
        return []
    return list(
        Service.objects.filter(provider__organisation_id=organisation_id)
        .select_related("provider")
        .prefetch_related(
            Prefetch(
                "rates",
                queryset=Rate.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today)).order_by(
                    "unit", "band", "starts_on"
                ),
                to_attr="current_rates",
            )
        )
        .order_by("name", "id")
    )


def latest_prices(service) -> list[Rate]:
    """A service's newest price for each unit and band (in force now, or still to come)."""
    return list(service.rates.filter(ends_on__isnull=True).order_by("unit", "band"))


def locations_of(provider) -> list[Location]:
    """A provider's venues, by name."""
    return list(Location.objects.filter(provider=provider).order_by("name", "id"))


def own_locations(organisation_id) -> list[Location]:
    """The venues of the provider an organisation signs in as, with the services given at each."""
    if organisation_id is None:
        return []
    return list(
        Location.objects.filter(provider__organisation_id=organisation_id)
        .prefetch_related(Prefetch("services", queryset=Service.objects.order_by("name"), to_attr="given_here"))
        .order_by("name", "id")
    )


def schedule_text(schedule: Schedule) -> str:
    """"Tuesdays 10am to 3pm", with its note when it has one."""
    said = search.opening_text(search.Opening(search.parse_days(schedule.byday), schedule.opens_at, schedule.closes_at))
    return f"{said} ({schedule.description})" if schedule.description else said


def waiting_providers() -> list[Provider]:
    """Providers proposed for the directory and not yet confirmed, oldest first, with how many services each has, its
    venues (with their CQC location ids, for the council to check) and its services."""
    return list(
        Provider.objects.filter(status=Provider.Status.PROPOSED)
        .annotate(service_count=Count("services"))
        .prefetch_related(
            Prefetch("locations", queryset=Location.objects.order_by("name", "id"), to_attr="venues"),
            Prefetch("services", queryset=Service.objects.order_by("name", "id"), to_attr="listing"),
        )
        .order_by("id")
    )


def not_listed_providers() -> list[Provider]:
    """Providers the council did not list (withdrawn), the latest decision first, each with why and when."""
    # Lazy: every one, unpaged; a council declines few providers.
    return list(
        Provider.objects.filter(status=Provider.Status.WITHDRAWN).order_by(
            F("declined_on").desc(nulls_last=True), "name", "id"
        )
    )


# ---- reviews ---------------------------------------------------------------------------------------------------------

from . import usage  # noqa: E402
from .models import Review  # noqa: E402


def published_reviews(service) -> list[Review]:
    """A service's published reviews, newest first, each with the provider's reply (no reviewer is named)."""
    return list(service.reviews.filter(status=Review.Status.PUBLISHED).order_by("-written_on", "-id"))


def reviews_by(people, service) -> list[Review]:
    """The reviews of a service written for these people (the reviewer sees their own, whatever its status)."""
    return list(service.reviews.filter(person__in=people).select_related("person"))


def waiting_reviews() -> list[Review]:
    """Reviews waiting for the council to check them, oldest first."""
    return list(
        Review.objects.filter(status=Review.Status.WAITING)
        .select_related("service__provider")
        .order_by("written_on", "id")
    )


def reviews_of_organisation(organisation_id) -> list[Review]:
    """The published reviews of an organisation's services, newest first, for the provider to answer."""
    if organisation_id is None:
        return []
    return list(
        Review.objects.filter(status=Review.Status.PUBLISHED, service__provider__organisation_id=organisation_id)
        .select_related("service")
        .order_by("-written_on", "-id")
    )


def services_used_by(person) -> list[Service]:
    """The directory's services the person used through their plan (usage: their approved plans name the provider's
    organisation, for a service of that kind), of listed providers, by provider and name: those a worker may record a
    review of that the person gave on paper or by phone."""
    listed = listed_services().filter(provider__organisation__isnull=False)
    organisations = set(listed.values_list("provider__organisation_id", flat=True))
    # Lazy: planning is asked about every listed provider's plan items, for everyone, then this person's are kept; a
    # council of thousands of people would want the person passed down to planning's query.
    theirs = usage.kinds_used(person.pk, organisations)
    return [
        s for s in listed.filter(provider__organisation_id__in=theirs).select_related("provider")
        .prefetch_related("terms").order_by("provider__name", "name", "id")
        if usage.fits(theirs[s.provider.organisation_id], s)
    ]


def reviews_of_person(person) -> list[Review]:
    """Every review written for the person, whatever its status, newest first: what the worker who writes down the
    reviews they give sees (and tells them the council's decision)."""
    return list(
        Review.objects.filter(person=person).select_related("service__provider").order_by("-written_on", "-id")
    )


# ---- suggestions made to a person (their file) ------------------------------------------------------------------------

from .models import Suggestion  # noqa: E402


def suggestions_for(person) -> list[Suggestion]:
    """The services suggested to the person from the directory, newest first, with who suggested each."""
    return list(
        Suggestion.objects.filter(person=person).select_related("service__provider", "suggested_by")
        .order_by("-suggested_on", "-id")
    )


def suggestion_count(person) -> int:
    return Suggestion.objects.filter(person=person).count()
