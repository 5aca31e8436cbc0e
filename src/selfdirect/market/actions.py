"""Every write to the market directory: atomic, and audited (audit.record). Imports from CQC's files and from other
directories' Open Referral UK data write all of a file or nothing of it."""

import datetime
import hashlib
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q

from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.core.errors import DomainError, together
from selfdirect.core.money import Money
from selfdirect.people.checks import CheckFailed, normalise_postcode

from . import cqc, search
from .models import (
    CqcImport,
    CqcRating,
    Language,
    Location,
    Provider,
    Rate,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from .queries import DIRECTORY_TAXONOMY

PRICE_AHEAD_DAYS = 731  # a price may be set to start up to two years ahead (a provider's next year's rates, and more)
# a UK phone number as people write it: digits, spaces, brackets, a leading + and hyphens
PHONE = re.compile(r"\+?[0-9][0-9 ()-]{6,30}")


class MarketError(DomainError):
    """The directory cannot be changed as asked; str() is the message to show, naming the field, row or record."""


# ---- the council confirms providers; providers keep their own entries (prices and capacity) -------------------------

def _may_change(service: Service, actor) -> None:
    """A provider changes its own services only; the council (may_manage_directory) changes any."""
    _may_change_provider(service.provider, actor)


@transaction.atomic
def confirm_provider(provider: Provider, *, actor, on: datetime.date, channel: str = "web") -> Provider:
    """The council confirms a proposed provider: it is listed from then on, with who confirmed it and when. One the
    council did not list (withdrawn) may be listed after all, when something has changed: the reason it was not
    listed is then cleared (the audit trail keeps it, with both decisions)."""
    if not permissions.may_manage_directory(actor):
        raise PermissionDenied("Only the council confirms a provider for the directory")
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if provider.status not in (Provider.Status.PROPOSED, Provider.Status.WITHDRAWN):
        raise MarketError(f"{provider.name} is not waiting to be confirmed (it is {provider.get_status_display().lower()})")
    if provider.status == Provider.Status.WITHDRAWN:
        earlier = f" on {provider.declined_on:%-d %B %Y}" if provider.declined_on else ""
        what = f"Listed {provider.name} in the directory after all (not listed{earlier})"
    else:
        what = f"Confirmed {provider.name} for the directory"
    provider.status, provider.confirmed_by, provider.confirmed_on = Provider.Status.LISTED, actor, on
    provider.declined_reason, provider.declined_on = "", None
    provider.save(update_fields=["status", "confirmed_by", "confirmed_on", "declined_reason", "declined_on"])
    audit.record(actor=actor, action=audit.Action.DECISION, what=what[:200], channel=channel)
    return provider


@transaction.atomic
def decline_provider(provider: Provider, *, actor, on: datetime.date, reason: str, channel: str = "web") -> Provider:
    """The council decides not to list a proposed provider (it is then withdrawn: not listed, not waiting), saying why:
    the reason and the day are kept on the provider, shown to it on its own entries and to the council under "Not
    listed" (where it may be listed after all, confirm_provider), and in the audit trail with who decided."""
    if not permissions.may_manage_directory(actor):
        raise PermissionDenied("Only the council decides not to list a provider")
    reason = (reason or "").strip()
    if not reason:
        raise MarketError(f"Enter why the council will not list {provider.name}", field="reason")
    if len(reason) > 500:
        raise MarketError("The reason must be 500 characters or fewer", field="reason")
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if provider.status != Provider.Status.PROPOSED:
        raise MarketError(f"{provider.name} is not waiting to be confirmed (it is {provider.get_status_display().lower()})")
    provider.status, provider.declined_reason, provider.declined_on = Provider.Status.WITHDRAWN, reason, on
    provider.save(update_fields=["status", "declined_reason", "declined_on"])
    audit.record(actor=actor, action=audit.Action.DECISION, channel=channel, why=reason,
                 what=f"Did not list {provider.name} in the directory on {on:%-d %B %Y}"[:200])
    return provider


@transaction.atomic
def set_rate(service: Service, *, actor, unit: str, band: str, amount_pence: int | None, starts_on: datetime.date | None,
             confirmed_on: datetime.date, channel: str = "web") -> Rate:
    """A new price for a unit in a time band from a day: the price in force that day ends the day before, and stays
    shown as an earlier price; a price still to come after it keeps its day (the new one ends the day before it). A
    price given from the same day as one that starts today or later replaces it (a mistake put right before anyone
    paid it); a price in force on a day gone by is never replaced, only followed. A price that starts before the day
    it is confirmed, or more than two years ahead, is refused, as is an amount of nothing."""
    _may_change(service, actor)
    problems = []
    if unit not in Rate.Unit.values:
        problems.append(MarketError("Select what the price is for (an hour, a session, a day or a week)", field="unit"))
    if band not in Rate.Band.values:
        problems.append(MarketError("Select when the price applies (weekdays, weekends, nights or bank holidays)",
                                    field="band"))
    if amount_pence is None:
        problems.append(MarketError("Enter the price", field="amount_pence"))
    elif amount_pence <= 0:
        problems.append(MarketError("The price must be more than £0.00", field="amount_pence"))
    if starts_on is None:
        problems.append(MarketError("Enter the date the price starts", field="starts_on"))
    elif starts_on < confirmed_on:
        problems.append(MarketError(f"The price must start on {confirmed_on:%-d %B %Y} or later: a price already shown "
                                    "for an earlier day cannot be changed", field="starts_on"))
    elif starts_on > confirmed_on + datetime.timedelta(days=PRICE_AHEAD_DAYS):
        problems.append(MarketError(f"The price must start within two years, by "
                                    f"{confirmed_on + datetime.timedelta(days=PRICE_AHEAD_DAYS):%-d %B %Y}",
                                    field="starts_on"))
    if problems:
        raise together(problems)
    service = Service.objects.select_for_update().get(pk=service.pk)
    rates = service.rates.filter(unit=unit, band=band)
    # The prices for a unit and band make one line of days, each ending the day before the next starts. The new price
    # goes into that line at its first day: the price in force that day (covering) ends the day before; a price still
    # to come after it keeps its day, and the new one ends the day before it.
    covering = (rates.filter(starts_on__lte=starts_on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
                .order_by("-starts_on").first())
    replaced = None
    if covering is not None and covering.starts_on == starts_on:
        # A price starting the same day, today or later (never in force on a day gone by): a mistake put right. It is
        # replaced, and the audit trail keeps what it was.
        ends_on, replaced = covering.ends_on, covering
        audit.record(actor=actor, action=audit.Action.CHANGE, channel=channel,
                     what=f"Put right the price of {service.name}: {Money(covering.amount_pence)} "
                          f"{covering.get_unit_display()}, {covering.get_band_display()}, from "
                          f"{covering.starts_on:%-d %B %Y}, is replaced"[:200])
        covering.delete()
    elif covering is not None:
        ends_on = covering.ends_on
        covering.ends_on = starts_on - datetime.timedelta(days=1)
        covering.save(update_fields=["ends_on"])
    else:
        later = rates.filter(starts_on__gt=starts_on).order_by("starts_on").first()
        ends_on = later.starts_on - datetime.timedelta(days=1) if later is not None else None
    rate = Rate.objects.create(service=service, unit=unit, band=band, amount_pence=amount_pence, starts_on=starts_on,
                               ends_on=ends_on, confirmed_on=confirmed_on, changed_by=actor)
    rate.replaced = replaced  # for the page to say so
    service.save(update_fields=["updated_at"])
    audit.record(actor=actor, action=audit.Action.CHANGE, channel=channel,
                 what=f"Set the price of {service.name}: {Money(amount_pence)} {rate.get_unit_display()}, "
                      f"{rate.get_band_display()}, from {starts_on:%-d %B %Y}"[:200])
    return rate


@transaction.atomic
def report_capacity(service: Service, *, actor, vacancies: int | None, waiting_weeks: int | None, on: datetime.date,
                    channel: str = "web") -> Service:
    """The provider says how full the service is: places free, or the weeks' wait for one (or both), dated."""
    _may_change(service, actor)
    problems = []
    if vacancies is None and waiting_weeks is None:
        problems.append(MarketError("Enter the places free or the weeks' wait for a place", field="vacancies"))
    if vacancies is not None and vacancies < 0:
        problems.append(MarketError("Places free must be 0 or more", field="vacancies"))
    if waiting_weeks is not None and not 0 <= waiting_weeks <= 520:
        problems.append(MarketError("Weeks' wait must be between 0 and 520", field="waiting_weeks"))
    if problems:
        raise together(problems)
    service = Service.objects.select_for_update().get(pk=service.pk)
    service.vacancies, service.waiting_weeks, service.capacity_reported_on = vacancies, waiting_weeks, on
    service.save(update_fields=["vacancies", "waiting_weeks", "capacity_reported_on", "updated_at"])
    audit.record(actor=actor, action=audit.Action.CHANGE, channel=channel,
                 what=f"Reported places at {service.name}: {vacancies if vacancies is not None else 'not said'} free, "
                      f"{waiting_weeks if waiting_weeks is not None else 'not said'} weeks' wait"[:200])
    return service


# ---- providers keep their own entries: their details, services, times and venues ------------------------------------

# what a provider writes about itself, its services and its venues (the council's relationship with a service, and
# what a budget can buy it with, are the council's to say: not here)
LONGEST_DESCRIPTION = 2000


def _may_change_provider(provider: Provider, actor) -> None:
    """A provider changes its own entries only; the council (may_manage_directory) changes any."""
    if permissions.may_manage_directory(actor):
        return
    own = provider.organisation_id is not None and provider.organisation_id == getattr(actor, "organisation_id", None)
    if not (permissions.may_maintain_own_listing(actor) and own):
        raise PermissionDenied("Only the provider itself or the council may change this entry")


def _text(value, field: str, label: str, problems: list, *, required=False, longest=200) -> str:
    text = (value or "").strip()
    if required and not text:
        problems.append(MarketError(f"Enter {label}", field=field))
    elif len(text) > longest:
        problems.append(MarketError(f"{label[0].upper()}{label[1:]} must be {longest} characters or fewer", field=field))
    return text


def _web_address(value, field: str, label: str, problems: list) -> str:
    text = (value or "").strip()
    if text.lower().startswith("www."):  # as people give it: the secure address is meant
        text = f"https://{text}"
    if text and not (text.startswith(("https://", "http://")) and "." in text and " " not in text):
        problems.append(MarketError(f"{label} must be a web address starting https://, like https://example.org.uk",
                                    field=field))
    elif len(text) > 200:
        problems.append(MarketError(f"{label} must be 200 characters or fewer", field=field))
    return text


def _email(value, field: str, problems: list) -> str:
    text = (value or "").strip()
    if text:
        try:
            validate_email(text)
        except ValidationError:
            problems.append(MarketError("Email must be an email address, like care@example.org.uk", field=field))
        if len(text) > 254:
            problems.append(MarketError("Email must be 254 characters or fewer", field=field))
    return text


def _names(lines, field: str, label: str, problems: list) -> list[str]:
    """A list typed one a line (areas, languages): blanks dropped, each kept once, in the order given."""
    names: list[str] = []
    for number, line in enumerate(lines or [], start=1):
        name = " ".join(str(line).split())
        if len(name) > 80:
            problems.append(MarketError(f"{label}, line {number}: must be 80 characters or fewer", field=field))
        elif name and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return names


@transaction.atomic
def change_provider_details(provider: Provider, *, actor, description: str, website: str, email: str, phone: str,
                            channel: str = "web") -> Provider:
    """What the provider says about itself: a description, its website, email and phone (its name is the
    organisation's, kept by the council)."""
    _may_change_provider(provider, actor)
    problems: list = []
    description = _text(description, "description", "a description", problems, longest=LONGEST_DESCRIPTION)
    website = _web_address(website, "website", "Website", problems)
    email = _email(email, "email", problems)
    phone = _text(phone, "phone", "a phone number", problems, longest=40)
    if phone and not PHONE.fullmatch(phone):
        problems.append(MarketError("Phone must be a UK phone number, like 01392 000 000", field="phone"))
    if problems:
        raise together(problems)
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    provider.description, provider.website, provider.email, provider.phone = description, website, email, phone
    provider.save(update_fields=["description", "website", "email", "phone"])
    audit.record(actor=actor, action=audit.Action.CHANGE, channel=channel,
                 what=f"Changed {provider.name}'s details in the directory"[:200])
    return provider


@transaction.atomic
def save_service(provider: Provider, service: Service | None, *, actor, name: str, description: str, url: str,
                 email: str, status: str, minimum_age: int | str | None, maximum_age: int | str | None, term_codes, areas,
                 languages, location_ids, channel: str = "web") -> Service:
    """A provider adds a service, or changes one of its own: its name and description, what a person can do with it
    (the directory's taxonomy), its status, ages, areas it reaches, languages and the venues it is given at (the
    provider's own). Every earlier version is kept (simple-history) and the page says when it last changed. A new
    service of a listed provider is listed at once; a waiting provider's waits with it."""
    _may_change_provider(provider, actor)
    if service is not None and service.provider_id != provider.pk:
        raise PermissionDenied("That service is another provider's")
    problems: list = []
    name = _text(name, "name", "the service's name", problems, required=True)
    description = _text(description, "description", "a description", problems, longest=LONGEST_DESCRIPTION)
    url = _web_address(url, "url", "Website", problems)
    email = _email(email, "email", problems)
    if status not in Service.Status.values:
        problems.append(MarketError("Select whether the service is open", field="status"))
    ages = {}
    for name_of_age, label, age in (("minimum_age", "Youngest age", minimum_age), ("maximum_age", "Oldest age",
                                                                                   maximum_age)):
        text = str(age).strip() if age is not None else ""
        if text and not text.isdigit():
            problems.append(MarketError(f"{label} must be a whole number of years, like 18", field=name_of_age))
        elif text and not 0 <= int(text) <= 120:
            problems.append(MarketError(f"{label} must be between 0 and 120", field=name_of_age))
        ages[name_of_age] = int(text) if text.isdigit() and int(text) <= 120 else None
    minimum_age, maximum_age = ages["minimum_age"], ages["maximum_age"]
    if minimum_age is not None and maximum_age is not None and maximum_age < minimum_age:
        problems.append(MarketError(f"The oldest age ({maximum_age}) must not be below the youngest ({minimum_age})",
                                    field="maximum_age"))
    codes = list(dict.fromkeys(term_codes or []))
    terms = list(TaxonomyTerm.objects.filter(taxonomy__name=DIRECTORY_TAXONOMY, code__in=codes))
    if len(terms) != len(codes):
        problems.append(MarketError("Choose what a person can do from the list", field="terms"))
    elif not terms:
        problems.append(MarketError("Choose at least one thing a person can do with the service", field="terms"))
    areas = _names(areas, "areas", "Areas", problems)
    languages = _names(languages, "languages", "Languages", problems)
    asked = {str(pk) for pk in location_ids or []}
    wanted_venues = {int(pk) for pk in asked if pk.isdigit()}
    venues = list(Location.objects.filter(provider=provider, pk__in=wanted_venues))
    if len(venues) != len(asked):
        problems.append(MarketError("Choose venues from your own list", field="locations"))
    if problems:
        raise together(problems)
    if service is None:
        service = Service(provider=provider)
        done = "Added"
    else:
        service = Service.objects.select_for_update().get(pk=service.pk)
        done = "Changed"
    service.name, service.description, service.url, service.email, service.status = (
        name, description, url, email, status)
    service.minimum_age, service.maximum_age = minimum_age, maximum_age
    service.save()
    service.terms.set(terms)
    kept_areas = {a.name.lower(): a for a in service.areas.all()}
    ServiceArea.objects.filter(service=service).exclude(
        pk__in=[kept_areas[a.lower()].pk for a in areas if a.lower() in kept_areas]).delete()
    ServiceArea.objects.bulk_create([ServiceArea(service=service, name=a) for a in areas if a.lower() not in kept_areas])
    kept_languages = {x.name.lower(): x for x in service.languages.all()}
    Language.objects.filter(service=service).exclude(
        pk__in=[kept_languages[x.lower()].pk for x in languages if x.lower() in kept_languages]).delete()
    Language.objects.bulk_create(
        [Language(service=service, name=x) for x in languages if x.lower() not in kept_languages])
    ServiceAtLocation.objects.filter(service=service).exclude(location__in=venues).delete()
    held = set(ServiceAtLocation.objects.filter(service=service).values_list("location_id", flat=True))
    ServiceAtLocation.objects.bulk_create(
        [ServiceAtLocation(service=service, location=v) for v in venues if v.pk not in held])
    audit.record(actor=actor, action=audit.Action.CREATE if done == "Added" else audit.Action.CHANGE, channel=channel,
                 what=f"{done} the service {service.name} of {provider.name} in the directory"[:200])
    return service


@transaction.atomic
def add_schedule(service: Service, *, actor, days, opens_at: datetime.time | None, closes_at: datetime.time | None,
                 description: str = "", channel: str = "web") -> Schedule:
    """When a service runs: weekly on the days chosen, between two times on the same day (a night service that runs
    past midnight is two times: evening, and early morning)."""
    _may_change(service, actor)
    problems: list = []
    days = [d for d in search.DAYS if d in set(days or [])]
    if not days:
        problems.append(MarketError("Choose the days it runs", field="days"))
    if opens_at is None:
        problems.append(MarketError("Choose the time it opens", field="opens_at"))
    if closes_at is None:
        problems.append(MarketError("Choose the time it closes", field="closes_at"))
    elif opens_at is not None and closes_at <= opens_at:
        problems.append(MarketError(f"It must close after it opens ({search.time_text(opens_at)}): for a night that runs "
                                    "past midnight, add the hours after midnight as a second time", field="closes_at"))
    description = _text(description, "description", "a note", problems)
    if problems:
        raise together(problems)
    service = Service.objects.select_for_update().get(pk=service.pk)
    schedule = Schedule.objects.create(service=service, byday=",".join(days), opens_at=opens_at, closes_at=closes_at,
                                       description=description)
    service.save(update_fields=["updated_at"])
    audit.record(actor=actor, action=audit.Action.CHANGE, channel=channel,
                 what=f"Added a time to {service.name}: "
                      f"{search.opening_text(search.Opening(tuple(days), opens_at, closes_at))}"[:200])
    return schedule


@transaction.atomic
def remove_schedule(schedule: Schedule, *, actor, channel: str = "web") -> None:
    service = Service.objects.select_for_update().get(pk=schedule.service_id)
    _may_change(service, actor)
    said = search.opening_text(search.Opening(search.parse_days(schedule.byday), schedule.opens_at, schedule.closes_at))
    schedule.delete()
    service.save(update_fields=["updated_at"])
    audit.record(actor=actor, action=audit.Action.CHANGE, channel=channel,
                 what=f"Took a time off {service.name}: {said}"[:200])


@transaction.atomic
def save_location(provider: Provider, location: Location | None, *, actor, name: str, address_1: str, city: str,
                  postcode: str, cqc_location_id: str, step_free: bool | None, accessible_toilet: bool | None,
                  hearing_loop: bool | None, parking: bool | None, channel: str = "web") -> Location:
    """A provider adds a venue, or changes one of its own: its address, its CQC registration (matched to CQC's ratings
    by `selfdirect market import-cqc`) and its four access facts (each yes, no, or not known)."""
    _may_change_provider(provider, actor)
    if location is not None and location.provider_id != provider.pk:
        raise PermissionDenied("That venue is another provider's")
    problems: list = []
    name = _text(name, "name", "the venue's name", problems, required=True)
    address_1 = _text(address_1, "address_1", "the first line of the address", problems)
    city = _text(city, "city", "the town or city", problems, longest=100)
    postcode = (postcode or "").strip()
    if postcode:
        try:
            postcode = normalise_postcode(postcode)
        except CheckFailed as failure:
            problems.append(MarketError(str(failure), field="postcode"))
    cqc_location_id = (cqc_location_id or "").strip().upper()
    others = Location.objects.exclude(pk=location.pk) if location is not None else Location.objects.all()
    if cqc_location_id and not cqc.LOCATION_ID.fullmatch(cqc_location_id):
        problems.append(MarketError(f"CQC location ID must be one CQC gave, {cqc.LOCATION_ID_EXAMPLE}",
                                    field="cqc_location_id"))
    elif cqc_location_id and others.filter(cqc_location_id=cqc_location_id).exists():
        problems.append(MarketError(f"CQC location ID {cqc_location_id} is already given for another venue in the "
                                    "directory: check it, or ask the council", field="cqc_location_id"))
    if name and others.filter(provider=provider, name__iexact=name).exists():
        problems.append(MarketError(f"You already have a venue called {name}: give this one another name",
                                    field="name"))
    if problems:
        raise together(problems)
    if location is None:
        location = Location(provider=provider)
        done = "Added"
    else:
        location = Location.objects.select_for_update().get(pk=location.pk)
        done = "Changed"
    location.name, location.address_1, location.city, location.postcode = name, address_1, city, postcode
    if location.pk is not None and location.cqc_location_id != cqc_location_id:
        # CQC's ratings were the old registration's: they go with it, and the next import-cqc brings the new one's
        gone, _ = CqcRating.objects.filter(location=location).delete()
        if gone:
            audit.record(actor=actor, action=audit.Action.CHANGE, channel=channel,
                         what=f"Took CQC's ratings off {location.name}: its CQC location ID changed from "
                              f"{location.cqc_location_id or 'none'} to {cqc_location_id or 'none'}"[:200])
    location.cqc_location_id = cqc_location_id
    location.step_free, location.accessible_toilet, location.hearing_loop, location.parking = (
        step_free, accessible_toilet, hearing_loop, parking)
    location.save()
    audit.record(actor=actor, action=audit.Action.CREATE if done == "Added" else audit.Action.CHANGE, channel=channel,
                 what=f"{done} the venue {location.name} of {provider.name} in the directory"[:200])
    return location


# ---- CQC's published files ---------------------------------------------------------------------------------------------

@transaction.atomic
def import_cqc(source: bytes, *, name: str, actor, channel: str = "web") -> CqcImport:
    """Load one of CQC's published files (market/cqc.py reads either, told apart by its content) and record what it
    matched. Rows are matched to venues on Location.cqc_location_id; a location id no venue has is listed in the
    import's `unmatched` (once, at its first row) for a person to resolve, and each malformed row is named in its
    `problems`.

    - The care directory CSV confirms which venues CQC registers: it is matched and its problems named, and nothing
      else is written (the directory has no field for its "Date of latest check").
    - The ratings spreadsheet sets each matched venue's rating overall and per key question with its publication date
      (CqcRating, one a venue and question; simple-history keeps each earlier one). A rating published before the one
      stored never replaces it (an older month's file loaded late changes nothing), nor does a rating missing from
      the file remove one.
    - The same file loaded again (the same SHA-256) is imported again harmlessly: the same ratings, so nothing changes,
      and a new CqcImport records that it was loaded.
    - A file that cannot be read, or lacks a column read, is refused naming what is wrong, and nothing is written."""
    if not permissions.may_manage_directory(actor):
        raise MarketError("Only a commissioner or an administrator loads CQC's files")
    try:
        read = cqc.read(source, getattr(settings, "CQC_COLUMNS", None), areas=settings.CQC_LOCAL_AUTHORITIES)
    except cqc.CqcFileError as error:
        raise MarketError(f"{name}: {error}") from None
    venues: dict[str, list[int]] = {}
    for pk, location_id in Location.objects.exclude(cqc_location_id="").values_list("pk", "cqc_location_id"):
        venues.setdefault(location_id.strip(), []).append(pk)
    unmatched, matched = {}, []
    for row in read.rows:
        if row.location_id in venues:
            matched.append(row)
        elif row.location_id not in unmatched:
            unmatched[row.location_id] = {"row": row.row, "location_id": row.location_id, "name": row.name}
    changed = 0
    if read.kind == "ratings":
        newest = {}  # (venue, key question) -> the row published last (a tie: the first in the file)
        for row in matched:
            for pk in venues[row.location_id]:
                kept = newest.get((pk, row.key_question))
                if kept is None or row.published_on > kept.published_on:
                    newest[(pk, row.key_question)] = row
        stored = {(r.location_id, r.key_question): r for r in CqcRating.objects.select_for_update().filter(
            location_id__in={pk for pk, _ in newest})} if newest else {}
        for (pk, key_question), row in newest.items():
            rating = stored.get((pk, key_question))
            if rating is None:
                CqcRating.objects.create(location_id=pk, key_question=key_question, rating=row.rating,
                                         published_on=row.published_on)
                changed += 1
            elif (rating.rating, rating.published_on) != (row.rating, row.published_on) and (
                    rating.published_on is None or row.published_on >= rating.published_on):
                rating.rating, rating.published_on = row.rating, row.published_on
                rating.save(update_fields=["rating", "published_on"])
                changed += 1
    loaded = CqcImport.objects.create(
        file_name=name[:200], file_sha256=hashlib.sha256(source).hexdigest(), kind=read.kind, imported_by=actor,
        rows=read.read, matched=len(matched), left_out=read.left_out, unmatched=list(unmatched.values()),
        problems=read.problems)
    audit.record(actor=actor, action=audit.Action.CHANGE, channel=channel,
                 what=(f"Loaded CQC's {'ratings' if read.kind == 'ratings' else 'care directory'} file {name}: "
                       f"{len(matched)} rows matched, {changed} ratings changed, {len(unmatched)} locations unmatched, "
                       f"{len(read.problems)} problems"
                       + (f", {read.left_out} rows of other local authorities left out" if read.left_out else ""))[:200])
    return loaded


# ---- another directory's Open Referral UK data (market.oruk_import reads it; this writes it) -----------------------

from dataclasses import dataclass, field  # noqa: E402

from django.utils import timezone  # noqa: E402

from . import oruk_import  # noqa: E402
from .models import (  # noqa: E402
    Schedule,
    Taxonomy,
)


@dataclass(frozen=True)
class OrukImport:
    """What an import did, counted in services (a service counts as changed when anything of it, its provider, its
    venues, prices, times, areas, languages or terms changed), and each record refused, named with why."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    refused: list[str] = field(default_factory=list)


def _upsert(model, source_id: str, values: dict, *, on_create: dict | None = None, also=None):
    """The record another directory calls `source_id` (or, failing that, `also`, a queryset), with `values`:
    (record, True) when it was made or changed, (record, False) when it already said all of it."""
    record = model.objects.filter(source_id=source_id).order_by("pk").first()
    if record is None and also is not None:
        record = also.order_by("pk").first()
    if record is None:
        return model.objects.create(source_id=source_id, **values, **(on_create or {})), True
    differs = [name for name, value in values.items() if getattr(record, name) != value]
    if record.source_id != source_id:
        differs.append("source_id")
        record.source_id = source_id
    for name in differs:
        if name != "source_id":
            setattr(record, name, values[name])
    if differs:
        record.save()
    return record, bool(differs)


def _oruk_provider(read: oruk_import.Service):
    if read.organization is None:
        known = Provider.objects.filter(source_id=read.organization_id).order_by("pk").first() if (
            read.organization_id) else None
        return known, False
    org = read.organization
    # A provider new to the directory is PROPOSED, never LISTED: the council confirms each one (confirm_provider)
    # before it is listed here or published; one already here keeps the status the council gave it.
    return _upsert(Provider, org.id, {"name": org.name, "description": org.description, "website": org.website,
                                      "email": org.email})


def _oruk_term(term: oruk_import.Term):
    key = term.taxonomy_id or f"name:{term.taxonomy_name or 'Imported'}"
    taxonomy, changed = _upsert(Taxonomy, key, {"name": term.taxonomy_name or "Imported terms"})
    code = term.code
    taken = TaxonomyTerm.objects.filter(taxonomy=taxonomy, code=code).exclude(source_id=term.id)
    if taken.exists():
        code = f"{code[:70]}-{term.id[:9]}"
    values = {"taxonomy": taxonomy, "name": term.name, "description": term.description, "code": code}
    if term.parent_id:
        parent = TaxonomyTerm.objects.filter(source_id=term.parent_id).exclude(source_id="").order_by("pk").first()
        if parent is not None:
            values["parent"] = parent
    made, term_changed = _upsert(TaxonomyTerm, term.id, values)
    return made, changed or term_changed


def _oruk_rates(service: Service, costs, *, actor, today: datetime.date) -> bool:
    """The service's prices in force (not ended before today) made the same as the import's: a price the same for the
    same unit, band and end is kept; one that differs ends (the day before its replacement starts, or yesterday) and
    the import's starts (on its valid_from, or today), as a price change does (set_rate). A price that had not started
    and is no longer given is removed."""
    def key(unit, band, pence, ends_on):
        return (unit, band, pence, ends_on)

    existing = list(service.rates.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today)))
    incoming = [c for c in costs if c.ends_on is None or c.ends_on >= today]
    left = list(incoming)
    unmatched = []
    for rate in existing:
        found = next((c for c in left if key(c.unit, c.band, c.amount_pence, c.ends_on)
                      == key(rate.unit, rate.band, rate.amount_pence, rate.ends_on)), None)
        if found is None:
            unmatched.append(rate)
        else:
            left.remove(found)
    if not unmatched and not left:
        return False
    starts = {}
    for rate in unmatched:
        replacement = next((c for c in left if (c.unit, c.band) == (rate.unit, rate.band) and id(c) not in starts), None)
        if replacement is not None and rate.starts_on < today:
            begins = max(replacement.starts_on or today, rate.starts_on + datetime.timedelta(days=1))
            if replacement.ends_on is None or begins <= replacement.ends_on:
                starts[id(replacement)] = begins
                rate.ends_on = begins - datetime.timedelta(days=1)
                rate.save(update_fields=["ends_on"])
                continue
            left.remove(replacement)  # it would end before it began here: nothing of it applies
        if rate.starts_on >= today:
            rate.delete()  # not yet shown for a day gone by: the import's prices replace it whole
        else:
            rate.ends_on = today - datetime.timedelta(days=1)
            rate.save(update_fields=["ends_on"])
    for cost in left:
        Rate.objects.create(service=service, amount_pence=cost.amount_pence, unit=cost.unit, band=cost.band,
                            starts_on=starts.get(id(cost), cost.starts_on or today), ends_on=cost.ends_on,
                            confirmed_on=today, changed_by=actor)
    return True


def _replace(manager, made: list, shape, wanted: list, build) -> bool:
    """Make a service's list (areas, languages, schedules) what the import says, when it says something else."""
    if sorted(shape(item) for item in made) == sorted(shape(item) for item in wanted):
        return False
    manager.all().delete()
    for item in wanted:
        build(item)
    return True


def _oruk_service(read: oruk_import.Service, provider: Provider, *, actor, today: datetime.date):
    service, changed = _upsert(Service, read.id, {
        "provider": provider, "name": read.name, "description": read.description, "url": read.url,
        "email": read.email, "status": read.status, "minimum_age": read.minimum_age,
        "maximum_age": read.maximum_age})
    if read.at_locations is not None:
        kept = []
        for at in read.at_locations:
            venue = at.location
            location, venue_changed = _upsert(Location, venue.id, {
                "name": venue.name, "description": venue.description, "address_1": venue.address_1,
                "city": venue.city, "postcode": venue.postcode, "latitude": venue.latitude,
                "longitude": venue.longitude, "cqc_location_id": venue.cqc_location_id, "step_free": venue.step_free,
                "accessible_toilet": venue.accessible_toilet, "hearing_loop": venue.hearing_loop,
                "parking": venue.parking}, on_create={"provider": provider})
            link, link_changed = _upsert(ServiceAtLocation, at.id, {"service": service, "location": location},
                                         also=ServiceAtLocation.objects.filter(service=service, location=location))
            kept.append(link.pk)
            changed = changed or venue_changed or link_changed
        gone = service.at_locations.exclude(pk__in=kept)
        if gone.exists():
            gone.delete()
            changed = True
    if read.areas is not None:
        changed = _replace(service.areas, list(service.areas.all()), lambda a: a if isinstance(a, str) else a.name,
                           list(read.areas), lambda name: ServiceArea.objects.create(service=service, name=name)
                           ) or changed
    if read.languages:  # a list naming no language (the UK profile's: ids only) leaves the directory's as they are
        changed = _replace(service.languages, list(service.languages.all()), lambda lang: (lang.name, lang.code),
                           list(read.languages), lambda lang: Language.objects.create(
                               service=service, name=lang.name, code=lang.code)) or changed
    if read.schedules is not None:
        changed = _replace(service.schedules, list(service.schedules.all()),
                           lambda s: (s.byday, s.opens_at, s.closes_at, s.description), list(read.schedules),
                           lambda s: Schedule.objects.create(service=service, byday=s.byday, opens_at=s.opens_at,
                                                             closes_at=s.closes_at, description=s.description)
                           ) or changed
    if read.costs is not None:
        changed = _oruk_rates(service, read.costs, actor=actor, today=today) or changed
    if read.terms is not None:
        terms = []
        for term in read.terms:
            made, term_changed = _oruk_term(term)
            terms.append(made)
            changed = changed or term_changed
        if {t.pk for t in terms} != set(service.terms.values_list("pk", flat=True)):
            service.terms.set(terms)
            changed = True
    return service, changed


@transaction.atomic
def import_oruk(pages: list[bytes], *, names: list[str], actor, channel: str = "cli") -> OrukImport:
    """Load another directory's Open Referral UK data (what its /services or /services/{id} answers: pages, single
    services or lists; market.oruk_import says what is read of each) into this directory, in one transaction.

    Each record keeps the other directory's id as `source_id`, and is found by it the next time, so loading the same
    files again adds and changes nothing; a changed price is a price change (the old one ends, the new one starts).
    Decisions a successor may question:

    - a provider new to the directory comes in PROPOSED, not LISTED: the council confirms it (confirm_provider) before
      its services are listed or published, as with any provider; a provider already here keeps its status;
    - a price's unit and time band are read from its words (`amount_description`, `option`); where they say neither,
      it is "a session" on "weekdays" (oruk_import.unit_and_band);
    - a record this directory also holds under its own id (not imported) is never matched: only `source_id` is.

    A file that is not JSON is a MarketError naming the file, line and column, and nothing is written. A service that
    cannot be held is refused and named in `refused` ("services.json, service 'abc': no name"); the rest load."""
    if not permissions.may_manage_directory(actor):
        raise PermissionDenied("Only the council loads another directory's data")
    try:
        read = oruk_import.read(pages, names)
    except oruk_import.OrukFileError as problem:
        raise MarketError(str(problem)) from None
    today = timezone.localdate()
    added = changed = unchanged = 0
    refused = list(read.refused)
    for record in read.services:
        provider, provider_changed = _oruk_provider(record)
        if provider is None:
            refused.append(f"{record.where}: its organization "
                           + (f"'{record.organization_id}' is neither in these files nor in the directory"
                              if record.organization_id else "is not given"))
            continue
        is_new = not Service.objects.filter(source_id=record.id).exists()
        _, service_changed = _oruk_service(record, provider, actor=actor, today=today)
        if is_new:
            added += 1
        elif service_changed or provider_changed:
            changed += 1
        else:
            unchanged += 1
    audit.record(actor=actor, action=audit.Action.CHANGE, channel=channel,
                 what=f"Loaded Open Referral UK data from {', '.join(names)}"[:200],
                 why=f"{added} services added, {changed} changed, {unchanged} unchanged, {len(refused)} refused"[:500])
    return OrukImport(added=added, changed=changed, unchanged=unchanged, refused=refused)


# ---- reviews: written by the person or their family, moderated by the council, answered by the provider -------------

from selfdirect.people import access as people_access  # noqa: E402

from . import reviews as review_policy  # noqa: E402
from . import usage  # noqa: E402
from .models import Review  # noqa: E402

NOT_USED = "You can review a service you have used through your plan"


@transaction.atomic
def write_review(service: Service, *, actor, person, text: str, rating: int | None, on: datetime.date,
                 channel: str = "web") -> Review:
    """The person, or a family member or nominated person acting for them, reviews a service they used through their
    plan (usage.used_by: an approved plan of theirs has an item its provider delivers). One review a person a service:
    while the council has not yet checked it, writing again changes it; once published or declined, another is
    refused, naming it. It waits for the council (moderate_review) before anyone else sees it."""
    if not (permissions.is_person_themselves(actor) and people_access.acts_as_person(actor, person)):
        raise PermissionDenied("Only the person, or someone acting for them, reviews a service they used")
    writer = Review.Writer.PERSON if permissions.is_budget_holder(actor) else Review.Writer.FAMILY
    review, made = _keep_review(service, actor=actor, person=person, writer=writer, text=text, rating=rating, on=on,
                                not_used=MarketError(NOT_USED))
    audit.record(actor=actor, action=audit.Action.CREATE if made else audit.Action.CHANGE, person=person,
                 channel=channel,
                 what=f"{'Wrote' if made else 'Changed'} a review of {service.name} for the council to check"[:200])
    return review


def _keep_review(service: Service, *, actor, person, writer: str, text: str, rating: int | None, on: datetime.date,
                 not_used: MarketError, problems=(), may_replace=lambda review: True,
                 what: str = "your review") -> tuple[Review, bool]:
    """What write_review and record_review_given share, once the actor may write for the person: the person used the
    service through their plan (usage.used_by, else `not_used`); the policy's rules on the text and the rating, named
    together with any `problems` the caller found; and one review a person a service: a review still waiting for the
    council is changed (when `may_replace` allows it), and one the council checked refuses another, naming it.
    The review waits for the council; `what` is whose review the messages name. Returns it, and whether it was made
    (else changed); the caller audits it."""
    if not usage.used_by(person, service):
        raise not_used
    problems = list(problems)
    if problem := review_policy.text_problem(text, what=what):
        problems.append(MarketError(problem, field="text"))
    if problem := review_policy.rating_problem(rating):
        problems.append(MarketError(problem, field="rating"))
    if problems:
        raise together(problems)
    review = Review.objects.select_for_update().filter(service=service, person=person).first()
    if review is not None and (review.status != Review.Status.WAITING or not may_replace(review)):
        raise MarketError(f"{person} has already reviewed {service.name} (written on {review.written_on:%-d %B %Y}, "
                          f"{review.get_status_display().lower()}): each person may write one review of each service")
    if review is None:
        return Review.objects.create(service=service, person=person, written_by=actor, acting_for=writer,
                                     text=text.strip(), rating=rating, written_on=on), True
    review.written_by, review.acting_for, review.text, review.rating, review.written_on = (
        actor, writer, text.strip(), rating, on)
    review.save(update_fields=["written_by", "acting_for", "text", "rating", "written_on"])
    return review, False


@transaction.atomic
def moderate_review(review: Review, *, actor, publish: bool, reason: str = "", on: datetime.date,
                    channel: str = "web") -> Review:
    """The council checks a waiting review against the published policy (market.reviews): it publishes it, or
    declines it for one of the policy's reasons, which the person sees beside their review."""
    if not permissions.may_manage_directory(actor):
        raise PermissionDenied("Only the council checks reviews")
    review = Review.objects.select_for_update().select_related("service").get(pk=review.pk)
    if review.status != Review.Status.WAITING:
        raise MarketError(f"This review of {review.service.name} was checked already "
                          f"({review.get_status_display().lower()})")
    if not publish and (problem := review_policy.decline_problem(reason)):
        raise MarketError(problem, field="reason")
    if publish and reason:
        raise MarketError("A reason is for a review not published: clear it, or choose not to publish", field="reason")
    review.status = Review.Status.PUBLISHED if publish else Review.Status.DECLINED
    review.moderation_reason = "" if publish else reason
    review.moderated_by, review.moderated_on = actor, on
    review.save(update_fields=["status", "moderation_reason", "moderated_by", "moderated_on"])
    audit.record(actor=actor, action=audit.Action.DECISION, person=review.person, channel=channel,
                 what=(f"Published a review of {review.service.name}" if publish else
                       f"Declined a review of {review.service.name}")[:200],
                 why="" if publish else review_policy.REASON_LABELS[reason])
    return review


@transaction.atomic
def reply_to_review(review: Review, *, actor, text: str, on: datetime.date, channel: str = "web") -> Review:
    """The provider whose service it is answers a published review; its reply is shown beside the review. Replying
    again replaces the reply, dated again."""
    review = Review.objects.select_for_update().select_related("service__provider").get(pk=review.pk)
    organisation_id = review.service.provider.organisation_id
    if not (permissions.may_maintain_own_listing(actor) and organisation_id is not None
            and organisation_id == getattr(actor, "organisation_id", None)):
        raise PermissionDenied("Only the provider of the service replies to its reviews")
    if review.status != Review.Status.PUBLISHED:
        raise MarketError("You can reply to a review once the council has published it")
    if problem := review_policy.text_problem(text, shortest=1, longest=review_policy.REPLY_LONGEST,
                                             what="your reply"):
        raise MarketError(problem, field="reply")
    replaced = bool(review.reply)
    review.reply, review.replied_by, review.replied_on = text.strip(), actor, on
    review.save(update_fields=["reply", "replied_by", "replied_on"])
    audit.record(actor=actor, action=audit.Action.CHANGE, person=review.person, channel=channel,
                 what=f"{'Changed the' if replaced else 'Wrote a'} reply to a review of {review.service.name}"[:200])
    return review


@transaction.atomic
def record_review_given(service: Service, *, actor, person, text: str, rating: int | None, how: str, agreed: bool,
                        on: datetime.date, channel: str = "web") -> Review:
    """A review the person gave on a paper form, by phone or at a meeting (`how`, one of reviews.GIVEN_HOW), written
    down by a worker who may change their record (people.access.can_change), the person having agreed to it being sent
    to the council and published without their name: people without the internet or a sign-in review what they used
    too. The rules are write_review's (used through their plan, the policy's text and rating, one a person a service);
    it is shown as "A person who uses this service, on paper or by phone", the worker is its writer, and it waits for
    the council like any other. A waiting review given this way is changed when recorded again (the person gave
    another); one the person or their family wrote themselves is never replaced by a worker: it is refused, naming it."""
    if not people_access.can_change(actor, person):
        raise PermissionDenied("Only staff who may change the person's record write down a review they gave")
    review, made = _keep_review(
        service, actor=actor, person=person, writer=Review.Writer.GIVEN, text=text, rating=rating, on=on,
        not_used=MarketError(f"{person} has not used {service.name} through their plan: you can record a review only "
                             "of a service they used", field="service"),
        problems=([] if how in review_policy.GIVEN_HOW_CODES else [
            MarketError("Select how they gave their review", field="how")]) + ([] if agreed is True else [
            MarketError(f"Confirm that {person.first_name} agreed to the review being sent to the council",
                        field="agreed")]),
        may_replace=lambda review: review.acting_for == Review.Writer.GIVEN, what="their review")
    audit.record(actor=actor, action=audit.Action.CREATE if made else audit.Action.CHANGE, person=person,
                 channel=channel,
                 what=f"{'Recorded' if made else 'Changed'} a review of {service.name} they gave "
                      f"{review_policy.GIVEN_HOW_SAID[how]}, with their agreement to publish it without their name, "
                      "for the council to check"[:200])
    return review


# ---- suggestions: services a worker suggested to a person, and why, for their file ------------------------------------

from .models import Suggestion  # noqa: E402

NONE_CHOSEN = "Choose at least one service to suggest"
WHY_LONGEST = 1000


@transaction.atomic
def suggest_services(person, *, actor, chosen, how: str, on: datetime.date, channel: str = "web") -> list[Suggestion]:
    """A worker who may change the person's record (people.access.can_change) records the services they suggested to
    the person, each with why it suits them, and how they were told (by phone, a printed list sent, at a meeting, by
    email): one Suggestion a service, all or none, each audited against the person. `chosen` is a list of
    (service, why). Problems are named together: no service chosen (field "services"), a service without its why
    (field "why_<service id>"), how they were told left out (field "how")."""
    if not people_access.can_change(actor, person):
        raise PermissionDenied("Only staff who may change the person's record suggest services for their file")
    problems = []
    if not chosen:
        problems.append(MarketError(NONE_CHOSEN, field="services"))
    for service, why in chosen:
        why = (why or "").strip()
        if not why:
            problems.append(MarketError(f"Say why {service.name} ({service.provider.name}) suits them",
                                        field=f"why_{service.pk}"))
        elif len(why) > WHY_LONGEST:
            problems.append(MarketError(f"Why {service.name} suits them must be {WHY_LONGEST} characters or less",
                                        field=f"why_{service.pk}"))
    if how not in Suggestion.How.values:
        problems.append(MarketError("Select how you told them", field="how"))
    if problems:
        raise together(problems)
    made = []
    for service, why in chosen:
        made.append(Suggestion.objects.create(person=person, service=service, suggested_by=actor, suggested_on=on,
                                              how=how, why=why.strip()))
        audit.record(actor=actor, action=audit.Action.CREATE, person=person, channel=channel,
                     what=f"Suggested {service.name} from the directory "
                          f"({Suggestion.How(how).label[:1].lower()}{Suggestion.How(how).label[1:]})"[:200])
    return made
