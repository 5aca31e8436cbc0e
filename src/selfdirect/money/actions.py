"""Every write to the ledger. Pages, the API and commands call these; nothing else posts."""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import BigIntegerField, CharField, F, Sum, Value, When
from django.db.models import Case as Choose
from django.db.models.functions import Cast
from django.utils import timezone

from selfdirect.accounts.models import Organisation
from selfdirect.accounts.queries import acting
from selfdirect.audit import actions as audit
from selfdirect.charging import queries as charging
from selfdirect.core import permissions, uploads
from selfdirect.core.errors import DomainError
from selfdirect.core.events import announce_cases_changed
from selfdirect.core.money import Money
from selfdirect.core.words import counted
from selfdirect.journey.models import Case
from selfdirect.journey.queries import current_case_for
from selfdirect.outcomes.models import Review
from selfdirect.people.models import Person
from selfdirect.planning import queries as planning
from selfdirect.planning.models import PlanItem

from . import bulk, invoices, schedule, statements
from . import postings as rules
from . import queries as money_queries
from . import reconcile as matching
from . import recovery as recovery_rules
from .models import (
    ContributionArrearsCheck,
    ContributionCollection,
    ContributionDebtRecovery,
    ContributionInvoice,
    Instalment,
    JournalEntry,
    LedgerAccount,
    OneOffPayment,
    PaymentLine,
    PaymentRun,
    Posting,
    Recovery,
    SpendingRecord,
    StatementImport,
    StatementLine,
    Suspension,
)
from .payments import four_week_budget, render_file
from .queries import weekly_direct_payment_pence

PAY_BATCH = 1000  # budgets a payment run reads and writes together


class MoneyError(DomainError):
    """The money cannot move as asked; str() is the message to show."""


def account_reference(case, key: str = "direct_payment") -> str | None:
    """How statements name a budget's account: DP-<council reference> its direct payment account, ISF-<council
    reference>-<provider id> an individual service fund (the provider's statement of the fund names it so); None for
    the ledger's other accounts, which no statement names. Given when the account is opened."""
    if key == "direct_payment":
        return f"DP-{case.person.la_person_id}"
    if key.startswith("isf:"):
        return f"ISF-{case.person.la_person_id}-{key.partition(':')[2]}"
    return None


def account(case, key: str) -> LedgerAccount:
    reference = account_reference(case, key)
    found, _ = LedgerAccount.objects.get_or_create(case=case, key=key, defaults={"reference": reference})
    return found


def _post(case, kind, entry_postings, *, on, actor, description, run=None, reverses=None, recovery=None,
          corrects_line=None) -> JournalEntry:
    checked = rules.entry(*entry_postings)
    made = JournalEntry.objects.create(case=case, kind=kind, on=on, description=description[:300], run=run,
                                       reverses=reverses, recovery=recovery, corrects_line=corrects_line, created_by=actor)
    for p in checked:
        acct = account(case, p.account)
        Posting.objects.create(entry=made, account=acct, amount_pence=p.amount_pence)
        LedgerAccount.objects.filter(pk=acct.pk).update(balance_pence=F("balance_pence") + p.amount_pence)
    return made


@transaction.atomic
def reverse(entry: JournalEntry, *, actor, on=None, reason: str) -> JournalEntry:
    """A correction: the entry's postings turned over. An entry is reversed at most once."""
    if not reason.strip():
        raise MoneyError("Give the reason for the correction")
    if JournalEntry.objects.filter(reverses=entry).exists() or entry.kind == JournalEntry.Kind.REVERSAL:
        raise MoneyError("That entry has already been corrected, or is itself a correction")
    if entry.statement_lines.exists():  # it posts a statement's lines (a month of them): each is corrected on its own
        raise MoneyError("That entry posts a statement's lines: correct the line that is wrong instead")
    flipped = rules.reversal([rules.Posting(p.account.key, p.amount_pence) for p in entry.postings.select_related("account")])
    made = _post(entry.case, JournalEntry.Kind.REVERSAL, flipped, on=on or entry.on, actor=actor, reverses=entry,
                 description=f"Correction of entry {entry.pk}: {reason.strip()}")
    audit.record(actor=actor, action=audit.Action.CHANGE, person=entry.case.person, what=f"Reversed ledger entry {entry.pk}",
                 why=reason)
    return made


@transaction.atomic
def correct_statement_line(line: StatementLine, *, actor, reason: str, on: datetime.date | None = None) -> JournalEntry:
    """A correction of one imported payment out (a provider charged a visit that did not happen, say): its posting
    turned over by an entry of its own. The entry that posted it also posts the other lines of its import, account and
    month, so it stays; money check still finds it posting exactly its lines' total. A line is corrected at most once."""
    if not reason.strip():
        raise MoneyError("Give the reason for the correction")
    line = (StatementLine.objects.select_for_update(of=("self",)).select_related("account__case__person", "statement")
            .get(pk=line.pk))
    if line.entry_id is None:
        raise MoneyError("That line posted nothing (money into the account), so there is nothing to correct")
    if JournalEntry.objects.filter(corrects_line=line).exists():
        raise MoneyError("That line has already been corrected")
    flipped = rules.reversal(rules.spending(-line.amount_pence, line.account.key))
    made = _post(line.account.case, JournalEntry.Kind.REVERSAL, flipped, on=on or line.posted_on, actor=actor,
                 description=f"Correction of line {line.line_number} of statement {line.statement.file_name}: {reason.strip()}",
                 corrects_line=line)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=line.account.case.person,
                 what=f"Corrected statement line {line.pk} ({Money(-line.amount_pence)} out)", why=reason.strip())
    return made


# Payment runs


def _suspended(case):
    spans = list(case.suspensions.all())

    def inside(p: schedule.Period) -> bool:
        return any(s.starts_on <= p.starts_on and (s.ends_on is None or p.starts_on <= s.ends_on) for s in spans)

    return inside


@dataclass
class RunReport:
    run_date: datetime.date
    already_made: bool = False
    paid: int = 0
    late: list[str] = field(default_factory=list)
    suspended: list[str] = field(default_factory=list)
    not_ready: list[str] = field(default_factory=list)
    one_offs: int = 0
    lines: int = 0
    total_pence: int = 0
    charges: int = 0

    def as_dict(self):
        return {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in self.__dict__.items()}


def pay(run_date: datetime.date, *, actor) -> tuple[PaymentRun, RunReport]:
    """One-person runs (settings.PAYMENT_RUN_APPROVAL "one_person", and the demo's history): make the run for run_date in
    one step, or return the one already made. Postings and payment lines commit together; the file is then rendered
    from what was committed, so a run killed at any point and run again gives the same result."""
    existing = PaymentRun.objects.filter(run_date=run_date).first()
    if existing and existing.status == PaymentRun.Status.PAID:
        return existing, _stored_report(existing)
    with transaction.atomic():
        run = existing or _new_run(run_date, actor)
        run = PaymentRun.objects.select_for_update().get(pk=run.pk)
        if run.status == PaymentRun.Status.PAID:  # made by someone else meanwhile
            return run, _stored_report(run)
        report = _fill(run)
        _mark_paid(run, report, approver=actor)
    audit.record(actor=actor, action=audit.Action.EXPORT, what=f"Made the payment run for {run_date}: {report.lines} payments")
    return run, report


def _stored_report(run) -> RunReport:
    report = RunReport(run.run_date, **{k: v for k, v in run.report.items() if k not in {"run_date", "already_made"}})
    report.already_made = True
    return report


def _new_run(run_date, actor) -> PaymentRun:
    """The run's row, which holds its date: a second run for the same date at the same time waits for the first on
    PostgreSQL and is then told, as on SQLite, that the date's run is being made or was made."""
    try:
        with transaction.atomic():
            return PaymentRun.objects.create(run_date=run_date, created_by=actor, status=PaymentRun.Status.PREPARED)
    except IntegrityError:
        raise MoneyError(f"A payment run for {run_date:%d %B %Y} is being made or was made already: open it from the "
                         "finance page") from None


def _fill(run) -> RunReport:
    """Post the run's instalments and one-off payments and write its payment lines (inside the caller's transaction)."""
    report = RunReport(run.run_date)
    _pay_instalments(run, report)
    announce_cases_changed(Instalment.objects.filter(run=run).values_list("case_id", flat=True), sender=Instalment)
    _pay_one_offs(run, report)
    lines = list(run.lines.all())
    report.lines, report.total_pence = len(lines), sum(line.amount_pence for line in lines)
    return report


