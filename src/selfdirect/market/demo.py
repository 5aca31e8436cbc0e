"""The demo council's market directory: about 300 services from about 80 providers of every kind a budget holder
chooses from (personal care, personal assistant agencies, day opportunities, clubs, transport, equipment, short
breaks), in the towns of the demo's postcodes, with prices (some above what a budget allows), dated earlier prices,
opening times, languages, venues with their access, CQC registrations and ratings with their dates, places free as
the providers last said, and a few providers still waiting for the council to confirm them.

Deterministic from the seed (random.Random); written with bulk_create (a handful of statements whatever the size).
Every provider, price and rating is made up: no figure here is a published one."""

import datetime
import random
from dataclasses import dataclass

from selfdirect.accounts.models import User
from selfdirect.core.roles import Role
from selfdirect.core.rows import delete_rows
from selfdirect.people import access as people_access

from . import actions, queries, search, usage
from .models import (
    CqcImport,
    CqcRating,
    Language,
    Location,
    Provider,
    Rate,
    Review,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Suggestion,
    Taxonomy,
    TaxonomyTerm,
)

# The towns of the demo's postcode districts (site.demo.POSTCODE_AREAS).
TOWNS = {
    "Exeter": ["EX1", "EX2", "EX4"],
    "Exmouth": ["EX8"],
    "Sidmouth": ["EX10"],
    "Honiton": ["EX14"],
    "Okehampton": ["EX20"],
    "Barnstaple": ["EX31"],
    "Bideford": ["EX39"],
}
NEIGHBOURS = {
    "Exeter": ["Exmouth", "Honiton", "Okehampton"],
    "Exmouth": ["Exeter", "Sidmouth"],
    "Sidmouth": ["Exmouth", "Honiton"],
    "Honiton": ["Sidmouth", "Exeter"],
    "Okehampton": ["Exeter"],
    "Barnstaple": ["Bideford"],
    "Bideford": ["Barnstaple"],
}
STREETS = [
    "High Street",
    "Fore Street",
    "Station Road",
    "Church Lane",
    "Mill Lane",
    "Queen Street",
    "Market Square",
    "Victoria Road",
    "Orchard Way",
    "Riverside Walk",
    "Chapel Street",
    "Bridge Street",
    "Park Road",
]
PLACES = [
    "Haldon",
    "Dartside",
    "Clyst",
    "Culm Valley",
    "Otter Vale",
    "Torridge",
    "Taw",
    "Blackdown",
    "Woodbury",
    "Teign",
    "Axe Vale",
    "Moorland",
    "Coastal",
    "Westcountry",
    "Kingfisher",
    "Heron",
    "Oak Tree",
    "Willow",
    "Bluebell",
    "Primrose",
    "Harbour",
    "Lighthouse",
    "Hilltop",
    "Meadow",
    "Orchard",
    "Sunrise",
    "Greenway",
    "Brookside",
    "Estuary",
    "Red Rock",
    "Beacon",
    "Yarty",
    "Creedy",
    "Exe Estuary",
]
OTHER_LANGUAGES = [
    ("Polish", "pl"),
    ("British Sign Language", "sgn"),
    ("Bengali", "bn"),
    ("Portuguese", "pt"),
    ("Arabic", "ar"),
    ("Cantonese", "yue"),
    ("Romanian", "ro"),
]
# CQC ratings, and how often each is drawn for the demo (made up).
RATING_WEIGHTS = [("Outstanding", 5), ("Good", 74), ("Requires improvement", 17), ("Inadequate", 4)]
KEY_QUESTIONS = ["safe", "effective", "caring", "responsive", "well_led"]


@dataclass(frozen=True)
class Kind:
    term: str  # a code of search.WHAT_YOU_CAN_DO
    providers: int
    services: tuple[int, int]  # how many services a provider of the kind has, fewest and most
    suffixes: tuple[str, ...]
    offers: tuple[tuple[str, str, int, int], ...]  # (service name, unit, cheapest, dearest weekday price in pence)
    regulated: bool  # registered with CQC
    venue: bool  # people go there (a day centre, a club's hall); otherwise it comes to them
    hours: tuple[str, str, str]  # BYDAY, opens, closes: when it usually runs


