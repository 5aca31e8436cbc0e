"""Every write to a person's record, and the sign-ins that reach it: inviting the person, someone who acts for them
or their carer to sign in, linking the sign-in when they take the invitation up; recording, reviewing and ending a
representative's authority; recording and withdrawing consent, and publishing the information given before it.
Sign-in problems raise accounts' AccountError, naming the field."""

import datetime

from django.db import transaction
from django.utils import timezone

from selfdirect.accounts import actions as account_actions
from selfdirect.accounts.actions import AccountError, Issued
from selfdirect.accounts.models import Invitation
from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.core.errors import DomainError, together
from selfdirect.core.events import announce_cases_changed
from selfdirect.core.roles import Role

from . import authority, codes
from .access import ADVISER_RELATIONSHIP
from .checks import CheckFailed, normalise_nhs_number, normalise_postcode
from .models import Carer, Code, CodeList, Consent, ConsentInformation, Person, Representative

PERSON_FIELDS = [
    "first_name", "last_name", "date_of_birth", "nhs_number", "gender", "ethnicity", "postcode",
    "accommodation_status", "employment_status", "gp_practice_name", "gp_practice_code", "client_type",
    "primary_support_reason", "client_group", "autism", "visual_impairment", "hearing_impairment", "dementia",
    "client_funding_status", "previous_package_description", "previous_package_weekly_pence",
]


class PersonError(DomainError):
    """Bad data for a person; `field` names the field."""

    def __init__(self, field: str, message: str):
        super().__init__(message, field=field)


def check_person_data(data: dict) -> dict:
    """Validate coded fields and identifiers once more at the point of writing (the API and CLI come here too)."""
    cleaned = dict(data)
    try:
        if cleaned.get("nhs_number"):
            cleaned["nhs_number"] = normalise_nhs_number(cleaned["nhs_number"])
    except CheckFailed as failure:
        raise PersonError("nhs_number", str(failure)) from None
    try:
        cleaned["postcode"] = normalise_postcode(cleaned.get("postcode", ""))
    except CheckFailed as failure:
        raise PersonError("postcode", str(failure)) from None
    for name, list_name in codes.PERSON_FIELD_LISTS.items():
        if name in cleaned and not codes.is_valid(list_name, cleaned[name]):
            raise PersonError(name, f"{name.replace('_', ' ').capitalize()} must be one of the codes in the "
                                    f"'{list_name}' list")
    return cleaned


def _next_reference() -> str:
    """EX000001, EX000002, ...: the council's person reference, one more than the highest given."""
    last = Person.objects.filter(la_person_id__startswith="EX").order_by("-la_person_id").values_list(
        "la_person_id", flat=True).first()
    return f"EX{int(last[2:]) + 1 if last else 1:06d}"


@transaction.atomic
def add_person(data: dict, *, team, actor, channel="web") -> Person:
    """Create the person's record (journey.actions.create_person also opens their case at the referral step)."""
    if not permissions.may_add_people_to_any_team(actor) and getattr(team, "pk", None) != actor.team_id:
        raise PersonError("team", "You can add people only to your own team")
    cleaned = check_person_data(data)
    fields = {k: cleaned[k] for k in PERSON_FIELDS if k in cleaned and cleaned[k] is not None}
    person = Person.objects.create(la_person_id=_next_reference(), team=team, **fields)
    announce_cases_changed(sender=Person, person_ids=[person.pk])  # no case yet: open_case announces it
    audit.record(actor=actor, action=audit.Action.CREATE, person=person, what="Created the record", channel=channel)
    return person


@transaction.atomic
def add_carer(person, *, actor, name, relationship, lives_with_person, hours_caring_per_week,
              willing_and_able_to_continue, channel="web") -> Carer:
    carer = Carer.objects.create(person=person, name=name, relationship=relationship,
                                 lives_with_person=lives_with_person, hours_caring_per_week=hours_caring_per_week,
                                 willing_and_able_to_continue=willing_and_able_to_continue)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=person, what=f"Added unpaid carer {name}",
                 channel=channel)
    return carer