def _mark_paid(run, report, *, approver) -> None:
    run.status, run.approved_by, run.approved_at = PaymentRun.Status.PAID, approver, timezone.now()
    run.report = report.as_dict()
    run.file_text = render_file(list(run.lines.all()))
    run.file_sha256 = hashlib.sha256(run.file_text.encode()).hexdigest()
    run.save(update_fields=["status", "approved_by", "approved_at", "report", "file_text", "file_sha256"])


def _preview_lines(run) -> list[dict]:
    """What each payment line would pay, as the preview shows it (the bank account's last four digits only)."""
    return [{"person": line.entry.case.person.la_person_id, "person_id": line.entry.case.person_id, "payee": line.payee, "amount_pence": line.amount_pence,
             "reference": line.reference, "account_ends": line.account_number[-4:]}
            for line in run.lines.select_related("entry__case__person").order_by("id")]


def _digest(lines: list[dict]) -> str:
    return hashlib.sha256(json.dumps(lines, sort_keys=True).encode()).hexdigest()


class _Undo(Exception):
    """Rolls back a run worked out only to be shown."""


@transaction.atomic
def prepare_run(run_date: datetime.date, *, actor, channel="web") -> PaymentRun:
    """Work out what the run for run_date would pay, who it skips and why, and what it catches up, without posting
    anything: shown to finance, then approved by a second finance officer (approve_run). Preparing again before it is
    approved works it out afresh."""
    if not permissions.may_handle_payments(actor):
        raise MoneyError("Only finance prepares a payment run")
    run = PaymentRun.objects.select_for_update().filter(run_date=run_date).first() or _new_run(run_date, actor)
    if run.status == PaymentRun.Status.PAID:
        raise MoneyError(f"The run for {run_date:%d %B %Y} was approved and paid already")
    try:
        with transaction.atomic():
            report = _fill(run)
            lines = _preview_lines(run)
            raise _Undo(report, lines)
    except _Undo as worked_out:
        report, lines = worked_out.args
    run.created_by = actor
    run.preview = {"report": report.as_dict(), "lines": lines}
    run.preview_sha256 = _digest(lines)
    run.save(update_fields=["created_by", "preview", "preview_sha256"])
    audit.record(actor=actor, action=audit.Action.CREATE, channel=channel,
                 what=f"Prepared the payment run for {run_date}: {report.lines} payments, {Money(report.total_pence)}")
    return run


@transaction.atomic
def approve_run(run: PaymentRun, *, actor, channel="web") -> tuple[PaymentRun, RunReport]:
    """A second finance officer approves a prepared run: it is posted and its file written, exactly as prepared. If
    anything it would pay has changed since (a suspension, new bank details), nothing is posted and it must be prepared
    again."""
    if not permissions.may_handle_payments(actor):
        raise MoneyError("Only finance approves a payment run")
    run = PaymentRun.objects.select_for_update().get(pk=run.pk)
    if run.status != PaymentRun.Status.PREPARED:
        raise MoneyError(f"{run.reference} was approved and paid already")
    if run.created_by_id == actor.pk:
        raise MoneyError(f"You prepared {run.reference}: a second finance officer approves it")
    report = _fill(run)
    if _digest(_preview_lines(run)) != run.preview_sha256:
        raise MoneyError(f"What {run.reference} would pay has changed since it was prepared: prepare it again, check it, "
                         "and ask for it to be approved")
    _mark_paid(run, report, approver=actor)
    audit.record(actor=actor, action=audit.Action.EXPORT, channel=channel,
                 what=f"Approved and paid {run.reference}: {report.lines} payments, {Money(report.total_pence)}")
    return run, report


def payment_cycle() -> schedule.Cycle:
    """The council's payment cycle: its run day and the working days from making a run to sending it to Bacs."""
    return schedule.Cycle(settings.PAYMENT_RUN_ANCHOR, settings.PAYMENT_ADVANCE_DAYS)


def _pay_instalments(run, report):
    """Every budget due a four-weekly instalment, PAY_BATCH budgets at a time: each batch is read in a fixed number of
    queries (its cases, plans, paid periods, set-ups, contributions, reductions, providers and accounts) and written in
    a fixed number more, however many budgets it holds; the balances are then added up once for the whole run."""
    last_start = payment_cycle().last_start_paid_by(run.run_date)
    due = (Case.objects.filter(support_started_on__isnull=False, support_started_on__lte=last_start)
           .exclude(state="referral").order_by("id").values_list("pk", flat=True))
    ids = list(due)
    for start in range(0, len(ids), PAY_BATCH):
        _pay_instalments_of(ids[start:start + PAY_BATCH], run, report)
    _add_to_balances(run, JournalEntry.Kind.INSTALMENT)


def _pay_instalments_of(case_ids, run, report):
    policy_on = charging.policy_timeline()  # the council's charging policy in force on each period's first day
    cycle = payment_cycle()
    cases = list(Case.objects.filter(pk__in=case_ids).select_related("person").order_by("id")
                 .prefetch_related("suspensions", charging.current_assessment_prefetch("person__financial_assessments")))
    plans = planning.approved_plans_by_case(case_ids)
    paid: dict[int, set[int]] = {}
    for case_id, number in Instalment.objects.filter(case_id__in=case_ids).values_list("case_id", "period_number"):
        paid.setdefault(case_id, set()).add(number)
    setups = planning.direct_payment_setups_by_case(case_ids)
    reductions = {}
    for recovery in Recovery.objects.filter(case_id__in=case_ids, reduction_left_pence__gt=0).order_by("id"):
        reductions.setdefault(recovery.case_id, recovery)
    providers = {item.organisation_id for plan in plans.values() for item in plan.items.all()
                 if item.delivery == "individual_service_fund" and item.organisation_id}
    organisations = Organisation.objects.in_bulk(providers)
    planned, offsets = [], {}
    for case in cases:
        plan = plans.get(case.pk)
        if plan is None or not plan.delivery_option:
            continue
        to_pay, late, skipped = schedule.due_periods(case.support_started_on, run.run_date, cycle=cycle,
                                                     paid=paid.get(case.pk, set()), suspended=_suspended(case),
                                                     stops_on=case.closed_on)
        who = case.person.la_person_id
        report.suspended += [f"{who}: period from {p.starts_on} skipped (suspended)" for p in skipped]
        if not to_pay:
            continue
        dp, isf, commissioned = four_week_budget(plan.items.all())
        if not (dp or commissioned or any(isf.values())):  # nothing to post or pay: one such plan must not stop the run
            report.not_ready.append(f"{who}: the approved plan costs nothing; not paid")
            continue
        setup = setups.get(case.pk) if dp else None
        if dp and (setup is None or (setup.account_kind == "bank" and not (setup.sort_code and setup.account_number))):
            report.not_ready.append(f"{who}: no direct payment account recorded; not paid")
            continue
        contribution = (charging.contribution_weekly_pence(case.person) or 0) * 4
        current = charging.current_assessment_for(case.person)  # prefetched: a care home resident's is invoiced
        in_care_home = current is not None and (current.input or {}).get("setting") in money_queries.CARE_HOME_SETTINGS
        recovery = reductions.get(case.pk)
        for p in to_pay:
            policy = policy_on(p.starts_on).direct_payment_contribution
            # Only the part of the contribution the direct payment is paid net of is counted here: the rest is invoiced
            # (money.invoices), so the ledger never counts it twice.
            deducted = rules.netted_pence(contribution_pence=contribution, direct_payment_pence=dp, policy=policy,
                                          invoiced_in_full=in_care_home)
            offset = min(recovery.reduction_left_pence, dp - deducted) if recovery else 0
            entry = _Planned(case, JournalEntry.Kind.INSTALMENT,
                             rules.instalment(direct_payment_pence=dp, isf_pence=isf, commissioned_pence=commissioned,
                                              contribution_pence=deducted, offset_pence=offset),
                             on=p.starts_on,
                             description=f"Four weeks from {p.starts_on:%-d %B %Y}" + (" (late: catching up)" if p in late else ""))
            entry.instalment = Instalment(case=case, period_number=p.number, period_starts_on=p.starts_on, run=run,
                                          contribution_deducted_pence=deducted, late=p in late)
            reference = f"SD{run.run_date:%y%m%d}{who}"[:18]
            cash = rules.paid_by_council_to_direct_payment(direct_payment_pence=dp, contribution_pence=contribution,
                                                           policy=policy, offset_pence=offset,
                                                           invoiced_in_full=in_care_home)
            if dp and cash:
                entry.lines.append(PaymentLine(run=run, payee=setup.account_name or case.person.full_name, sort_code=setup.sort_code,
                                               account_number=setup.account_number, amount_pence=cash, reference=reference))
            for provider_id, pence in sorted(isf.items()):
                if not pence:  # a fund whose items cost nothing this time is posted nothing and paid nothing
                    continue
                org = organisations[provider_id]
                entry.lines.append(PaymentLine(run=run, payee=org.name, sort_code=org.bank_sort_code,
                                               account_number=org.bank_account_number, amount_pence=pence, reference=reference))
            planned.append(entry)
            if offset:
                offsets[recovery.pk] = offsets.get(recovery.pk, 0) + offset
                recovery.reduction_left_pence -= offset
            if min(contribution, dp + commissioned + sum(isf.values())) > deducted:
                report.charges += 1  # the rest of the contribution is invoiced
            report.paid += 1
            if p in late:
                report.late.append(f"{who}: period from {p.starts_on} was missed by an earlier run and is paid now")
    _write(planned, run)
    if offsets:
        taken = Choose(*[When(pk=pk, then=Value(pence)) for pk, pence in offsets.items()], default=Value(0),
                       output_field=BigIntegerField())
        Recovery.objects.filter(pk__in=list(offsets)).update(reduction_left_pence=F("reduction_left_pence") - taken)


