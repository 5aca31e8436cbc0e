"""Contribution invoices: what a person owes for a four-weekly period, day by day, and what a reassessment backdated
into periods already invoiced changes. Django-free.

The contribution due on a day is that of the latest-made financial assessment whose effective date is on or before
it (a later assessment supersedes earlier ones from its effective date). What is invoiced of it depends on where the
person lives under that assessment:

- A care home resident (an assessment with invoiced=True) is invoiced the whole of it, every day (or, under a deferred
  payment agreement, only what they pay from income).
- Someone living at home (invoiced=False) is invoiced, on each day the council funded their personal budget, the part
  of their contribution no instalment already counted: the contribution capped at the budget's weekly cost, less what
  the direct payment was paid net of (money.postings.netted_pence: under the council's "net" policy the person pays
  that into their account themselves). So a council-managed budget, an individual service fund, or a direct payment
  under the "gross" policy is invoiced the whole contribution (up to the budget's cost); a direct payment under "net"
  nothing, unless the contribution is more than the direct payment (a mixed budget: the rest is invoiced). A day the
  council did not fund (before support started, after it stopped, in a suspension a payment run skipped, or paid and
  then reversed) is not invoiced. `Funded` spans say which days and what was counted; `funding` makes them.

Worked example (tests/money/test_invoices_rules.py): £60.00 a week contribution, a budget of £200.00 a week of which
£40.00 is a direct payment under "net": the direct payment is paid net of £40.00 a week (the person pays that in), and
£20.00 a week is invoiced, £80.00 for a whole period. Under "gross", or with no direct payment, £60.00 a week, £240.00.

Rounding, written down once: a day's share of a weekly amount W is W split over the days of the week, Monday to
Sunday, the pennies that do not divide going to the later days: day k of the week (Monday 0) is
floor(W x (k + 1) / 7) - floor(W x k / 7). Any seven days in a row at one rate add up to exactly W (each day of the
week is counted once), so a whole week is the weekly amount, four weeks four times it, and because a day's share
depends only on the rate and the weekday, the days of a period add up to the period and the periods to the whole.

Periods are four-weekly (28 days), counted from Monday 6 April 2026 backwards and forwards, so each is four whole
weeks, Monday to Sunday."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from selfdirect.core.money import Money
from selfdirect.core.words import counted

from .monitoring import Alert

PERIOD_DAYS = 28
PERIOD_ANCHOR = datetime.date(2026, 4, 6)  # a Monday
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Assessment:
    order: int  # the order the assessments were made in: a later one supersedes an earlier one from its effective date
    effective_date: datetime.date
    weekly_pence: int
    invoiced: bool = True  # a care home resident's, invoiced in full; False: living at home (see Funded)


@dataclass(frozen=True)
class Deferral:
    """A deferred payment agreement in force from `starts_on` to `ends_on` (None: still in force): the person is
    invoiced only what they pay from income, `weekly_pence`; the rest of the care costs is deferred (money.deferred).
    `order` places it among the assessments, for saying what changed."""

    order: float
    starts_on: datetime.date
    ends_on: datetime.date | None
    weekly_pence: int

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


@dataclass(frozen=True)
class Funded:
    """Days from `starts_on` to `ends_on` on which the council funded the person's budget at home: one four-weekly
    instalment period (money.schedule), paid by a payment run or still to be paid by one. `weekly_cost_pence`: the
    budget's weekly cost then, to which the contribution is capped; `counted_weekly_pence`: what of the contribution
    the instalment counted already each week (the part its direct payment was paid net of, which the person pays into
    their account), which is not invoiced. Known whatever the assessments, so it is always among the "before" an
    adjustment compares with (order -inf)."""

    order = float("-inf")  # a class attribute, not a field: see adjustment()

    starts_on: datetime.date
    ends_on: datetime.date
    weekly_cost_pence: int
    counted_weekly_pence: int = 0

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class BudgetPeriod:
    """One four-weekly period of a budget's instalments as invoicing reads it (money.queries makes these)."""

    starts_on: datetime.date
    weekly_cost_pence: int
    counted_weekly_pence: int
    paid: bool  # a payment run paid it
    reversed: bool = False  # paid, then turned over by a correction: the council took the money back
    suspended: bool = False  # inside a suspension: a run skips it unless it was paid already


def funding(periods: Iterable[BudgetPeriod], *, stops_on: datetime.date | None = None) -> list[Funded]:
    """The days the council funded: each period paid and not reversed, and each not yet paid that a payment run will
    pay (not suspended), up to the day the budget stopped (the case closed), if it did."""
    found = []
    for p in periods:
        if (p.paid and p.reversed) or (not p.paid and p.suspended) or (stops_on is not None and p.starts_on > stops_on):
            continue
        ends_on = p.starts_on + datetime.timedelta(days=PERIOD_DAYS - 1)
        found.append(Funded(p.starts_on, ends_on if stops_on is None else min(ends_on, stops_on), p.weekly_cost_pence,
                            p.counted_weekly_pence))
    return found