def _checked_authority(*, kind, scope, evidence_reference, evidence_seen_on, starts_on, review_on,
                       also: dict[str, str] | None = None) -> str:
    """The authority's scope, or PersonError naming every problem with it at once (with those in `also`, the caller's
    own, by field), so the page and the API show them all rather than one a submission."""
    scope, problems = authority.authority_problems(
        kind=kind, scope=scope, evidence_reference=evidence_reference, evidence_seen_on=evidence_seen_on,
        starts_on=starts_on, review_on=review_on, today=timezone.localdate())
    problems.update(also or {})
    if problems:
        raise together([PersonError(field, message) for field, message in problems.items()])
    return scope


@transaction.atomic
def add_representative(person, *, actor, name, relationship, kind, starts_on, scope="", evidence_reference="",
                       evidence_seen_on=None, user=None, review_on=None, channel="web") -> Representative:
    """Record someone's authority to act for the person: its kind (people/authority.py), what it covers, the evidence
    seen (needed for an LPA, an EPA, a deputy's order and a DWP appointment), when it starts and is to be reviewed,
    and who recorded it. The caller has checked that the actor may change the person's record."""
    scope = _checked_authority(kind=kind, scope=scope, evidence_reference=evidence_reference,
                               evidence_seen_on=evidence_seen_on, starts_on=starts_on, review_on=review_on)
    rep = Representative.objects.create(
        person=person, name=name, relationship=relationship, kind=kind, scope=scope,
        evidence_reference=(evidence_reference or "").strip(), evidence_seen_on=evidence_seen_on, user=user,
        starts_on=starts_on, review_on=review_on, recorded_by=actor, recorded_at=timezone.now())
    seen = f", seen {evidence_seen_on:%Y-%m-%d}" if evidence_seen_on else ""
    audit.record(actor=actor, action=audit.Action.CHANGE, person=person,
                 what=f"Recorded that {name} may act for the person ({rep.get_kind_display()}; "
                      f"{rep.scope_label[0].lower() + rep.scope_label[1:]})",
                 why=f"Evidence: {rep.evidence_reference or 'none recorded'}{seen}", channel=channel)
    return rep


@transaction.atomic
def review_authority(representative, *, actor, kind, scope, evidence_reference, evidence_seen_on, review_on,
                     note="", channel="web") -> Representative:
    """Record a review of a live authority: its kind, what it covers and the evidence, confirmed or corrected (an
    authority moved from before kinds were recorded gets them here), and the date of the next review. The caller has
    checked that the actor may change the person's record."""
    rep = Representative.objects.select_for_update().get(pk=representative.pk)
    today = timezone.localdate()
    if rep.ends_on is not None and rep.ends_on <= today:
        raise PersonError("review_on", f"{rep.name}'s authority has ended: there is nothing to review")
    scope = _checked_authority(kind=kind, scope=scope, evidence_reference=evidence_reference,
                               evidence_seen_on=evidence_seen_on, starts_on=rep.starts_on, review_on=review_on,
                               also=authority.next_review_problems(review_on, today))
    before = f"{rep.get_kind_display()}; {rep.scope_label[0].lower() + rep.scope_label[1:]}"
    rep.kind, rep.scope, rep.review_on = kind, scope, review_on
    rep.evidence_reference, rep.evidence_seen_on = (evidence_reference or "").strip(), evidence_seen_on
    rep.save(update_fields=["kind", "scope", "review_on", "evidence_reference", "evidence_seen_on"])
    after = f"{rep.get_kind_display()}; {rep.scope_label[0].lower() + rep.scope_label[1:]}"
    change = "confirmed" if before == after else f"was {before}, now {after}"
    audit.record(actor=actor, action=audit.Action.CHANGE, person=rep.person, channel=channel,
                 what=f"Reviewed {rep.name}'s authority to act ({change}); next review {review_on:%Y-%m-%d}",
                 why=(note or "").strip())
    return rep


# ---- consent: where it is the basis (research, sharing beyond the care team, plan examples) -------------------------