def _pay_one_offs(run, report):
    waiting = list(OneOffPayment.objects.filter(approved_by__isnull=False, entry__isnull=True).select_related("case__person")
                   .order_by("id"))
    for start in range(0, len(waiting), PAY_BATCH):
        batch = waiting[start:start + PAY_BATCH]
        setups = planning.direct_payment_setups_by_case({one_off.case_id for one_off in batch})
        planned = []
        for one_off in batch:
            case = one_off.case
            setup = setups.get(case.pk)
            if setup is None:
                report.not_ready.append(f"{case.person.la_person_id}: one-off payment with no direct payment account; not paid")
                continue
            entry = _Planned(case, JournalEntry.Kind.ONE_OFF,
                             rules.entry(rules.Posting("direct_payment", one_off.amount_pence),
                                         rules.Posting("council_funding", -one_off.amount_pence)),
                             on=run.run_date, description=f"One-off: {one_off.description}", one_off=one_off)
            entry.lines.append(PaymentLine(run=run, payee=setup.account_name or case.person.full_name, sort_code=setup.sort_code,
                                           account_number=setup.account_number, amount_pence=one_off.amount_pence,
                                           reference=f"SD1OFF{one_off.pk}"[:18]))
            planned.append(entry)
            report.one_offs += 1
        _write(planned, run)
    _add_to_balances(run, JournalEntry.Kind.ONE_OFF)


@dataclass
class _Planned:
    """One journal entry a payment run writes (its postings already checked to balance), with what goes with it."""

    case: Case
    kind: str
    postings: tuple[rules.Posting, ...]
    on: datetime.date
    description: str
    lines: list[PaymentLine] = field(default_factory=list)
    instalment: Instalment | None = None
    one_off: OneOffPayment | None = None


def _write(planned: list[_Planned], run) -> None:
    """A batch of a run's entries written set-based, in order: the accounts they post to (opening any not yet opened),
    the entries, their postings, instalments and payment lines, and the one-off payments they pay. The cached balances
    are left to _add_to_balances."""
    if not planned:
        return
    cases = {entry.case.pk: entry.case for entry in planned}
    accounts = {(case_id, key): pk for pk, case_id, key in
                LedgerAccount.objects.filter(case_id__in=list(cases)).values_list("pk", "case_id", "key")}
    missing = dict.fromkeys((entry.case.pk, p.account) for entry in planned for p in entry.postings
                            if (entry.case.pk, p.account) not in accounts)
    opened = LedgerAccount.objects.bulk_create([
        LedgerAccount(case_id=case_id, key=key, reference=account_reference(cases[case_id], key))
        for case_id, key in missing])
    accounts.update({(acct.case_id, acct.key): acct.pk for acct in opened})
    made = JournalEntry.objects.bulk_create([
        JournalEntry(case=entry.case, kind=entry.kind, on=entry.on, description=entry.description[:300], run=run,
                     created_by=run.created_by) for entry in planned])
    Posting.objects.bulk_create([Posting(entry=journal, account_id=accounts[(entry.case.pk, p.account)], amount_pence=p.amount_pence)
                                 for entry, journal in zip(planned, made, strict=True) for p in entry.postings])
    for entry, journal in zip(planned, made, strict=True):
        for line in entry.lines:
            line.entry = journal
        for paid in (entry.instalment, entry.one_off):
            if paid is not None:
                paid.entry = journal
    Instalment.objects.bulk_create([entry.instalment for entry in planned if entry.instalment is not None])
    PaymentLine.objects.bulk_create([line for entry in planned for line in entry.lines])
    OneOffPayment.objects.bulk_update([entry.one_off for entry in planned if entry.one_off is not None], ["entry"])


BALANCE_CHUNK = 1000  # accounts whose cached balance one UPDATE changes


def _add_to_balances(run, kind) -> None:
    """Add the run's postings of one kind of entry to their accounts' cached balances: one query for the whole run."""
    # The sums are read in one grouped query and written with one CASE per thousand accounts. (A correlated subquery in
    # the UPDATE was planned as a nested loop on PostgreSQL and took about a minute a run on the demo council.)
    sums = dict(Posting.objects.filter(entry__run=run, entry__kind=kind).order_by().values("account_id")
                .annotate(t=Sum("amount_pence")).values_list("account_id", "t"))
    pks = sorted(sums)
    for start in range(0, len(pks), BALANCE_CHUNK):
        chunk = pks[start:start + BALANCE_CHUNK]
        added = Choose(*[When(pk=pk, then=Value(sums[pk])) for pk in chunk], default=Value(0),
                       output_field=BigIntegerField())
        LedgerAccount.objects.filter(pk__in=chunk).update(balance_pence=F("balance_pence") + added)


@transaction.atomic
def request_one_off(case, *, actor, description: str, amount_pence: int) -> OneOffPayment:
    if not description.strip():
        raise MoneyError("Say what the one-off payment is for")
    if not amount_pence or amount_pence <= 0:
        raise MoneyError("The amount must be more than £0")
    made = OneOffPayment.objects.create(case=case, description=description.strip(), amount_pence=amount_pence, requested_by=actor)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person, what=f"Asked for a one-off payment: {description}")
    return made


@transaction.atomic
def approve_one_off(one_off: OneOffPayment, *, actor) -> OneOffPayment:
    if not permissions.may_approve_one_off(actor):
        raise MoneyError("A team manager approves one-off payments")
    if actor.pk == one_off.requested_by_id:
        raise MoneyError("The person who asked for a payment cannot approve it")
    one_off.approved_by = actor
    one_off.save(update_fields=["approved_by"])
    audit.record(actor=actor, action=audit.Action.DECISION, person=one_off.case.person, what=f"Approved a one-off payment: {one_off.description}")
    return one_off


@transaction.atomic
def suspend(case, *, actor, starts_on, ends_on=None, reason: str) -> Suspension:
    if not reason.strip():
        raise MoneyError("Give the reason payments are suspended")
    if ends_on and ends_on < starts_on:
        raise MoneyError("The end date must be on or after the start date")
    made = Suspension.objects.create(case=case, starts_on=starts_on, ends_on=ends_on, reason=reason.strip(), created_by=actor)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person, what=f"Suspended payments from {starts_on}", why=reason)
    return made


# What the budget holder reports


def _checked_receipt(receipt, name: str | None):
    """The receipt to keep, by the one rule every route shares (core.uploads: judged by its content, an image encoded
    afresh without its metadata), and the name it came with, cleaned for display. `receipt` is an uploaded file or
    bytes."""
    if isinstance(receipt, bytes | bytearray):
        data = bytes(receipt)
    else:
        receipt.seek(0)
        data = receipt.read(uploads.MAX_BYTES + 1)
        name = name if name is not None else getattr(receipt, "name", "")
    try:
        return uploads.accept(data, what="receipt"), uploads.display_name(name)
    except uploads.UploadRefused as refused:
        raise MoneyError(str(refused), field="receipt") from None


