"""Every write of a subject access request: logging it with its deadline, gathering everything held about the person
into a frozen review, redacting and withholding what the release must not show, finishing the review, a manager's
approval (never the reviewer's), the release with its archive, extending the deadline and refusing a request. Each
verb is atomic and audited against the person; none changes or deletes the person's records.

The audit trail names what was done, never the words redacted (ASVS 4.0.3 V8.3.5: access to sensitive data is
logged without logging the data itself)."""

import datetime
import tempfile

from django.db import transaction
from django.utils import timezone

from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.core.errors import DomainError
from selfdirect.people import access as people_access

from . import access, deadlines, exemptions, gatherers, queries, redaction
from .models import Redaction, ReviewItem, SubjectAccessRequest

State = SubjectAccessRequest.State
TEXT_LIMIT = 5000


class SubjectAccessError(DomainError):
    """The request cannot be changed as asked; `field` names the input."""


def _require_handler(actor, person) -> None:
    if not (permissions.may_handle_subject_access(actor) and people_access.can_change(actor, person)):
        raise SubjectAccessError("Only the person's team, or an administrator, handles their subject access requests")


def _locked(request) -> SubjectAccessRequest:
    return SubjectAccessRequest.objects.select_for_update().select_related("person").get(pk=request.pk)


def _text(value, *, field: str, label: str, limit: int = TEXT_LIMIT, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise SubjectAccessError(f"Enter {label}", field=field)
    if len(value) > limit:
        raise SubjectAccessError(f"{label[:1].upper()}{label[1:]} must be {limit} characters or less", field=field)
    return value


def _date(value, *, field: str, label: str, today: datetime.date, not_before: datetime.date | None = None,
          required: bool = True) -> datetime.date | None:
    if value is None and not required:
        return None
    if not isinstance(value, datetime.date):
        raise SubjectAccessError(f"Enter {label}", field=field)
    if value > today:
        raise SubjectAccessError(f"{label[:1].upper()}{label[1:]} must be today or in the past", field=field)
    if not_before is not None and value < not_before:
        raise SubjectAccessError(f"{label[:1].upper()}{label[1:]} must be on or after {not_before.day} "
                                 f"{not_before:%B %Y}", field=field)
    return value


def _choice(value, choices, *, field: str, label: str) -> str:
    if value not in dict(choices):
        raise SubjectAccessError(f"Select {label}", field=field)
    return value


@transaction.atomic
def log_request(person, *, actor, received_on, received_how: str, requester: str, identity_checked: str,
                asked_for: str, requester_name: str = "", requester_relationship: str = "", representative=None,
                authority_checked: str = "", proof_arrived_on=None, today: datetime.date | None = None,
                channel: str = "web") -> SubjectAccessRequest:
    """Log a request received for the person, with its deadline: one month from the day it came, or from the day the
    proof or clarification asked for arrived if later (subject_access.deadlines)."""
    _require_handler(actor, person)
    today = today or timezone.localdate()
    received_on = _date(received_on, field="received_on", label="the date the request was received", today=today)
    received_how = _choice(received_how, SubjectAccessRequest.Channel.choices, field="received_how",
                           label="how the request came")
    requester = _choice(requester, SubjectAccessRequest.Requester.choices, field="requester", label="who asked")
    acting = requester == SubjectAccessRequest.Requester.REPRESENTATIVE
    if representative is not None and representative.person_id != person.pk:
        raise SubjectAccessError("Select someone recorded as acting for this person", field="representative")
    if acting and representative is not None and not (requester_name or "").strip():
        requester_name = representative.name
    requester_name = _text(requester_name, field="requester_name", label="the name of the person who asked",
                           limit=160, required=acting)
    requester_relationship = _text(requester_relationship, field="requester_relationship",
                                   label="their relationship to the person", limit=100, required=False)
    identity_checked = _text(identity_checked, field="identity_checked", label="how the requester's identity was checked")
    authority_checked = _text(authority_checked, field="authority_checked",
                              label="how their authority to act for the person was checked", required=acting)
    asked_for = _text(asked_for, field="asked_for", label="what they asked for")
    proof_arrived_on = _date(proof_arrived_on, field="proof_arrived_on", today=today, not_before=received_on,
                             label="the date the proof or clarification arrived", required=False)
    start = deadlines.starts_on(received_on, proof_arrived_on)
    first = deadlines.due_date(start)
    made = SubjectAccessRequest.objects.create(
        person=person, received_on=received_on, received_how=received_how, proof_arrived_on=proof_arrived_on,
        requester=requester, requester_name=requester_name if acting else "",
        requester_relationship=requester_relationship if acting else "",
        representative=representative if acting else None, identity_checked=identity_checked,
        authority_checked=authority_checked if acting else "", asked_for=asked_for, logged_by=actor,
        starts_on=start, first_due_on=first, due_on=first)
    audit.record(actor=actor, action=audit.Action.CREATE, person=person, channel=channel,
                 what=f"Logged subject access request {made.pk}, due {first.isoformat()}")
    return made


@transaction.atomic
def gather(request, *, actor, channel: str = "web") -> int:
    """Gather everything held about the person (subject_access.gatherers) into the request's review: one frozen item
    a record, written in one statement. Returns how many items."""
    request = _locked(request)
    _require_handler(actor, request.person)
    if request.state != State.RECEIVED:
        raise SubjectAccessError("The records for this request have already been gathered")
    found = gatherers.gather_all(request.person)
    ReviewItem.objects.bulk_create([
        ReviewItem(request=request, position=position, kind=g.kind, kind_label=g.label, key=item.key,
                   title=item.title[:300], fields=[[label, text] for label, text in item.fields],
                   file_path=item.file_path, file_name=item.file_name)
        for position, (g, item) in enumerate(found, start=1)])
    request.gather()
    request.gathered_by, request.gathered_at = actor, timezone.now()
    request.save()
    audit.record(actor=actor, action=audit.Action.CREATE, person=request.person, channel=channel,
                 what=f"Gathered {len(found)} items for subject access request {request.pk}")
    return len(found)


def _reviewing(request) -> None:
    if request.state not in SubjectAccessRequest.REVIEWING:
        raise SubjectAccessError("The review can be changed only after the records are gathered and before it is "
                                 "approved")
    if request.review_done_at is not None:
        raise SubjectAccessError("The review has been sent for approval: a manager returns it before it changes")


def _started(request) -> None:
    if request.state == State.GATHERED:
        request.begin_review()
        request.save()


def _exemption(code, request) -> exemptions.Exemption:
    try:
        rule = exemptions.exemption(code)
    except ValueError:
        raise SubjectAccessError("Select the exemption it falls under", field="exemption") from None
    if rule is exemptions.OUTSIDE_AUTHORITY and request.requester != SubjectAccessRequest.Requester.REPRESENTATIVE:
        raise SubjectAccessError("The person asked themselves: nothing is outside their authority", field="exemption")
    return rule


@transaction.atomic
def redact(item, *, actor, field_index, exemption: str, reason: str, words: str = "", everywhere: bool = False,
           channel: str = "web") -> list[Redaction]:
    """Take words (or, with no words, the whole field) out of what the release shows of one field of an item; with
    `everywhere`, the words out of every field of every item of the request that holds them. The records are not
    changed."""
    request = _locked(item.request)
    _require_handler(actor, request.person)
    _reviewing(request)
    rule = _exemption(exemption, request)
    reason = _text(reason, field="reason", label="the reason, as the person will read it", limit=300)
    words = _text(words, field="words", label="the words to redact", limit=500, required=False)
    fields = item.fields
    if not isinstance(field_index, int) or not 0 <= field_index < len(fields):
        raise SubjectAccessError("Select the part of the item to redact", field="field_index")
    if words and not redaction.fields_with([fields[field_index]], words):
        raise SubjectAccessError("These words are not in that part of the item: copy them as they are shown",
                                 field="words")
    if everywhere and not words:
        raise SubjectAccessError("Enter the words to redact everywhere they appear", field="words")
    targets = [(item, field_index)]
    if everywhere:
        targets = [(other, index) for other in ReviewItem.objects.filter(request=request).order_by("position")
                   for index in redaction.fields_with(other.fields, words)]
    live = {(r.item_id, r.field_index, r.words.lower()) for r in
            Redaction.objects.filter(item__request=request, withdrawn_at__isnull=True).exclude(scope=Redaction.Scope.ITEM)}
    made = Redaction.objects.bulk_create([
        Redaction(item=target, scope=Redaction.Scope.WORDS if words else Redaction.Scope.FIELD, field_index=index,
                  words=words, exemption=rule.code, reason=reason, made_by=actor)
        for target, index in targets if (target.pk, index, words.lower()) not in live])
    _started(request)
    places = len({r.item_id for r in made})
    audit.record(actor=actor, action=audit.Action.CHANGE, person=request.person, channel=channel,
                 what=f"Redacted {len(made)} part{'' if len(made) == 1 else 's'} of {places} item"
                      f"{'' if places == 1 else 's'} of subject access request {request.pk}", why=rule.law)
    return made


@transaction.atomic
def withhold(item, *, actor, exemption: str, reason: str, channel: str = "web") -> Redaction:
    """Withhold the whole item (and any file it brings) from the release: the index still lists it, saying under
    which exemption."""
    request = _locked(item.request)
    _require_handler(actor, request.person)
    _reviewing(request)
    rule = _exemption(exemption, request)
    reason = _text(reason, field="reason", label="the reason, as the person will read it", limit=300)
    if Redaction.objects.filter(item=item, scope=Redaction.Scope.ITEM, withdrawn_at__isnull=True).exists():
        raise SubjectAccessError("This item is withheld already")
    made = Redaction.objects.create(item=item, scope=Redaction.Scope.ITEM, exemption=rule.code, reason=reason,
                                    made_by=actor)
    _started(request)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=request.person, channel=channel,
                 what=f"Withheld item {item.position} of subject access request {request.pk}", why=rule.law)
    return made