def _purpose_words(purpose: str) -> str:
    label = authority.PURPOSES.get(purpose, purpose)
    return label[0].lower() + label[1:]


def _information_given_on(purpose: str, given_on: datetime.date) -> ConsentInformation | None:
    """The version of the purpose's information in force on the day consent was given: the newest published on or
    before that day. Version 1, the words Selfdirect ships (people/seed.py, published by nobody), has no day of its
    own: it is dated the earliest day any consent was given against it, so a consent given before that date moves it
    back to the day the consent was given (docs/data-protection.md, "Authority and consent"). None when no version had
    been published that day."""
    versions = list(ConsentInformation.objects.select_for_update().filter(purpose=purpose).order_by("-version"))
    for version in versions:
        if version.published_on <= given_on:
            return version
    first = versions[-1] if versions else None
    if first is None or not first.shipped:
        return None
    first.published_at = timezone.make_aware(datetime.datetime.combine(given_on, datetime.time.min))
    first.save(update_fields=["published_at"])
    return first


@transaction.atomic
def record_consent(person, *, actor, purpose, given_on, note="", channel="web") -> Consent:
    """Record that the person consents to a purpose, having been given the version of its information in force on the
    day they gave it (`_information_given_on`). The caller has checked that the actor may change the person's
    record."""
    if purpose not in authority.PURPOSES:
        raise PersonError("purpose", "Select what the person is agreeing to")
    if not ConsentInformation.objects.filter(purpose=purpose).exists():
        raise PersonError("purpose", f"No information about {_purpose_words(purpose)} has been published yet: an "
                                     f"administrator publishes it first")
    if given_on is None:
        raise PersonError("given_on", "Enter the date the person gave their consent")
    if given_on > timezone.localdate():
        raise PersonError("given_on", "The date the person gave their consent must be today or in the past")
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one consent at a time for a purpose
    already = Consent.objects.filter(person=person, purpose=purpose, withdrawn_on__isnull=True).first()
    if already is not None:
        raise PersonError("purpose", f"{person.full_name} already agrees to {_purpose_words(purpose)}, since "
                                     f"{already.given_on.day} {already.given_on:%B %Y}")
    note = (note or "").strip()
    if len(note) > 500:
        raise PersonError("note", "How it was given must be 500 characters or less")
    information = _information_given_on(purpose, given_on)
    if information is None:
        raise PersonError("given_on", f"No information about {_purpose_words(purpose)} had been published on "
                                      f"{given_on.day} {given_on:%B %Y}, so the person cannot have been given it")
    consent = Consent.objects.create(person=person, purpose=purpose, information=information, given_on=given_on,
                                     note=note, recorded_by=actor)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=person, channel=channel, why=note,
                 what=f"Recorded consent to {_purpose_words(purpose)}, given {given_on:%Y-%m-%d} "
                      f"(information version {information.version})")
    return consent


@transaction.atomic
def withdraw_consent(consent, *, actor, withdrawn_on, note="", channel="web") -> Consent:
    """Record that the person withdrew a consent: from `withdrawn_on` it no longer counts, everywhere its purpose is
    used (people.queries.has_consent). The caller has checked that the actor may change the person's record."""
    found = Consent.objects.select_for_update().select_related("person").get(pk=consent.pk)
    if found.withdrawn_on is not None:
        raise PersonError("withdrawn_on", f"This consent was already withdrawn on {found.withdrawn_on.day} "
                                          f"{found.withdrawn_on:%B %Y}")
    if withdrawn_on is None:
        raise PersonError("withdrawn_on", "Enter the date the person withdrew their consent")
    if withdrawn_on > timezone.localdate():
        raise PersonError("withdrawn_on", "The date the person withdrew their consent must be today or in the past")
    if withdrawn_on < found.given_on:
        raise PersonError("withdrawn_on", f"The date the person withdrew their consent must be on or after "
                                          f"{found.given_on.day} {found.given_on:%B %Y}, when they gave it")
    note = (note or "").strip()
    if len(note) > 500:
        raise PersonError("note", "How it was withdrawn must be 500 characters or less")
    found.withdrawn_on, found.withdrawal_note = withdrawn_on, note
    found.withdrawal_recorded_by, found.withdrawal_recorded_at = actor, timezone.now()
    found.save(update_fields=["withdrawn_on", "withdrawal_note", "withdrawal_recorded_by", "withdrawal_recorded_at"])
    audit.record(actor=actor, action=audit.Action.CHANGE, person=found.person, channel=channel, why=note,
                 what=f"Recorded that consent to {_purpose_words(found.purpose)} was withdrawn from "
                      f"{withdrawn_on:%Y-%m-%d}")
    return found