KINDS = [
    Kind(
        "personal_care",
        20,
        (3, 6),
        ("Home Care", "Care at Home", "Homecare", "Care Services"),
        (
            ("Home care visits", "hour", 2250, 3400),
            ("Evening and night care", "hour", 2400, 3600),
            ("Live-in care", "week", 90000, 140000),
            ("Help at home after hospital", "hour", 2300, 3200),
            ("Care for people living with dementia", "hour", 2400, 3800),
        ),
        True,
        False,
        ("MO,TU,WE,TH,FR,SA,SU", "07:00", "22:00"),
    ),
    Kind(
        "personal_assistant",
        8,
        (2, 4),
        ("PA Services", "Personal Assistants", "Support Agency"),
        (
            ("Personal assistants through the agency", "hour", 1600, 2300),
            ("Finding a personal assistant", "session", 3000, 9000),
            ("Payroll and employer support", "week", 500, 1500),
        ),
        False,
        False,
        ("MO,TU,WE,TH,FR", "09:00", "17:00"),
    ),
    Kind(
        "day_opportunity",
        16,
        (3, 6),
        ("Day Opportunities", "Community Hub", "Day Centre", "Activity Centre"),
        (
            ("Day centre", "day", 4500, 8500),
            ("Art and craft days", "session", 2500, 4500),
            ("Gardening and outdoor days", "session", 2800, 4800),
            ("Work skills and volunteering", "day", 5000, 8000),
            ("Cooking and life skills", "session", 2500, 4200),
            ("Music and drama", "session", 2200, 4000),
        ),
        False,
        True,
        ("MO,TU,WE,TH,FR", "10:00", "15:00"),
    ),
    Kind(
        "club",
        14,
        (2, 5),
        ("Social Club", "Friendship Club", "Community Group", "Lunch Club"),
        (
            ("Social evening", "session", 300, 1200),
            ("Lunch club", "session", 500, 1000),
            ("Walking group", "session", 200, 600),
            ("Chair exercise class", "session", 400, 900),
            ("Games afternoon", "session", 300, 800),
            ("Disco night", "session", 500, 1500),
            ("Swimming club", "session", 400, 1000),
        ),
        False,
        True,
        ("WE", "18:00", "21:00"),
    ),
    Kind(
        "transport",
        8,
        (2, 5),
        ("Community Transport", "Dial-a-Ride", "Accessible Travel"),
        (
            ("Door-to-door transport", "session", 600, 1800),
            ("Wheelchair-accessible taxi", "hour", 1800, 3200),
            ("Escort to appointments", "hour", 1500, 2600),
            ("Shopping trips", "session", 500, 1500),
        ),
        False,
        False,
        ("MO,TU,WE,TH,FR", "08:00", "18:00"),
    ),
    Kind(
        "equipment",
        6,
        (2, 4),
        ("Mobility", "Living Aids", "Equipment Hire"),
        (
            ("Mobility scooter hire", "week", 2500, 6000),
            ("Wheelchair hire", "week", 1500, 4000),
            ("Bathing aids", "session", 2000, 6000),
            ("Advice on equipment", "session", 1000, 3500),
        ),
        False,
        True,
        ("MO,TU,WE,TH,FR,SA", "09:00", "17:00"),
    ),
    Kind(
        "short_break",
        8,
        (3, 5),
        ("Short Breaks", "Respite House", "Holiday Breaks"),
        (
            ("Overnight stays", "day", 14000, 26000),
            ("Short break weekends", "day", 15000, 28000),
            ("Support at home so a carer can rest", "hour", 2200, 3400),
            ("Holiday breaks", "week", 90000, 160000),
            ("Sitting service", "hour", 1800, 2800),
        ),
        True,
        True,
        ("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"),
    ),
]
# The demo's organisations that sign in (site.demo), by their accounts kind: what each offers in the directory.
LINKED = {
    "agency": "personal_care",
    "day_service": "day_opportunity",
    "personal_assistant": "personal_assistant",
    "advice": "personal_assistant",
}
PROPOSED = 5  # providers left waiting for the council to confirm them


@dataclass
class Built:
    providers: int
    services: int
    proposed: int


def load_directory_taxonomy() -> dict[str, TaxonomyTerm]:
    """The directory's own taxonomy and its terms (as migration 0002 loads them; again after a flush), by code."""
    taxonomy, _ = Taxonomy.objects.get_or_create(
        name=queries.DIRECTORY_TAXONOMY,
        source_id="",
        defaults={"description": "What a person can do with a service", "version": "1"},
    )
    terms = {}
    for code, name, description in search.WHAT_YOU_CAN_DO:
        terms[code], _ = TaxonomyTerm.objects.get_or_create(
            taxonomy=taxonomy, code=code, defaults={"name": name, "description": description}
        )
    return terms


