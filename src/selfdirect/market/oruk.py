"""The directory in Open Referral UK's shape (the UK profile of HSDS 3.0; its documents are in tests/market/fixtures/oruk,
from OpenReferralUK/uk-profile at ecdfabf7, CC BY-SA 4.0): what the open API under /openreferral/ reads (the
published services and their taxonomies) and how it writes each record.

Published: the services of listed providers (Provider.Status.LISTED) that are not closed for good (defunct). Never
published: how many people use a service, what anyone said about it, the council's own figures about it (framework
rates, vacancies, how it is bought) and a provider waiting to be confirmed. Every id is the record's UUID; records the
directory does not hold as rows (a venue's address and accessibility, an attribute linking a term) get a UUID made from
their owner's (uuid5), so they are the same in every answer.

Each record carries only the fields the profile's schema has, and leaves out an empty one rather than sending null (the
schemas' fields are typed strings and numbers, with no null).
"""

import datetime
import math
import uuid
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from selfdirect.core.money import Money

from .models import Location, Provider, Rate, Schedule, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm

VERSION = "3.0"  # the HSDS version the profile is of (openapi.json info.version)
PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile"
OPENAPI_URL = "https://raw.githubusercontent.com/OpenReferralUK/uk-profile/main/schema/openapi.json"
DERIVED = uuid.UUID("5c0e8a53-6b1f-4d2e-9a57-0f2d6a1c7e41")  # the namespace of the ids made for derived records

# A venue's four facts, published as HSDS accessibility records (description: what; details: whether).
ACCESS = (
    ("step_free", "Step-free access"),
    ("accessible_toilet", "Accessible toilet"),
    ("hearing_loop", "Hearing loop"),
    ("parking", "Accessible parking"),
)
DAYS = {
    "MO": "MO",
    "MON": "MO",
    "MONDAY": "MO",
    "TU": "TU",
    "TUE": "TU",
    "TUESDAY": "TU",
    "WE": "WE",
    "WED": "WE",
    "WEDNESDAY": "WE",
    "TH": "TH",
    "THU": "TH",
    "THURSDAY": "TH",
    "FR": "FR",
    "FRI": "FR",
    "FRIDAY": "FR",
    "SA": "SA",
    "SAT": "SA",
    "SATURDAY": "SA",
    "SU": "SU",
    "SUN": "SU",
    "SUNDAY": "SU",
}


def derived_id(owner: uuid.UUID, what: str) -> str:
    return str(uuid.uuid5(DERIVED, f"{owner}:{what}"))


# ---- what is published ---------------------------------------------------------------------------------------------


def published_services():
    """Services of listed providers that are not closed for good, with their provider."""
    return (
        Service.objects.filter(provider__status=Provider.Status.LISTED)
        .exclude(status=Service.Status.DEFUNCT)
        .select_related("provider")
    )


def _current_rates():
    today = timezone.localdate()
    return Rate.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today)).order_by("unit", "band", "starts_on")


def with_everything(services):
    """The services with every list a fully nested service shows, fetched in a fixed number of queries."""
    return services.prefetch_related(
        "schedules",
        "areas",
        "languages",
        Prefetch("rates", queryset=_current_rates()),
        Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy")),
        Prefetch("at_locations", queryset=ServiceAtLocation.objects.select_related("location").order_by("id")),
    )


class BadParameter(ValueError):
    """A query parameter that cannot be used; str() names it and says why."""

    def __init__(self, name: str, why: str):
        super().__init__(f"{name}: {why}")
        self.name = name


