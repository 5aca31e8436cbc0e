"""The directory's search, as plain rules (no Django): what a person asks for (`Wanted`), what a service offers
(`Offer`), whether it matches, and the line that says why ("Day opportunity in Exeter, open Tuesdays 10am to 3pm,
£35.00 a session: within your £40.00"). Prices are integer pence and are shown only through core.money.Money.

queries.py turns the database's rows into Offers; these rules decide. A criterion left empty matches everything; a
criterion given is met only by what is known to meet it (a service with no price for the unit asked about is not
"within your budget", one with no CQC rating is not "rated Good or better")."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from selfdirect.core.money import Money

# RFC 5545 BYDAY codes, in the week's order, with the plural a sentence uses ("open Tuesdays").
DAYS = {
    "MO": "Mondays",
    "TU": "Tuesdays",
    "WE": "Wednesdays",
    "TH": "Thursdays",
    "FR": "Fridays",
    "SA": "Saturdays",
    "SU": "Sundays",
}
DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
UNITS = {"hour": "an hour", "session": "a session", "day": "a day", "week": "a week"}
BANDS = {"weekday": "weekdays", "weekend": "weekends", "night": "nights", "bank_holiday": "bank holidays"}
# The directory's own taxonomy, "What you can do" (issue 20: services described by what a person can do with them):
# (code, name, description). Migration 0002 loads it; market.demo.load_directory_taxonomy loads it again after a flush.
WHAT_YOU_CAN_DO = [
    ("personal_care", "Personal care", "Help at home with washing, dressing, eating and taking medicines"),
    (
        "personal_assistant",
        "Personal assistant agency",
        "An agency that finds, employs or supports personal assistants",
    ),
    ("day_opportunity", "Day opportunity", "Somewhere to go in the day: activities, learning, work and company"),
    ("club", "Club or group", "A club, class or group to join, often in the evening or at weekends"),
    ("transport", "Transport", "Getting to places: accessible transport, driving and escorts"),
    ("equipment", "Equipment", "Equipment and adaptations to buy or hire, with advice on choosing them"),
    ("short_break", "Short break", "A break away from home, or support at home, so a carer can rest"),
]
# How the council stands with a service, in plain words for the public pages (models.Service.Relationship's codes).
RELATIONSHIPS = {
    "framework": "The council has agreed prices with them (framework)",
    "contract": "The council has a contract with them",
    "spot": "Bought by the council one person at a time (spot purchase)",
    "none": "No arrangement with the council",
}
# CQC's four ratings, worst to best (CQC, "How we rate services": Outstanding, Good, Requires improvement, Inadequate).
RATINGS = ["Inadequate", "Requires improvement", "Good", "Outstanding"]


@dataclass(frozen=True)
class Opening:
    days: tuple[str, ...]  # BYDAY codes, e.g. ("TU",)
    opens_at: datetime.time
    closes_at: datetime.time


@dataclass(frozen=True)
class Price:
    amount_pence: int
    unit: str
    band: str


@dataclass(frozen=True)
class Offer:
    """One service as the search sees it. `ratings` are the CQC overall ratings of its venues."""

    name: str
    provider: str
    terms: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    openings: tuple[Opening, ...] = ()
    prices: tuple[Price, ...] = ()
    ratings: tuple[str, ...] = ()
    text: str = ""  # the words a free-text search looks in: its description, its provider's, its venues'


@dataclass(frozen=True)
class Wanted:
    """What a person asked for; each left empty (None or "") asks nothing."""

    term: str = ""  # the name of what they want to do
    area: str = ""
    day: str = ""  # a BYDAY code
    time: datetime.time | None = None
    language: str = ""
    highest_pence: int | None = None
    unit: str = ""  # what the highest price is for (a key of UNITS); the search form asks for it with a price
    rating: str = ""  # the lowest CQC overall rating they will accept
    words: str = ""


@dataclass(frozen=True)
class Match:
    offer: Offer
    why: str
    prices: tuple[Price, ...] = field(default=())  # the prices that fit the budget, cheapest first


# ---- wording ---------------------------------------------------------------------------------------------------------


def time_text(moment: datetime.time) -> str:
    """10am, 3:30pm, midday, midnight (GOV.UK style: no full stops, no leading zero)."""
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    if (moment.hour, moment.minute) in {(0, 0), (23, 59)}:  # 23:59: a closing time at the end of the day
        return "midnight"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def days_text(days: tuple[str, ...] | list[str]) -> str:
    """ "Tuesdays", "Mondays to Fridays", "Mondays, Wednesdays and Fridays", "every day"."""
    order = list(DAYS)
    known = sorted({d for d in days if d in DAYS}, key=order.index)
    if len(known) == 7:
        return "every day"
    if not known:
        return ""
    positions = [order.index(d) for d in known]
    if len(known) >= 3 and positions == list(range(positions[0], positions[-1] + 1)):
        return f"{DAYS[known[0]]} to {DAYS[known[-1]]}"
    names = [DAYS[d] for d in known]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def opening_text(opening: Opening) -> str:
    return f"{days_text(opening.days)} {time_text(opening.opens_at)} to {time_text(opening.closes_at)}"


def price_text(price: Price) -> str:
    """ "£24.50 an hour, weekdays"."""
    return f"{Money(price.amount_pence)} {UNITS.get(price.unit, price.unit)}, {BANDS.get(price.band, price.band)}"


def parse_days(byday: str) -> tuple[str, ...]:
    """ "MO,TU" (RFC 5545 BYDAY) to ("MO", "TU"); anything else in the list is left out."""
    return tuple(d for d in (part.strip().upper() for part in byday.split(",")) if d in DAYS)


# ---- the rules -------------------------------------------------------------------------------------------------------


def rating_at_least(rating: str, lowest: str) -> bool:
    """Whether a CQC rating is `lowest` or better; an unknown rating ("Not yet rated", blank) meets no lowest."""
    if not lowest:
        return True
    if rating not in RATINGS or lowest not in RATINGS:
        return False
    return RATINGS.index(rating) >= RATINGS.index(lowest)


def open_at(openings: tuple[Opening, ...], day: str = "", moment: datetime.time | None = None) -> tuple[Opening, ...]:
    """The openings on the day asked (any day if none), running at the time asked (any time if none): a service that
    opens at 10am and closes at 3pm is open at 10am and at 2:59pm, not at 3pm."""
    return tuple(
        o for o in openings if (not day or day in o.days) and (moment is None or o.opens_at <= moment < o.closes_at)
    )


def prices_within(prices: tuple[Price, ...], highest_pence: int, unit: str) -> tuple[Price, ...]:
    """The prices for the unit asked that are no more than the highest, cheapest first."""
    return tuple(
        sorted(
            (p for p in prices if p.unit == unit and p.amount_pence <= highest_pence),
            key=lambda p: (p.amount_pence, list(BANDS).index(p.band) if p.band in BANDS else 9),
        )
    )


def _has_words(offer: Offer, words: str) -> bool:
    haystack = " ".join([offer.name, offer.provider, *offer.terms, offer.text]).casefold()
    return all(word in haystack for word in words.casefold().split())


def match(offer: Offer, wanted: Wanted) -> Match | None:
    """The offer as a match for what was wanted, with why; None when it does not meet every criterion given."""
    if wanted.term and wanted.term not in offer.terms:
        return None
    area = next((a for a in offer.areas if a.casefold() == wanted.area.casefold()), None) if wanted.area else None
    if wanted.area and area is None:
        return None
    language = (
        next((x for x in offer.languages if x.casefold() == wanted.language.casefold()), None)
        if wanted.language
        else None
    )
    if wanted.language and language is None:
        return None
    openings = open_at(offer.openings, wanted.day, wanted.time) if (wanted.day or wanted.time) else ()
    if (wanted.day or wanted.time) and not openings:
        return None
    fitting = prices_within(offer.prices, wanted.highest_pence, wanted.unit) if wanted.highest_pence is not None else ()
    if wanted.highest_pence is not None and not fitting:
        return None
    rated = [r for r in offer.ratings if r in RATINGS]
    if wanted.rating and not (rated and all(rating_at_least(r, wanted.rating) for r in rated)):
        return None
    if wanted.words.strip() and not _has_words(offer, wanted.words):
        return None
    return Match(
        offer,
        explain(offer, wanted, area=area, language=language, openings=openings, fitting=fitting, rated=rated),
        fitting,
    )


def explain(offer: Offer, wanted: Wanted, *, area=None, language=None, openings=(), fitting=(), rated=()) -> str:
    """Why the offer matched, in the order the person asked: what it is and where, when it is open, the language,
    the price against their budget, the rating, the words."""
    what = wanted.term or (offer.terms[0] if offer.terms else offer.name)
    first = what[:1].upper() + what[1:]
    if area:
        first += f" in {area}"
    parts = [first]
    if openings:
        shown = openings[0]
        days = (wanted.day,) if wanted.day else shown.days
        parts.append(f"open {days_text(days)} {time_text(shown.opens_at)} to {time_text(shown.closes_at)}")
    if language:
        parts.append(f"in {language}")
    if wanted.rating and rated:
        worst = min(rated, key=RATINGS.index)
        parts.append(f"rated {worst} by CQC")
    if wanted.words.strip():
        parts.append(f"mentions “{wanted.words.strip()}”")
    line = ", ".join(parts)
    if fitting:
        cheapest = fitting[0]
        line += (
            f", {Money(cheapest.amount_pence)} {UNITS.get(cheapest.unit, cheapest.unit)}: within your "
            f"{Money(wanted.highest_pence)}"
        )
    return line


def asks_anything(wanted: Wanted) -> bool:
    """Whether any question was answered (a unit without a highest price asks nothing)."""
    return any(
        [
            wanted.term,
            wanted.area,
            wanted.day,
            wanted.time is not None,
            wanted.language,
            wanted.highest_pence is not None,
            wanted.rating,
            wanted.words.strip(),
        ]
    )


def search(offers, wanted: Wanted) -> list[Match]:
    """Every offer that matches, in the order given."""
    return [found for found in (match(offer, wanted) for offer in offers) if found is not None]
