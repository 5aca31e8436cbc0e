"""What other apps, pages and commands may ask of the money."""

from __future__ import annotations

import collections
import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Max, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from selfdirect.accounts.models import Organisation
from selfdirect.charging import deferred as deferred_rules
from selfdirect.charging import queries as charging
from selfdirect.charging.models import DeferredPaymentAgreement, FinancialAssessment
from selfdirect.core.dates import next_working_day
from selfdirect.journey import steps
from selfdirect.journey.models import Case
from selfdirect.planning import queries as planning

from . import bacs, invoices, monitoring, payment_files, postings, remittances, schedule
from .models import (
    ContributionArrearsCheck,
    ContributionCollection,
    ContributionDebtRecovery,
    ContributionInvoice,
    DeferredStatement,
    DeferredWeek,
    Instalment,
    JournalEntry,
    LedgerAccount,
    PaymentLine,
    PaymentRun,
    Posting,
    Recovery,
    SpendingRecord,
    StatementLine,
    Suspension,
)
from .payments import four_week_budget


def balances(case) -> dict[str, int]:
    return dict(LedgerAccount.objects.filter(case=case).values_list("key", "balance_pence"))


def direct_payment_account(case) -> LedgerAccount | None:
    return LedgerAccount.objects.filter(case=case, key="direct_payment").first()


def entries_for(case):
    return JournalEntry.objects.filter(case=case).prefetch_related("postings__account").order_by("-on", "-id")


def spending_for(case):
    return SpendingRecord.objects.filter(case=case).select_related("item", "entered_by")