@transaction.atomic
def record_spending(case, *, actor, spent_on, payee: str, amount_pence: int, item=None, what_for: str = "", hours=None,
                    receipt=None, receipt_name: str | None = None, channel="web") -> SpendingRecord:
    if not payee.strip():
        raise MoneyError("Enter who was paid")
    if not amount_pence or amount_pence <= 0:
        raise MoneyError("The amount must be more than £0")
    if item is not None and item.plan.case_id != case.pk:
        raise MoneyError("That item is not in this person's plan")
    kept = _checked_receipt(receipt, receipt_name) if receipt else None
    made = SpendingRecord(case=case, spent_on=spent_on, payee=payee.strip(), amount_pence=amount_pence, item=item,
                          what_for=what_for.strip(), hours=hours, entered_by=actor, channel=channel)
    if kept:
        accepted, made.receipt_name = kept
        made.receipt_type = accepted.kind.content_type
        made.receipt.save(accepted.kind.extension, ContentFile(accepted.content), save=False)  # named by receipt_path
    try:
        made.save()
        audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person, channel=channel,
                     what=f"Recorded spending of {Money(amount_pence).format()} to {made.payee}"
                          + (f" with a receipt ({kept[0].kind.label})" if kept else ""))
    except BaseException:
        if kept:
            made.receipt.delete(save=False)  # no receipt file without its record
        raise
    return made


# What the bank says


@dataclass
class ImportReport:
    imported: int = 0
    duplicates: int = 0
    refused: list[str] = field(default_factory=list)  # the reasons, line by line (the first REFUSALS_LISTED)
    matched: int | None = None  # statement lines reconciliation matched after the import, where it ran
    encoding: str = ""  # how the file's bytes were read: statements.UTF8 or statements.WINDOWS_1252
    left_out: int = 0  # lines for other accounts, left out because one account was asked for
    refused_count: int = 0  # every line refused, listed or not
    read_by: str = ""  # which reader read the file: "DuckDB" (statements' fast path) or "Python"

    def summary(self) -> str:
        text = (f"{counted(self.imported, 'line')} imported, {counted(self.duplicates, 'duplicate')} skipped, "
                f"{max(self.refused_count, len(self.refused)):,} refused")
        if self.left_out:
            text += f", {counted(self.left_out, 'line')} for other accounts left out"
        return text

    @property
    def read_as(self) -> str:
        return f"Read as {self.encoding}" if self.encoding else ""


STATEMENT_BATCH = 5000  # statement lines read, checked and written together
REFUSALS_LISTED = 1000  # refused lines named one by one in a report; the rest are counted


def _case_accounts(wanted) -> dict[tuple[int, str], int]:
    """The ids of the budgets' accounts named by (case id, key), opening any not yet opened: the other side of an
    imported line's entry (spent)."""
    wanted = set(wanted)
    cases, keys = {c for c, _ in wanted}, {k for _, k in wanted}

    def found():
        return {(c, k): pk for pk, c, k in LedgerAccount.objects.filter(case_id__in=cases, key__in=keys)
                .values_list("pk", "case_id", "key") if (c, k) in wanted}

    have = found()
    if len(have) < len(wanted):
        bulk.insert(LedgerAccount, ("case_id", "key", "balance_pence"), [(c, k, 0) for c, k in sorted(wanted - have.keys())],
                    new_only=True)
        have = found()
    return have


def _direct_payment_accounts(refs, *, provider: int | None = None) -> dict[str, _Target]:
    """The ledger accounts statements name (account_reference: a direct payment account, an individual service fund),
    opening any not yet opened for a budget with a direct payment, or with a fund the provider named holds.
    `provider`: a provider's own statement, which names only the funds that provider holds (no other account is found
    for it, or opened)."""
    found = {ref: _Target(pk, case_id, key) for ref, pk, case_id, key in
             LedgerAccount.objects.filter(reference__in=refs).values_list("reference", "pk", "case_id", "key")}
    missing = {} if provider is not None else {ref[3:]: ref for ref in refs if ref not in found and ref.startswith("DP-")}
    for person in Person.objects.filter(la_person_id__in=missing):
        case = current_case_for(person)
        if case is not None and case.plans.filter(status="approved", items__delivery="direct_payment").exists():
            opened = account(case, "direct_payment")
            found[missing[person.la_person_id]] = _Target(opened.pk, opened.case_id, opened.key)
    found.update({ref: _Target(a.pk, a.case_id, a.key) for ref, a in
                  _fund_accounts([ref for ref in refs if ref not in found and ref.startswith("ISF-")]).items()})
    if provider is not None:
        found = {ref: acct for ref, acct in found.items() if acct.key == f"isf:{provider}"}
    return found


def _fund_accounts(refs) -> dict[str, LedgerAccount]:
    """Individual service funds a statement names (ISF-<council reference>-<provider id>) that the ledger has not
    opened yet: opened for a budget whose approved plan has a fund that provider holds."""
    wanted: dict[str, list[tuple[str, int]]] = {}
    for ref in refs:
        person_ref, _, provider = ref[4:].rpartition("-")
        if person_ref and provider.isdigit():
            wanted.setdefault(person_ref, []).append((ref, int(provider)))
    found = {}
    for person in Person.objects.filter(la_person_id__in=wanted):
        case = current_case_for(person)
        for ref, provider in wanted[person.la_person_id] if case is not None else ():
            if case.plans.filter(status="approved", items__delivery="individual_service_fund",
                                 items__organisation_id=provider).exists():
                fund = account(case, f"isf:{provider}")
                if fund.reference == ref:
                    found[ref] = fund
    return found


@functools.lru_cache(maxsize=1024)  # amounts recur (a wage, a weekly bill): the rule checks each once while it is kept
def _statement_entry(key: str, amount_pence: int) -> tuple[str, tuple[rules.Posting, ...]] | None:
    """What an imported line posts, from the key of the account it is on and its signed amount: the kind of journal
    entry and its postings by money.postings' rules, or None for a line that posts nothing. A payment out of a direct
    payment account or a fund is spending; money in posts nothing (the payment run posted the council's payments). The
    one place a line's posting is chosen."""
    if amount_pence < 0:
        return JournalEntry.Kind.SPENDING, rules.spending(-amount_pence, key)
    return None


_LINE_COLUMNS = ("account_id", "statement_id", "line_number", "posted_on", "amount_pence", "description", "transaction_id",
                 "fingerprint", "entry_id", "matched_how", "outside_plan", "hours")


class _Target(NamedTuple):
    """The ledger account a statement line is on, as the writer needs it."""

    id: int
    case_id: int
    key: str


@dataclass(slots=True)
class _Group:
    """The lines of one import on one account in one calendar month that post the same kind of entry: one journal
    entry between them, written once the whole file is read."""

    entry: int
    target: _Target
    kind: str
    pence: int = 0  # the lines' amounts, summed (signed as on the statement)
    lines: int = 0
    last: datetime.date = datetime.date.min  # the newest line's date: the entry's