@dataclass(frozen=True)
class Period:
    starts_on: datetime.date

    @property
    def ends_on(self) -> datetime.date:
        return self.starts_on + datetime.timedelta(days=PERIOD_DAYS - 1)

    @property
    def label(self) -> str:
        start, end = self.starts_on, self.ends_on
        first = f"{start:%-d %B}" + (f" {start:%Y}" if start.year != end.year else "")
        return f"{first} to {end:%-d %B %Y}"

    def days(self) -> list[datetime.date]:
        return [self.starts_on + datetime.timedelta(days=n) for n in range(PERIOD_DAYS)]


def period_of(day: datetime.date) -> Period:
    """The four-weekly period a day falls in."""
    return Period(PERIOD_ANCHOR + datetime.timedelta(days=PERIOD_DAYS * ((day - PERIOD_ANCHOR).days // PERIOD_DAYS)))


def periods_between(first: datetime.date, last: datetime.date) -> list[Period]:
    """Every period from the one holding `first` to the one holding `last`, in order (none when last is before first)."""
    found, p = [], period_of(first)
    while p.starts_on <= last:
        found.append(p)
        p = Period(p.starts_on + datetime.timedelta(days=PERIOD_DAYS))
    return found


def day_pence(weekly_pence: int, day: datetime.date) -> int:
    """A day's share of a weekly amount (the module's rounding rule)."""
    k = day.weekday()
    return weekly_pence * (k + 1) // 7 - weekly_pence * k // 7


def in_force(assessments: Iterable[Assessment], day: datetime.date) -> Assessment | None:
    """The assessment that decides the day: the latest made of those in effect on it (None before the first)."""
    return max((a for a in assessments if isinstance(a, Assessment) and a.effective_date <= day),
               key=lambda a: a.order, default=None)


def weekly_on(assessments, day) -> int:
    """The weekly amount invoiced on the day (0 when nothing is)."""
    return _rate(assessments, day) or 0


def _rate(assessments, day) -> int | None:
    """The weekly amount invoiced on the day, or None when nothing is: before the first assessment, or at home on a day
    the council did not fund or when the instalments counted all of it. In a care home, while a deferred payment
    agreement covers the day, no more than what it says the person pays from income."""
    found = in_force(assessments, day)
    if found is None:
        return None
    if not found.invoiced:  # at home: the part of the contribution the instalment did not count
        funded = next((f for f in assessments if isinstance(f, Funded) and f.covers(day)), None)
        if funded is None:
            return None
        return max(0, min(found.weekly_pence, funded.weekly_cost_pence) - funded.counted_weekly_pence) or None
    deferral = next((d for d in assessments if isinstance(d, Deferral) and d.covers(day)), None)
    return found.weekly_pence if deferral is None else min(found.weekly_pence, deferral.weekly_pence)


def _at_home(assessments, day) -> bool:
    found = in_force(assessments, day)
    return found is not None and not found.invoiced


def daily(assessments: Iterable[Assessment], start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, int]]:
    """(day, pence due) for each day from start to end inclusive."""
    assessments = list(assessments)
    found, day = [], start
    while day <= end:
        rate = _rate(assessments, day)
        found.append((day, day_pence(rate, day) if rate else 0))
        day += ONE_DAY
    return found


def due(assessments: Iterable[Assessment], start: datetime.date, end: datetime.date) -> int:
    """The pence due for the days from start to end inclusive."""
    return sum(pence for _, pence in daily(assessments, start, end))


def _billable(period: Period, since: datetime.date | None) -> list[datetime.date]:
    return [d for d in period.days() if since is None or d >= since]


def period_due(assessments: Iterable[Assessment], period: Period, *, since: datetime.date | None = None) -> int:
    """The pence due for a period, leaving out the days before `since` (the day the council began invoicing)."""
    assessments = list(assessments)
    return sum(day_pence(rate, day) for day in _billable(period, since) if (rate := _rate(assessments, day)))


def _pounds(pence: int) -> str:
    return Money(pence).format()


def _runs(assessments, days) -> list[tuple[datetime.date, datetime.date, int | None]]:
    """(first day, last day, weekly amount or None) for each run of days at one rate."""
    runs: list[list] = []
    for day in days:
        rate = _rate(assessments, day)
        if runs and runs[-1][2] == rate:
            runs[-1][1] = day
        else:
            runs.append([day, day, rate])
    return [tuple(run) for run in runs]


def _days(first, last) -> str:
    n = (last - first).days + 1
    return "1 day" if n == 1 else f"{n} days"


def invoice_explanation(assessments: Iterable[Assessment], period: Period, *, since: datetime.date | None = None) -> str:
    """What an invoice for the period says: the total and the rate behind each part of it. Days before `since` (the
    day the council began invoicing this person) are left out."""
    assessments = list(assessments)
    parts = [f"{_pounds(rate)} a week for {_days(first, last)} from {first:%-d %B %Y}"
             for first, last, rate in _runs(assessments, _billable(period, since)) if rate]
    total = period_due(assessments, period, since=since)
    said = f"Your contribution for {period.label} is {_pounds(total)}: " + ", and ".join(parts) + "."
    if any(_at_home(assessments, day) and _rate(assessments, day) for day in _billable(period, since)):
        said += f" {AT_HOME}"
    return said


AT_HOME = ("This is your contribution towards the support the council paid for, for the days it paid for it, less "
           "any part already taken off your direct payment.")


def _change(day, before, now, *, home_before=False, home_now=False) -> str:
    """What changed on the day: `before` and `now` are the weekly amounts invoiced (None: nothing), `home_before` and
    `home_now` whether the person lived at home under the assessments known before and now."""
    if before is None:
        if home_now:
            return f"From {day:%-d %B %Y} we invoice {_pounds(now)} a week of your contribution"
        return f"Your contribution of {_pounds(now)} a week applies from {day:%-d %B %Y}"
    if now is None:
        if home_before:
            return f"From {day:%-d %B %Y} there is nothing to invoice of your contribution"
        return f"From {day:%-d %B %Y} you no longer pay a contribution as a care home resident"
    if home_before and home_now:
        return (f"What we invoice of your contribution changed from {_pounds(before)} to {_pounds(now)} a week from "
                f"{day:%-d %B %Y}")
    return f"Your contribution changed from {_pounds(before)} to {_pounds(now)} a week from {day:%-d %B %Y}"


@dataclass(frozen=True)
class Adjustment:
    """A period invoiced for one amount and now found to be due another."""

    period: Period
    invoiced_pence: int
    due_pence: int
    explanation: str

    @property
    def difference_pence(self) -> int:
        """Arrears positive (the person owes more), a refund negative."""
        return self.due_pence - self.invoiced_pence


def adjustment(assessments: Iterable[Assessment], period: Period, *, invoiced_pence: int, known_order: int | None,
               since: datetime.date | None = None) -> Adjustment | None:
    """What a period invoiced for `invoiced_pence` is owed now, or None when nothing changed. `known_order`: the
    latest assessment made when the period was last invoiced (None if never), against which the explanation says what
    changed; days before `since` are not invoiced."""
    assessments = list(assessments)
    owed = period_due(assessments, period, since=since)
    if owed == invoiced_pence:
        return None
    before = [a for a in assessments if known_order is not None and a.order <= known_order]
    changes, last = [], None
    for day in _billable(period, since):
        pair = (_rate(before, day), _rate(assessments, day))
        if pair[0] != pair[1] and pair != last:
            changes.append(_change(day, *pair, home_before=_at_home(before, day), home_now=_at_home(assessments, day)))
            if any(isinstance(d, Deferral) and d.covers(day) and d not in before for d in assessments):
                changes[-1] += ": under your deferred payment agreement you pay from your income, and the rest is deferred"
        last = pair
    if changes:
        said = "; ".join(changes) + "."
    elif any(_at_home(assessments, day) for day in _billable(period, since)):
        said = (f"We have worked out again what was due for {period.label}: the days the council paid for your "
                f"support, or the part of your contribution taken off your direct payment, changed.")
    else:
        said = f"We have worked out again what was due for {period.label}."
    difference = owed - invoiced_pence
    said += (f" For {period.label} we invoiced {_pounds(invoiced_pence)}; the contribution due is {_pounds(owed)}. "
             + (f"You owe {_pounds(difference)} more." if difference > 0 else
                f"We owe you {_pounds(-difference)}: we take it off what you owe us, or pay it back to you if you "
                f"have already paid."))
    return Adjustment(period, invoiced_pence, owed, said)


def overdue_alert(*, owed_pence: int, invoices: int, oldest_issued_on: datetime.date, phone: str) -> Alert:
    """The alert on a person's home page when contribution invoices are overdue (money.queries.contribution_alerts):
    what they owe, and what to do, including that they can ask us to look again if they cannot pay. The council checks
    their circumstances before it takes any step to recover the money (money.actions.start_debt_recovery)."""
    owed = _pounds(owed_pence)
    return Alert(
        "contribution_overdue",
        f"{owed} of your contribution is overdue: {counted(invoices, 'invoice')} not paid, the oldest issued on "
        f"{oldest_issued_on:%-d %B %Y}.",
        f"Pay it if you can: each invoice says how. If you cannot pay, or your money has changed, or you think an "
        f"invoice is wrong, phone us on {phone}. We can agree to spread the payments or look again at what you pay. "
        f"We will talk to you before we take any other step.",
        (f"You owe us {owed} for your care.", "Please pay it.", f"Cannot pay? Phone us on {phone}.",
         "We will talk to you first."))
