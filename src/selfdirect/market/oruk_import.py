"""Reading another directory's Open Referral UK data (the UK profile of HSDS 3.0, tests/market/fixtures/oruk) into
plain records, before anything is written: actions.import_oruk writes them.

A file holds what an Open Referral UK API's `/services` or `/services/{id}` answers: a page (an object with
`contents`, the profile's Page), one service object, or a list of services. Each service is checked on its own; one
that cannot be held is refused, named with its file and id and why ("services.json, service 'abc': no name"), and
the others are read. A file that is not JSON at all is an error naming the file, line and column: nothing is read.

What is read of a service, and what is left:

- its own fields (name, description, url, email, status, ages). A service with no status is taken as active (the
  profile requires one; many directories omit it); an unknown status is refused;
- its organization (`organization`, or only `organization_id` when the provider is already known);
- its lists, each only when the record carries it: a list-form service (the profile's service_list, which `/services`
  pages hold) has none, and then what the directory already holds of that list is kept. A list that is present, even
  empty, is the service's whole list;
- cost_options with an amount (one without is no price and is left). The amount is read exactly (JSON numbers are read
  as decimals, never floats) and must be whole pence. The unit and the time band are read from `amount_description`
  and `option` ("£24.50 an hour, weekdays"); where they say neither, the unit is a session and the band weekdays;
- schedules that say weekly days (`byday`) with an opening and a closing time; others (monthly, or with no times)
  are left, since the directory holds only weekly times;
- languages only where they carry a name (HSDS 3.0's `name`, `code`): the UK profile publishes a language's id only,
  which names nothing;
- service_at_locations with their location: name, first physical address, latitude and longitude, a CQC location id
  (an `external_identifier` whose type names CQC) and the venue's access (accessibility records whose description
  names step-free access, an accessible toilet, a hearing loop or parking; `details` starting "No" says it is not);
- attributes whose taxonomy_term is given in full, as the taxonomy terms the service is classified by.
"""

import datetime
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

STATUSES = ("active", "inactive", "defunct", "temporarily closed")  # ORUK schema/service.json, status's enum
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # RFC 5545 BYDAY, which ORUK schedule.byday follows
DAY_NAMES = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}
ACCESS = (  # the venue's four facts, and the words that name each in an accessibility record's description
    ("step_free", ("step-free", "step free", "wheelchair")),
    ("accessible_toilet", ("toilet",)),
    ("hearing_loop", ("hearing loop", "induction loop", "loop")),
    ("parking", ("parking",)),
)


class OrukFileError(ValueError):
    """A file that cannot be read at all (not UTF-8, not JSON, not services): str() names the file and the place."""


class Refused(ValueError):
    """One record that cannot be held; str() says why."""


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    description: str = ""
    website: str = ""
    email: str = ""


@dataclass(frozen=True)
class Location:
    id: str
    name: str
    description: str = ""
    address_1: str = ""
    city: str = ""
    postcode: str = ""
    latitude: float | None = None
    longitude: float | None = None
    cqc_location_id: str = ""
    step_free: bool | None = None
    accessible_toilet: bool | None = None
    hearing_loop: bool | None = None
    parking: bool | None = None


@dataclass(frozen=True)
class ServiceAtLocation:
    id: str
    location: Location


@dataclass(frozen=True)
class Cost:
    amount_pence: int
    unit: str  # market.models.Rate.Unit's values
    band: str  # market.models.Rate.Band's values
    starts_on: datetime.date | None
    ends_on: datetime.date | None


@dataclass(frozen=True)
class Schedule:
    byday: str
    opens_at: datetime.time
    closes_at: datetime.time
    description: str = ""


@dataclass(frozen=True)
class Language:
    name: str
    code: str = ""


@dataclass(frozen=True)
class Term:
    id: str
    name: str
    description: str
    code: str
    taxonomy_id: str
    taxonomy_name: str
    parent_id: str = ""