@transaction.atomic
def withdraw(item, redaction_pk, *, actor, channel: str = "web") -> Redaction:
    """Take back a redaction or a withholding (it is kept, marked withdrawn)."""
    request = _locked(item.request)
    _require_handler(actor, request.person)
    _reviewing(request)
    found = Redaction.objects.filter(item=item, pk=redaction_pk if str(redaction_pk).isdigit() else None,
                                     withdrawn_at__isnull=True).first()
    if found is None:
        raise SubjectAccessError("Select a redaction of this item", field="redaction")
    found.withdrawn_by, found.withdrawn_at = actor, timezone.now()
    found.save(update_fields=["withdrawn_by", "withdrawn_at"])
    audit.record(actor=actor, action=audit.Action.CHANGE, person=request.person, channel=channel,
                 what=f"Took back a redaction of item {item.position} of subject access request {request.pk}")
    return found


@transaction.atomic
def finish_review(request, *, actor, channel: str = "web") -> SubjectAccessRequest:
    """The reviewer has been through every item: the review goes to a manager to approve."""
    request = _locked(request)
    _require_handler(actor, request.person)
    _reviewing(request)
    request.finish_review()
    request.review_done_by, request.review_done_at, request.returned_reason = actor, timezone.now(), ""
    request.save()
    audit.record(actor=actor, action=audit.Action.DECISION, person=request.person, channel=channel,
                 what=f"Finished the review of subject access request {request.pk}")
    return request


