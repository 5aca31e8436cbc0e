"""The directory in easy read, as plain rules (no Django): a price and an opening as short sentences, one idea each
("It costs £35.00 for a session on weekdays.", "Open Tuesday, 10am to 3pm."), in the short words the product's other
easy read pages use (site/_at_a_glance_easy.html). The figures are search.py's; prices only through core.money."""

from __future__ import annotations

from selfdirect.core.money import Money

from . import search

UNITS = {"hour": "for an hour", "session": "for a session", "day": "for a day", "week": "for a week"}
BANDS = {"weekday": "on weekdays", "weekend": "at weekends", "night": "at night", "bank_holiday": "on bank holidays"}
# Whole words only, in the week's order (RFC 5545 BYDAY codes, as search.DAY_NAMES).
DAY_ORDER = list(search.DAY_NAMES)


def price_words(price: search.Price) -> str:
    """ "£35.00 for a session on weekdays"."""
    unit = UNITS.get(price.unit, price.unit)
    band = BANDS.get(price.band, price.band)
    return f"{Money(price.amount_pence)} {unit} {band}".strip()


def price_sentence(price: search.Price) -> str:
    """ "It costs £35.00 for a session on weekdays."."""
    return f"It costs {price_words(price)}."


def days_words(days: tuple[str, ...] | list[str]) -> str:
    """ "Tuesday", "Tuesday and Thursday", "Monday to Friday", "every day"."""
    known = sorted({d for d in days if d in search.DAY_NAMES}, key=DAY_ORDER.index)
    if len(known) == 7:
        return "every day"
    if not known:
        return ""
    positions = [DAY_ORDER.index(d) for d in known]
    if len(known) >= 3 and positions == list(range(positions[0], positions[-1] + 1)):
        return f"{search.DAY_NAMES[known[0]]} to {search.DAY_NAMES[known[-1]]}"
    names = [search.DAY_NAMES[d] for d in known]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def open_sentence(opening: search.Opening, note: str = "") -> str:
    """ "Open Tuesday and Thursday, 10am to 3pm."; "Open every day, 7am to 10pm."; with the provider's note after it
    ("Open Tuesday, 10am to 3pm. Term time only.")."""
    days = days_words(opening.days)
    hours = f"{search.time_text(opening.opens_at)} to {search.time_text(opening.closes_at)}"
    said = f"Open {days}, {hours}." if days else f"Open {hours}."
    note = note.strip().rstrip(".")
    return f"{said} {note[:1].upper()}{note[1:]}." if note else said


def places_sentences(*, active: bool, vacancies: int | None, waiting_weeks: int | None, reported: bool) -> list[str]:
    """Whether it has places, as the provider last said, in short sentences (the date is added by the page)."""
    if not active:
        return ["It has no places now."]
    if not reported or (vacancies is None and not waiting_weeks):
        return ["Ask them if they have a place for you."]
    said = []
    if vacancies:
        said.append(f"It has {vacancies} {'place' if vacancies == 1 else 'places'} free.")
    elif vacancies == 0:
        said.append("It has no places free now.")
    if waiting_weeks:
        said.append(f"You may wait {waiting_weeks} {'week' if waiting_weeks == 1 else 'weeks'} for a place.")
    return said