@dataclass
class _StatementWriter:
    """Writes one statement's new lines a batch at a time, set-based (money.bulk), and, once the whole file is read,
    one balanced journal entry for each account, calendar month and kind of entry (_statement_entry) its lines call
    for, with the postings for their total: each line refers to its entry. A year of statements for thousands of
    accounts is then tens of thousands of entries rather than a million (docs/decisions/0016-statement-entries-by-month.md);
    each line is still kept, and `money check` proves each entry posts exactly its lines' total."""

    batch: StatementImport
    actor: object
    groups: dict[tuple[int, int, str], _Group] = field(default_factory=dict)  # (account, month, kind)
    days: dict[datetime.date, tuple] = field(default_factory=dict)  # a date: (as the database is given it, its month)
    ids: bulk.Ids = field(default_factory=lambda: bulk.Ids(JournalEntry))

    def write(self, fresh: list[tuple[statements.Line, _Target]]) -> None:
        days, groups, rows, batch, new_id = self.days, self.groups, [], self.batch.pk, self.ids.next
        for line, acct in fresh:  # once a line: a year of statements is millions of lines
            on, amount = line.posted_on, line.amount_pence
            known = days.get(on)
            if known is None:
                known = days[on] = (bulk.date_value(on), on.year * 12 + on.month)
            entry = None
            made = _statement_entry(acct.key, amount)
            if made is not None:
                key = (acct.id, known[1], made[0])
                group = groups.get(key)
                if group is None:
                    group = groups[key] = _Group(new_id(), acct, made[0])
                group.pence += amount
                group.lines += 1
                if on > group.last:
                    group.last = on
                entry = group.entry
            rows.append((acct.id, batch, line.line_number, known[0], amount, line.description[:300],
                         line.transaction_id[:80], line.fingerprint, entry, "", False, line.hours))
        bulk.insert(StatementLine, _LINE_COLUMNS, rows)

    def finish(self) -> None:
        """The entries and their postings, and the accounts' cached balances: after the last batch (the lines refer
        to their entries by id already; each database checks those references when the transaction commits). Written
        STATEMENT_BATCH entries at a time, so that what is held at once stays bounded (bench_statement_memory)."""
        groups, balances = list(self.groups.values()), {}
        self.groups = {}
        for start in range(0, len(groups), STATEMENT_BATCH):
            self._write_entries(groups[start:start + STATEMENT_BATCH], balances)
        bulk.add_to_balances(balances)

    def _write_entries(self, groups: list[_Group], balances: dict[int, int]) -> None:
        chosen = [(group, _statement_entry(group.target.key, group.pence)) for group in groups]
        wanted = {(g.target.case_id, p.account) for g, (_, made) in chosen for p in made if p.account != g.target.key}
        others = _case_accounts(wanted) if wanted else {}
        now, actor, name = connection.ops.adapt_datetimefield_value(timezone.now()), self.actor.pk, self.batch.file_name
        entries, postings, days, months = [], [], self.days, {}
        for group, (kind, made) in chosen:  # the kind each line's rule gave: their total has the same sign
            month = months.get(days[group.last][1]) or months.setdefault(days[group.last][1], f"{group.last:%B %Y}")
            out_of = "the fund" if group.target.key.startswith("isf:") else "the account"
            description = f"{counted(group.lines, 'payment')} out of {out_of}, {month}: statement {name}"[:300]
            entries.append((group.entry, group.target.case_id, kind, days[group.last][0], description, actor, now))
            for p in made:
                account_id = group.target.id if p.account == group.target.key else others[(group.target.case_id, p.account)]
                postings.append((group.entry, account_id, p.amount_pence))
                balances[account_id] = balances.get(account_id, 0) + p.amount_pence
        bulk.insert(JournalEntry, ("id", "case_id", "kind", "on", "description", "created_by_id", "created_at"), entries)
        bulk.insert(Posting, ("entry_id", "account_id", "amount_pence"), postings)


@transaction.atomic
def import_statement(source, *, name: str, actor, account_ref: str = "", mapping: statements.Mapping | None = None,
                     provider: int | None = None, progress: Callable[[str], None] | None = None) -> ImportReport:
    """Import a statement: its bytes, a binary file, an iterator of its byte lines, or text. It is read as a stream
    and written a batch at a time, so memory stays bounded however long the file. A malformed file (or one in
    neither UTF-8 nor Windows-1252) raises StatementError and writes nothing; a line for an account that is not a
    direct payment account or an individual service fund is refused with the reason; lines already imported are
    skipped. `account_ref` on a file naming each line's account keeps that account's lines (the report counts the
    others left out). `provider`: a provider's own statement of the funds it holds (import_fund_statement); a line
    for any other account is refused. `progress`, if given, is told after each batch how far the import has got
    ("12,000 lines read, 11,500 new")."""
    statement = statements.load(source, name=name, mapping=mapping, account=account_ref)
    report = ImportReport(encoding=statement.encoding)
    batch = StatementImport.objects.create(file_name=name[:200], file_sha256=statement.sha256, imported_by=actor)
    writer = _StatementWriter(batch, actor)
    accounts: dict[str, _Target | None] = {}  # reference: its account, or None where there is none
    read = 0
    with bulk.large_cache(), bulk.without_cycle_collection():
        for lines in statements.batched(statement, STATEMENT_BATCH):
            new_refs = {line.account for line in lines} - accounts.keys()
            if new_refs:
                found = _direct_payment_accounts(new_refs, provider=provider)
                accounts.update({ref: found.get(ref) for ref in new_refs})
            known = bulk.existing(StatementLine, "fingerprint", {line.fingerprint for line in lines})
            fresh = []
            for line in lines:
                dp = accounts[line.account]
                if dp is None:
                    report.refused_count += 1
                    if len(report.refused) < REFUSALS_LISTED:
                        report.refused.append(f"line {line.line_number}: {_not_found(line.account, provider)}")
                elif line.fingerprint in known:
                    report.duplicates += 1
                else:
                    known.add(line.fingerprint)  # the same transaction id twice in one file is imported once
                    fresh.append((line, dp))
            writer.write(fresh)
            report.imported += len(fresh)
            read += len(lines)
            if progress is not None:
                progress(f"{read:,} lines read, {report.imported:,} new")
        writer.finish()
    report.left_out, report.read_by = statement.left_out, statement.read_by
    if report.refused_count > len(report.refused):
        report.refused.append(f"and {counted(report.refused_count - len(report.refused), 'more line')} refused, not listed here")
    batch.imported, batch.duplicates = report.imported, report.duplicates
    batch.save(update_fields=["imported", "duplicates"])
    audit.record(actor=actor, action=audit.Action.CHANGE,
                 what=f"Imported statement {name} (read as {report.encoding}): {report.imported} lines, "
                      f"{report.duplicates} duplicates, {report.refused_count} refused"
                      + (f", {report.left_out} for other accounts left out" if report.left_out else ""))
    return report


def _not_found(reference: str, provider: int | None) -> str:
    if provider is not None:
        return f"no individual service fund {reference!r} that you hold"
    return f"no {'individual service fund' if reference.startswith('ISF-') else 'direct payment account'} {reference!r}"


@transaction.atomic
def import_fund_statement(source, *, name: str, actor, account_ref: str = "",
                          mapping: statements.Mapping | None = None) -> ImportReport:
    """A provider's statement of the individual service funds it holds (what it spent from each, and the hours where
    it says), sent by the provider itself: each line is on the fund its reference names, and a line naming any
    account but a fund this provider holds is refused."""
    held = acting(actor)
    if not permissions.may_send_fund_statements(actor) or held is None or not held.organisation_id:
        raise MoneyError("Only a provider sends a statement of the individual service funds it holds")
    return import_statement(source, name=name, actor=actor, account_ref=account_ref, mapping=mapping,
                            provider=held.organisation_id)


RECONCILE_BATCH = 50_000  # statement lines read, or matches written, between two reports of progress


def _day(days: dict[str, datetime.date], text: str) -> datetime.date:
    """A date read as ISO text (Cast): much faster than the drivers' reading of dates (on SQLite a Python function for
    each), and one date object for each day."""
    return days.get(text) or days.setdefault(text, datetime.date.fromisoformat(text[:10]))


def reconcile(*, case_ids=None, window_days: int = 7, progress: Callable[[str], None] | None = None) -> int:
    """Match unmatched statement debits of direct payment accounts to reported spending, then to plan items (a
    provider's statement of a fund has nothing to match). Returns how many were matched. `progress`, if given, is told
    how far it has got as it reads the lines and writes the matches."""
    with bulk.without_cycle_collection():
        return _reconcile(case_ids=case_ids, window_days=window_days, progress=progress)


def _reconcile(*, case_ids, window_days: int, progress: Callable[[str], None] | None) -> int:
    say = progress or (lambda text: None)
    lines = (StatementLine.objects.filter(amount_pence__lt=0, matched_how="", account__key="direct_payment")
             .annotate(day=Cast("posted_on", output_field=CharField())))
    reported = SpendingRecord.objects.filter(statement_line__isnull=True).annotate(day=Cast("spent_on", output_field=CharField()))
    items = PlanItem.objects.filter(plan__status="approved", delivery="direct_payment")
    if case_ids is not None:
        lines, reported = lines.filter(account__case_id__in=case_ids), reported.filter(case_id__in=case_ids)
        items = items.filter(plan__case_id__in=case_ids)
    days: dict[str, datetime.date] = {}
    reports = [matching.Reported(pk, str(c), _day(days, on), pence, payee, item) for pk, c, on, pence, payee, item in
               bulk.rows(reported.values_list("pk", "case_id", "day", "amount_pence", "payee", "item_id"))]
    plan_items = [matching.Item(pk, str(c), arranged or name, unit, weekly * 4) for pk, c, arranged, name, unit, weekly in
                  items.values_list("pk", "plan__case_id", "arranged_with", "supplier_name", "unit_cost_pence", "weekly_cost_pence")]
    # Only a payment out of an amount something could match (reported spending, or a plan item's cost, on its account)
    # is kept for matching: the rest (most of a year's card payments) can match nothing.
    could = {(r.account, r.amount_pence) for r in reports}
    could |= {(i.account, pence) for i in plan_items for pence in (i.unit_cost_pence, i.period_cost_pence)}
    debits, read = [], 0
    for pk, case_id, on, pence, text in bulk.rows(lines.values_list("pk", "account__case_id", "day", "amount_pence", "description")):
        read += 1
        if (str(case_id), -pence) in could:
            debits.append(matching.Debit(pk, str(case_id), _day(days, on), -pence, text))
        if read % RECONCILE_BATCH == 0:
            say(f"{read:,} payments out read")
    if not read:
        return 0
    found = sorted(matching.match(debits, reports, plan_items, window_days=window_days), key=lambda m: m.debit_id)
    say(f"{read:,} payments out read, {len(found):,} matched")
    with transaction.atomic(), bulk.large_cache():
        for start in range(0, len(found), RECONCILE_BATCH):  # in order of id: the table's pages in turn
            bulk.update(StatementLine, ("reported_id", "item_id", "matched_how"),
                        [(m.debit_id, m.reported_id, m.item_id, m.how) for m in found[start:start + RECONCILE_BATCH]])
            say(f"{read:,} payments out read, {min(start + RECONCILE_BATCH, len(found)):,} of {len(found):,} matches written")
    return len(found)


