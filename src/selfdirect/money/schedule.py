"""The budget's schedule: four-weekly instalments, each period paid exactly once, by the council's payment run whose
money arrives before the period begins. Django-free.

How a period's run is worked out (docs/money.md, "When a run pays a period"):

1. The money must arrive on the period's first day, or on the working day before it when that is not a working day
   (a Saturday, Sunday or bank holiday in England and Wales: `selfdirect.core.dates.is_working_day`).
2. Bacs takes three working days: the file goes in on the *input day*, Bacs processes it on the *processing day*, and
   the money reaches the payee's account on the *entry day*. So the file must go in two working days before the
   arrival day (ClearBank, "Bacs", developer documentation: "On the input day, a file of payments is sent to Bacs ...
   processing day ... Payments are applied to accounts on the entry day. Bacs does not operate on weekends or bank
   holidays"; worked bank-holiday tables: Clear Direct Debit, "Bacs Easter processing dates", 15 March 2018, and
   Access PaySuite on the bank holiday of 19 September 2022).
3. The council allows `advance_days` working days from making a run to its file going in (for a second finance
   officer to approve it and for it to be sent): the run must be made that many working days before the input day at
   the latest. That is the period's *latest run day*.
4. The council runs every 28 days on a run day of its choosing (the cycle's anchor); a run day that is not a working
   day moves back to the working day before. A run pays every unpaid period whose latest run day comes before the
   next run day on the cycle: the periods whose money must be sent in this run to arrive in time. A period is late
   (catching up) only when its latest run day had passed before this run: an earlier run should have paid it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache

from selfdirect.core.dates import is_working_day

PERIOD_DAYS = 28
RUN_EVERY_DAYS = 28  # the council's payment runs are four-weekly, like the periods they pay
BACS_DAYS_BEFORE_ENTRY = 2  # input day, processing day, entry day: the file goes in two working days before the money arrives
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    number: int  # 0 for the first four weeks
    starts_on: datetime.date

    @property
    def ends_on(self) -> datetime.date:
        return self.starts_on + datetime.timedelta(days=PERIOD_DAYS - 1)


def period(start: datetime.date, number: int) -> Period:
    return Period(number, start + datetime.timedelta(days=PERIOD_DAYS * number))


def working_day_on_or_before(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day -= ONE_DAY
    return day


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The working day `count` working days before `day` (itself a working day, or not)."""
    for _ in range(count):
        day = working_day_on_or_before(day - ONE_DAY)
    return day


def arrival_day(starts_on: datetime.date) -> datetime.date:
    """The day a period's money must be in the account: its first day, or the working day before when that is not one."""
    return working_day_on_or_before(starts_on)


def bacs_input_day(arrival: datetime.date) -> datetime.date:
    """The last day a Bacs file can go in for its money to arrive (the entry day) on `arrival`, a working day."""
    return working_days_before(arrival, BACS_DAYS_BEFORE_ENTRY)


@dataclass(frozen=True)
class Cycle:
    """The council's payment runs: every 28 days from `anchor` (each moved back to a working day), each sent to Bacs
    `advance_days` working days after it is made."""

    anchor: datetime.date
    advance_days: int = 0

    def __post_init__(self):
        if self.advance_days < 0:
            raise ValueError("The advance is a number of working days, 0 or more")

    def run_day(self, number: int) -> datetime.date:
        """The cycle's run `number` (0 on the anchor, negative before it), moved back to a working day."""
        return working_day_on_or_before(self.anchor + datetime.timedelta(days=RUN_EVERY_DAYS * number))

    def _number_near(self, day: datetime.date) -> int:
        return (day - self.anchor).days // RUN_EVERY_DAYS

    def run_on_or_before(self, day: datetime.date) -> datetime.date:
        number = self._number_near(day) + 1
        while self.run_day(number) > day:
            number -= 1
        return self.run_day(number)

    def next_run_after(self, day: datetime.date) -> datetime.date:
        number = self._number_near(day) - 1
        while self.run_day(number) <= day:
            number += 1
        return self.run_day(number)

    def latest_run_day(self, starts_on: datetime.date) -> datetime.date:
        """The last day a run can be made for a period starting on `starts_on` to be paid before it begins."""
        return working_days_before(bacs_input_day(arrival_day(starts_on)), self.advance_days)

    def run_paying(self, starts_on: datetime.date) -> datetime.date:
        """The run on the cycle that pays a period starting on `starts_on`: the last one on or before its latest run day."""
        return self.run_on_or_before(self.latest_run_day(starts_on))

    def last_start_paid_by(self, run_date: datetime.date) -> datetime.date:
        """The latest first day of a period that a run on `run_date` pays (periods starting later wait for the next run)."""
        following = self.next_run_after(run_date)
        day = following  # a period starting on the next run day itself must be paid now: its file goes in before it
        while self.latest_run_day(day + ONE_DAY) < following:
            day += ONE_DAY
        return day


def due_periods(start: datetime.date, run_date: datetime.date, *, cycle: Cycle, paid: set[int],
                suspended=lambda p: False, stops_on: datetime.date | None = None):
    """Periods a run on run_date pays: every unpaid period (before the budget stops) whose latest run day comes before
    the next run on the cycle, so that the money arrives before it begins. Returns (to_pay, late, skipped): late are
    those whose latest run day had passed before run_date (an earlier run should have paid them), skipped those
    inside a suspension. A run made off the cycle pays what the cycle's next run would otherwise be too late for."""
    last_start = _last_start_paid_by(cycle, run_date)  # a period's latest run day is never earlier than an earlier one's
    to_pay, late, skipped = [], [], []
    number = 0
    while (p := period(start, number)).starts_on <= last_start and (stops_on is None or p.starts_on <= stops_on):
        if number not in paid:
            if suspended(p):
                skipped.append(p)
            else:
                to_pay.append(p)
                if cycle.latest_run_day(p.starts_on) < run_date:
                    late.append(p)
        number += 1
    return to_pay, late, skipped


@cache
def _last_start_paid_by(cycle: Cycle, run_date: datetime.date) -> datetime.date:
    return cycle.last_start_paid_by(run_date)  # once a run, not once a budget


def weeks_of_payments(balance_pence: int, weekly_pence: int) -> float | None:
    if weekly_pence <= 0:
        return None
    return balance_pence / weekly_pence
