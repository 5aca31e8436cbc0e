"""Alerts on a direct payment account. Django-free."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from selfdirect.core.words import counted


@dataclass(frozen=True)
class Alert:
    code: str
    message: str


def alerts(*, today: datetime.date, balance_pence: int, weekly_pence: int, weeks_allowed: int,
           last_spent_on: datetime.date | None, first_paid_on: datetime.date | None, outside_plan: int,
           pa_overpaid: list[str]) -> list[Alert]:
    found = []
    if weekly_pence > 0 and balance_pence > weekly_pence * weeks_allowed:
        found.append(Alert("balance_high", f"The balance is more than {counted(weeks_allowed, 'week')} of payments "
                                           f"({balance_pence / weekly_pence:.1f} weeks)."))
    since = last_spent_on or first_paid_on
    if since is not None and (today - since).days >= 56:
        found.append(Alert("no_spending", f"No spending for {counted((today - since).days // 7, 'week')}."))
    if outside_plan:
        found.append(Alert("outside_plan", f"{outside_plan} payment(s) match no item in the plan."))
    for who in pa_overpaid:
        found.append(Alert("pa_rate", f"{who} was paid above the plan's hourly rate."))
    return found


def burn_rate_weekly(spent_pence: int, days: int) -> int:
    """Average weekly spending over a number of days, rounded half up to the penny."""
    if days <= 0:
        return 0
    return (spent_pence * 7 * 2 + days) // (2 * days)