@dataclass(frozen=True)
class Service:
    """One service as read. A list that is None was not in the record: what the directory holds of it is kept."""

    where: str  # "services.json, service 'abc'": how a refusal names it
    id: str
    name: str
    status: str
    description: str = ""
    url: str = ""
    email: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    organization: Organization | None = None
    organization_id: str = ""
    at_locations: tuple[ServiceAtLocation, ...] | None = None
    areas: tuple[str, ...] | None = None
    languages: tuple[Language, ...] | None = None
    schedules: tuple[Schedule, ...] | None = None
    costs: tuple[Cost, ...] | None = None
    terms: tuple[Term, ...] | None = None


@dataclass
class Read:
    services: list[Service] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


# ---- reading the files -------------------------------------------------------------------------------------------


def read(pages: list[bytes], names: list[str]) -> Read:
    """Every service in the files, in order; a service given twice (in a page of services and again in full) is read
    once, its later record's fields over its earlier one's. Raises OrukFileError for a file that is not JSON."""
    if len(pages) != len(names):
        raise OrukFileError("Give a name for each file")
    raw: dict[str, tuple[str, dict]] = {}
    result = Read()
    for page, name in zip(pages, names, strict=True):
        for number, record in enumerate(_records(page, name), start=1):
            if not isinstance(record, dict):
                result.refused.append(f"{name}, service {number}: not a service object")
                continue
            ident = record.get("id")
            if not isinstance(ident, str) or not ident.strip():
                label = f" ({record['name']!r})" if isinstance(record.get("name"), str) else ""
                result.refused.append(f"{name}, service {number}{label}: no id")
                continue
            ident = ident.strip()
            earlier = raw.get(ident, ("", {}))[1]
            raw[ident] = (f"{name}, service '{ident}'", {**earlier, **record})
    for where, record in raw.values():
        try:
            result.services.append(service(record, where=where))
        except Refused as problem:
            result.refused.append(f"{where}: {problem}")
    return result


def _records(page: bytes, name: str) -> list:
    try:
        text = page.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        raise OrukFileError(f"{name}: not UTF-8 text (byte {problem.start + 1})") from None
    try:
        body = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as problem:
        raise OrukFileError(
            f"{name}, line {problem.lineno} column {problem.colno}: not valid JSON ({problem.msg})"
        ) from None
    if isinstance(body, list):
        return body
    if isinstance(body, dict) and isinstance(body.get("contents"), list):
        return body["contents"]
    if isinstance(body, dict) and "id" in body and "name" in body:
        return [body]
    raise OrukFileError(
        f"{name}: not Open Referral UK services (a page with 'contents', a service, or a list of services)"
    )


# ---- one service -----------------------------------------------------------------------------------------------


def service(record: dict, *, where: str = "") -> Service:
    """A service record read, or Refused saying why it cannot be held."""
    name = _text(record, "name", 200)
    if not name:
        raise Refused("no name")
    status = record.get("status")
    if status is None or status == "":
        status = "active"
    if status not in STATUSES:
        raise Refused(f"status {status!r} is not one of {', '.join(STATUSES)}")
    minimum_age, maximum_age = _age(record, "minimum_age"), _age(record, "maximum_age")
    if minimum_age is not None and maximum_age is not None and minimum_age > maximum_age:
        raise Refused(f"minimum_age {minimum_age} is above maximum_age {maximum_age}")
    organization = record.get("organization")
    costs = _list(record, "cost_options", _cost)
    if costs is not None:
        costs = tuple(c for c in costs if c is not None)
        current: dict[tuple[str, str], Cost] = {}
        for cost in costs:
            if cost.ends_on is None:
                if (cost.unit, cost.band) in current:
                    raise Refused(f"two prices for the same unit and time ({cost.unit}, {cost.band}) with no end date")
                current[(cost.unit, cost.band)] = cost
    schedules = _list(record, "schedules", _schedule)
    return Service(
        where=where,
        id=str(record["id"]).strip(),
        name=name,
        status=status,
        description=_text(record, "description"),
        url=_text(record, "url", 200),
        email=_email(record, "email"),
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        organization=_organization(organization) if organization is not None else None,
        organization_id=_text(record, "organization_id", 200),
        at_locations=_list(record, "service_at_locations", _at_location),
        areas=_list(record, "service_areas", _area),
        languages=_present(_list(record, "languages", _language)),
        schedules=_present(schedules),
        costs=costs,
        terms=_present(_list(record, "attributes", _term)),
    )