@transaction.atomic
def match_by_hand(line: StatementLine, *, actor, reported=None, item=None, outside_plan: bool = False) -> StatementLine:
    case = line.account.case
    if reported is not None and (reported.case_id != case.pk or StatementLine.objects.filter(reported=reported).exclude(pk=line.pk).exists()):
        raise MoneyError("That reported spending belongs to another line or another person")
    if item is not None and item.plan.case_id != case.pk:
        raise MoneyError("That item is not in this person's plan")
    if reported is None and item is None and not outside_plan:
        raise MoneyError("Choose the reported spending or plan item this line pays for, or mark it outside the plan")
    line.reported, line.item = reported, item or (reported.item if reported else None)
    line.outside_plan = outside_plan and line.item is None
    line.matched_how = "by hand"
    line.save(update_fields=["reported", "item", "outside_plan", "matched_how"])
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person, what=f"Matched statement line {line.pk} by hand")
    return line


# Audit of a direct payment account, surplus and recovery


@transaction.atomic
def find_surplus(case, *, actor, on: datetime.date) -> Recovery:
    """An audit of the account: the surplus above the allowed weeks of payments, if any. An audit with no surplus is
    recorded closed."""
    balance = account(case, "direct_payment").balance_pence
    weekly = weekly_direct_payment_pence(case)
    surplus = recovery_rules.surplus(balance, weekly, weeks_allowed=settings.SURPLUS_WEEKS_ALLOWED)
    if case.recoveries.exclude(status=Recovery.Status.CLOSED).exclude(status=Recovery.Status.DECIDED).exists():
        raise MoneyError("A recovery is already under way for this budget")
    if surplus <= 0:  # the audit is recorded (it sets when the next is due) and closes at once
        made = Recovery.objects.create(case=case, found_on=on, balance_pence=balance, surplus_pence=0, created_by=actor,
                                       status=Recovery.Status.CLOSED, decision=Recovery.Decision.NONE,
                                       decision_reason="The balance is within the weeks of payments the council allows")
        audit.record(actor=actor, action=audit.Action.DECISION, person=case.person, what="Audit found no surplus")
        return made
    made = Recovery.objects.create(case=case, found_on=on, balance_pence=balance, surplus_pence=surplus, created_by=actor)
    audit.record(actor=actor, action=audit.Action.DECISION, person=case.person, what=f"Audit found a surplus of {Money(surplus).format()}")
    return made


def warning_letter(recovery: Recovery, *, on: datetime.date) -> str:
    person = recovery.case.person
    due = on + datetime.timedelta(days=settings.RECOVERY_RESPONSE_DAYS)
    return (f"Dear {person.full_name},\n\nWe have looked at your direct payment account. On {recovery.found_on:%-d %B %Y} it held "
            f"{Money(recovery.balance_pence).format()}. We allow {settings.SURPLUS_WEEKS_ALLOWED} weeks of payments to build up; "
            f"the amount above that is {Money(recovery.surplus_pence).format()}.\n\nBefore we decide anything, please tell us by "
            f"{due:%-d %B %Y} about money you have set aside: saved-up respite, your personal assistant's holiday pay, or "
            f"employer costs such as tax and insurance. We will take that into account. We have not taken any money.\n")


@transaction.atomic
def send_warning(recovery: Recovery, *, actor, on: datetime.date) -> Recovery:
    if recovery.status != Recovery.Status.PROPOSED:
        raise MoneyError("The warning letter has already been sent")
    recovery.letter, recovery.warning_sent_on, recovery.status = warning_letter(recovery, on=on), on, Recovery.Status.WARNED
    recovery.save(update_fields=["letter", "warning_sent_on", "status"])
    audit.record(actor=actor, action=audit.Action.EXPORT, person=recovery.case.person, what="Sent a surplus warning letter")
    return recovery


@transaction.atomic
def record_explanation(recovery: Recovery, *, actor, explanation: str, committed_pence: int) -> Recovery:
    if recovery.status not in {Recovery.Status.WARNED, Recovery.Status.EXPLAINED}:
        raise MoneyError("Send the warning letter before recording the person's explanation")
    if not explanation.strip():
        raise MoneyError("Record what the person said, or that they did not reply")
    if committed_pence < 0:
        raise MoneyError("Committed spending cannot be negative")
    recovery.explanation, recovery.committed_pence, recovery.status = explanation.strip(), committed_pence, Recovery.Status.EXPLAINED
    recovery.save(update_fields=["explanation", "committed_pence", "status"])
    audit.record(actor=actor, action=audit.Action.CHANGE, person=recovery.case.person, what="Recorded the person's explanation of committed spending")
    return recovery


def recovery_refusals(recovery: Recovery, *, on: datetime.date, amount_pence: int) -> list[str]:
    reviews = list(Review.objects.filter(case__person=recovery.case.person).values_list("held_on", flat=True))
    return recovery_rules.refusals(today=on, reviews=reviews, warning_sent_on=recovery.warning_sent_on,
                                   response_days=settings.RECOVERY_RESPONSE_DAYS, explanation=recovery.explanation,
                                   amount_pence=amount_pence, surplus_pence=max(0, recovery.surplus_pence - recovery.committed_pence))


@transaction.atomic
def decide_recovery(recovery: Recovery, *, actor, on: datetime.date, decision: str, amount_pence: int = 0, reason: str) -> Recovery:
    if recovery.status not in {Recovery.Status.WARNED, Recovery.Status.EXPLAINED, Recovery.Status.PROPOSED}:
        raise MoneyError("This recovery has already been decided")
    if decision not in Recovery.Decision.values:
        raise MoneyError("Choose a decision")
    if not reason.strip():
        raise MoneyError("Give the reason for the decision")
    if decision in {"recover", "reduce", "write_off"}:
        problems = recovery_refusals(recovery, on=on, amount_pence=amount_pence)
        if decision == "write_off":
            problems = [p for p in problems if "amount" in p.lower()]
        if problems:
            raise MoneyError(" ".join(problems))
    case = recovery.case
    if decision == "recover":
        _post(case, JournalEntry.Kind.SURPLUS, rules.hold_surplus(amount_pence), on=on, actor=actor, description="Surplus held after audit", recovery=recovery)
        _post(case, JournalEntry.Kind.RECOVERY, rules.recover(amount_pence), on=on, actor=actor, description="Surplus recovered", recovery=recovery)
    elif decision == "write_off":
        _post(case, JournalEntry.Kind.SURPLUS, rules.hold_surplus(amount_pence), on=on, actor=actor, description="Surplus held after audit", recovery=recovery)
        _post(case, JournalEntry.Kind.WRITE_OFF, rules.write_off(amount_pence), on=on, actor=actor, description="Surplus written off", recovery=recovery)
    elif decision == "reduce":
        recovery.reduction_left_pence = amount_pence
    recovery.decision, recovery.decided_pence, recovery.decision_reason = decision, amount_pence if decision != "none" else 0, reason.strip()
    recovery.status = Recovery.Status.DECIDED
    recovery.save()
    audit.record(actor=actor, action=audit.Action.DECISION, person=case.person,
                 what=f"Surplus decision: {recovery.get_decision_display()} ({Money(recovery.decided_pence).format()})", why=reason)
    return recovery


