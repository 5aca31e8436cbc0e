"""Every write retention makes: the council's schedule (a new version each time), legal holds, the erasure of a person
past the schedule, and the run that erases everyone due and removes audit events and research releases past their
periods. Each is atomic and audited; administrators only (core.permissions.may_manage_retention).

An erasure is irreversible de-identification, not deletion: the person's row stays as a tombstone (its key is the one
the audit trail and the ledger point at) with every identifying field overwritten; what they, their family and the
council wrote about them is blanked or deleted; their receipt files are deleted from the disk once the erasure
commits; and every django-simple-history row of their records is purged after, since blanking or deleting a tracked
record writes a history row of its own. The ledger stays whole: no posting, amount or balance changes, and a payment
file that paid them is written again from its lines with their payee, bank account and reference blanked, so `money
check` passes as before. Audit events stay, pointing at the tombstone, until their own period removes them through
audit.actions.purge (docs/data-protection.md, "Retention and erasure")."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from selfdirect.accounts.models import ApiToken, RoleGrant, User
from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.core.errors import DomainError
from selfdirect.core.events import announce_cases_changed
from selfdirect.money.models import JournalEntry, PaymentLine, PaymentRun, SpendingRecord
from selfdirect.money.payments import render_file
from selfdirect.outcomes.models import Story
from selfdirect.people.models import Person

from . import queries, schedule
from .models import Erasure, LegalHold, ScheduleVersion

REASON_LIMIT = 500

# The tombstone: what each of the Person's fields becomes. Every field of Person is here or in TOMBSTONE_KEEPS (a test
# proves it, so a field added to Person is not left behind). The coded fields take their lists' "not known" code.
TOMBSTONE_BIRTH = datetime.date(1900, 1, 1)  # the field cannot be empty: a fixed day, the same for everyone erased
TOMBSTONE = {
    "nhs_number": "", "first_name": "Erased", "last_name": "person", "date_of_birth": TOMBSTONE_BIRTH,
    "date_of_death": None, "gender": "Not known", "ethnicity": "99", "postcode": "", "gp_practice_name": "",
    "gp_practice_code": "", "primary_support_reason": "Unknown", "client_group": "other",
    "accommodation_status": "Unknown", "employment_status": "Unknown", "autism": "Unknown",
    "visual_impairment": "Unknown", "hearing_impairment": "Unknown", "dementia": "Unknown",
    "client_funding_status": "Unknown", "previous_package_description": "", "previous_package_weekly_pence": None,
    "user": None,
}
# Kept on the tombstone: its key, the team that held it (the ledger and the case's team figures need one), when it was
# made and that it was a service user. `la_person_id`, the council's reference, is replaced by ERASED-<key> (the
# council's other systems may know the old one), and so is every payment reference and ledger account that held it.
TOMBSTONE_KEEPS = {"id", "team", "created_at", "client_type", "la_person_id"}

# What each part of the records (retention.queries.PARTS) becomes: its fields blanked, or the rows deleted.
BLANK = {
    "legal_holds": {"reason": "", "lift_reason": ""},
    "cases": {"referral_reason": ""},
    "case_steps": {"reason": ""},
    "assessments": {"findings": [], "wellbeing_areas": [], "wellbeing_impact": "", "evidence": "", "decision_text": "",
                    "advice": "", "indicative_reason": "", "override_reason": ""},
    "self_assessments": {"answers": {}},
    "plans": {"difference_reason": "", "unpaid_support": "", "contingency_plan": "", "emergency_plan": "",
              "signed_name": "", "signed_how": ""},
    "plan_outcomes": {"in_own_words": "", "how_met": ""},
    "plan_items": {"description": "", "supplier_name": "", "direct_payment_reason": "", "relative_agreed_reason": "",
                   "arranged_with": ""},
    "plan_decisions": {"comment": ""},
    "risks": {"risk": "", "how_managed": ""},
    "suggestions": {"details": {}, "response": ""},
    "choices": {"reason_text": ""},
    "choice_confirmations": {"comment": ""},
    "direct_payment_setups": {"recipient_name": "", "account_name": "", "sort_code": "", "account_number": ""},
    "reviews": {"summary": "", "what_changed": ""},
    "review_requests": {"asked_by_name": "", "asked_by_relationship": "", "said": "", "decline_reasons": ""},
    "evaluations": {"respondent_name": ""},
    "one_off_payments": {"description": ""},
    "suspensions": {"reason": ""},
    "spending_records": {"payee": "", "what_for": "", "receipt": "", "receipt_name": "", "receipt_type": ""},
    "statement_lines": {"description": ""},
    "recoveries": {"letter": "", "explanation": "", "decision_reason": "", "appeal": ""},
    "contribution_collections": {"care_home_name": "", "agreed_by": ""},
    "contribution_invoices": {"explanation": ""},
    "arrears_checks": {"notes": ""},
    "debt_recoveries": {"reason": ""},
    "deferred_payments": {"home": "", "title_number": "", "decline_reason": "", "assessment": None},
    "deferred_statements": {"figures": {}},
    "top_ups": {"payer_name": "", "payer_relationship": "", "care_home": "", "agreement_reference": "", "signed_by": "",
                "if_payments_stop": "", "what_was_done": ""},
    "subject_access_requests": {"requester_name": "", "requester_relationship": "", "identity_checked": "",
                                "authority_checked": "", "asked_for": "", "extension_reason": "", "returned_reason": "",
                                "refusal_reason": "", "representative": None},
    "subject_access_items": {"title": "", "fields": [], "file_path": "", "file_name": ""},
    "subject_access_redactions": {"words": "", "reason": ""},
}
# Deleted, in this order (a subject access request's representative is unlinked above before its authority goes).
DELETE = ["plan_examples", "market_reviews", "market_suggestions", "stories", "helper_notices", "research_memberships",
          "invitations", "consents",
          "representatives", "carers", "reconsiderations", "assessment_requests", "financial_assessments"]
# Worked out by their own steps below.
SPECIAL = {"person", "sign_in", "ledger_accounts", "journal_entries", "payment_lines", "payment_runs", "receipt_files",
           "story_recordings", "history"}


class RetentionError(DomainError):
    """Retention cannot do as asked; str() is the message to show."""


def _require(actor) -> None:
    if not permissions.may_manage_retention(actor):
        raise RetentionError("Only an administrator manages retention")


def _reason(text: str, *, field_name: str, label: str) -> str:
    text = (text or "").strip()
    if not text:
        raise RetentionError(f"Enter {label}", field=field_name)
    if len(text) > REASON_LIMIT:
        raise RetentionError(f"{label[:1].upper()}{label[1:]} must be {REASON_LIMIT} characters or less",
                             field=field_name)
    return text


# ---- the schedule ----------------------------------------------------------------------------------------------------


@transaction.atomic
def set_schedule(*, actor, periods: dict, reason: str, channel: str = "web") -> ScheduleVersion:
    """A new version of the schedule, in force from now. Refused if a period is missing or out of range, or if
    nothing changed."""
    _require(actor)
    problems = schedule.check_periods(periods)
    if problems:
        key, message = next(iter(problems.items()))
        raise RetentionError(message, field=key)
    reason = _reason(reason, field_name="reason", label="why the schedule changes")
    in_force = queries.schedule_in_force()
    periods = {key: int(periods[key]) for key in schedule.KINDS}
    if periods == in_force.periods:
        raise RetentionError("The periods are the same as the schedule in force: change one, or leave it")
    latest = ScheduleVersion.objects.select_for_update().order_by("-number").first()
    made = ScheduleVersion.objects.create(number=(latest.number if latest else 0) + 1, periods=periods, reason=reason,
                                          made_by=actor)
    changed = "; ".join(f"{schedule.KINDS[k].label} {in_force.periods[k]} to {v} years"
                        for k, v in periods.items() if in_force.periods[k] != v)
    audit.record(actor=actor, action=audit.Action.DECISION, channel=channel, why=reason,
                 what=f"Set retention schedule version {made.number}: {changed}")
    return made


# ---- legal holds -----------------------------------------------------------------------------------------------------


@transaction.atomic
def place_hold(person, *, actor, reason: str, channel: str = "web") -> LegalHold:
    _require(actor)
    reason = _reason(reason, field_name="reason", label="why the records are held")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if queries.is_erased(person):
        raise RetentionError("This person's records were erased: there is nothing left to hold")
    if queries.open_hold_of(person) is not None:
        raise RetentionError("This person's records are already held: lift that hold first", field="person")
    hold = LegalHold.objects.create(person=person, reason=reason, set_by=actor, set_on=timezone.localdate())
    audit.record(actor=actor, action=audit.Action.DECISION, person=person, channel=channel,
                 what=f"Placed legal hold {hold.pk}: nothing of the record is erased while it lasts")
    return hold


@transaction.atomic
def lift_hold(person, *, actor, reason: str, channel: str = "web") -> LegalHold:
    _require(actor)
    reason = _reason(reason, field_name="reason", label="why the hold is lifted")
    hold = LegalHold.objects.select_for_update().filter(person=person, lifted_on__isnull=True).first()
    if hold is None:
        raise RetentionError("This person's records are not held")
    hold.lifted_on, hold.lifted_by, hold.lift_reason = timezone.localdate(), actor, reason
    hold.save()
    audit.record(actor=actor, action=audit.Action.DECISION, person=person, channel=channel,
                 what=f"Lifted legal hold {hold.pk}")
    return hold


# ---- erasure ---------------------------------------------------------------------------------------------------------


def _as_of(as_of: datetime.date | None) -> datetime.date:
    today = timezone.localdate()
    as_of = as_of or today
    if as_of > today:
        raise RetentionError("Records are erased only as of today or an earlier day", field="as_of")
    return as_of


def _word(text: str) -> str:
    """A regular expression for the reference as a word of its own (EX000001 must not match in EX0000012)."""
    return rf"(?<![A-Za-z0-9]){re.escape(text)}(?![A-Za-z0-9])"


def _renamed(text: str, old: str, new: str) -> str:
    return re.sub(_word(old), new, text) if old else text


def _payment_reference(reference: str, old: str, new: str) -> str:
    """A payment line's reference (SD<yymmdd><council reference>, cut at 18 characters) with the reference replaced,
    even where the cut left only its start."""
    tail = reference[8:]
    if reference.startswith("SD") and not reference.startswith("SD1OFF") and tail and old.startswith(tail):
        return (reference[:8] + new)[:18]
    return _renamed(reference, old, new)[:18]


def _sign_in(person, counts) -> None:
    user = User.objects.filter(pk=person.user_id).first() if person.user_id else None
    if user is None:
        return
    counts["sign_in"] = 1
    if not queries.sign_in_is_only_theirs(user, person):
        return  # only unlinked, with the tombstone (TOMBSTONE["user"])
    old = user.username
    User.objects.filter(pk=user.pk).update(username=f"erased-{user.pk}", first_name="", last_name="", email="",
                                           password=make_password(None), is_active=False)
    RoleGrant.objects.filter(user=user).delete()
    ApiToken.objects.filter(user=user).delete()
    TOTPDevice.objects.filter(user=user).delete()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):  # django-axes keeps the sign-in name it was tried with
        model.objects.filter(username=old).delete()


def _money(parts, counts, *, old: str, new: str) -> set[int]:
    """The ledger keeps every posting, amount and balance: entries' descriptions become their kind, the payment lines
    that paid the person lose payee, bank account and reference, and each payment file holding them is written again
    from its lines (so `money check` still finds file and lines agree)."""
    entries = parts["journal_entries"]
    counts["journal_entries"] = entries.count()
    for kind, label in JournalEntry.Kind.choices:
        entries.filter(kind=kind).update(description=label)
    for account in parts["ledger_accounts"]:
        renamed = _renamed(account.reference, old, new)
        if renamed != account.reference:
            type(account).objects.filter(pk=account.pk).update(reference=renamed)
            counts["ledger_accounts"] = counts.get("ledger_accounts", 0) + 1
    providers = queries.provider_payees()
    runs = set()
    for line in parts["payment_lines"]:
        reference = _payment_reference(line.reference, old, new)
        if (line.payee, line.account_number) in providers:  # a provider's line (an individual service fund)
            PaymentLine.objects.filter(pk=line.pk).update(reference=reference)
        else:
            PaymentLine.objects.filter(pk=line.pk).update(payee="Erased", sort_code="", account_number="",
                                                          reference=reference)
        counts["payment_lines"] = counts.get("payment_lines", 0) + 1
        runs.add(line.run_id)
    for run in PaymentRun.objects.filter(pk__in=runs).prefetch_related("lines"):
        text = render_file(list(run.lines.all()))
        report = json.loads(_renamed(json.dumps(run.report), old, new))
        PaymentRun.objects.filter(pk=run.pk).update(file_text=text, report=report,
                                                     file_sha256=hashlib.sha256(text.encode()).hexdigest())
    counts["payment_runs"] = len(runs)
    return runs


def _delete_files(names: list[str], storage=None) -> None:
    storage = storage or SpendingRecord._meta.get_field("receipt").storage
    for name in names:
        if storage.exists(name):
            storage.delete(name)


@transaction.atomic
def erase(person, *, actor, as_of: datetime.date | None = None, channel: str = "web") -> Erasure:
    """Erase a person whose records are past the schedule (retention.schedule.decide): refused, with the reason and
    nothing changed, if they are not past it, are kept (an open case or request, money, a legal hold) or were erased
    already. One transaction; the receipt files go from the disk once it commits."""
    _require(actor)
    as_of = _as_of(as_of)
    person = Person.objects.select_for_update().get(pk=person.pk)
    in_force = queries.schedule_in_force()
    decision = queries.decision_for(person, in_force.periods)
    refused = decision.refusal(as_of)
    if refused:
        raise RetentionError(refused)
    old, new = person.la_person_id, f"ERASED-{person.pk}"
    parts = queries.parts_of(person)
    history = queries.history_of(person)  # before anything changes: a history table it does not know stops it here
    receipts = queries.receipt_files_of(person)
    recordings = queries.story_recordings_of(person)
    case_ids = list(parts["cases"].values_list("pk", flat=True))
    counts: dict[str, int] = {}

    _sign_in(person, counts)
    for key, blanks in BLANK.items():
        changed = parts[key].update(**blanks)
        if changed:
            counts[key] = changed
    for key in DELETE:
        number = parts[key].delete()[1].get(parts[key].model._meta.label, 0)
        if number:
            counts[key] = number
    _money(parts, counts, old=old, new=new)
    if receipts:
        counts["receipt_files"] = len(receipts)
    if recordings:
        counts["story_recordings"] = len(recordings)
    Person.objects.filter(pk=person.pk).update(la_person_id=new, **TOMBSTONE)
    counts["person"] = 1
    # Last: blanking and deleting tracked records wrote history rows of their own (simple-history's post_delete).
    purged = sum(rows.delete()[0] for rows in history)
    if purged:
        counts["history"] = purged
    counts = {key: counts[key] for key in queries.PARTS if counts.get(key)}
    person.refresh_from_db()  # the tombstone, as written
    made = Erasure.objects.create(person=person, erased_on=timezone.localdate(), erased_by=actor,
                                  schedule_version=in_force.version, periods=in_force.periods,
                                  due_on=decision.due_on, counts=counts, channel=channel)
    announce_cases_changed(case_ids, sender=Person, person_ids=[person.pk])
    audit.record(actor=actor, action=audit.Action.CHANGE, person=person, channel=channel,
                 what=f"Erased the record: past the retention schedule (version {in_force.version}) since "
                      f"{decision.due_on.isoformat()}",
                 why="Retention schedule: every kind of the person's records past its period")
    if receipts:
        transaction.on_commit(lambda: _delete_files(receipts))
    if recordings:
        transaction.on_commit(lambda: _delete_files(recordings, Story._meta.get_field("audio").storage))
    return made


# ---- the run ---------------------------------------------------------------------------------------------------------


@dataclass
class RunReport:
    as_of: datetime.date
    schedule_version: int
    dry_run: bool
    erased: list[str] = field(default_factory=list)  # the tombstones' references (ERASED-<key>)
    would_erase: list[tuple[str, str]] = field(default_factory=list)  # dry run: (reference, why due)
    refused: list[str] = field(default_factory=list)
    audit_events: int = 0
    audit_cutoff: datetime.date | None = None
    research_releases: int = 0

    @property
    def did_nothing(self) -> bool:
        return not (self.erased or self.would_erase or self.refused or self.audit_events or self.research_releases)


def _purge_research(*, actor, as_of, years, dry_run, channel) -> int:
    releases = queries.research_releases_past(as_of, years)
    found = list(releases.select_related("project"))
    if dry_run or not found:
        return len(found)
    with transaction.atomic():
        queries.released_rows_of(releases).delete()
        for release in found:
            audit.record(actor=actor, action=audit.Action.CHANGE, channel=channel,
                         what=f"Removed research release {release.number} of project {release.project_id}: past the "
                              f"retention schedule ({years} years after the project ended)")
        releases.delete()
    return len(found)


def run(*, actor, as_of: datetime.date | None = None, dry_run: bool = False, channel: str = "cli") -> RunReport:
    """Erase everyone due as of the day (each in a transaction of their own), remove audit events older than their
    period through audit.actions.purge (which leaves a checkpoint) and research releases past theirs. A dry run
    changes nothing and says what a run would do. Run again, it finds nothing more to do and writes nothing."""
    _require(actor)
    today = timezone.localdate()
    as_of = as_of or today
    if as_of > today and not dry_run:
        raise RetentionError("A run that erases is as of today or an earlier day: add --dry-run to see who will be due",
                             field="as_of")
    in_force = queries.schedule_in_force()
    report = RunReport(as_of=as_of, schedule_version=in_force.version, dry_run=dry_run)
    for row in queries.due_for_erasure(as_of, in_force.periods):
        if dry_run:
            report.would_erase.append((row.person.la_person_id, "; ".join(r.text() for r in row.decision.reasons)))
            continue
        try:
            report.erased.append(f"ERASED-{erase(row.person, actor=actor, as_of=as_of, channel=channel).person_id}")
        except RetentionError as problem:  # changed since it was listed (a hold placed, a case opened)
            report.refused.append(f"{row.person.la_person_id}: {problem}")
    report.audit_cutoff = schedule.audit_cutoff(as_of, in_force.periods[schedule.AUDIT])
    if dry_run:
        report.audit_events = queries.audit_events_before(report.audit_cutoff)
    else:
        report.audit_events = audit.purge(
            before=report.audit_cutoff, actor=actor,
            why=f"Retention schedule version {in_force.version}: audit events are kept "
                f"{in_force.periods[schedule.AUDIT]} years").removed
    report.research_releases = _purge_research(actor=actor, as_of=as_of, years=in_force.periods[schedule.RESEARCH],
                                               dry_run=dry_run, channel=channel)
    return report