def _present(items):
    return None if items is None else tuple(i for i in items if i is not None)


def _list(record: dict, key: str, read_one) -> tuple | None:
    items = record.get(key)
    if items is None:
        return None
    if not isinstance(items, list):
        raise Refused(f"{key} is not a list")
    read_items = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise Refused(f"{key} {number} is not an object")
        try:
            read_items.append(read_one(item))
        except Refused as problem:
            ident = item.get("id")
            raise Refused(f"{key} {f'{ident!r}' if isinstance(ident, str) and ident else number}: {problem}") from None
    return tuple(read_items)


def _text(record: dict, key: str, limit: int | None = None) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Refused(f"{key} is not text")
    value = value.strip()
    if limit is not None and len(value) > limit:
        raise Refused(f"{key} is longer than {limit} characters")
    return value


def _email(record: dict, key: str) -> str:
    value = _text(record, key, 254)
    if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise Refused(f"{key} {value!r} is not an email address")
    return value


def _number(record: dict, key: str) -> Decimal | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise Refused(f"{key} is not a number")
    return Decimal(value)


def _age(record: dict, key: str) -> int | None:
    value = _number(record, key)
    if value is None:
        return None
    if value != value.to_integral_value() or not 0 <= value <= 150:
        raise Refused(f"{key} {value} is not an age in whole years")
    return int(value)


def _date(record: dict, key: str) -> datetime.date | None:
    value = _text(record, key)
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        raise Refused(f"{key} {value!r} is not a date") from None


def _time(record: dict, key: str) -> datetime.time | None:
    value = _text(record, key)
    if not value:
        return None
    try:
        return datetime.time.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        raise Refused(f"{key} {value!r} is not a time of day") from None


def _organization(record) -> Organization:
    if not isinstance(record, dict):
        raise Refused("organization is not an object")
    ident = _text(record, "id", 200)
    name = _text(record, "name", 200)
    if not ident or not name:
        raise Refused("its organization has no " + ("id" if not ident else "name"))
    return Organization(
        id=ident,
        name=name,
        description=_text(record, "description"),
        website=_text(record, "website", 200),
        email=_email(record, "email"),
    )


# How a cost option's words say what the price is for and when (checked in this order: "weekday" and "weekend" hold
# "week" and "day", so the unit is read from "a day", "per week", "daily" and the like, never from a bare "day").
UNIT_WORDS = (
    ("hour", r"\b(?:an?|per|each|the)\s+hour\b|\bhourly\b|/\s*h(?:ou)?r\b"),
    ("session", r"\b(?:an?|per|each|the)\s+session\b"),
    ("day", r"\b(?:an?|per|each|the)\s+day\b|\bdaily\b|/\s*day\b"),
    ("week", r"\b(?:an?|per|each|the)\s+week\b|\bweekly\b|/\s*week\b"),
)
BAND_WORDS = (
    ("bank_holiday", r"\bbank\s+holidays?\b"),
    ("night", r"\bnights?\b|\bovernight\b"),
    ("weekend", r"\bweekends?\b|\bsaturdays?\b|\bsundays?\b"),
    ("weekday", r"\bweekdays?\b"),
)


def unit_and_band(*words: str) -> tuple[str, str]:
    """What a price is for and when, from a cost option's description and option: ("session", "weekday") when they
    say neither."""
    text = " ".join(w for w in words if w).lower()
    unit = next((u for u, pattern in UNIT_WORDS if re.search(pattern, text)), "session")
    band = next((b for b, pattern in BAND_WORDS if re.search(pattern, text)), "weekday")
    return unit, band


def _cost(record: dict) -> Cost | None:
    amount = _number(record, "amount")
    if amount is None:
        return None  # no amount is no price (e.g. "Free at the point of use" as words only)
    pence = amount * 100
    if amount < 0 or pence != pence.to_integral_value():
        raise Refused(f"amount {amount} is not a price in pounds and whole pence")
    unit, band = unit_and_band(_text(record, "amount_description"), _text(record, "option"))
    starts_on, ends_on = _date(record, "valid_from"), _date(record, "valid_to")
    if starts_on and ends_on and ends_on < starts_on:
        raise Refused("valid_to is before valid_from")
    return Cost(amount_pence=int(pence), unit=unit, band=band, starts_on=starts_on, ends_on=ends_on)


