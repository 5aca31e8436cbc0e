"""What other apps and pages may ask about people (the cross-app record summary is site.queries.record_summary):
the carer records of a sign-in, and a person's consents and authorities.

Consent is asked for by purpose and day (people/authority.py's PURPOSES): research's releases and the plan examples
library ask `consenting_people(purpose)` or `has_consent(person, purpose)` on the day they are read, so a consent
withdrawn today leaves them today."""

import datetime

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from . import authority
from .models import Carer, Consent, ConsentInformation, Person, Representative


def carer_records_for(user):
    """The carer records linked to this sign-in (what an unpaid carer sees of themselves)."""
    if not user.is_authenticated:
        return Carer.objects.none()
    return Carer.objects.filter(user=user).select_related("person")


# ---- consent --------------------------------------------------------------------------------------------------------

def _live_on(on: datetime.date | None) -> Q:
    day = on or timezone.localdate()
    # authority.consent_live, as a filter: from the day given up to the day before the day withdrawn.
    return Q(given_on__lte=day) & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))


def consents(purpose: str, on: datetime.date | None = None) -> QuerySet[Consent]:
    """The consents to this purpose that count on this day (today by default)."""
    return Consent.objects.filter(_live_on(on), purpose=purpose)


def consenting_people(purpose: str, on: datetime.date | None = None) -> QuerySet[Person]:
    """The people whose consent to this purpose counts on this day (today by default)."""
    return Person.objects.filter(pk__in=consents(purpose, on).values("person_id"))


def has_consent(person, purpose: str, on: datetime.date | None = None) -> bool:
    return consents(purpose, on).filter(person=person).exists()


def consent_history(person) -> QuerySet[Consent]:
    """Every consent the person has given, withdrawn or not, newest first within each purpose, with the version of the
    information each was given and who recorded it."""
    return (Consent.objects.filter(person=person)
            .select_related("information", "recorded_by", "withdrawal_recorded_by")
            .order_by("purpose", "-given_on", "-id"))


def latest_consent_each(person) -> dict[str, Consent | None]:
    """By purpose (every purpose named), the person's consent as it stands: the one not withdrawn if there is one,
    else the one withdrawn last; None where no consent to that purpose was ever recorded (a "no" is not recorded)."""
    found: dict[str, Consent | None] = {purpose: None for purpose in authority.PURPOSES}
    for consent in (Consent.objects.filter(person=person).select_related("information")
                    .order_by("purpose", F("withdrawn_on").desc(nulls_first=True), "-given_on", "-id")):
        if found.get(consent.purpose) is None:
            found[consent.purpose] = consent
    return found


def open_consent(person, purpose: str) -> Consent | None:
    """The person's consent to this purpose that has not been withdrawn (it may start on a later day), or None."""
    return Consent.objects.filter(person=person, purpose=purpose, withdrawn_on__isnull=True).first()


def current_information(purpose: str) -> ConsentInformation | None:
    """The newest version of the information given before consent to this purpose."""
    return ConsentInformation.objects.filter(purpose=purpose).order_by("-version").first()


def information(purpose: str, version: int | None = None) -> ConsentInformation | None:
    """One version of a purpose's information (the newest when no version is given), or None."""
    if version is None:
        return current_information(purpose)
    return ConsentInformation.objects.filter(purpose=purpose, version=version).first()


def information_versions(purpose: str) -> QuerySet[ConsentInformation]:
    return ConsentInformation.objects.filter(purpose=purpose).select_related("published_by").order_by("-version")


def current_information_each() -> dict[str, ConsentInformation | None]:
    """The newest version of each purpose's information, by purpose (every purpose named, None where none yet)."""
    found = {purpose: None for purpose in authority.PURPOSES}
    for item in ConsentInformation.objects.order_by("purpose", "-version"):
        if found.get(item.purpose) is None:
            found[item.purpose] = item
    return found


# ---- authority ------------------------------------------------------------------------------------------------------

def authorities_of(person) -> QuerySet[Representative]:
    """Everyone recorded as acting for the person, with who recorded and ended each authority."""
    return person.representatives.select_related("recorded_by", "ended_by", "user").order_by("name", "starts_on", "pk")