@transaction.atomic
def publish_consent_information(purpose, *, actor, text, easy_read_text, channel="web") -> ConsentInformation:
    """A new version of the information people are given before they consent to a purpose. Earlier versions stay:
    each consent records the version it was given against."""
    if not permissions.may_edit_consent_information(actor):
        raise PersonError(None, "Only an administrator publishes the information given before consent")
    if purpose not in authority.PURPOSES:
        raise PersonError("purpose", "Select what the information is about")
    text, easy_read_text = (text or "").strip(), (easy_read_text or "").strip()
    if not text:
        raise PersonError("text", "Enter the information")
    if not easy_read_text:
        raise PersonError("easy_read_text", "Enter the easy read version")
    last = ConsentInformation.objects.select_for_update().filter(purpose=purpose).order_by("-version").first()
    made = ConsentInformation.objects.create(purpose=purpose, version=(last.version + 1) if last else 1, text=text,
                                             easy_read_text=easy_read_text, published_by=actor)
    audit.record(actor=actor, action=audit.Action.CHANGE, channel=channel,
                 what=f"Published version {made.version} of the information about {_purpose_words(purpose)}")
    return made


@transaction.atomic
def add_code(code_list: CodeList, *, actor, code: str, label: str) -> Code:
    if code_list.official:
        raise PersonError("code", "This is an official CLD list and cannot be changed here")
    if Code.objects.filter(code_list=code_list, code=code).exists():
        raise PersonError("code", "That code is already in the list")
    created = Code.objects.create(code_list=code_list, code=code, label=label, position=code_list.codes.count())
    audit.record(actor=actor, action=audit.Action.CHANGE, what=f"Added code {code!r} to list {code_list.name}")
    return created


# ---- sign-ins to a person's record ----------------------------------------------------------------------------------

PERSON_INVITATIONS = {Invitation.Kind.BUDGET_HOLDER, Invitation.Kind.REPRESENTATIVE, Invitation.Kind.CARER}


@transaction.atomic
def invite(person, *, actor, kind, delivery, email="", representative=None, carer=None, base_url="",
           channel="web") -> Issued:
    """Invite the person themselves, someone who acts for them, or their unpaid carer to sign in. The caller has
    checked that the actor may change the person's record. Issuing again voids the earlier invitation."""
    if kind not in PERSON_INVITATIONS:
        raise AccountError("kind", "Select who you are inviting")
    if delivery not in Invitation.Delivery.values:
        raise AccountError("delivery", "Select how to send the invitation")
    email = (email or "").strip()
    if delivery == Invitation.Delivery.EMAIL and not email:
        raise AccountError("email", "Enter the email address to send the link to")
    if kind == Invitation.Kind.BUDGET_HOLDER:
        if person.user_id:
            raise AccountError("kind", f"{person.full_name} already has a sign-in")
        name, representative, carer = person.full_name, None, None
    elif kind == Invitation.Kind.REPRESENTATIVE:
        if representative is None or representative.person_id != person.pk:
            raise AccountError("representative", "Select who acts for the person")
        if representative.user_id:
            raise AccountError("representative", f"{representative.name} already has a sign-in linked")
        if representative.ends_on and representative.ends_on <= timezone.localdate():
            raise AccountError("representative", f"{representative.name}'s authority has ended")
        name, carer = representative.name, None
    else:
        if carer is None or carer.person_id != person.pk:
            raise AccountError("carer", "Select the carer")
        if carer.user_id:
            raise AccountError("carer", f"{carer.name} already has a sign-in linked")
        name, representative = carer.name, None
    invitation, secret = account_actions.issue_invitation(
        kind=kind, delivery=delivery, actor=actor, name=name, email=email, base_url=base_url, channel=channel,
        person=person, representative=representative, carer=carer)
    return Issued(invitation, secret)