@transaction.atomic
def return_review(request, *, actor, reason: str, channel: str = "web") -> SubjectAccessRequest:
    """A manager sends the review back to be changed, saying why."""
    request = _locked(request)
    _require_handler(actor, request.person)
    if not access.manages_team_of(actor, request.person):
        raise SubjectAccessError("Only a team manager of the person's team, or an administrator, returns a review")
    if request.state != State.IN_REVIEW or request.review_done_at is None:
        raise SubjectAccessError("Only a review waiting for approval can be returned")
    reason = _text(reason, field="reason", label="why the review is returned")
    request.return_review()
    request.review_done_by, request.review_done_at, request.returned_reason = None, None, reason
    request.save()
    audit.record(actor=actor, action=audit.Action.DECISION, person=request.person, channel=channel,
                 what=f"Returned the review of subject access request {request.pk}")
    return request


@transaction.atomic
def approve(request, *, actor, channel: str = "web") -> SubjectAccessRequest:
    """A team manager of the person's team, or an administrator, who did not review it, approves the release (the
    two-person rule)."""
    request = _locked(request)
    _require_handler(actor, request.person)
    if not access.manages_team_of(actor, request.person):
        raise SubjectAccessError("Only a team manager of the person's team, or an administrator, approves a release")
    if request.state != State.IN_REVIEW or request.review_done_at is None:
        raise SubjectAccessError("The review must be finished before the release is approved")
    if actor.pk in queries.reviewers(request):
        raise SubjectAccessError("You reviewed this request, so someone else must approve it: every release is "
                                 "seen by two people")
    missing = queries.missing_files(request)
    if missing:
        raise SubjectAccessError(f"These files are no longer stored, so the release cannot be made: "
                                 f"{', '.join(missing)}. Withhold their items, saying why, or restore them")
    request.approve()
    request.approved_by, request.approved_at = actor, timezone.now()
    request.save()
    audit.record(actor=actor, action=audit.Action.DECISION, person=request.person, channel=channel,
                 what=f"Approved the release of subject access request {request.pk}")
    return request