def _uuid(name: str, value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise BadParameter(name, f"{value!r} is not an id (a UUID)") from None


def _number(name: str, value: str) -> Decimal:
    try:
        number = Decimal(value)
    except ArithmeticError:
        raise BadParameter(name, f"{value!r} is not a number") from None
    if not number.is_finite():
        raise BadParameter(name, f"{value!r} is not a number")
    return number


def _time(name: str, value: str) -> datetime.time:
    try:
        return datetime.time.fromisoformat(value)
    except ValueError:
        raise BadParameter(name, f"{value!r} is not a time of day (HH:MM)") from None


def filter_services(services, params) -> object:
    """The services the query parameters ask for (openapi.json's /services parameters):

    - search: words in the service's name or description, or its provider's name;
    - taxonomy_term_id: classified by that term; taxonomy_id: by any term of that taxonomy;
    - minimum_age: a minimum age of at least this; maximum_age: a maximum age of this or below (the profile's words);
    - day, start_time, end_time: a weekly time on that day (MO..SU, or the day's name), opening at or after
      start_time and closing at or before end_time, all of them the same schedule."""
    search = (params.get("search") or "").strip()
    if search:
        services = services.filter(
            Q(name__icontains=search) | Q(description__icontains=search) | Q(provider__name__icontains=search)
        )
    if params.get("taxonomy_term_id"):
        term = _uuid("taxonomy_term_id", params["taxonomy_term_id"])
        services = services.filter(
            Exists(Service.terms.through.objects.filter(service_id=OuterRef("pk"), taxonomyterm__uuid=term))
        )
    if params.get("taxonomy_id"):
        taxonomy = _uuid("taxonomy_id", params["taxonomy_id"])
        services = services.filter(
            Exists(
                Service.terms.through.objects.filter(service_id=OuterRef("pk"), taxonomyterm__taxonomy__uuid=taxonomy)
            )
        )
    if params.get("minimum_age"):
        services = services.filter(minimum_age__gte=math.ceil(_number("minimum_age", params["minimum_age"])))
    if params.get("maximum_age"):
        services = services.filter(maximum_age__lte=math.floor(_number("maximum_age", params["maximum_age"])))
    schedule = Q()
    if params.get("day"):
        day = DAYS.get(params["day"].strip().upper())
        if day is None:
            raise BadParameter("day", f"{params['day']!r} is not a day (MO, TU, WE, TH, FR, SA or SU)")
        schedule &= Q(byday__contains=day)
    if params.get("start_time"):
        schedule &= Q(opens_at__gte=_time("start_time", params["start_time"]))
    if params.get("end_time"):
        schedule &= Q(closes_at__lte=_time("end_time", params["end_time"]))
    if schedule:
        services = services.filter(Exists(Schedule.objects.filter(schedule, service_id=OuterRef("pk"))))
    return services


def published_at_locations(services):
    """The venues of the services given, each with its service and provider."""
    return (
        ServiceAtLocation.objects.filter(service__in=services)
        .select_related("location", "service__provider")
        .order_by("service__name", "service_id", "id")
    )


def taxonomies():
    return Taxonomy.objects.all()


def taxonomy_terms():
    return TaxonomyTerm.objects.select_related("taxonomy", "parent").order_by("taxonomy__name", "name", "id")


def published_taxonomy(value: str) -> Taxonomy | None:
    try:
        return (
            Taxonomy.objects.prefetch_related(Prefetch("terms", queryset=taxonomy_terms()))
            .filter(uuid=uuid.UUID(value))
            .first()
        )
    except ValueError:
        return None


def published_term(value: str) -> TaxonomyTerm | None:
    try:
        return taxonomy_terms().filter(uuid=uuid.UUID(value)).first()
    except ValueError:
        return None


def published_service(value: str) -> Service | None:
    try:
        return with_everything(published_services()).filter(uuid=uuid.UUID(value)).first()
    except ValueError:
        return None


def published_service_at_location(value: str) -> ServiceAtLocation | None:
    try:
        return published_at_locations(published_services()).filter(uuid=uuid.UUID(value)).first()
    except ValueError:
        return None


# ---- records -------------------------------------------------------------------------------------------------------


def _put(record: dict, **fields) -> dict:
    """The fields that have a value (an empty string or None is left out: the schemas have no null)."""
    record.update({k: v for k, v in fields.items() if v is not None and v != ""})
    return record


def organization(provider: Provider) -> dict:
    return _put(
        {"id": str(provider.uuid), "name": provider.name, "description": provider.description},
        email=provider.email,
        website=provider.website,
    )


def service_list_item(service: Service) -> dict:
    """A service's one-to-one fields and its organization (the profile's compiled/service_list.json)."""
    record = _put(
        {
            "id": str(service.uuid),
            "organization_id": str(service.provider.uuid),
            "name": service.name,
            "status": service.status,
        },
        description=service.description,
        url=service.url,
        email=service.email,
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
        last_modified=service.updated_at.isoformat() if service.updated_at else None,
    )
    record["organization"] = organization(service.provider)
    return record


def _time_text(value) -> str:
    return value.strftime("%H:%M")


def schedule(item: Schedule, service: Service) -> dict:
    return _put(
        {
            "id": str(item.uuid),
            "service_id": str(service.uuid),
            "freq": "WEEKLY",
            "byday": item.byday,
            "opens_at": _time_text(item.opens_at),
            "closes_at": _time_text(item.closes_at),
        },
        description=item.description,
    )


def cost_option(rate: Rate, service: Service) -> dict:
    """A price: the amount in pounds as an exact number (from integer pence), for what and when in words."""
    band = rate.get_band_display()
    return _put(
        {
            "id": str(rate.uuid),
            "service_id": str(service.uuid),
            "option": band[:1].upper() + band[1:],
            "amount": Decimal(Money(rate.amount_pence).pounds_text()),
            "amount_description": f"{Money(rate.amount_pence)} {rate.get_unit_display()}, {band}",
            "valid_from": rate.starts_on.isoformat(),
        },
        valid_to=rate.ends_on.isoformat() if rate.ends_on else None,
    )


def state_province(location: Location) -> str:
    """The county of the address: the council's (settings.COUNCIL_COUNTY) where it sets one, else the town."""
    return getattr(settings, "COUNCIL_COUNTY", "") or location.city


def location(venue: Location, *, full: bool) -> dict:
    """A venue (the profile's location): in full, with its address and accessibility."""
    record = _put(
        {"id": str(venue.uuid), "location_type": "physical", "name": venue.name},
        description=venue.description,
        latitude=venue.latitude,
        longitude=venue.longitude,
    )
    if venue.cqc_location_id:
        record.update(external_identifier=venue.cqc_location_id, external_identifier_type="CQC location ID")
    if not full:
        return record
    record["addresses"] = []
    if venue.address_1 or venue.postcode:
        record["addresses"].append(
            {
                "id": derived_id(venue.uuid, "address"),
                "location_id": str(venue.uuid),
                "address_1": venue.address_1,
                "city": venue.city,
                "state_province": state_province(venue),
                "postal_code": venue.postcode,
                "country": "GB",
                "address_type": "physical",
            }
        )
    record["accessibility"] = [
        {
            "id": derived_id(venue.uuid, fact),
            "location_id": str(venue.uuid),
            "description": words,
            "details": "Yes" if getattr(venue, fact) else "No",
        }
        for fact, words in ACCESS
        if getattr(venue, fact) is not None
    ]
    return record


def attribute(term: TaxonomyTerm, service: Service) -> dict:
    """A taxonomy term the service is classified by, linked to it."""
    return {
        "id": derived_id(service.uuid, f"term:{term.uuid}"),
        "link_id": str(service.uuid),
        "link_type": "service",
        "taxonomy_term_id": str(term.uuid),
        "taxonomy_term": taxonomy_term(term),
    }


def full_service(service: Service, *, only_at: ServiceAtLocation | None = None) -> dict:
    """A service fully nested (the profile's compiled/service.json). Needs with_everything's prefetches."""
    record = service_list_item(service)
    at_locations = [only_at] if only_at is not None else list(service.at_locations.all())
    record.update(
        schedules=[schedule(s, service) for s in service.schedules.all()],
        service_areas=[
            {"id": str(a.uuid), "service_id": str(service.uuid), "name": a.name} for a in service.areas.all()
        ],
        service_at_locations=[
            {
                "id": str(at.uuid),
                "service_id": str(service.uuid),
                "location_id": str(at.location.uuid),
                "location": location(at.location, full=True),
            }
            for at in at_locations
        ],
        # the UK profile's language holds its id only (schema/language.json: name and code are not in the profile)
        languages=[{"id": str(lang.uuid), "service_id": str(service.uuid)} for lang in service.languages.all()],
        cost_options=[cost_option(r, service) for r in service.rates.all()],
        attributes=[attribute(t, service) for t in service.terms.all()],
        funding=[],
        contacts=[],
    )
    return record


def service_at_location_item(at: ServiceAtLocation) -> dict:
    """A service at a venue with their one-to-one fields (the profile's compiled/service_at_location_list.json)."""
    return {
        "id": str(at.uuid),
        "service_id": str(at.service.uuid),
        "location_id": str(at.location.uuid),
        "location": location(at.location, full=False),
        "service": service_list_item(at.service),
    }


def taxonomy_term(term: TaxonomyTerm) -> dict:
    return _put(
        {
            "id": str(term.uuid),
            "name": term.name,
            "description": term.description,
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": str(term.taxonomy.uuid),
            "term": term.code,
        },
        parent_id=str(term.parent.uuid) if term.parent_id else None,
    )


def taxonomy(item: Taxonomy, *, with_terms: bool = False) -> dict:
    record = _put(
        {"id": str(item.uuid), "name": item.name, "description": item.description}, uri=item.uri, version=item.version
    )
    if with_terms:
        record["taxonomy_terms"] = [taxonomy_term(t) for t in item.terms.all()]
    return record


def meta() -> dict:
    """The API's description of itself (openapi.json's `/`)."""
    return {"version": VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL}
