"""A small directory for the market's tests: a listed home care agency (the council's `provider` sign-in), a listed day
centre, another provider's service, a proposed provider, and a closed service."""

import datetime

from selfdirect.market import demo
from selfdirect.market.models import (
    CqcRating,
    Language,
    Location,
    Provider,
    Rate,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)

T = datetime.time
NINE, FIVE = T(9), T(17)


def service(
    provider,
    name,
    term,
    *,
    areas=("Exeter",),
    byday="MO,TU,WE,TH,FR",
    opens=NINE,
    closes=FIVE,
    rates=(),
    languages=("English",),
    **extra,
):
    terms = demo.load_directory_taxonomy()
    made = Service.objects.create(provider=provider, name=name, **extra)
    made.terms.add(terms[term])
    for area in areas:
        ServiceArea.objects.create(service=made, name=area)
    for language in languages:
        Language.objects.create(service=made, name=language)
    Schedule.objects.create(service=made, byday=byday, opens_at=opens, closes_at=closes)
    for amount, unit, band, starts_on, ends_on in rates:
        Rate.objects.create(
            service=made,
            amount_pence=amount,
            unit=unit,
            band=band,
            starts_on=starts_on,
            ends_on=ends_on,
            confirmed_on=starts_on,
        )
    return made


def build(council, today: datetime.date):
    year_ago = today - datetime.timedelta(days=365)
    agency = Provider.objects.create(
        name="Exe Valley Home Care", organisation=council.agency, status="listed", confirmed_on=year_ago
    )
    other = Provider.objects.create(
        name="Another Agency", organisation=council.other_agency, status="listed", confirmed_on=year_ago
    )
    riverside = Provider.objects.create(name="Riverside Day Opportunities", status="listed", confirmed_on=year_ago)
    waiting = Provider.objects.create(name="Newcomer Care", status="proposed", description="A new agency in Exmouth")
    home_care = service(
        agency,
        "Home care visits",
        "personal_care",
        areas=("Exeter", "Exmouth"),
        byday="MO,TU,WE,TH,FR,SA,SU",
        opens=T(7),
        closes=T(22),
        rates=[
            (2300, "hour", "weekday", year_ago, today - datetime.timedelta(days=40)),
            (2450, "hour", "weekday", today - datetime.timedelta(days=39), None),
            (2800, "hour", "weekend", year_ago, None),
        ],
        vacancies=3,
        capacity_reported_on=today - datetime.timedelta(days=5),
    )
    office = Location.objects.create(
        provider=agency,
        name="Exe Valley Home Care office",
        address_1="1 Fore Street",
        city="Exeter",
        postcode="EX1 1AA",
        cqc_location_id="1-100000001",
    )
    ServiceAtLocation.objects.create(service=home_care, location=office)
    CqcRating.objects.create(
        location=office, key_question="overall", rating="Good", published_on=datetime.date(2025, 3, 4)
    )
    CqcRating.objects.create(
        location=office, key_question="safe", rating="Requires improvement", published_on=datetime.date(2025, 3, 4)
    )
    art = service(
        riverside,
        "Art and craft days",
        "day_opportunity",
        byday="TU",
        opens=T(10),
        closes=T(15),
        languages=("English", "Polish"),
        rates=[(3500, "session", "weekday", year_ago, None)],
    )
    hall = Location.objects.create(
        provider=riverside,
        name="Riverside hall",
        address_1="4 Mill Lane",
        city="Exeter",
        postcode="EX2 4PQ",
        step_free=True,
        accessible_toilet=True,
        hearing_loop=False,
    )
    ServiceAtLocation.objects.create(service=art, location=hall)
    music = service(
        riverside,
        "Music and drama",
        "day_opportunity",
        byday="TH",
        opens=T(13),
        closes=T(16),
        areas=("Barnstaple",),
        rates=[(5200, "session", "weekday", year_ago, None)],
    )
    elsewhere = service(
        other,
        "Night sitting",
        "personal_care",
        byday="MO,TU,WE,TH,FR,SA,SU",
        opens=T(22),
        closes=T(23, 59),
        rates=[(3100, "hour", "night", year_ago, None)],
    )
    closed = service(
        riverside, "Old lunch club", "club", status="defunct", rates=[(500, "session", "weekday", year_ago, None)]
    )
    hidden = service(waiting, "Newcomer home care", "personal_care", rates=[(2000, "hour", "weekday", year_ago, None)])
    return {
        "agency": agency,
        "other": other,
        "riverside": riverside,
        "waiting": waiting,
        "home_care": home_care,
        "art": art,
        "music": music,
        "elsewhere": elsewhere,
        "closed": closed,
        "hidden": hidden,
    }