def unmatched_lines():
    """Direct payment accounts' statement debits still to match (a provider's statement of a fund has nothing to
    match)."""
    return (StatementLine.objects.filter(amount_pence__lt=0, account__key="direct_payment")
            .filter(Q(matched_how="") | Q(item__isnull=True, outside_plan=False))
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
    balance_pence: int  # the ledger's: what was paid in less what the bank statements show was spent
    weekly_pence: int
    burn_weekly_pence: int
    alerts: list
    waiting_pence: int = 0  # spending the person recorded that no bank statement line has been matched to yet
    last_spent_on: datetime.date | None = None  # the latest spending, recorded or on a bank statement

    @property
    def left_pence(self) -> int:
        """What the account should hold once the spending recorded, and not yet on a statement, has left it."""
        return self.balance_pence - self.waiting_pence


def monitor(case, *, today: datetime.date) -> Monitor:
    return monitors([case], today=today)[case.pk]


def monitors(cases, *, today: datetime.date) -> dict[int, Monitor]:
    """{case id: monitor(case)} for many budgets, one query a kind of figure however many budgets there are."""
    cases = list(cases)
    ids = [case.pk for case in cases]
    balances = dict(LedgerAccount.objects.filter(case_id__in=ids, key="direct_payment").values_list("case_id", "balance_pence"))
    plans = planning.approved_plans_by_case(ids)
    since = today - datetime.timedelta(days=84)
    lines = {row["budget"]: row for row in StatementLine.objects.filter(account__case_id__in=ids, account__key="direct_payment", amount_pence__lt=0).order_by()
             .values(budget=F("account__case_id"))
             .annotate(last_spent=Max("posted_on"), spent=Sum("amount_pence", filter=Q(posted_on__gt=since)),
                       outside=Count("id", filter=Q(outside_plan=True) | Q(matched_how="reported", item__isnull=True)))}
    first_paid = dict(Instalment.objects.filter(case_id__in=ids).order_by().values("case_id").annotate(m=Min("period_starts_on"))
                      .values_list("case_id", "m"))
    waiting = Q(statement_line__isnull=True)
    recorded = {row["case_id"]: row for row in SpendingRecord.objects.filter(case_id__in=ids).order_by().values("case_id")
                .annotate(last=Max("spent_on"), waiting=Sum("amount_pence", filter=waiting))}
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
        told = recorded.get(case.pk, {})
        waiting_pence = told.get("waiting") or 0
        last_spent = max((d for d in (row.get("last_spent"), told.get("last")) if d is not None), default=None)
        alerts = monitoring.alerts(today=today, balance_pence=balance - waiting_pence, weekly_pence=weekly,
                                   weeks_allowed=settings.SURPLUS_WEEKS_ALLOWED, last_spent_on=last_spent,
                                   first_paid_on=first_paid.get(case.pk), outside_plan=row.get("outside", 0),
                                   pa_overpaid=sorted(overpaid.get(case.pk, ())))
        found[case.pk] = Monitor(case, balance, weekly, monitoring.burn_rate_weekly(-(row.get("spent") or 0), 84), alerts,
                                 waiting_pence=waiting_pence, last_spent_on=last_spent)
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

    for run in PaymentRun.objects.filter(status=PaymentRun.Status.PAID).prefetch_related("lines", "instalments"):
        lines = list(run.lines.all())
        if not payment_files.is_file_of(run.file_text, lines) or hashlib.sha256(run.file_text.encode()).hexdigest() != run.file_sha256:
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
    problems += _statement_problems()
    duplicated = (StatementLine.objects.values("fingerprint").annotate(n=Count("id")).filter(n__gt=1).values_list("fingerprint", flat=True))
    problems += [f"statement line {f}: imported more than once" for f in duplicated]
    return problems


def _statement_problems() -> list[str]:
    """Each imported payment out posted by an entry, and each statement's entry posting to the lines' account exactly
    the total of the lines it posts (an entry posts one import's lines on one account in one calendar month:
    docs/decisions/0016-statement-entries-by-month.md)."""
    problems = [f"statement line {pk}: a payment out that no entry posts"
                for pk in StatementLine.objects.filter(amount_pence__lt=0, entry__isnull=True).values_list("pk", flat=True)]
    lines = {(entry, account): (total, n) for entry, account, total, n in
             StatementLine.objects.filter(entry__isnull=False).order_by().values("entry_id", "account_id")
             .annotate(t=Sum("amount_pence"), n=Count("id")).values_list("entry_id", "account_id", "t", "n")}
    accounts = collections.Counter(entry for entry, _ in lines)
    problems += [f"entry {entry}: posts statement lines of more than one account"
                 for entry, n in sorted(accounts.items()) if n > 1]
    posted = {}
    for entry, account, total in (Posting.objects.filter(entry_id__in=StatementLine.objects.filter(entry__isnull=False)
                                                         .values("entry_id")).order_by().values("entry_id", "account_id")
                                  .annotate(t=Sum("amount_pence")).values_list("entry_id", "account_id", "t")):
        posted[(entry, account)] = total
    for (entry, account), (total, n) in sorted(lines.items()):
        if posted.get((entry, account)) != total:
            problems.append(f"entry {entry}: its {n} statement line(s) total {total}p, it posts "
                            f"{posted.get((entry, account), 0)}p to their account")
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
    current = charging.current_assessment_for(case.person)
    contribution = (current.weekly_contribution_pence if current else 0) * 4
    in_care_home = current is not None and (current.input or {}).get("setting") in CARE_HOME_SETTINGS
    paid = set(case.instalments.values_list("period_number", flat=True))
    policy_on = charging.policy_timeline()  # the council's charging policy in force on each period's first day

    names = dict(Organisation.objects.filter(pk__in=isf).values_list("pk", "name"))
    first_unpaid = min(set(range(len(paid) + 1)) - paid)
    due = []
    for number in range(max(0, first_unpaid - 1), max(0, first_unpaid - 1) + periods):
        p = schedule.period(case.support_started_on, number)
        if dp:
            cash = postings.paid_by_council_to_direct_payment(
                direct_payment_pence=dp, contribution_pence=contribution, invoiced_in_full=in_care_home,
                policy=policy_on(p.starts_on).direct_payment_contribution)
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


def statement_lines_for(case, limit: int = 30, account: str = "direct_payment") -> list[StatementLine]:
    """The newest lines of the bank statements of the case's direct payment account (or of the provider's statements
    of a fund, account "isf:<provider id>")."""
    return list(StatementLine.objects.filter(account__case=case, account__key=account).order_by("-posted_on", "-id")[:limit])


def funds_held_by(organisation_id: int, people) -> list[LedgerAccount]:
    """The individual service funds a provider holds for these people (the people it reaches), each with its person,
    by reference: the provider's page lists them so that its statement can name each."""
    return list(LedgerAccount.objects.filter(key=f"isf:{organisation_id}", case__person__in=people)
                .select_related("case__person").order_by("reference"))


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


# Contribution invoices (care home residents and people at home; the rules are money.invoices)

CARE_HOME_SETTINGS = ("care_home_permanent", "care_home_temporary")


@dataclass
class Resident:
    """A person whose contribution the council may invoice (money.invoices): anyone ever assessed as a care home
    resident, and anyone at home whose personal budget has started and who was ever assessed to pay a contribution.
    Their current case, their assessments as the invoice rules read them (in the order made, with the assessments' ids
    alongside; then any deferred payment agreement and the days the council funded their budget at home), how their
    contribution is collected, and every contribution invoice of theirs (of any of their cases, newest first)."""

    person: object
    case: Case
    assessments: list[invoices.Assessment]
    assessment_ids: list[int]
    collection: ContributionCollection | None
    invoices: list[ContributionInvoice]

    @property
    def latest_assessment_id(self) -> int | None:
        return self.assessment_ids[-1] if self.assessment_ids else None

    @property
    def invoiced(self) -> bool:
        """Invoiced by the council (the default), not paid to the care home directly."""
        return self.collection is None or self.collection.method == ContributionCollection.Method.INVOICE

    @property
    def since(self) -> datetime.date | None:
        """The first day the council invoices (the day a change of how it is collected took effect), or None."""
        return self.collection.starts_on if self.collection is not None else None

    def weekly_on(self, day: datetime.date) -> int:
        """The weekly amount invoiced on the day: a care home resident's contribution, or at home the part of it no
        instalment counted (0 when nothing is)."""
        return invoices.weekly_on(self.assessments, day)

    @property
    def ever_in_care_home(self) -> bool:
        return any(isinstance(a, invoices.Assessment) and a.invoiced for a in self.assessments)

    def at_home_on(self, day: datetime.date) -> bool:
        """Whether the assessment deciding the day is of someone living at home."""
        found = invoices.in_force(self.assessments, day)
        return found is not None and not found.invoiced

    def billed(self, period: invoices.Period) -> list[ContributionInvoice]:
        return [i for i in self.invoices if i.period_starts_on == period.starts_on]

    def known_order(self, rows) -> int | None:
        """The latest assessment (by the order made) known when the period was last invoiced, or None."""
        orders = [self.assessment_ids.index(r.basis) for r in rows if r.basis in self.assessment_ids]
        return max(orders, default=None)

    def due(self, period: invoices.Period) -> int:
        """The contribution due for the period, however it is collected."""
        return invoices.period_due(self.assessments, period)

    def adjustment(self, period: invoices.Period) -> invoices.Adjustment | None:
        """What a period already invoiced (or, before this one, never invoiced) is owed now; None when nothing changed
        or the contribution is paid to the home."""
        if not self.invoiced:
            return None
        rows = self.billed(period)
        return invoices.adjustment(self.assessments, period, invoiced_pence=sum(r.signed_pence for r in rows),
                                   known_order=self.known_order(rows), since=self.since)


def _current_cases(person_ids) -> dict[int, Case]:
    """Each person's current case (journey.queries.current_case_for's rule: the newest open one, else the newest)."""
    found: dict[int, Case] = {}
    for case in (Case.objects.filter(person_id__in=person_ids).select_related("person")
                 .order_by("person_id", "-opened_at", "-id")):
        held = found.get(case.person_id)
        if held is None or (held.state == steps.CLOSED and case.state != steps.CLOSED):
            found[case.person_id] = case
    return found


FUNDING_PERIODS_BACK = 14  # at least the periods the finance and person pages show (a year), and then some


def residents(*, person=None, until: datetime.date | None = None) -> list[Resident]:
    """Everyone whose contribution the council may invoice (Resident) who has a case (or just `person`, if they are
    one), by their council reference, with the days their budget at home was funded up to `until` (default: eight
    weeks from today) and back to the first period invoiced here or a year before `until`, whichever is earlier. A
    fixed number of queries however many."""
    until = until or timezone.localdate() + datetime.timedelta(days=2 * invoices.PERIOD_DAYS)
    in_home = (FinancialAssessment.objects.filter(input__setting__in=CARE_HOME_SETTINGS).order_by()
               .values_list("person_id", flat=True).distinct())
    contributing = (FinancialAssessment.objects.filter(weekly_contribution_pence__gt=0).order_by()
                    .values_list("person_id", flat=True).distinct())
    if person is not None:
        in_home, contributing = in_home.filter(person=person), contributing.filter(person=person)
    care_home = set(in_home)
    cases = {pk: case for pk, case in _current_cases(list(care_home | set(contributing))).items()
             if pk in care_home or case.support_started_on is not None}
    assessed: dict[int, list] = {}
    for a in (FinancialAssessment.objects.filter(person_id__in=list(cases)).order_by("created_at", "id")
              .only("id", "person_id", "effective_date", "weekly_contribution_pence", "input", "created_at")):
        assessed.setdefault(a.person_id, []).append(a)
    collections = {c.case_id: c for c in ContributionCollection.objects.filter(case__in=list(cases.values()))}
    agreed: dict[int, list] = {}
    for agreement in DeferredPaymentAgreement.objects.filter(person_id__in=list(cases), status__in=["active", "ended"]):
        agreed.setdefault(agreement.person_id, []).append(agreement)
    billed: dict[int, list] = {}
    for row in ContributionInvoice.objects.filter(case__person_id__in=list(cases)).select_related("case"):
        billed.setdefault(row.case.person_id, []).append(row)
    first = first_invoiced_period()
    since = until - datetime.timedelta(days=invoices.PERIOD_DAYS * FUNDING_PERIODS_BACK)
    since = min(since, first.starts_on) if first else since
    funded = _funding([c for c in cases.values() if c.support_started_on is not None], assessed, since=since,
                      until=until)
    found = []
    for person_id, case in cases.items():
        made = assessed.get(person_id, [])
        found.append(Resident(
            person=case.person, case=case, collection=collections.get(case.pk), invoices=billed.get(person_id, []),
            assessments=[invoices.Assessment(order, a.effective_date, a.weekly_contribution_pence,
                                             invoiced=(a.input or {}).get("setting") in CARE_HOME_SETTINGS)
                         for order, a in enumerate(made)] + _deferrals(agreed.get(person_id, []), made)
                        + funded.get(case.pk, []),
            assessment_ids=[a.pk for a in made]))
    return sorted(found, key=lambda r: r.person.la_person_id)


def _funding(cases, assessed, *, since: datetime.date, until: datetime.date) -> dict[int, list[invoices.Funded]]:
    """{case id: the days the council funded the budget at home (money.invoices.Funded)} for the instalment periods
    from the one holding `since` to the last starting by `until`. A paid period is read from its instalment (the
    budget's cost then, and what it posted to the contribution account); one not yet paid, as the next payment run
    will pay it (the approved plan, the charging policy on its first day and the current contribution: as
    actions._pay_instalments_of does). A fixed number of queries however many cases."""
    ids = [c.pk for c in cases]
    plans = planning.approved_plans_by_case(ids)
    spans = {}
    for s in Suspension.objects.filter(case_id__in=ids).order_by():
        spans.setdefault(s.case_id, []).append(s)
    paid = {}
    rows = (Instalment.objects.filter(case_id__in=ids, period_starts_on__gte=since - datetime.timedelta(days=27),
                                      period_starts_on__lte=until).order_by()
            .values("case_id", "period_starts_on", "entry__reversed_by")
            .annotate(cost=Sum("entry__postings__amount_pence", filter=Q(entry__postings__amount_pence__gt=0)),
                      counted=Sum("entry__postings__amount_pence",
                                  filter=Q(entry__postings__account__key="contribution"))))
    for row in rows:
        paid[(row["case_id"], row["period_starts_on"])] = row
    policy_on = charging.policy_timeline()
    found = {}
    for case in cases:
        made = assessed.get(case.person_id, [])
        current = made[-1] if made else None
        weekly = current.weekly_contribution_pence if current else 0
        in_care_home = current is not None and (current.input or {}).get("setting") in CARE_HOME_SETTINGS
        plan = plans.get(case.pk)
        dp, isf, commissioned = four_week_budget(plan.items.all()) if plan and plan.delivery_option else (0, {}, 0)
        planned = plan is not None and bool(plan.delivery_option)
        budget = []
        number = max(0, (since - case.support_started_on).days // schedule.PERIOD_DAYS)
        while (p := schedule.period(case.support_started_on, number)).starts_on <= until:
            number += 1
            instalment = paid.get((case.pk, p.starts_on))
            suspended = any(s.starts_on <= p.starts_on and (s.ends_on is None or p.starts_on <= s.ends_on)
                            for s in spans.get(case.pk, []))
            if instalment is not None:
                budget.append(invoices.BudgetPeriod(p.starts_on, (instalment["cost"] or 0) // 4,
                                                    -(instalment["counted"] or 0) // 4, paid=True,
                                                    reversed=instalment["entry__reversed_by"] is not None))
            elif planned:
                total = dp + commissioned + sum(isf.values())
                netted = postings.netted_pence(contribution_pence=weekly * 4, direct_payment_pence=dp,
                                               policy=policy_on(p.starts_on).direct_payment_contribution,
                                               invoiced_in_full=in_care_home)
                budget.append(invoices.BudgetPeriod(p.starts_on, total // 4, netted // 4, paid=False,
                                                    suspended=suspended))
        found[case.pk] = invoices.funding(budget, stops_on=case.closed_on)
    return found


def _deferrals(agreements, made) -> list:
    """Each deferred payment agreement that came into force, placed after the assessments made before it was offered
    (money.invoices.Deferral)."""
    return [invoices.Deferral(sum(1 for a in made if a.created_at <= d.created_at) - 0.5,
                              d.starts_on, d.ended_on, d.income_contribution_pence) for d in agreements]


def resident(person) -> Resident | None:
    found = residents(person=person)
    return found[0] if found else None


def first_invoiced_period() -> invoices.Period | None:
    """The first period the council raised contribution invoices for here: nothing before it is invoiced."""
    first = ContributionInvoice.objects.filter(kind=ContributionInvoice.Kind.INVOICE).order_by("period_starts_on").first()
    return invoices.period_of(first.period_starts_on) if first else None


def last_invoiced_period() -> invoices.Period | None:
    last = ContributionInvoice.objects.filter(kind=ContributionInvoice.Kind.INVOICE).order_by("-period_starts_on").first()
    return invoices.period_of(last.period_starts_on) if last else None


def periods_to_look_at(resident: Resident, first: invoices.Period, last: invoices.Period) -> list[invoices.Period]:
    """The periods from `first` to `last` that could hold a day the person is invoiced for: in a care home, from their
    first assessment there; at home, from the first day both assessed and funded."""
    assessed = [a for a in resident.assessments if isinstance(a, invoices.Assessment)]
    starts = [a.effective_date for a in assessed if a.invoiced]
    home = [a.effective_date for a in assessed if not a.invoiced]
    funded = [f.starts_on for f in resident.assessments if isinstance(f, invoices.Funded)]
    if home and funded:
        starts.append(max(min(home), min(funded)))
    if not starts:
        return []
    earliest = max(min(starts), first.starts_on, resident.since or first.starts_on)
    return invoices.periods_between(earliest, last.starts_on)


def pending_adjustments(found: list[Resident]) -> list[tuple[Resident, invoices.Adjustment]]:
    """The arrears and refunds backdated reassessments make due in periods already invoiced, not yet raised."""
    first, last = first_invoiced_period(), last_invoiced_period()
    if first is None:
        return []
    return [(r, change) for r in found for p in periods_to_look_at(r, first, last)
            if (change := r.adjustment(p)) is not None]


def outstanding_invoices(limit: int = 100) -> list[ContributionInvoice]:
    """Contribution invoices issued and not yet paid, oldest first (finance records their payment)."""
    return list(ContributionInvoice.objects.filter(status=ContributionInvoice.Status.ISSUED)
                .select_related("case__person").order_by("issued_on", "id")[:limit])


def contribution_invoices_for(person) -> list[ContributionInvoice]:
    """The person's contribution invoices, arrears and refunds, newest period first."""
    return list(ContributionInvoice.objects.filter(case__person=person).order_by("-period_starts_on", "-id"))


def contribution_owed(person) -> int:
    """What the person owes on contribution invoices now (negative: the council owes them a refund)."""
    return LedgerAccount.objects.filter(case__person=person, key="debtor").aggregate(t=Sum("balance_pence"))["t"] or 0


# Arrears: contribution invoices overdue, the checks of the person's circumstances and the recoveries that follow them

def overdue_since(today: datetime.date) -> datetime.date:
    """An invoice issued before this day and not paid is overdue (settings.CONTRIBUTION_OVERDUE_DAYS after issue)."""
    return today - datetime.timedelta(days=settings.CONTRIBUTION_OVERDUE_DAYS)


def _overdue(today: datetime.date):
    return (ContributionInvoice.objects.filter(status=ContributionInvoice.Status.ISSUED, issued_on__lt=overdue_since(today))
            .exclude(kind=ContributionInvoice.Kind.REFUND))


@dataclass
class Arrears:
    """A person's contribution invoices overdue (oldest first), what they owe on them (no more than the ledger says
    they owe on every invoice, so a refund credit not yet given is taken off), and the checks of their circumstances
    and recoveries recorded (newest first)."""

    person: object
    case: Case
    invoices: list[ContributionInvoice]
    owed_pence: int
    checks: list[ContributionArrearsCheck]
    recoveries: list[ContributionDebtRecovery]

    @property
    def oldest_issued_on(self) -> datetime.date:
        return self.invoices[0].issued_on

    @property
    def current_check(self) -> ContributionArrearsCheck | None:
        """The latest check made on or after the oldest overdue invoice was issued (a check before it did not weigh
        this debt), or None."""
        return next((c for c in self.checks if c.checked_on >= self.oldest_issued_on), None)

    @property
    def current_recovery(self) -> ContributionDebtRecovery | None:
        check = self.current_check
        return next((r for r in self.recoveries if check is not None and r.check_made_id == check.pk), None)


def arrears(*, today: datetime.date, person=None, limit: int | None = 200) -> list[Arrears]:
    """Everyone with a contribution invoice overdue (or just `person`), longest overdue first: the first `limit`
    people. A fixed number of queries however many."""
    overdue = _overdue(today).select_related("case__person").order_by("issued_on", "id")
    if person is not None:
        overdue = overdue.filter(case__person=person)
    by_person: dict[int, list] = {}
    for invoice in overdue:
        by_person.setdefault(invoice.case.person_id, []).append(invoice)
    ids = list(by_person)[:limit]
    if not ids:
        return []
    cases = _current_cases(ids)
    owed = dict(LedgerAccount.objects.filter(case__person_id__in=ids, key="debtor").order_by()
                .values("case__person_id").annotate(t=Sum("balance_pence")).values_list("case__person_id", "t"))
    checks: dict[int, list] = {}
    for check in (ContributionArrearsCheck.objects.filter(case__person_id__in=ids).select_related("case", "checked_by")
                  .order_by("-checked_on", "-id")):
        checks.setdefault(check.case.person_id, []).append(check)
    recoveries: dict[int, list] = {}
    for recovery in (ContributionDebtRecovery.objects.filter(case__person_id__in=ids)
                     .select_related("case", "decided_by").order_by("-started_on", "-id")):
        recoveries.setdefault(recovery.case.person_id, []).append(recovery)
    return [Arrears(person=cases[pk].person, case=cases[pk], invoices=by_person[pk],
                    owed_pence=min(sum(i.amount_pence for i in by_person[pk]), max(0, owed.get(pk) or 0)),
                    checks=checks.get(pk, []), recoveries=recoveries.get(pk, [])) for pk in ids]


def arrears_of(person, *, today: datetime.date) -> Arrears | None:
    found = arrears(today=today, person=person)
    return found[0] if found else None


def arrears_history(person) -> tuple[list[ContributionArrearsCheck], list[ContributionDebtRecovery]]:
    """Every check of the person's circumstances and every recovery started, newest first (overdue now or not)."""
    return (list(ContributionArrearsCheck.objects.filter(case__person=person).select_related("checked_by")),
            list(ContributionDebtRecovery.objects.filter(case__person=person).select_related("decided_by", "check_made")))


def contribution_alerts(case, *, today: datetime.date) -> list:
    """The person's contribution invoices overdue, as an alert for their home page (money.invoices.overdue_alert)."""
    overdue = list(_overdue(today).filter(case__person_id=case.person_id).order_by("issued_on", "id")
                   .values_list("amount_pence", "issued_on"))
    if not overdue:
        return []
    owed = contribution_owed(case.person)
    pence = min(sum(pence for pence, _ in overdue), max(0, owed))
    return [invoices.overdue_alert(owed_pence=pence, invoices=len(overdue), oldest_issued_on=overdue[0][1],
                                   phone=settings.COUNCIL_PHONE)] if pence > 0 else []


def deferred_page(agreement, *, today):
    """What an agreement's page shows: what is owed, the weeks posted, the statements issued and due, the rate now."""
    from . import deferred  # Lazy: money.deferred imports money.actions, which imports this module

    owed = deferred.owed_pence(agreement)
    rates = charging.deferred_interest_rates()
    every = deferred.movements(agreement)
    return {
        "owed_pence": owed,
        "equity_left_pence": max(0, agreement.equity_limit_pence - owed),
        "equity_used_percent": min(100, owed * 100 // agreement.equity_limit_pence) if agreement.equity_limit_pence else 100,
        "near_limit": agreement.equity_limit_pence and owed * 100 >= deferred_rules.EQUITY_WARNING_PERCENT * agreement.equity_limit_pence,
        "weeks": list(DeferredWeek.objects.filter(agreement=agreement).order_by("-starts_on")[:12]),
        "totals": {kind: sum(m.pence for m in every if m.kind == kind) for kind in deferred_rules.KIND_LABELS},
        "kind_labels": deferred_rules.KIND_LABELS,
        "statements": list(DeferredStatement.objects.filter(agreement=agreement).order_by("-starts_on")),
        "statements_due": deferred.statements_due(agreement, on=today) if agreement.status == "active" else [],
        "rate_today": deferred_rules.rate_on(today, rates),
        "equity_warning_percent": deferred_rules.EQUITY_WARNING_PERCENT,
    }


def contribution_collection_for(case) -> ContributionCollection | None:
    """How the case's contribution is collected, if ever recorded (invoiced by the council when not)."""
    return ContributionCollection.objects.filter(case=case).first()


def has_contribution_invoices(person) -> bool:
    """Whether the council ever invoiced the person's contribution (their account page links to the invoices)."""
    return ContributionInvoice.objects.filter(case__person=person).exists()


def ever_in_a_care_home(person) -> bool:
    """Whether the person was ever assessed as a care home resident (their account page links to their invoices)."""
    return FinancialAssessment.objects.filter(person=person, input__setting__in=CARE_HOME_SETTINGS).exists()


def run_on(day):
    """The payment run for a date (prepared or paid), or None."""
    return PaymentRun.objects.select_related("created_by").filter(run_date=day).first()


def run_by_reference(reference: str):
    """The run a reference such as RUN-20261207 names, or None."""
    text = reference.strip().upper()
    if not (text.startswith("RUN-") and len(text) == 12 and text[4:].isdigit()):
        return None
    try:
        day = datetime.date(int(text[4:8]), int(text[8:10]), int(text[10:12]))
    except ValueError:
        return None
    return run_on(day)


# The budget holder's home: a budget's money at a glance, for the person or whoever acts for them (site's home page)

@dataclass(frozen=True)
class Fund:
    """An individual service fund, from the ledger's isf:<provider> account: what the council has paid the provider to
    hold for the person, what the provider's statements of the fund (sent by the provider, or imported by finance,
    each line posted as spending from the fund) show it spent, to the day of their newest line, and what the fund
    holds: the account's balance. Paid in, less spent, plus other changes (corrections) is what it holds."""

    provider: str
    reference: str  # how the provider's statement names the fund (money.actions.account_reference)
    paid_pence: int  # paid to the provider for the fund by the council: its instalments
    payments: int
    spent_pence: int = 0  # money out of the fund, as the provider's statements show
    holds_pence: int = 0  # the ledger's balance of the fund
    statement_to: datetime.date | None = None  # the day of the newest line of the provider's statements
    lines: tuple = ()  # the newest lines of its statements (StatementLine), newest first
    alerts: tuple = ()  # monitoring.fund_alerts: a statement not sent for too long

    @property
    def other_pence(self) -> int:
        """Whatever else moved the fund: corrections."""
        return self.holds_pence - self.paid_pence + self.spent_pence


@dataclass
class Glance:
    """What a budget's home page shows. Paid in, spent on the statements and other changes add up to the ledger's
    balance (monitor.balance_pence); less the spending recorded and not yet on a statement, they give what should be
    left (monitor.left_pence)."""

    monitor: Monitor
    has_direct_payment: bool
    paid_in_pence: int  # paid into the direct payment account by the council: instalments and one-off payments
    payments_in: int
    contribution_pence: int  # the person's contribution, which they pay into the account themselves
    statement_spent_pence: int  # money out of the account, as the bank statements show
    statement_to: datetime.date | None  # the day of the newest statement line we hold
    recorded_pence: int  # every spending recorded, whether or not a statement shows it yet
    recorded: int
    waiting: list  # the newest spending recorded and not yet on a statement (SpendingRecord)
    waiting_count: int
    next_due: list  # what is paid for the next four weeks, to whom (Due), and the day it should arrive
    next_arrives_on: datetime.date | None
    funds: list
    contribution_alerts: tuple = ()  # contribution invoices overdue (contribution_alerts), whatever the budget's kind

    @property
    def other_pence(self) -> int:
        """Whatever else moved the balance: surplus held, returned or taken back after a check of the account, and
        corrections."""
        return (self.monitor.balance_pence - self.paid_in_pence - self.contribution_pence
                + self.statement_spent_pence)

    @property
    def next_into_account(self) -> Due | None:
        return next((d for d in self.next_due if d.payee == DIRECT_PAYMENT_PAYEE), None)

    @property
    def alerts(self) -> list:
        """The alerts to look at: the direct payment account's, then each fund's, then contribution invoices overdue."""
        return ((list(self.monitor.alerts) if self.has_direct_payment else []) + [a for f in self.funds for a in f.alerts]
                + list(self.contribution_alerts))


DIRECT_PAYMENT_PAYEE = "Direct payment account"  # schedule_for's name for the person's own account
FUND_LINES_SHOWN = 5  # the newest lines of a provider's statements of a fund the holder's page lists


def funds_of(case, *, today: datetime.date) -> list[Fund]:
    """The case's individual service funds (Fund), by provider: a few queries whatever the number of funds, and one
    more a fund for its newest statement lines."""
    isf = list(LedgerAccount.objects.filter(case=case, key__startswith="isf:").order_by("key"))
    if not isf:
        return []
    names = dict(Organisation.objects.filter(pk__in=[a.key.partition(":")[2] for a in isf]).values_list("pk", "name"))
    paid = {row["account_id"]: row for row in Posting.objects.filter(account__in=isf, entry__kind=JournalEntry.Kind.INSTALMENT)
            .order_by().values("account_id").annotate(pence=Sum("amount_pence"), n=Count("entry", distinct=True),
                                                      first=Min("entry__on"))}
    lines = {row["account_id"]: row for row in StatementLine.objects.filter(account__in=isf).order_by()
             .values("account_id").annotate(spent=Sum("amount_pence", filter=Q(amount_pence__lt=0)),
                                            newest=Max("posted_on"))}
    funds = []
    for acct in isf:
        provider = names.get(int(acct.key.partition(":")[2]), "The provider")
        into, out = paid.get(acct.pk, {}), lines.get(acct.pk, {})
        alerts = monitoring.fund_alerts(today=today, provider=provider, statement_to=out.get("newest"),
                                        first_paid_on=into.get("first"), weeks=settings.FUND_STATEMENT_WEEKS,
                                        phone=settings.COUNCIL_PHONE)
        funds.append(Fund(provider, acct.reference or "", into.get("pence") or 0, into.get("n") or 0,
                          spent_pence=-(out.get("spent") or 0), holds_pence=acct.balance_pence,
                          statement_to=out.get("newest"),
                          lines=tuple(statement_lines_for(case, FUND_LINES_SHOWN, account=acct.key)) if out else (),
                          alerts=tuple(alerts)))
    return funds


def at_a_glance(case, *, today: datetime.date) -> Glance:
    m = monitor(case, today=today)
    into = (Posting.objects.filter(account__case=case, account__key="direct_payment",
                                   entry__kind__in=[JournalEntry.Kind.INSTALMENT, JournalEntry.Kind.ONE_OFF])
            .aggregate(pence=Sum("amount_pence"), n=Count("entry", distinct=True)))
    contribution = Instalment.objects.filter(case=case).aggregate(t=Sum("contribution_deducted_pence"))["t"] or 0
    out = StatementLine.objects.filter(account__case=case, account__key="direct_payment").aggregate(
        spent=Sum("amount_pence", filter=Q(amount_pence__lt=0)), newest=Max("posted_on"))
    recorded = SpendingRecord.objects.filter(case=case).aggregate(pence=Sum("amount_pence"), n=Count("id"),
                                                                   waiting=Count("id", filter=Q(statement_line__isnull=True)))
    funds = funds_of(case, today=today)
    due = schedule_for(case)
    # The next four weeks paid: the first not yet paid, or paid and still to arrive.
    first = next((d for d in due if not d.paid or schedule.arrival_day(d.period_starts_on) >= today), None)
    next_due = [d for d in due if first is not None and d.period_starts_on == first.period_starts_on]
    return Glance(
        monitor=m, has_direct_payment=m.weekly_pence > 0 or (into["pence"] or 0) != 0,
        paid_in_pence=(into["pence"] or 0) - contribution, payments_in=into["n"] or 0, contribution_pence=contribution,
        statement_spent_pence=-(out["spent"] or 0), statement_to=out["newest"],
        recorded_pence=recorded["pence"] or 0, recorded=recorded["n"] or 0,
        waiting=unmatched_spending_for(case, limit=5), waiting_count=recorded["waiting"] or 0,
        next_due=next_due, next_arrives_on=schedule.arrival_day(first.period_starts_on) if first else None,
        funds=funds, contribution_alerts=tuple(contribution_alerts(case, today=today)))


# The Bacs Standard 18 file of a paid run (money.bacs; docs/bacs-standard-18.md), for the run's page and `money pay --bacs`

BACS_SETTINGS = {"service_user_number": "SELFDIRECT_BACS_SERVICE_USER_NUMBER",
                 "originating_sort_code": "SELFDIRECT_BACS_SORT_CODE",
                 "originating_account": "SELFDIRECT_BACS_ACCOUNT_NUMBER",
                 "originating_name": "SELFDIRECT_BACS_ACCOUNT_NAME"}


def bacs_settings() -> dict:
    """The council's Bacs details from the settings; bacs.BacsError naming the first one not set."""
    given = {"service_user_number": settings.BACS_SERVICE_USER_NUMBER, "originating_sort_code": settings.BACS_SORT_CODE,
             "originating_account": settings.BACS_ACCOUNT_NUMBER, "originating_name": settings.BACS_ACCOUNT_NAME}
    for key, value in given.items():
        if not value:
            raise bacs.BacsError(f"set {BACS_SETTINGS[key]}, the council's Bacs details (README, Configuration), before "
                                 "writing a Bacs file")
    return given


def bacs_processing_day(run) -> datetime.date:
    """The working day after the file goes in: the council's advance of SELFDIRECT_PAYMENT_ADVANCE_DAYS working days
    after the run date, or the day after it was approved if that is later."""
    goes_in = run.run_date
    for _ in range(settings.PAYMENT_ADVANCE_DAYS):
        goes_in = _working_day_after(goes_in)
    return _working_day_after(max(goes_in, _approved_on(run)))


def _working_day_after(day: datetime.date) -> datetime.date:
    return next_working_day(day + datetime.timedelta(days=1))


def _approved_on(run) -> datetime.date:
    return timezone.localdate(run.approved_at) if run.approved_at else run.run_date


def bacs_file(run, processing_day: datetime.date | None = None) -> str:
    """The paid run's Standard 18 file, the same every time it is written: made on the day the run was approved,
    processed on `processing_day` or bacs_processing_day(run). bacs.BacsError when a setting or a line will not do."""
    return bacs.standard_18(run.lines.all(), **bacs_settings(), processing_day=processing_day or bacs_processing_day(run),
                            file_number=1, created_on=_approved_on(run), contra_narrative=run.reference)


# The remittance advice of a paid run (money.remittances): what each payee was paid, for whom, for which weeks and why


def remittance_lines(run, *, payee: tuple[str, int] | None = None) -> list[remittances.PaidLine]:
    """The paid run's payment lines, each with what the ledger says it paid: for every payee, or for one, (PROVIDER, its
    id) or (PERSON, theirs). Three queries however many lines: the lines with their people, instalments and one-off
    payments; each instalment's period paid before; the postings of both."""
    entries = JournalEntry.objects.filter(run=run)
    if payee is not None:
        kind, pk = payee
        entries = (entries.filter(postings__account__key=f"{remittances.ISF_PREFIX}{pk}") if kind == remittances.PROVIDER
                   else entries.filter(case__person_id=pk))
    rows = list(PaymentLine.objects.filter(run=run, entry__in=entries).order_by("id").values(
        "id", "payee", "sort_code", "account_number", "amount_pence", "reference", "entry_id", "entry__kind",
        "entry__case__person_id", "entry__case__person__la_person_id", "entry__case__person__first_name",
        "entry__case__person__last_name", "entry__one_off__description", "entry__instalment__period_starts_on",
        "entry__instalment__late", "entry__instalment__contribution_deducted_pence"))
    earlier = (Instalment.objects.filter(case_id=OuterRef("case_id"), period_number__lt=OuterRef("period_number"))
               .order_by("-period_number").values("entry_id")[:1])
    instalments = Instalment.objects.filter(run=run, entry__in=entries).annotate(before=Subquery(earlier))
    before = dict(instalments.values_list("entry_id", "before"))
    postings: dict[int, dict[str, int]] = {}
    for entry_id, key, pence in (Posting.objects.filter(Q(entry__in=entries) | Q(entry__in=instalments.values("before")))
                                 .values_list("entry_id", "account__key", "amount_pence")):
        held = postings.setdefault(entry_id, {})
        held[key] = held.get(key, 0) + pence
    by_entry: dict[int, list[dict]] = {}
    for row in rows:
        by_entry.setdefault(row["entry_id"], []).append(row)
    found = []
    for entry_id, written in by_entry.items():
        first = written[0]
        if first["entry__kind"] == JournalEntry.Kind.ONE_OFF:
            matched = [remittances.Share(None, row["amount_pence"]) for row in written]
            planned_before = {}
        else:
            matched = remittances.whom_each_line_paid(
                [row["amount_pence"] for row in written],
                remittances.shares(postings.get(entry_id, {}),
                                   contribution_deducted_pence=first["entry__instalment__contribution_deducted_pence"] or 0))
            planned_before = remittances.planned_by_payee(postings.get(before.get(entry_id), {}))
        for row, share in zip(written, matched, strict=True):
            if share is None:
                continue  # a line of nothing, whose provider the ledger cannot tell (remittances.whom_each_line_paid)
            one_off = first["entry__kind"] == JournalEntry.Kind.ONE_OFF
            found.append(remittances.PaidLine(
                line_id=row["id"], payee=row["payee"], sort_code=row["sort_code"], account_number=row["account_number"],
                amount_pence=row["amount_pence"], reference=row["reference"], person_id=row["entry__case__person_id"],
                person_reference=row["entry__case__person__la_person_id"],
                person_initials=remittances.initials(row["entry__case__person__first_name"],
                                                     row["entry__case__person__last_name"]),
                provider_id=share.provider_id, one_off=(row["entry__one_off__description"] or "") if one_off else None,
                period_starts_on=row["entry__instalment__period_starts_on"], late=bool(row["entry__instalment__late"]),
                planned_pence=share.planned_pence, contribution_pence=share.contribution_pence,
                reduction_pence=share.reduction_pence,
                before_pence=None if one_off else planned_before.get(share.provider_id)))
    return [line for line in found if payee is None or line.payee_key == payee]


def remittances_of(run, *, payee: tuple[str, int] | None = None) -> list[remittances.Remittance]:
    """The paid run's remittance advice, one a payee (or only the payee asked for), in order of the payees' names."""
    return remittances.group(remittance_lines(run, payee=payee))


def first_direct_payments(case_ids) -> dict[int, datetime.date]:
    """For outcomes (outcomes.payments): by case, the day its first direct payment was paid, the run date of its first
    instalment posted to its direct payment account. Only a run that was paid leaves instalments behind (a run only
    prepared is worked out and rolled back), so this is asked while a run is being paid, before it is marked paid."""
    return dict(Instalment.objects.filter(case_id__in=list(case_ids), entry__postings__account__key="direct_payment",
                                          entry__postings__amount_pence__gt=0)
                .order_by().values("case_id").annotate(first=Min("run__run_date")).values_list("case_id", "first"))
