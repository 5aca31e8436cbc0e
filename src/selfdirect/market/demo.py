"""The demo council's market directory: about 300 services from about 80 providers of every kind a budget holder
chooses from (personal care, personal assistant agencies, day opportunities, clubs, transport, equipment, short
breaks), in the towns of the demo's postcodes, with prices (some above what a budget allows), dated earlier prices,
opening times, languages, venues with their access, CQC registrations and ratings with their dates, places free as
the providers last said, and a few providers still waiting for the council to confirm them.

Deterministic from the seed (random.Random); written with bulk_create (a handful of statements whatever the size).
Every provider, price and rating is made up: no figure here is a published one."""

import contextlib
import datetime
import random
from dataclasses import dataclass

from selfdirect.accounts.models import User
from selfdirect.core.roles import Role
from selfdirect.core.rows import delete_rows
from selfdirect.people import access as people_access
from selfdirect.people.models import Person

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

# What people said on paper, by phone or at a meeting, written down by their worker (record_review_given): by the
# kind of service (a search.WHAT_YOU_CAN_DO code; "" for any), with their stars. Made up; none names anyone.
GIVEN_REVIEWS = {
    "personal_care": [
        ("They come at the same time every morning and always ask how I want things done.", 5),
        ("Kind and patient. They never make me feel like a nuisance when I am slow getting up.", 5),
        ("Good care, but the evening visit can be anywhere between five and eight o'clock.", 3),
        ("Different faces most weeks at first. It is much better now I have a regular team.", 4),
        ("They helped me get back on my feet after hospital. I can manage the stairs again.", 5),
        ("The care is fine but the office does not ring back when you leave a message.", 2),
        ("They always make sure I have had a drink and something to eat before they go.", 4),
        ("Visits are often cut short. The care itself is gentle when they have the time.", 2),
    ],
    "day_opportunity": [
        ("I go on Tuesdays and Thursdays. I have made friends and I look forward to it all week.", 5),
        ("The garden group is the best part. The minibus is sometimes late picking me up.", 4),
        ("Lots to do and the staff listen to what I want to try next.", 5),
        ("It is noisy in the main room and there is nowhere quiet to sit.", 3),
        ("I learnt to cook three meals I can now make at home on my own.", 5),
        ("The activities are the same every week. I would like more trips out.", 3),
        ("The building is easy to get round in my wheelchair and the toilets are good.", 4),
    ],
    "": [
        ("Friendly and reliable. They explained the costs clearly before we started.", 4),
        ("They sorted things out quickly when my needs changed.", 5),
        ("Good when it works, but it took a long time to get started.", 3),
        ("I would recommend them to anyone in the same position as me.", 5),
        ("Not what I hoped for. Things I asked for were forgotten more than once.", 2),
    ],
}
# Reviews the council did not publish, each with the policy's reason (market.reviews.REASONS): made up, naming no one.
DECLINED_REVIEWS = [
    ("The only man on the weekend round is rude to me every time he comes.", 2, "names_someone"),
    ("They help me with my insulin and my leg ulcers, and I live alone at the end of the lane.", 4,
     "personal_information"),
    ("My neighbour says this place is not very good, so I have not been back.", 1, "not_experience"),
    ("I have made a formal complaint about the missed visits and I want the council to look into it.", 1,
     "complaint_or_legal"),
    ("Great service! Try our partner cleaning company too, first visit half price this month.", 5, "advertising"),
]
REPLIES = {
    "good": [
        "Thank you for taking the time to tell us. We have shared this with the team.",
        "We are so pleased to hear this. Thank you for your kind words.",
    ],
    "mixed": [
        "Thank you for your honest review. We are sorry about this and are looking at how to put it right.",
        "We are sorry to read this. Please ask your worker to pass on your number so our manager can call you.",
    ],
}
# The council's decisions, in turn: mostly published, some not, a few still waiting (so a small demo has each).
OUTCOMES = "PDPWPPPWPPPD"
GIVEN_MOST = 60  # reviews written down for the demo's people, at most (fast: each is a few real actions)


