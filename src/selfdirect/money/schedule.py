"""The budget's schedule: four-weekly instalments, paid in advance, each period exactly once. Django-free."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

PERIOD_DAYS = 28


@dataclass(frozen=True)
class Period:
    number: int  # 0 for the first four weeks
    starts_on: datetime.date

    @property
    def ends_on(self) -> datetime.date:
        return self.starts_on + datetime.timedelta(days=PERIOD_DAYS - 1)


def period(start: datetime.date, number: int) -> Period:
    return Period(number, start + datetime.timedelta(days=PERIOD_DAYS * number))


def due_periods(start: datetime.date, run_date: datetime.date, *, advance_days: int,
                paid: set[int], suspended=lambda p: False, stops_on: datetime.date | None = None):
    """Periods a run on run_date pays: every unpaid period starting on or before run_date + advance_days (and before the
    budget stops). Returns (to_pay, late, skipped): late are those that should have been paid by an earlier run
    (they start before run_date), skipped those inside a suspension."""
    horizon = run_date + datetime.timedelta(days=advance_days)
    to_pay, late, skipped = [], [], []
    number = 0
    while True:
        p = period(start, number)
        if p.starts_on > horizon or (stops_on is not None and p.starts_on > stops_on):
            break
        if number not in paid:
            if suspended(p):
                skipped.append(p)
            else:
                to_pay.append(p)
                if p.starts_on < run_date:
                    late.append(p)
        number += 1
    return to_pay, late, skipped


def weeks_of_payments(balance_pence: int, weekly_pence: int) -> float | None:
    if weekly_pence <= 0:
        return None
    return balance_pence / weekly_pence