def _link_person(invitation, user) -> Role:
    """The sign-in becomes the person's own (they hold their budget)."""
    person = Person.objects.select_for_update().get(pk=invitation.person_id)
    if person.user_id and person.user_id != user.pk:
        raise AccountError("code", "This person already has a sign-in. Phone adult social care on 01234 567890")
    if Person.objects.filter(user=user).exclude(pk=person.pk).exists():
        raise AccountError("code", "Your sign-in is already linked to another person's own record")
    person.user = user
    person.save(update_fields=["user"])
    announce_cases_changed(sender=Person, person_ids=[person.pk])
    return Role.BUDGET_HOLDER


def _link_representative(invitation, user) -> Role:
    rep = Representative.objects.select_for_update().get(pk=invitation.representative_id)
    if rep.ends_on and rep.ends_on <= timezone.localdate():
        raise AccountError("code", "The authority to act for this person has ended")
    if rep.user_id and rep.user_id != user.pk:
        raise AccountError("code", "Someone already signs in for this. Phone adult social care on 01234 567890")
    rep.user = user
    rep.save(update_fields=["user"])
    return Role.INDEPENDENT_ADVISER if rep.relationship == ADVISER_RELATIONSHIP else Role.NOMINATED_PERSON


def _link_carer(invitation, user) -> Role:
    carer = Carer.objects.select_for_update().get(pk=invitation.carer_id)
    if carer.user_id and carer.user_id != user.pk:
        raise AccountError("code", "Someone already signs in for this. Phone adult social care on 01234 567890")
    carer.user = user
    carer.save(update_fields=["user"])
    return Role.CARER


def register_linkers() -> None:
    """Tell accounts how taking up a person's invitation links the sign-in (called once, from PeopleConfig.ready)."""
    account_actions.register_linker(Invitation.Kind.BUDGET_HOLDER, _link_person)
    account_actions.register_linker(Invitation.Kind.REPRESENTATIVE, _link_representative)
    account_actions.register_linker(Invitation.Kind.CARER, _link_carer)


@transaction.atomic
def end_authority(representative, *, actor, ends_on: datetime.date | None, reason: str, channel="web"):
    """Record that someone may no longer act for the person from `ends_on` (the first day without authority: ended
    today means no access from today). The caller has checked that the actor may change the person's record."""
    rep = Representative.objects.select_for_update().get(pk=representative.pk)
    today = timezone.localdate()
    reason = (reason or "").strip()
    if ends_on is None:
        raise AccountError("ends_on", "Enter the date the authority ends")
    if ends_on < rep.starts_on:
        raise AccountError("ends_on", f"The date the authority ends must be on or after "
                                      f"{rep.starts_on.day} {rep.starts_on:%B %Y}, when it started")
    if not reason:
        raise AccountError("reason", "Enter the reason the authority ends")
    if len(reason) > 2000:
        raise AccountError("reason", "Reason must be 2000 characters or less")
    if rep.ends_on is not None and rep.ends_on <= today:
        raise AccountError("ends_on", f"{rep.name}'s authority has already ended")
    rep.ends_on, rep.end_reason, rep.ended_by = ends_on, reason, actor
    rep.save(update_fields=["ends_on", "end_reason", "ended_by"])
    # An unused invitation for them stops working too.
    account_actions.void_open_invitations(reason="The authority to act ended", kind=Invitation.Kind.REPRESENTATIVE,
                                          representative=rep)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=rep.person, why=reason, channel=channel,
                 what=f"Ended {rep.name}'s authority to act for the person from {ends_on.day} {ends_on:%B %Y}")
    return rep