def build_reviews(*, today: datetime.date, moderator, seed: int = 0, recorders=(), since=None, at=None) -> int:
    """Reviews of the directory services the demo's people used through their approved plans (market.usage), written
    through the real actions. Called by site.demo once its people and plans are made (the directory is built before
    them). Returns how many.

    - The demo's people who sign in (a budget holder, and a family member for the person they act for) write one each
      on `today`: the first published with the provider's reply, the next waiting for the council.
    - For others who used a listed provider, a worker of `recorders` who may change their record writes down a review
      they gave on paper, by phone or at a meeting (record_review_given): at most GIVEN_MOST, one or two a person,
      mostly of the provider's first services, dated over the two years before `today` (never before `since`, by
      person id, the day their plan was first approved, and a few weeks after), with varied words and stars. The
      `moderator` publishes most, declines some for one of the policy's reasons and leaves a few waiting (the most
      recent); a provider sign-in of the organisation replies to some of those published. `at(day)` is a context in
      which a day's actions run (site.demo passes its clock, so the audit trail is dated then).

    Deterministic from `seed` (random.Random); copes with a demo of a few people (it writes fewer)."""
    at = at or (lambda day: contextlib.nullcontext())
    made = 0
    writers = User.objects.filter(role__in=[Role.BUDGET_HOLDER, Role.NOMINATED_PERSON], is_active=True).order_by("pk")
    services = list(
        queries.listed_services().filter(provider__organisation__isnull=False).select_related("provider").order_by("pk")
    )
    used = usage.people_of({s.provider.organisation_id for s in services})
    answering = {}  # organisation id -> the provider sign-in that replies, or None
    for service in services:
        organisation_id = service.provider.organisation_id
        if organisation_id not in answering:
            answering[organisation_id] = (
                User.objects.filter(role=Role.PROVIDER, organisation_id=organisation_id, is_active=True)
                .order_by("pk")
                .first()
            )
    signed_in = set()
    for writer in writers:
        for person in people_access.people_in_acting_role(writer).order_by("pk"):
            signed_in.add(person.pk)
            service = next((s for s in services if person.pk in used.get(s.provider.organisation_id, ())
                            and usage.used_by(person, s)), None)
            if service is None or made >= len(DEMO_REVIEWS):
                continue
            text, rating, reply = DEMO_REVIEWS[made]
            review = actions.write_review(
                service, actor=writer, person=person, text=text, rating=rating, on=today, channel="cli"
            )
            if reply:
                actions.moderate_review(review, actor=moderator, publish=True, on=today, channel="cli")
                if answering[service.provider.organisation_id] is not None:
                    actions.reply_to_review(review, actor=answering[service.provider.organisation_id], text=reply,
                                            on=today, channel="cli")
            made += 1
    return made + _given_reviews(today=today, moderator=moderator, seed=seed, recorders=list(recorders),
                                 since=since or {}, at=at, services=services, used=used, answering=answering,
                                 signed_in=signed_in)


def _given_reviews(*, today, moderator, seed, recorders, since, at, services, used, answering, signed_in) -> int:
    """The reviews the demo's people gave on paper or by phone, written down by their worker (build_reviews says how)."""
    if not recorders:
        return 0
    rng = random.Random(seed + 21)
    kinds = {s.pk: s.terms.values_list("code", flat=True).first() or "" for s in services}
    kinds_of = usage.kinds_of(set(used))  # by organisation and person, the kinds of service their plan used
    by_organisation: dict[int, list[Service]] = {}
    for service in services:
        by_organisation.setdefault(service.provider.organisation_id, []).append(service)
    reviewers = sorted({pk for people in used.values() for pk in people} - signed_in)
    people = {p.pk: p for p in Person.objects.filter(pk__in=reviewers)}
    earliest = today - datetime.timedelta(days=730)
    texts = {kind: rng.sample(said, len(said)) for kind, said in GIVEN_REVIEWS.items()}  # each used in turn, shuffled
    turn = {kind: 0 for kind in texts}
    made = published = declined = 0
    for pk in rng.sample(reviewers, len(reviewers)):
        if made >= GIVEN_MOST:
            break
        person = people[pk]
        first = max(earliest, since.get(pk, earliest) + datetime.timedelta(days=21))
        worker = next((w for w in recorders if people_access.can_change(w, person)), None)
        if worker is None or first > today - datetime.timedelta(days=3):
            continue
        theirs = [s for o, people_of in used.items() if pk in people_of for s in by_organisation.get(o, [])
                  if usage.fits(kinds_of[o][pk], s)]
        if not theirs:
            continue
        # mostly the provider's first services (what plans buy most), now and then another of theirs
        weights = [4 if n == 0 else 2 if n == 1 else 1 for n, _ in enumerate(theirs)]
        chosen = {rng.choices(theirs, weights=weights)[0].pk: None}
        if len(theirs) > 1 and rng.random() < 0.35:
            chosen[rng.choice(theirs).pk] = None
        for service in (s for s in theirs if s.pk in chosen):
            outcome = OUTCOMES[made % len(OUTCOMES)]
            if outcome == "W":  # waiting: given in the last few weeks
                written = today - datetime.timedelta(days=rng.randint(0, min(20, (today - first).days)))
            else:
                written = first + datetime.timedelta(days=rng.randint(0, max(0, (today - first).days - 14)))
            if outcome == "D":
                text, rating, reason = DECLINED_REVIEWS[declined % len(DECLINED_REVIEWS)]
                declined += 1
            else:
                kind = kinds[service.pk] if kinds[service.pk] in texts else ""
                text, rating = texts[kind][turn[kind] % len(texts[kind])]
                turn[kind] += 1
            with at(written):
                review = actions.record_review_given(  # the demo's people agreed, as the page asks
                    service, actor=worker, person=person, text=text, rating=rating, on=written, channel="cli",
                    how=rng.choices(["paper", "phone", "meeting"], weights=[3, 5, 2])[0], agreed=True)
            made += 1
            if outcome == "W":
                continue
            checked = min(today, written + datetime.timedelta(days=rng.randint(1, 10)))
            with at(checked):
                actions.moderate_review(review, actor=moderator, publish=outcome == "P", on=checked, channel="cli",
                                        reason="" if outcome == "P" else reason)
            replier = answering.get(service.provider.organisation_id)
            if outcome == "P" and replier is not None and published % 2 == 0:
                replied = min(today, checked + datetime.timedelta(days=rng.randint(1, 14)))
                with at(replied):
                    actions.reply_to_review(review, actor=replier, on=replied, channel="cli",
                                            text=rng.choice(REPLIES["good" if (rating or 0) >= 4 else "mixed"]))
            published += outcome == "P"
    return made