@transaction.atomic
def release(request, *, actor, how: str, today: datetime.date | None = None,
            channel: str = "web") -> SubjectAccessRequest:
    """Release the approved review as an archive: its SHA-256, who released it, when and how it was given are
    recorded, and the release is audited as an export of the person's data. The archive itself is made again from the
    frozen review when it is downloaded (subject_access.queries.archive), not kept."""
    request = _locked(request)
    _require_handler(actor, request.person)
    if request.state != State.APPROVED:
        raise SubjectAccessError("Only an approved review can be released")
    how = _choice(how, SubjectAccessRequest.HowGiven.choices, field="how", label="how it was given")
    today = today or timezone.localdate()
    missing = queries.missing_files(request)
    if missing:
        raise SubjectAccessError(f"These files are no longer stored, so the archive cannot be made: {', '.join(missing)}")
    with tempfile.SpooledTemporaryFile(max_size=16 << 20) as out:
        sha256 = queries.archive(request, out, released_on=today)
    views = [queries.item_view(item) for item in queries.items_of(request)]
    counted = queries.counts(views)
    request.release()
    request.released_by, request.released_at, request.released_on = actor, timezone.now(), today
    request.released_how, request.archive_sha256 = how, sha256
    request.save()
    audit.record(actor=actor, action=audit.Action.EXPORT, person=request.person, channel=channel,
                 what=f"Released subject access request {request.pk}: {counted['items']} items "
                      f"({counted['redacted']} redacted in part, {counted['withheld']} withheld), "
                      f"{request.get_released_how_display().split(' (')[0].lower()}",
                 why=f"UK GDPR article 15; archive SHA-256 {sha256}")
    return request


def record_download(request, *, actor, channel: str = "web") -> None:
    """A download of a released archive, as an export of the person's data (written with the answer, like a read)."""
    audit.record(actor=actor, action=audit.Action.EXPORT, person=request.person, channel=channel,
                 what=f"Downloaded the archive of subject access request {request.pk}")


@transaction.atomic
def extend(request, *, actor, reason: str, told_on, today: datetime.date | None = None,
           channel: str = "web") -> SubjectAccessRequest:
    """Extend the deadline to three months from the start (UK GDPR article 12(3)): once, with the reason, told to the
    requester within the first month."""
    request = _locked(request)
    _require_handler(actor, request.person)
    if not request.is_open:
        raise SubjectAccessError("Only a request still being answered can be extended")
    today = today or timezone.localdate()
    if not isinstance(told_on, datetime.date):
        raise SubjectAccessError("Enter the date the requester was told", field="told_on")
    reason = _text(reason, field="reason", label="why the extension is necessary", required=False)
    try:
        deadlines.check_extension(request.starts_on, told_on=told_on, today=today, reason=reason,
                                  already_extended=request.extended)
    except deadlines.ExtensionRefused as problem:
        raise SubjectAccessError(str(problem), field=problem.field) from None
    request.extend()
    request.extension_reason, request.extension_told_on = reason, told_on
    request.extended_by, request.extended_at = actor, timezone.now()
    request.due_on = deadlines.due_date(request.starts_on, months=deadlines.EXTENDED_MONTHS)
    request.save()
    audit.record(actor=actor, action=audit.Action.DECISION, person=request.person, channel=channel,
                 what=f"Extended subject access request {request.pk} to {request.due_on.isoformat()}",
                 why="UK GDPR article 12(3)")
    return request


@transaction.atomic
def refuse(request, *, actor, grounds: str, reason: str, told_on, today: datetime.date | None = None,
           channel: str = "web") -> SubjectAccessRequest:
    """Refuse a request as manifestly unfounded or excessive (UK GDPR article 12(5)): a manager's decision, with the
    reason, and the day the requester was told it and of their right to complain to the Information Commissioner
    (article 12(4))."""
    request = _locked(request)
    _require_handler(actor, request.person)
    if not access.manages_team_of(actor, request.person):
        raise SubjectAccessError("Only a team manager of the person's team, or an administrator, refuses a request")
    if request.state not in (State.RECEIVED, State.GATHERED, State.IN_REVIEW):
        raise SubjectAccessError("Only a request not yet approved can be refused")
    today = today or timezone.localdate()
    grounds = _choice(grounds, exemptions.REFUSAL_GROUNDS.items(), field="grounds", label="the grounds for refusing")
    reason = _text(reason, field="reason", label="why the request is refused")
    told_on = _date(told_on, field="told_on", label="the date the requester was told", today=today,
                    not_before=request.received_on)
    request.refuse()
    request.refusal_grounds, request.refusal_reason, request.refusal_told_on = grounds, reason, told_on
    request.refused_by, request.refused_at = actor, timezone.now()
    request.save()
    audit.record(actor=actor, action=audit.Action.DECISION, person=request.person, channel=channel,
                 what=f"Refused subject access request {request.pk}: {exemptions.REFUSAL_GROUNDS[grounds].lower()}",
                 why=exemptions.REFUSAL_LAW)
    return request
