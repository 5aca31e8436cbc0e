"""Deferred payment agreements in the ledger: the verbs above both apps. charging holds the agreement and its rules
(charging.deferred); these verbs work out what is owed with those rules and post it here, each entry balanced, each
week exactly once, so that what the person owes is the balance of the agreement's own account."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from selfdirect.audit import actions as audit
from selfdirect.charging import actions as charging_actions
from selfdirect.charging import deferred as rules
from selfdirect.charging import queries as charging
from selfdirect.charging.models import DeferredPaymentAgreement
from selfdirect.core.errors import DomainError, together
from selfdirect.core.money import Money

from . import postings
from .actions import _post
from .models import DeferredStatement, DeferredWeek, JournalEntry, LedgerAccount, Posting


class DeferredLedgerError(DomainError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message, field=field)


def account_key(agreement) -> str:
    return f"deferred:{agreement.pk}"


def terms_of(agreement) -> rules.Terms:
    return rules.Terms(starts_on=agreement.starts_on, weekly_deferred_pence=agreement.weekly_deferred_pence,
                       equity_limit_pence=agreement.equity_limit_pence, interest=agreement.interest)


def owed_pence(agreement) -> int:
    found = LedgerAccount.objects.filter(case_id=agreement.case_id, key=account_key(agreement)).first()
    return found.balance_pence if found else 0


def movements(agreement) -> list[rules.Movement]:
    """Every posting to the agreement's account, read back as what it was (care costs, interest, charges, repayments),
    from the account on the other side of its entry."""
    key = account_key(agreement)
    rows = (Posting.objects.filter(entry__case_id=agreement.case_id, entry__postings__account__key=key)
            .exclude(account__key=key).select_related("entry", "account").order_by("entry__on", "entry_id", "id"))
    return [rules.Movement(p.entry.on, postings.deferred_movement_kind(p.account.key.split(":")[0], -p.amount_pence),
                           -p.amount_pence, p.entry.description) for p in rows]


@dataclass
class AccrualReport:
    weeks: list[DeferredWeek]
    missing_rate_on: datetime.date | None = None

    @property
    def summary(self) -> str:
        if not self.weeks and not self.missing_rate_on:
            return "Already up to date: no whole week has ended since the last one added"
        added = sum(w.care_pence + w.interest_pence for w in self.weeks)
        text = f"{len(self.weeks)} week{'s' if len(self.weeks) != 1 else ''} added, {Money(added)} in all"
        if self.missing_rate_on:
            text += (f"; stopped at {self.missing_rate_on:%d %B %Y}: no national maximum interest rate is known for it "
                     "(add it on the Deferred payment interest rates page)")
        return text


def _locked_active(agreement) -> DeferredPaymentAgreement:
    agreement = DeferredPaymentAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != DeferredPaymentAgreement.Status.ACTIVE:
        raise DeferredLedgerError(f"This agreement is {agreement.get_status_display().lower()}, not in force")
    return agreement


def _accrue(agreement, *, up_to: datetime.date, actor, final=False) -> AccrualReport:
    last = DeferredWeek.objects.filter(agreement=agreement).order_by("-starts_on").first()
    if last is not None and last.starts_on + datetime.timedelta(days=6) > up_to and not final:
        return AccrualReport([])
    from_week = last.starts_on + rules.WEEK if last else agreement.starts_on
    if last is None and agreement.set_up_charge_pence:
        _post(agreement.case, JournalEntry.Kind.DEFERRED, postings.charge_deferred_costs(
            agreement.set_up_charge_pence, account_key(agreement)), on=agreement.starts_on, actor=actor,
            description="Administration costs of setting up the agreement (DPA Regulations, reg 10)")
    rates = charging.deferred_interest_rates()
    report = AccrualReport([])
    owed = owed_pence(agreement)
    try:
        weeks = rules.accrue(terms_of(agreement), opening_balance_pence=owed, from_week=from_week, up_to=up_to,
                             rates=rates, final=final)
    except rules.MissingRate as missing:
        report.missing_rate_on = missing.day
        weeks = rules.accrue(terms_of(agreement), opening_balance_pence=owed, from_week=from_week,
                             up_to=missing.day - datetime.timedelta(days=1), rates=rates)
        # weeks before the missing rate are posted; those from it wait for the rate
    for week in weeks:
        end = week.starts_on + datetime.timedelta(days=week.days - 1)
        made = _post(agreement.case, JournalEntry.Kind.DEFERRED,
                     postings.defer_week(week.care_pence, week.interest_pence, account_key(agreement)), on=end,
                     actor=actor, description=f"Week from {week.starts_on:%d %B %Y}: care costs deferred "
                                              f"{Money(week.care_pence)}, interest at {rules.percent_text(week.basis_points)} "
                                              f"{Money(week.interest_pence)}" + (" (equity limit reached)" if week.capped else ""))
        report.weeks.append(DeferredWeek.objects.create(
            agreement=agreement, starts_on=week.starts_on, care_pence=week.care_pence,
            interest_pence=week.interest_pence, basis_points=week.basis_points, balance_pence=week.balance_pence,
            capped=week.capped, entry=made))
    return report


@transaction.atomic
def accrue(agreement, *, up_to: datetime.date, actor, channel="web") -> AccrualReport:
    """Bring the agreement's account up to `up_to`: each whole week not yet posted, once. Running it again the same day
    posts nothing more."""
    agreement = _locked_active(agreement)
    report = _accrue(agreement, up_to=up_to, actor=actor)
    if report.weeks or report.missing_rate_on:
        audit.record(actor=actor, action=audit.Action.CHANGE, person=agreement.person, channel=channel,
                     what=f"Deferred payment account brought up to date: {report.summary}"[:200])
    return report


def accrue_all(*, up_to: datetime.date, actor, channel="cli") -> list[tuple[DeferredPaymentAgreement, AccrualReport]]:
    """Every agreement in force, each in its own transaction: one that fails is rolled back alone, and the error
    stops the job there (the agreements before it stay posted; run again, they add nothing)."""
    return [(agreement, accrue(agreement, up_to=up_to, actor=actor, channel=channel))
            for agreement in charging.active_deferred_payments()]


@transaction.atomic
def add_costs(agreement, *, actor, on: datetime.date, description: str, amount_pence: int, channel="web") -> JournalEntry:
    """Administration costs the person agreed to have added to what they owe (DPA Regulations, reg 10(2))."""
    agreement = _locked_active(agreement)
    problems = []
    if not description.strip():
        problems.append(DeferredLedgerError("Say what the costs are for", "description"))
    if amount_pence <= 0:
        problems.append(DeferredLedgerError("Enter an amount more than £0", "amount_pence"))
    if problems:
        raise together(problems)
    made = _post(agreement.case, JournalEntry.Kind.DEFERRED,
                 postings.charge_deferred_costs(amount_pence, account_key(agreement)), on=on, actor=actor,
                 description=f"Administration costs: {description.strip()}")
    audit.record(actor=actor, action=audit.Action.CHANGE, person=agreement.person, channel=channel,
                 what=f"Deferred payment administration costs added: {Money(amount_pence)}")
    return made


@transaction.atomic
def repay(agreement, *, actor, on: datetime.date, amount_pence: int, channel="web") -> JournalEntry:
    """Money repaid to the council, while the agreement is in force or after it ends, never more than is owed."""
    agreement = DeferredPaymentAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status not in (DeferredPaymentAgreement.Status.ACTIVE, DeferredPaymentAgreement.Status.ENDED):
        raise DeferredLedgerError("Nothing is owed under an agreement that never came into force")
    owed = owed_pence(agreement)
    if not 0 < amount_pence <= owed:
        raise DeferredLedgerError(f"Enter an amount more than £0 and no more than what is owed, {Money(owed)}",
                                  "amount_pence")
    made = _post(agreement.case, JournalEntry.Kind.DEFERRED, postings.repay_deferred(amount_pence, account_key(agreement)),
                 on=on, actor=actor, description="Repaid")
    audit.record(actor=actor, action=audit.Action.CHANGE, person=agreement.person, channel=channel,
                 what=f"Deferred payment repaid: {Money(amount_pence)}")
    return made


@transaction.atomic
def end_agreement(agreement, *, actor, on: datetime.date, reason: str, channel="web") -> DeferredPaymentAgreement:
    """The agreement ends (the home sold, the debt repaid, or the person's death): the account is brought up to the day,
    the part week at the end included, and the sum due is what the account then holds."""
    agreement = _locked_active(agreement)
    report = _accrue(agreement, up_to=on, actor=actor, final=True)
    if report.missing_rate_on:
        raise DeferredLedgerError(f"No national maximum interest rate is known for {report.missing_rate_on:%d %B %Y}: "
                                  "add it before ending the agreement", "on")
    return charging_actions.end_deferred_payment(agreement, actor=actor, on=on, reason=reason,
                                                 sum_due_pence=owed_pence(agreement), channel=channel)


def statement_for(agreement, starts_on: datetime.date, ends_on: datetime.date) -> rules.Statement:
    return rules.statement(movements(agreement), starts_on=starts_on, ends_on=ends_on,
                           equity_limit_pence=agreement.equity_limit_pence)


def statements_due(agreement, *, on: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    issued = set(DeferredStatement.objects.filter(agreement=agreement).values_list("starts_on", flat=True))
    return [period for period in rules.statement_periods(agreement.starts_on, on) if period[0] not in issued]


@transaction.atomic
def issue_statement(agreement, *, actor, starts_on: datetime.date, on: datetime.date, channel="web") -> DeferredStatement:
    """The six-monthly statement, kept as it was sent. Issued once a period."""
    agreement = DeferredPaymentAgreement.objects.select_for_update().get(pk=agreement.pk)
    period = next((p for p in rules.statement_periods(agreement.starts_on, on) if p[0] == starts_on), None)
    if period is None:
        raise DeferredLedgerError("That is not a six-month period of this agreement that has ended", "starts_on")
    if DeferredStatement.objects.filter(agreement=agreement, starts_on=starts_on).exists():
        raise DeferredLedgerError("The statement for that period has already been issued", "starts_on")
    if agreement.status == DeferredPaymentAgreement.Status.ACTIVE:
        _accrue(agreement, up_to=period[1], actor=actor)
    found = statement_for(agreement, *period)
    figures = {"opening_pence": found.opening_pence, "closing_pence": found.closing_pence, "totals": found.totals,
               "equity_limit_pence": found.equity_limit_pence, "equity_left_pence": found.equity_left_pence,
               "equity_used_percent": found.equity_used_percent,
               "movements": [{"on": m.on.isoformat(), "kind": m.kind, "pence": m.pence, "description": m.description}
                             for m in found.movements]}
    made = DeferredStatement.objects.create(agreement=agreement, starts_on=period[0], ends_on=period[1],
                                            figures=figures, issued_on=on, issued_by=actor)
    audit.record(actor=actor, action=audit.Action.CREATE, person=agreement.person, channel=channel,
                 what=f"Deferred payment statement issued for {period[0]:%d %B %Y} to {period[1]:%d %B %Y}")
    return made