@transaction.atomic
def appeal(recovery: Recovery, *, actor, on: datetime.date, text: str, upheld: bool | None = None) -> Recovery:
    """The person appeals. When the appeal is upheld, a recovery is reversed (the money goes back to the account)
    and any reduction still to come is cancelled."""
    if recovery.status not in {Recovery.Status.DECIDED, Recovery.Status.APPEALED}:
        raise MoneyError("Only a decision can be appealed")
    if not text.strip():
        raise MoneyError("Record the grounds of the appeal")
    recovery.appeal, recovery.status = text.strip(), Recovery.Status.APPEALED
    if upheld is not None:
        recovery.appeal_upheld, recovery.status = upheld, Recovery.Status.CLOSED
        if upheld:
            recovery.reduction_left_pence = 0
            for entry in recovery.entries.filter(reversed_by__isnull=True).order_by("-id"):
                reverse(entry, actor=actor, on=on, reason="Appeal upheld")
    recovery.save()
    audit.record(actor=actor, action=audit.Action.DECISION, person=recovery.case.person,
                 what="Appeal " + ("recorded" if upheld is None else ("upheld" if upheld else "not upheld")))
    return recovery


# Contribution invoices (care home residents and people at home: money.invoices has the rules, money.queries.residents
# the figures)


@dataclass
class InvoiceReport:
    period: invoices.Period
    invoices: int = 0
    arrears: int = 0
    refunds: int = 0
    invoiced_pence: int = 0
    credited_pence: int = 0
    paid_to_home: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{counted(self.invoices, 'invoice')} and {counted(self.arrears, 'arrears invoice')} "
                f"({Money(self.invoiced_pence).format()}), {counted(self.refunds, 'refund credit')} "
                f"({Money(self.credited_pence).format()})")


def _raise(resident, period: invoices.Period, *, kind: str, amount_pence: int, explanation: str, actor, on,
           channel: str) -> ContributionInvoice:
    credit = kind == ContributionInvoice.Kind.REFUND
    posted = _post(resident.case, JournalEntry.Kind.CONTRIBUTION_CREDIT if credit else JournalEntry.Kind.CONTRIBUTION_INVOICE,
                   (rules.contribution_credited if credit else rules.contribution_invoiced)(amount_pence), on=on,
                   actor=actor, description=f"{ContributionInvoice.Kind(kind).label}: contribution for {period.label}")
    made = ContributionInvoice.objects.create(
        case=resident.case, period_starts_on=period.starts_on, period_ends_on=period.ends_on, amount_pence=amount_pence,
        kind=kind, issued_on=on, explanation=explanation, basis=resident.latest_assessment_id, entry=posted,
        status=ContributionInvoice.Status.CREDITED if credit else ContributionInvoice.Status.ISSUED, created_by=actor)
    made.reference = f"CI-{made.pk:06d}"
    ContributionInvoice.objects.filter(pk=made.pk).update(reference=made.reference)
    resident.invoices.append(made)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=resident.person, channel=channel,
                 what=f"Raised {made.get_kind_display().lower()} {made.reference} for {period.label}: "
                      f"{Money(amount_pence).format()}")
    return made


def _bill(resident, period: invoices.Period, *, current: bool, report: InvoiceReport, actor, on, channel) -> None:
    """The resident's invoice for the period (`current`: the period being raised, never invoiced), else the arrears
    invoice or refund credit that what is due now makes, if any."""
    if current and not resident.billed(period):
        amount = invoices.period_due(resident.assessments, period, since=resident.since)
        if amount > 0:
            _raise(resident, period, kind=ContributionInvoice.Kind.INVOICE, amount_pence=amount, actor=actor, on=on,
                   channel=channel, explanation=invoices.invoice_explanation(resident.assessments, period,
                                                                              since=resident.since))
            report.invoices += 1
            report.invoiced_pence += amount
        return
    change = resident.adjustment(period)
    if change is None:
        return
    arrears = change.difference_pence > 0
    _raise(resident, period, kind=ContributionInvoice.Kind.ARREARS if arrears else ContributionInvoice.Kind.REFUND,
           amount_pence=abs(change.difference_pence), explanation=change.explanation, actor=actor, on=on,
           channel=channel)
    if arrears:
        report.arrears += 1
        report.invoiced_pence += change.difference_pence
    else:
        report.refunds += 1
        report.credited_pence -= change.difference_pence


@transaction.atomic
def raise_contribution_invoices(starts_on: datetime.date, *, actor, on: datetime.date,
                                channel: str = "web") -> InvoiceReport:
    """Invoice everyone whose contribution the council collects for the four-weekly period holding `starts_on` (one
    that has begun by `on`): care home residents, and people at home for the part of their contribution no instalment
    counted on the days the council funded their budget (money.invoices); and raise the arrears invoice or refund
    credit that a backdated reassessment, or a change in what was funded, makes due in each earlier period. Run again,
    it raises nothing new (one invoice a period: a database constraint). A resident who pays the home directly is
    listed, not invoiced."""
    if not permissions.may_handle_payments(actor):
        raise MoneyError("Only finance raises contribution invoices")
    period = invoices.period_of(starts_on)
    if period.starts_on > on:
        raise MoneyError(f"The period {period.label} has not begun: invoices are raised once it has", field="period")
    first = money_queries.first_invoiced_period()
    first = period if first is None or period.starts_on < first.starts_on else first
    report = InvoiceReport(period)
    for resident in money_queries.residents(until=period.ends_on):
        if not resident.invoiced:
            if resident.due(period):
                report.paid_to_home.append(f"{resident.person.la_person_id}: paid to "
                                           f"{resident.collection.care_home_name} directly")
            continue
        for p in money_queries.periods_to_look_at(resident, first, period):
            _bill(resident, p, current=p == period, report=report, actor=actor, on=on, channel=channel)
    audit.record(actor=actor, action=audit.Action.CHANGE, channel=channel,
                 what=f"Raised contribution invoices for {period.label}: {report.summary()}")
    return report


@transaction.atomic
def raise_contribution_adjustments(*, actor, on: datetime.date, channel: str = "web") -> InvoiceReport | None:
    """The arrears invoices and refund credits backdated reassessments make due in the periods already invoiced, one
    for each period a reassessment changed; run again, nothing new. None when nothing has been invoiced yet."""
    if not permissions.may_handle_payments(actor):
        raise MoneyError("Only finance raises contribution invoices")
    first, last = money_queries.first_invoiced_period(), money_queries.last_invoiced_period()
    if first is None:
        return None
    report = InvoiceReport(last)
    for resident in money_queries.residents(until=last.ends_on):
        for p in money_queries.periods_to_look_at(resident, first, last) if resident.invoiced else []:
            _bill(resident, p, current=False, report=report, actor=actor, on=on, channel=channel)
    audit.record(actor=actor, action=audit.Action.CHANGE, channel=channel,
                 what=f"Raised contribution arrears and refunds to {last.label}: {report.summary()}")
    return report


@transaction.atomic
def record_contribution_payment(invoice: ContributionInvoice, *, actor, paid_on: datetime.date,
                                channel: str = "web") -> ContributionInvoice:
    """The person paid an invoice (or an arrears invoice) in full."""
    if not permissions.may_handle_payments(actor):
        raise MoneyError("Only finance records payments of contribution invoices")
    invoice = ContributionInvoice.objects.select_for_update().select_related("case__person").get(pk=invoice.pk)
    if invoice.kind == ContributionInvoice.Kind.REFUND:
        raise MoneyError(f"{invoice.reference} is a refund credit: nothing is paid on it", field="reference")
    if invoice.status != ContributionInvoice.Status.ISSUED:
        raise MoneyError(f"{invoice.reference} was already paid on {invoice.paid_on:%-d %B %Y}", field="reference")
    if paid_on < invoice.issued_on:
        raise MoneyError(f"The payment date is before {invoice.reference} was issued on {invoice.issued_on:%-d %B %Y}",
                         field="paid_on")
    invoice.payment_entry = _post(invoice.case, JournalEntry.Kind.CONTRIBUTION_PAID,
                                  rules.contribution_paid(invoice.amount_pence), on=paid_on, actor=actor,
                                  description=f"Payment of contribution invoice {invoice.reference}")
    invoice.status, invoice.paid_on = ContributionInvoice.Status.PAID, paid_on
    invoice.save(update_fields=["payment_entry", "status", "paid_on"])
    audit.record(actor=actor, action=audit.Action.CHANGE, person=invoice.case.person, channel=channel,
                 what=f"Recorded payment of contribution invoice {invoice.reference}: "
                      f"{Money(invoice.amount_pence).format()} on {paid_on:%-d %B %Y}")
    return invoice