def clear() -> None:
    """Every directory record, in an order the protected foreign keys allow (before the sign-ins and organisations
    they name: site.demo.clear_everything)."""
    delete_rows(Suggestion)  # they name people, sign-ins and services
    delete_rows(Review)  # they name people and sign-ins, and the services
    for model in [
        CqcRating.history.model,
        CqcRating,
        CqcImport,
        Rate,
        Schedule,
        Language,
        ServiceArea,
        ServiceAtLocation,
        Service.terms.through,
        Service.history.model,
        Service,
        Location.history.model,
        Location,
        Provider.history.model,
        Provider,
    ]:
        delete_rows(model)
    TaxonomyTerm.objects.filter(parent__isnull=False).update(parent=None)
    delete_rows(TaxonomyTerm)
    delete_rows(Taxonomy)


def _postcode(rng: random.Random, town: str) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{rng.choice(TOWNS[town])} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _weighted(rng: random.Random, weights):
    return rng.choices([v for v, _ in weights], weights=[w for _, w in weights])[0]


def build(*, seed: int, today: datetime.date, organisations=(), confirmed_by=None) -> Built:
    """The directory as it stands on `today`. `organisations` (accounts.Organisation) are listed as providers of what
    their kind offers; the rest are made up."""
    rng = random.Random(seed + 20)
    terms = load_directory_taxonomy()
    kinds = {k.term: k for k in KINDS}
    names = iter(rng.sample(PLACES, len(PLACES)))
    plans = []  # (Provider, Kind, town, organisation)
    for organisation in organisations:
        kind = kinds[LINKED.get(organisation.kind, "personal_care")]
        plans.append((organisation.name, kind, "Exeter", organisation))
    used = {name for name, *_ in plans}
    for kind in KINDS:
        for number in range(kind.providers - sum(1 for _, k, _, _ in plans if k is kind)):
            try:
                place = next(names)
            except StopIteration:
                names = iter(rng.sample(PLACES, len(PLACES)))
                place = next(names)
            name = f"{place} {kind.suffixes[number % len(kind.suffixes)]}"
            while name in used:
                name = f"{name} ({rng.choice(list(TOWNS))})"
            used.add(name)
            plans.append((name, kind, rng.choice(list(TOWNS)), None))

    proposed_at = set(rng.sample(range(len(organisations), len(plans)), PROPOSED))
    providers = Provider.objects.bulk_create(
        [
            Provider(
                name=name,
                organisation=organisation,
                description=f"{kind.suffixes[0]} in {town} and nearby" if organisation is None else "",
                email=f"hello@{name.lower().replace(' ', '').replace('(', '').replace(')', '')[:30]}.example",
                phone=f"01392 {rng.randint(100000, 999999)}",
                status=Provider.Status.PROPOSED if n in proposed_at else Provider.Status.LISTED,
                confirmed_by=None if n in proposed_at else confirmed_by,
                confirmed_on=None if n in proposed_at else today - datetime.timedelta(days=rng.randint(30, 1500)),
            )
            for n, (name, kind, town, organisation) in enumerate(plans)
        ]
    )

    locations, location_of = [], {}
    for provider, (_, kind, town, organisation) in zip(providers, plans, strict=True):
        if not (kind.venue or kind.regulated):
            continue
        cqc = ""
        if kind.regulated:
            cqc = (
                organisation.cqc_location_id
                if organisation is not None and organisation.cqc_location_id
                else f"1-{rng.randint(100000000, 9999999999)}"
            )
        elif organisation is not None and organisation.cqc_location_id:
            cqc = organisation.cqc_location_id
        location = Location(
            provider=provider,
            name=f"{provider.name}, {town}" if kind.venue else f"{provider.name} office",
            address_1=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
            city=town,
            postcode=_postcode(rng, town),
            cqc_location_id=cqc,
            step_free=rng.random() < 0.85 if kind.venue else None,
            accessible_toilet=(rng.random() < 0.75) if kind.venue else None,
            hearing_loop=rng.choice([True, False, None]) if kind.venue else None,
            parking=(rng.random() < 0.7) if kind.venue else None,
        )
        locations.append(location)
        location_of[provider.name] = location
    Location.objects.bulk_create(locations)

    ratings = []
    for location in locations:
        if not location.cqc_location_id:
            continue
        overall = _weighted(rng, RATING_WEIGHTS)
        published = today - datetime.timedelta(days=rng.randint(60, 1400))
        ratings.append(CqcRating(location=location, key_question="overall", rating=overall, published_on=published))
        for question in KEY_QUESTIONS:
            each = overall if rng.random() < 0.7 else _weighted(rng, RATING_WEIGHTS)
            ratings.append(CqcRating(location=location, key_question=question, rating=each, published_on=published))
    CqcRating.objects.bulk_create(ratings)

    services, details = [], []
    for provider, (_, kind, town, organisation) in zip(providers, plans, strict=True):
        count = rng.randint(*kind.services)
        # The demo's own organisations offer their kind's first services, so their entries are the same every time.
        offers = (
            kind.offers[:count] if organisation is not None else rng.sample(kind.offers, min(count, len(kind.offers)))
        )
        for name, unit, cheapest, dearest in offers:
            relationship = (
                rng.choices(list(Service.Relationship.values), weights=[3, 1, 2, 4])[0]
                if kind.regulated
                else rng.choices(list(Service.Relationship.values), weights=[1, 1, 1, 6])[0]
            )
            weekday = (rng.randint(cheapest, dearest) // 50) * 50
            status = rng.choices(list(Service.Status.values), weights=[92, 2, 2, 4])[0]
            reported = rng.random() < 0.7
            vacancies = rng.choice([0, 0, 1, 2, 3, 4, 6]) if reported else None
            services.append(
                Service(
                    provider=provider,
                    name=name,
                    description=f"{name} from {provider.name}, based in {town}.",
                    status=status,
                    minimum_age=18,
                    relationship=relationship,
                    framework_rate_pence=(rng.randint(2200, 2600) // 10 * 10)
                    if relationship == "framework" and unit == "hour"
                    else None,
                    direct_payment=True,
                    individual_service_fund=kind.term in {"personal_care", "personal_assistant", "day_opportunity"},
                    council_commissioned=relationship in {"framework", "contract"},
                    vacancies=vacancies,
                    waiting_weeks=(rng.randint(1, 10) if vacancies == 0 else None) if reported else None,
                    capacity_reported_on=today - datetime.timedelta(days=rng.randint(0, 90)) if reported else None,
                )
            )
            details.append((kind, town, unit, weekday, provider))
    Service.objects.bulk_create(services)

    term_links, at_locations, areas, languages, schedules, rates = [], [], [], [], [], []
    last_april = datetime.date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    for service, (kind, town, unit, weekday, provider) in zip(services, details, strict=True):
        term_links.append(Service.terms.through(service_id=service.pk, taxonomyterm_id=terms[kind.term].pk))
        location = location_of.get(provider.name)
        if location is not None:
            at_locations.append(ServiceAtLocation(service=service, location=location))
        reach = [town, *rng.sample(NEIGHBOURS[town], rng.randint(0, len(NEIGHBOURS[town])))]
        areas.extend(ServiceArea(service=service, name=place) for place in reach)
        languages.append(Language(service=service, name="English", code="en"))
        if rng.random() < 0.2:
            name, code = rng.choice(OTHER_LANGUAGES)
            languages.append(Language(service=service, name=name, code=code))
        byday, opens, closes = kind.hours
        if kind.term == "club":
            byday = rng.choice(["MO", "TU", "WE", "TH", "FR", "SA"])
            opens, closes = rng.choice([("10:00", "12:00"), ("12:00", "14:00"), ("14:00", "16:00"), ("18:00", "21:00")])
        elif kind.term == "day_opportunity":
            days = sorted(rng.sample(list(search.DAYS)[:5], rng.randint(1, 5)), key=list(search.DAYS).index)
            byday = ",".join(days)
            opens, closes = rng.choice([("09:30", "15:30"), ("10:00", "15:00"), ("10:00", "16:00")])
        schedules.append(
            Schedule(
                service=service,
                byday=byday,
                opens_at=datetime.time.fromisoformat(opens),
                closes_at=datetime.time.fromisoformat(closes),
            )
        )
        # The price now, and for about two services in five the price it replaced this April.
        changed = rng.random() < 0.4
        starts = last_april if changed else last_april - datetime.timedelta(days=rng.randint(30, 700))
        confirmed = today - datetime.timedelta(days=rng.randint(0, 200))
        if changed:
            earlier = max(50, (weekday * rng.randint(90, 97) // 100) // 10 * 10)
            rates.append(
                Rate(
                    service=service,
                    unit=unit,
                    band="weekday",
                    amount_pence=earlier,
                    starts_on=last_april - datetime.timedelta(days=365),
                    ends_on=last_april - datetime.timedelta(days=1),
                    confirmed_on=last_april - datetime.timedelta(days=380),
                )
            )
        rates.append(
            Rate(
                service=service,
                unit=unit,
                band="weekday",
                amount_pence=weekday,
                starts_on=starts,
                confirmed_on=max(confirmed, starts - datetime.timedelta(days=30)),
            )
        )
        if unit == "hour" and weekday:
            rates.append(
                Rate(
                    service=service,
                    unit=unit,
                    band="weekend",
                    amount_pence=weekday * rng.randint(108, 120) // 100 // 10 * 10,
                    starts_on=starts,
                    confirmed_on=max(confirmed, starts - datetime.timedelta(days=30)),
                )
            )
            if kind.term in {"personal_care", "short_break"} and rng.random() < 0.5:
                rates.append(
                    Rate(
                        service=service,
                        unit=unit,
                        band="bank_holiday",
                        amount_pence=weekday * 3 // 2 // 10 * 10,
                        starts_on=starts,
                        confirmed_on=max(confirmed, starts - datetime.timedelta(days=30)),
                    )
                )
            if kind.term == "personal_care" and rng.random() < 0.3:
                rates.append(
                    Rate(
                        service=service,
                        unit=unit,
                        band="night",
                        amount_pence=weekday * rng.randint(110, 125) // 100 // 10 * 10,
                        starts_on=starts,
                        confirmed_on=max(confirmed, starts - datetime.timedelta(days=30)),
                    )
                )
    Service.terms.through.objects.bulk_create(term_links)
    ServiceAtLocation.objects.bulk_create(at_locations)
    ServiceArea.objects.bulk_create(areas)
    Language.objects.bulk_create(languages)
    Schedule.objects.bulk_create(schedules)
    Rate.objects.bulk_create(rates)
    return Built(providers=len(providers), services=len(services), proposed=len(proposed_at))


# ---- reviews (written through the real actions, once the demo's people and plans exist) ----------------------------

DEMO_REVIEWS = [
    (
        "The carers came when they said they would and helped me wash and dress without rushing me.",
        5,
        "Thank you for telling us. We have passed your kind words on to the morning team.",
    ),
    ("Mostly good, but twice in the winter nobody told us the visit would be late.", 3, ""),
]


def build_reviews(*, today: datetime.date, moderator) -> int:
    """A few reviews by the demo's people who sign in (a budget holder, and a family member for the person they act
    for) of the directory services their approved plans use (market.usage): the first published with the provider's
    reply, the next waiting for the council. None when no such person uses a listed provider with a sign-in.
    Called by site.demo once its people and plans are made (the directory is built before them). Returns how many."""
    made = 0
    writers = User.objects.filter(role__in=[Role.BUDGET_HOLDER, Role.NOMINATED_PERSON], is_active=True).order_by("pk")
    services = list(
        queries.listed_services().filter(provider__organisation__isnull=False).select_related("provider").order_by("pk")
    )
    used = usage.people_of({s.provider.organisation_id for s in services})
    for writer in writers:
        for person in people_access.people_in_acting_role(writer).order_by("pk"):
            service = next((s for s in services if person.pk in used.get(s.provider.organisation_id, ())), None)
            if service is None or made >= len(DEMO_REVIEWS):
                continue
            text, rating, reply = DEMO_REVIEWS[made]
            review = actions.write_review(
                service, actor=writer, person=person, text=text, rating=rating, on=today, channel="cli"
            )
            if reply:
                actions.moderate_review(review, actor=moderator, publish=True, on=today, channel="cli")
                answering = (
                    User.objects.filter(
                        role=Role.PROVIDER, organisation_id=service.provider.organisation_id, is_active=True
                    )
                    .order_by("pk")
                    .first()
                )
                if answering is not None:
                    actions.reply_to_review(review, actor=answering, text=reply, on=today, channel="cli")
            made += 1
    return made