def _byday(value: str) -> str:
    days = []
    for part in value.replace(" ", "").split(","):
        day = DAY_NAMES.get(part.lower(), part.upper())
        day = re.sub(r"^[+-]?\d+", "", day)  # "1MO" (the first Monday) is monthly: not held
        if day not in DAYS or part[:1].isdigit() or part[:1] in "+-":
            return ""
        days.append(day)
    return ",".join(d for d in DAYS if d in days)


def _schedule(record: dict) -> Schedule | None:
    freq = _text(record, "freq").upper()
    byday = _byday(_text(record, "byday"))
    opens_at, closes_at = _time(record, "opens_at"), _time(record, "closes_at")
    if (freq and freq != "WEEKLY") or not byday or opens_at is None or closes_at is None:
        return None  # not a weekly time the directory holds (see the module's note)
    return Schedule(byday=byday, opens_at=opens_at, closes_at=closes_at, description=_text(record, "description")[:200])


def _area(record: dict) -> str:
    name = _text(record, "name", 200) or _text(record, "service_area", 200) or _text(record, "extent", 200)
    if not name:
        raise Refused("no name")
    return name


def _language(record: dict) -> Language | None:
    name = _text(record, "name", 80)
    return Language(name=name, code=_text(record, "code", 10)) if name else None


def _term(record: dict) -> Term | None:
    term = record.get("taxonomy_term")
    if term is None:
        return None  # an attribute naming a term by id only: nothing to name it by
    if not isinstance(term, dict):
        raise Refused("taxonomy_term is not an object")
    ident, name = _text(term, "id", 200), _text(term, "name", 200)
    if not ident or not name:
        raise Refused("its taxonomy_term has no " + ("id" if not ident else "name"))
    return Term(
        id=ident,
        name=name,
        description=_text(term, "description"),
        code=(_text(term, "term") or name)[:80],
        taxonomy_id=_text(term, "taxonomy_id", 200),
        taxonomy_name=_text(term, "taxonomy", 200),
        parent_id=_text(term, "parent_id", 200),
    )


def _at_location(record: dict) -> ServiceAtLocation:
    ident = _text(record, "id", 200)
    if not ident:
        raise Refused("no id")
    location = record.get("location")
    if not isinstance(location, dict):
        raise Refused("no location")
    return ServiceAtLocation(id=ident, location=_location(location))


def _location(record: dict) -> Location:
    ident = _text(record, "id", 200)
    if not ident:
        raise Refused("its location has no id")
    addresses = [a for a in record.get("addresses") or [] if isinstance(a, dict)]
    address = next(
        (a for a in addresses if a.get("address_type") in (None, "physical")), addresses[0] if addresses else {}
    )
    cqc = ""
    if "cqc" in _text(record, "external_identifier_type").lower():
        cqc = _text(record, "external_identifier", 20)
    access: dict[str, bool] = {}
    for item in record.get("accessibility") or []:
        if not isinstance(item, dict):
            continue
        description = _text(item, "description").lower()
        details = _text(item, "details").lower()
        for fact, words in ACCESS:
            if fact not in access and any(w in description for w in words):
                access[fact] = not re.match(r"no\b|not\b|none\b", details)
                break
    latitude, longitude = _number(record, "latitude"), _number(record, "longitude")
    if latitude is not None and not -90 <= latitude <= 90:
        raise Refused(f"latitude {latitude} is not a latitude")
    if longitude is not None and not -180 <= longitude <= 180:
        raise Refused(f"longitude {longitude} is not a longitude")
    address_1 = _text(address, "address_1", 200)
    return Location(
        id=ident,
        name=_text(record, "name", 200) or address_1 or "Venue",
        description=_text(record, "description"),
        address_1=address_1,
        city=_text(address, "city", 100),
        postcode=_text(address, "postal_code", 10),
        latitude=float(latitude) if latitude is not None else None,
        longitude=float(longitude) if longitude is not None else None,
        cqc_location_id=cqc,
        **access,
    )
