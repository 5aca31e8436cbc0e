"""What other apps, pages and commands may ask of the money."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Max, Min, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from selfdirect.accounts.models import Organisation
from selfdirect.charging import queries as charging
from selfdirect.planning import queries as planning

from . import monitoring, schedule
from .models import (
    Instalment,
    JournalEntry,
    LedgerAccount,
    PaymentRun,
    Posting,
    Recovery,
    SpendingRecord,
    StatementLine,
)
from .payments import four_week_budget, render_file


def balances(case) -> dict[str, int]:
    return dict(LedgerAccount.objects.filter(case=case).values_list("key", "balance_pence"))


def direct_payment_account(case) -> LedgerAccount | None:
    return LedgerAccount.objects.filter(case=case, key="direct_payment").first()


def entries_for(case):
    return JournalEntry.objects.filter(case=case).prefetch_related("postings__account").order_by("-on", "-id")


def spending_for(case):
    return SpendingRecord.objects.filter(case=case).select_related("item", "entered_by")


def unmatched_lines():
    return (StatementLine.objects.filter(amount_pence__lt=0).filter(Q(matched_how="") | Q(item__isnull=True, outside_plan=False))
            .select_related("account__case__person", "reported"))


def people_paid_in(run) -> list[int]:
    """The ids of the people a payment run's file pays, or pays a provider for, each once (its download is audited
    for each)."""
    return list(dict.fromkeys(run.lines.order_by("id").values_list("entry__case__person_id", flat=True)))


def weekly_direct_payment_pence(case) -> int:
    """What the approved plan pays by direct payment each week."""
    plan = planning.approved_plan_for(case)
    return sum(i.weekly_cost_pence for i in plan.items.all() if i.delivery == "direct_payment") if plan else 0


@dataclass
class Monitor:
    case: object
    balance_pence: int
    weekly_pence: int
    burn_weekly_pence: int
    alerts: list


def monitor(case, *, today: datetime.date) -> Monitor:
    return monitors([case], today=today)[case.pk]


def monitors(cases, *, today: datetime.date) -> dict[int, Monitor]:
    """{case id: monitor(case)} for many budgets, one query a kind of figure however many budgets there are."""
    cases = list(cases)
    ids = [case.pk for case in cases]
    balances = dict(LedgerAccount.objects.filter(case_id__in=ids, key="direct_payment").values_list("case_id", "balance_pence"))
    plans = planning.approved_plans_by_case(ids)
    since = today - datetime.timedelta(days=84)
    lines = {row["budget"]: row for row in StatementLine.objects.filter(account__case_id__in=ids, amount_pence__lt=0).order_by()
             .values(budget=F("account__case_id"))
             .annotate(last_spent=Max("posted_on"), spent=Sum("amount_pence", filter=Q(posted_on__gt=since)),
                       outside=Count("id", filter=Q(outside_plan=True) | Q(matched_how="reported", item__isnull=True)))}
    first_paid = dict(Instalment.objects.filter(case_id__in=ids).order_by().values("case_id").annotate(m=Min("period_starts_on"))
                      .values_list("case_id", "m"))
    overpaid: dict[int, set[str]] = {}
    for record in SpendingRecord.objects.filter(case_id__in=ids, hours__gt=0, item__supplier_kind="personal_assistant").select_related("item"):
        if record.amount_pence > record.item.unit_cost_pence * record.hours:
            overpaid.setdefault(record.case_id, set()).add(record.payee)
    found = {}
    for case in cases:
        plan = plans.get(case.pk)
        weekly = sum(i.weekly_cost_pence for i in plan.items.all() if i.delivery == "direct_payment") if plan else 0
        balance = balances.get(case.pk, 0)
        row = lines.get(case.pk, {})
        alerts = monitoring.alerts(today=today, balance_pence=balance, weekly_pence=weekly, weeks_allowed=settings.SURPLUS_WEEKS_ALLOWED,
                                   last_spent_on=row.get("last_spent"), first_paid_on=first_paid.get(case.pk),
                                   outside_plan=row.get("outside", 0), pa_overpaid=sorted(overpaid.get(case.pk, ())))
        found[case.pk] = Monitor(case, balance, weekly, monitoring.burn_rate_weekly(-(row.get("spent") or 0), 84), alerts)
    return found


def accounts_with_alerts(*, today: datetime.date, limit: int | None = 500) -> list[tuple[LedgerAccount, Monitor]]:
    """Of the first `limit` direct payment accounts by reference (None: every one), those that have an alert, each with
    its monitor (the finance home; `selfdirect money alerts` reads every one). Monitored 500 at a time."""
    accounts = list(LedgerAccount.objects.filter(key="direct_payment").select_related("case__person").order_by("reference")[:limit])
    found = {}
    for start in range(0, len(accounts), 500):
        found.update(monitors([acct.case for acct in accounts[start:start + 500]], today=today))
    return [(acct, found[acct.case_id]) for acct in accounts if found[acct.case_id].alerts]


def check() -> list[str]:
    """Everything wrong with the ledger; empty when it is sound."""
    problems = []
    for entry_id, total, count in (Posting.objects.values("entry_id").annotate(t=Sum("amount_pence"), n=Count("id"))
                                   .filter(Q(t__gt=0) | Q(t__lt=0) | Q(n__lt=2)).values_list("entry_id", "t", "n")):
        problems.append(f"entry {entry_id}: postings sum to {total}p over {count} posting(s)")
    empty = JournalEntry.objects.filter(postings__isnull=True).values_list("pk", flat=True)
    problems += [f"entry {pk}: has no postings" for pk in empty]
    sums = dict(Posting.objects.values("account_id").annotate(t=Sum("amount_pence")).values_list("account_id", "t"))
    for pk, cached in LedgerAccount.objects.values_list("pk", "balance_pence"):
        if sums.get(pk, 0) != cached:
            problems.append(f"account {pk}: balance {cached}p but its postings sum to {sums.get(pk, 0)}p")

    for run in PaymentRun.objects.prefetch_related("lines", "instalments"):
        lines = list(run.lines.all())
        if render_file(lines) != run.file_text or hashlib.sha256(run.file_text.encode()).hexdigest() != run.file_sha256:
            problems.append(f"payment run {run.run_date}: the payment file does not match the run's committed lines")
        paid: dict[int, int] = {}
        for line in lines:
            paid[line.entry_id] = paid.get(line.entry_id, 0) + line.amount_pence
        expected = {}
        for entry_id, key, pence in Posting.objects.filter(entry__run=run).values_list("entry_id", "account__key", "amount_pence"):
            if key == "direct_payment" or key.startswith("isf:"):
                expected[entry_id] = expected.get(entry_id, 0) + pence
        for instalment in run.instalments.all():
            expected[instalment.entry_id] = expected.get(instalment.entry_id, 0) - instalment.contribution_deducted_pence
        for entry_id in set(expected) | set(paid):
            if expected.get(entry_id, 0) != paid.get(entry_id, 0):
                problems.append(f"payment run {run.run_date}, entry {entry_id}: file pays {paid.get(entry_id, 0)}p, "
                                f"postings say {expected.get(entry_id, 0)}p")
    for line_id, amount, posted in (StatementLine.objects.filter(amount_pence__lt=0)
                                    .annotate(posted=Sum("entry__postings__amount_pence", filter=Q(entry__postings__account__key="direct_payment")))
                                    .values_list("pk", "amount_pence", "posted")):
        if posted != amount:
            problems.append(f"statement line {line_id}: {amount}p on the statement, {posted}p posted")
    duplicated = (StatementLine.objects.values("fingerprint").annotate(n=Count("id")).filter(n__gt=1).values_list("fingerprint", flat=True))
    problems += [f"statement line {f}: imported more than once" for f in duplicated]
    return problems


@dataclass
class Due:
    period_starts_on: datetime.date
    payee: str
    amount_pence: int
    paid: bool


def schedule_for(case, *, periods: int = 6) -> list[Due]:
    """What the approved plan makes due, to whom and when: the next four-weekly periods and whether each is paid."""
    plan = planning.approved_plan_for(case)
    if plan is None or case.support_started_on is None:
        return []
    dp, isf, commissioned = four_week_budget(plan.items.all())
    contribution = (charging.contribution_weekly_pence(case.person) or 0) * 4
    paid = set(case.instalments.values_list("period_number", flat=True))
    policy_on = charging.policy_timeline()  # the council's charging policy in force on each period's first day

    names = dict(Organisation.objects.filter(pk__in=isf).values_list("pk", "name"))
    first_unpaid = min(set(range(len(paid) + 1)) - paid)
    due = []
    for number in range(max(0, first_unpaid - 1), max(0, first_unpaid - 1) + periods):
        p = schedule.period(case.support_started_on, number)
        if dp:
            gross = policy_on(p.starts_on).direct_payment_contribution == "gross"
            cash = dp - (0 if gross else min(contribution, dp))
            due.append(Due(p.starts_on, "Direct payment account", cash, number in paid))
        for provider, pence in sorted(isf.items()):
            due.append(Due(p.starts_on, f"{names[provider]} (individual service fund)", pence, number in paid))
        if commissioned:
            due.append(Due(p.starts_on, "Services the council arranges", commissioned, number in paid))
    return due


def surplus_and_recovered() -> tuple[dict[int, int], dict[int, int]]:
    """Per budget: surplus held in its direct payment account above the allowed weeks, and money recovered from it.
    Worked out by the database: a council has tens of thousands of direct payment accounts."""
    weekly = Coalesce(planning.weekly_pence_of(OuterRef("case_id"), delivery="direct_payment"), 0)
    held = (LedgerAccount.objects.filter(key="direct_payment", balance_pence__gt=0).annotate(weekly=weekly)
            .annotate(above=F("balance_pence") - F("weekly") * settings.SURPLUS_WEEKS_ALLOWED).filter(above__gt=0))
    surplus = dict(held.values_list("case_id", "above"))
    recovered = dict(LedgerAccount.objects.filter(key="recovered").exclude(balance_pence=0).values_list("case_id", "balance_pence"))
    return surplus, recovered


def recent_runs(limit: int = 12) -> list[PaymentRun]:
    """The newest payment runs, for finance's page."""
    return list(PaymentRun.objects.all()[:limit])


