"""Alerts on a direct payment account, and on an individual service fund whose provider has not sent a statement of it
lately, each in plain words with what the person can do about it. Django-free.

The same alerts are shown to finance (their home and `selfdirect money alerts` print `message`) and to the person or
the family member acting for them (their home page shows `message` and `what_to_do`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from selfdirect.core.money import Money
from selfdirect.core.words import counted


@dataclass(frozen=True)
class Alert:
    code: str
    message: str  # what we noticed, in plain words
    what_to_do: str = ""  # what the person, or whoever acts for them, can do about it
    easy: tuple[str, ...] = ()  # the same for the easy read page: short sentences, one idea each


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def alerts(*, today: datetime.date, balance_pence: int, weekly_pence: int, weeks_allowed: int,
           last_spent_on: datetime.date | None, first_paid_on: datetime.date | None, outside_plan: int,
           pa_overpaid: list[str]) -> list[Alert]:
    """balance_pence: what the account holds once the spending recorded but not yet on a bank statement has left it;
    last_spent_on: the latest spending, recorded or on a bank statement. A budget with no direct payment (weekly_pence
    0: an individual service fund, or services the council arranges) has no account to spend from, so no alert that
    it is unspent."""
    found = []
    if weekly_pence > 0 and balance_pence > weekly_pence * weeks_allowed:
        found.append(Alert(
            "balance_high",
            f"The balance is more than {counted(weeks_allowed, 'week')} of payments: {Money(balance_pence).format()} "
            f"is {balance_pence / weekly_pence:.1f} weeks of payments, and the council allows "
            f"{counted(weeks_allowed, 'week')} to build up.",
            "Use the money for the support in your plan. If you are saving it for something in your plan, tell your "
            "social worker what it is for. Money that is not needed may be paid back to the council after a check "
            "of the account.",
            ("You have a lot of money saved in your account.", "Use it for the help in your plan.",
             "Or tell your social worker what you are saving it for.")))
    since = last_spent_on or first_paid_on
    if weekly_pence > 0 and since is not None and (today - since).days >= 56:
        found.append(Alert(
            "no_spending",
            f"No spending for {counted((today - since).days // 7, 'week')}: nothing recorded or on a bank statement "
            f"since {_day(since)}.",
            "If you have paid for support, record it with “Record a spending”. If your support has stopped, or you "
            "are not using it, phone your social worker.",
            (f"We have not seen any spending for {counted((today - since).days // 7, 'week')}.",
             "Did you pay for help? Tell us with “Record a spending”.", "Not using your help? Phone your social worker.")))
    if outside_plan:
        found.append(Alert(
            "outside_plan",
            f"Payments from the account that match no item in the plan: {outside_plan}.",
            "Tell your social worker what each payment was for. The direct payment is for the support in your plan: "
            "if what you need has changed, ask for the plan to be changed.",
            (f"We do not know what {counted(outside_plan, 'payment')} from your account paid for.",
             "Please tell your social worker what you paid for.")))
    for who in pa_overpaid:
        found.append(Alert(
            "pa_rate",
            f"{who} was paid above the plan's hourly rate.",
            f"Check the hours and the pay you recorded for {who}. If their rate has gone up, ask your social worker "
            "to change the plan.",
            (f"You paid {who} more for each hour than your plan says.", "Check the hours and the pay.",
             "Has the pay gone up? Tell your social worker.")))
    return found


def burn_rate_weekly(spent_pence: int, days: int) -> int:
    """Average weekly spending over a number of days, rounded half up to the penny."""
    if days <= 0:
        return 0
    return (spent_pence * 7 * 2 + days) // (2 * days)


def fund_alerts(*, today: datetime.date, provider: str, statement_to: datetime.date | None,
                first_paid_on: datetime.date | None, weeks: int, phone: str) -> list[Alert]:
    """An individual service fund whose provider has not sent a statement of it for more than `weeks` weeks: the
    newest line of its statements is older than that, or there is none and the council first paid the fund longer ago
    than that. The council's own expectation of how often a provider reports (settings.FUND_STATEMENT_WEEKS), not a
    national rule."""
    since = statement_to or first_paid_on
    if since is None or (today - since).days <= weeks * 7:
        return []
    ask = (f"Ask {provider} to send the council a statement of what they have spent from the fund. If they do not, "
           f"or you are worried about the money, phone us on {phone}.")
    if statement_to is None:
        return [Alert(
            "fund_no_statement",
            f"{provider} has not sent us a statement of the fund. The council first paid it on {_day(first_paid_on)}, "
            f"{counted((today - first_paid_on).days // 7, 'week')} ago.",
            ask,
            (f"{provider} has not told us what they spent.", "Ask them for a statement.",
             f"No statement? Phone us on {phone}."))]
    return [Alert(
        "fund_statement_old",
        f"{provider}’s newest statement of the fund goes up to {_day(statement_to)}: "
        f"{counted((today - statement_to).days // 7, 'week')} ago.",
        ask,
        (f"{provider} has not sent a statement for {counted((today - statement_to).days // 7, 'week')}.",
         "Ask them for a new statement.", f"No statement? Phone us on {phone}."))]
