"""When a council may take surplus back from a direct payment account. Django-free.

The ombudsman has upheld complaints where councils recovered money without warning or after missing reviews, so a
recovery (or a reduction of future payments) is refused unless every safeguard has been met.
"""

from __future__ import annotations

import datetime

from selfdirect.core.dates import add_months


def audits_due(first_payment_on: datetime.date | None, audits: list[datetime.date], today: datetime.date) -> datetime.date | None:
    """A direct payment is audited within six months of the first payment and at least every twelve months after."""
    if first_payment_on is None:
        return None
    if not audits:
        return add_months(first_payment_on, 6)
    return add_months(max(audits), 12)


def surplus(balance_pence: int, weekly_pence: int, *, weeks_allowed: int, committed_pence: int = 0) -> int:
    """What is more than the allowed weeks of payments, after the committed spending the person explained."""
    return max(0, balance_pence - weekly_pence * weeks_allowed - committed_pence)


def refusals(*, today: datetime.date, reviews: list[datetime.date], warning_sent_on: datetime.date | None,
             response_days: int, explanation: str, amount_pence: int, surplus_pence: int) -> list[str]:
    """Every reason the recovery cannot go ahead yet; empty when it may."""
    problems = []
    if not any(0 <= (today - r).days <= 366 for r in reviews):
        problems.append("No review has taken place in the last twelve months: hold a review first.")
    if warning_sent_on is None:
        problems.append("Send the person a warning letter with the figures first.")
    elif (today - warning_sent_on).days < response_days:
        problems.append(f"The person has until {(warning_sent_on + datetime.timedelta(days=response_days)):%-d %B %Y} "
                        "to respond to the warning letter.")
    if not explanation.strip():
        problems.append("Record the person's explanation of committed spending (saved-up respite, PA holiday pay, "
                        "employer costs), or that they gave none, and weigh it.")
    if amount_pence <= 0:
        problems.append("The amount must be more than £0.")
    if amount_pence > surplus_pence:
        problems.append("The amount is more than the surplus after committed spending.")
    return problems