def statement_lines_for(case, limit: int = 30) -> list[StatementLine]:
    """The newest lines of the case's bank statements."""
    return list(StatementLine.objects.filter(account__case=case).order_by("-posted_on", "-id")[:limit])


def unmatched_spending_for(case, limit: int = 20) -> list[SpendingRecord]:
    """Spending the holder reported that no statement line has been matched to yet, newest first."""
    return list(SpendingRecord.objects.filter(case=case, statement_line__isnull=True).order_by("-spent_on")[:limit])


@dataclass(frozen=True)
class Recoveries:
    """A case's recovery of surplus under way (or None), the ones before it, the dates of every audit, and the start
    of the first period paid (recovery.audits_due counts from it)."""

    current: Recovery | None
    history: list[Recovery]
    audited_on: list[datetime.date]
    first_paid: datetime.date | None


def recoveries_for(case) -> Recoveries:
    every = list(case.recoveries.order_by("-id"))
    current = next((r for r in every if r.status != Recovery.Status.CLOSED), None)
    first_paid = case.instalments.order_by("period_starts_on").values_list("period_starts_on", flat=True).first()
    return Recoveries(current=current, history=[r for r in every if r is not current],
                      audited_on=[r.found_on for r in every], first_paid=first_paid)


def unmatched_line_count() -> int:
    """How many statement lines are still to match (finance's page)."""
    return unmatched_lines().count()