@transaction.atomic
def set_contribution_collection(case, *, actor, method: str, starts_on: datetime.date, care_home_name: str = "",
                                agreed_by: str = "", agreed_on: datetime.date | None = None,
                                channel: str = "web") -> ContributionCollection:
    """How a care home resident's contribution is collected from `starts_on`: invoiced by the council, or paid to the
    care home directly, which the council must have agreed (who agreed it, on what date, and the home's name)."""
    if not permissions.may_handle_payments(actor):
        raise MoneyError("Only finance changes how a contribution is collected")
    if method not in ContributionCollection.Method.values:
        raise MoneyError("Choose how the contribution is collected", field="method")
    home = method == ContributionCollection.Method.CARE_HOME
    for name, value, message in (("care_home_name", care_home_name.strip(), "Enter the care home's name"),
                                 ("agreed_by", agreed_by.strip(), "Enter who at the council agreed it"),
                                 ("agreed_on", agreed_on, "Enter the date the council agreed it")):
        if home and not value:
            raise MoneyError(message, field=name)
    last = (ContributionInvoice.objects.filter(case=case, kind=ContributionInvoice.Kind.INVOICE)
            .order_by("-period_ends_on").values_list("period_ends_on", flat=True).first())
    if last is not None and starts_on <= last:
        # A change never reaches back into a period already invoiced: it would make that period's invoice wrong (the
        # home and the council both collecting its days) or turn its days into a false refund.
        raise MoneyError(f"Periods up to {last:%-d %B %Y} are invoiced already: a change of how the contribution is "
                         f"collected starts after them, on {last + datetime.timedelta(days=1):%-d %B %Y} or later",
                         field="starts_on")
    made, _ = ContributionCollection.objects.update_or_create(case=case, defaults={
        "method": method, "starts_on": starts_on, "recorded_by": actor, "care_home_name": care_home_name.strip() if home else "",
        "agreed_by": agreed_by.strip() if home else "", "agreed_on": agreed_on if home else None})
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person, channel=channel,
                 what=f"Contribution from {starts_on:%-d %B %Y}: {made.get_method_display().lower()}"
                      + (f" ({made.care_home_name}, agreed by {made.agreed_by} on {agreed_on:%-d %B %Y})" if home else ""))
    return made


# Arrears of contributions: a check of the person's circumstances first, then, only if it found the debt should be
# pursued, the decision to recover it (money.queries.arrears says what is overdue). Care Act 2014, s.69: what a person
# owes is recoverable as a debt (s.69(1)), within six years of falling due (s.69(3)), and not where a deferred payment
# agreement could be made unless the council sought one and the person refused (s.69(2)). Care and Support Statutory
# Guidance, Annex D (recovery of debts), paragraph 3: a claim in the county court comes last ("Ultimately"), a
# deferred payment agreement is offered first where one could be, and the council considers the full range of options;
# the Annex opens with "the principles underpinning the approach to debt recovery". The check of the person's
# circumstances and capacity recorded first is this product's rule (issue 19); docs/money.md, "Arrears", says which
# paragraphs were confirmed and which were not.

DEBT_RECOVERABLE_YEARS = 6  # Care Act 2014, s.69(3)(a): within six years of the date the sum becomes due


@transaction.atomic
def record_arrears_check(case, *, actor, checked_on: datetime.date, income_changed: bool, capacity: str,
                         reassessment_needed: bool, outcome: str, notes: str,
                         channel: str = "web") -> ContributionArrearsCheck:
    """Finance records a check of the circumstances of a person whose contribution invoices are overdue: whether their
    income changed, their capacity, whether a financial reassessment is needed, and whether to pursue the debt. The
    debt cannot be pursued when a reassessment is needed, or when the person may lack capacity and no one has the
    authority to act for them."""
    if not permissions.may_handle_payments(actor):
        raise MoneyError("Only finance records a check of a person's circumstances")
    if checked_on > timezone.localdate():
        raise MoneyError("The date of the check cannot be in the future", field="checked_on")
    if capacity not in ContributionArrearsCheck.Capacity.values:
        raise MoneyError("Choose what was found about the person's capacity", field="capacity")
    if outcome not in ContributionArrearsCheck.Outcome.values:
        raise MoneyError("Choose the outcome of the check", field="outcome")
    if not notes.strip():
        raise MoneyError("Say what was checked, with whom, and why you came to this outcome", field="notes")
    pursue = outcome == ContributionArrearsCheck.Outcome.PURSUE
    if pursue and reassessment_needed:
        raise MoneyError("A financial reassessment is needed: reassess what the person can afford before pursuing the "
                         "debt", field="outcome")
    if pursue and capacity in {ContributionArrearsCheck.Capacity.NO_ONE, ContributionArrearsCheck.Capacity.UNSURE}:
        raise MoneyError("The debt cannot be pursued while the person may lack capacity and no one has the authority "
                         "to act on their finances: find out first", field="outcome")
    found = money_queries.arrears_of(case.person, today=checked_on)
    if found is None:
        raise MoneyError(f"No contribution invoice of theirs was overdue on {checked_on:%-d %B %Y}", field="checked_on")
    made = ContributionArrearsCheck.objects.create(
        case=case, checked_on=checked_on, owed_pence=found.owed_pence, income_changed=income_changed,
        capacity=capacity, reassessment_needed=reassessment_needed, outcome=outcome, notes=notes.strip(),
        checked_by=actor)
    audit.record(actor=actor, action=audit.Action.DECISION, person=case.person, channel=channel,
                 what=f"Checked the person's circumstances, with {Money(found.owed_pence).format()} of contributions "
                      f"overdue: {made.get_outcome_display().lower()}")
    return made


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@transaction.atomic
def start_debt_recovery(case, *, actor, on: datetime.date, action: str, reason: str,
                        channel: str = "web") -> ContributionDebtRecovery:
    """Finance decides to recover a person's overdue contributions, and how. Refused unless a check of the person's
    circumstances was recorded on or after the day the oldest unpaid invoice was issued and found the debt should be
    pursued (record_arrears_check), and once a recovery has started after that check. Only invoices issued in the
    last six years count (Care Act 2014, s.69(3)). Nothing is posted to the ledger: what is owed stays owed until
    paid."""
    if not permissions.may_handle_payments(actor):
        raise MoneyError("Only finance starts the recovery of a debt")
    found = money_queries.arrears_of(case.person, today=on)
    if found is None:
        raise MoneyError(f"No contribution invoice of theirs is overdue on {on:%-d %B %Y}: there is nothing to recover",
                         field="check")
    check = found.current_check
    if check is None:
        raise MoneyError(f"Record a check of the person's circumstances first: none has been recorded since "
                         f"{found.oldest_issued_on:%-d %B %Y}, when the oldest invoice not paid was issued",
                         field="check")
    if check.outcome != ContributionArrearsCheck.Outcome.PURSUE:
        raise MoneyError(f"The check of {check.checked_on:%-d %B %Y} found the debt should not be pursued now "
                         f"({check.get_outcome_display().lower()}): record a new check if that has changed",
                         field="check")
    if found.current_recovery is not None:
        raise MoneyError(f"Recovery was started on {found.current_recovery.started_on:%-d %B %Y} after that check",
                         field="check")
    if action not in ContributionDebtRecovery.Action.values:
        raise MoneyError("Choose how the debt is to be recovered", field="action")
    if not reason.strip():
        raise MoneyError("Give the reason for the decision", field="reason")
    limit = _years_before(on, DEBT_RECOVERABLE_YEARS)
    recoverable = sum(i.amount_pence for i in found.invoices if i.issued_on > limit)
    if not recoverable:
        raise MoneyError(f"Every invoice overdue was issued more than {DEBT_RECOVERABLE_YEARS} years ago: it can no "
                         "longer be recovered as a debt (Care Act 2014, section 69)", field="action")
    made = ContributionDebtRecovery.objects.create(
        case=case, check_made=check, started_on=on, owed_pence=min(recoverable, found.owed_pence), action=action,
        reason=reason.strip(), decided_by=actor)
    audit.record(actor=actor, action=audit.Action.DECISION, person=case.person, channel=channel,
                 what=f"Started recovering {Money(made.owed_pence).format()} of contributions overdue: "
                      f"{made.get_action_display().lower()}", why=reason.strip())
    return made
