"""Deferred payment agreements: the rules, in whole pence. Django-free.

A deferred payment agreement (DPA) lets a care home resident whose home counts as capital put off paying part of their
care costs until the home is sold, or until they repay or die; the council secures what is owed with a legal charge on
the home and may add interest and its administration costs. The law: the Care and Support (Deferred Payment)
Regulations 2014 (SI 2014/2671, "the DPA Regulations") and chapter 9 of the Care and Support Statutory Guidance.

This module answers:
- whether the council must offer an agreement (offer_conditions),
- the equity limit: how much can be deferred against the home (equity_limit_pence),
- the national maximum interest rate in force on a day (interest_rates, the dated file rates/deferred-interest.json),
- what each week adds: the care costs deferred and the interest (accrue), never past the equity limit,
- a statement for a period (statement), and the sum due when the agreement ends (sum_due).

The ledger (money app) holds the account itself; this module only says what should be posted."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from selfdirect.core.money import Money, round_half_away

INTEREST_FILE = Path(__file__).parent / "rates" / "deferred-interest.json"
WEEK = datetime.timedelta(days=7)

# Guidance para 9.? (see INTEREST_FILE's "sources" for the text): a council should tell the person when what they owe
# reaches this share of the equity limit, so that they can plan for when no more can be deferred.
EQUITY_WARNING_PERCENT = 70


class DeferredError(ValueError):
    """A bad input: `field` names it."""

    def __init__(self, field_name: str, message: str):
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


# ---- who must be offered an agreement ---------------------------------------------------------------------------------

def offer_conditions(*, setting: str, home_counted: bool, capital_excluding_home_pence: int,
                     upper_capital_limit_pence: int) -> list[str]:
    """Why the council need not offer an agreement: empty when it must (DPA Regulations, reg 2(1)). The three
    conditions: the person's needs are met by a care home; their capital other than the home is no more than the upper
    capital limit; and the home is not disregarded (it counts in the financial assessment)."""
    unmet = []
    if setting != "care_home_permanent":
        unmet.append("The person's needs are not met by a permanent care home place (DPA Regulations, reg 2(1)(a)).")
    if capital_excluding_home_pence > upper_capital_limit_pence:
        unmet.append(f"Their capital other than the home, {Money(capital_excluding_home_pence)}, is more than the upper "
                     f"capital limit of {Money(upper_capital_limit_pence)} (DPA Regulations, reg 2(1)(b)).")
    if not home_counted:
        unmet.append("Their home is disregarded in the financial assessment, so it is not yet used to pay for care "
                     "(DPA Regulations, reg 2(1)(c)).")
    return unmet


# ---- the equity limit ---------------------------------------------------------------------------------------------------

def equity_limit_pence(*, value_pence: int, secured_debt_pence: int, lower_capital_limit_pence: int) -> int:
    """How much may be deferred against the home: its value less 10% (the costs of selling it and a margin for a fall
    in value), less the lower capital limit (the person keeps that much), less any debt already secured on it
    (statutory guidance, para 9.50 to 9.52). Never below nothing."""
    for name, pence in (("value_pence", value_pence), ("secured_debt_pence", secured_debt_pence)):
        if not isinstance(pence, int) or isinstance(pence, bool) or pence < 0:
            raise DeferredError(name, "must be a whole number of pence, 0 or more")
    ninety_percent = value_pence - round_half_away(Fraction(value_pence, 10))
    return max(0, ninety_percent - lower_capital_limit_pence - secured_debt_pence)


# ---- the national maximum interest rate ---------------------------------------------------------------------------------

def percent_text(basis_points: int) -> str:
    """425 basis points is "4.25%"."""
    whole, hundredths = divmod(basis_points, 100)
    return f"{whole}.{hundredths:02d}%"


@dataclass(frozen=True)
class InterestRate:
    starts_on: datetime.date
    ends_on: datetime.date
    basis_points: int  # 4.25% is 425
    source: str

    @property
    def percent(self) -> str:
        return percent_text(self.basis_points)


def parse_interest_rates(text: str, *, path: str = "<deferred-interest>") -> list[InterestRate]:
    """The dated file of national maximum interest rates: {"rates": [{"from", "to", "percent", "source"}, ...]}, oldest
    first, periods not overlapping (a period not found in a published source is left out: a day in it has no rate); a
    percent is a string with two decimals."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DeferredError(path, f"is not valid JSON (line {exc.lineno}): {exc.msg}") from exc
    rows = data.get("rates") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not rows:
        raise DeferredError(path, 'needs a "rates" list')
    rates: list[InterestRate] = []
    for number, row in enumerate(rows, start=1):
        where = f"{path}, rate {number}"
        try:
            starts_on = datetime.date.fromisoformat(row["from"])
            ends_on = datetime.date.fromisoformat(row["to"])
            whole, _, decimals = row["percent"].partition(".")
            if not whole.isdigit() or len(decimals) != 2 or not decimals.isdigit():
                raise ValueError("percent")
            source = row["source"].strip()
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DeferredError(where, 'needs "from" and "to" dates (YYYY-MM-DD), a "percent" like "4.25" and a '
                                       f'"source" ({exc})') from exc
        if not source:
            raise DeferredError(where, "names no source")
        if ends_on < starts_on:
            raise DeferredError(where, "ends before it starts")
        if rates and starts_on <= rates[-1].ends_on:
            raise DeferredError(where, f"must start after the rate before it ends ({rates[-1].ends_on})")
        rates.append(InterestRate(starts_on, ends_on, int(whole) * 100 + int(decimals), source))
    return rates


def interest_rates(path: Path = INTEREST_FILE) -> list[InterestRate]:
    return parse_interest_rates(path.read_text(encoding="utf-8"), path=path.name)


def rate_on(day: datetime.date, rates: list[InterestRate]) -> InterestRate | None:
    """The national maximum in force on `day`, or None when the file has no rate for it (never guessed)."""
    return next((r for r in rates if r.starts_on <= day <= r.ends_on), None)


# ---- what each week adds ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Week:
    starts_on: datetime.date
    care_pence: int  # care costs deferred this week
    interest_pence: int  # interest on what was owed at the start of the week
    basis_points: int
    balance_pence: int  # owed at the end of the week
    capped: bool = False  # less care was deferred than asked: the equity limit was reached
    days: int = 7  # fewer for the part week at the end of an agreement


@dataclass(frozen=True)
class Terms:
    """What was agreed. interest: "national_maximum" (the rate in force each week, reg 9) or a fixed lower rate in
    basis points; the weekly amount deferred is the care costs the person's income does not meet (para 9.?)."""

    starts_on: datetime.date
    weekly_deferred_pence: int
    equity_limit_pence: int
    interest: str | int = "national_maximum"

    def __post_init__(self):
        if self.weekly_deferred_pence < 0:
            raise DeferredError("weekly_deferred_pence", "cannot be less than nothing")
        if self.interest != "national_maximum" and (not isinstance(self.interest, int) or self.interest < 0):
            raise DeferredError("interest", 'is "national_maximum" or a rate in basis points, 0 or more')


class MissingRate(DeferredError):
    def __init__(self, day: datetime.date):
        super().__init__("interest", f"no national maximum interest rate is known for {day:%d %B %Y}; add it to the "
                                     "deferred interest file (docs/deferred-payments.md)")
        self.day = day


def week_rate(terms: Terms, day: datetime.date, rates: list[InterestRate]) -> int:
    """The rate charged for the week starting `day`: the agreed fixed rate, but never more than the national maximum
    in force (reg 9); or the national maximum itself."""
    if terms.interest == 0:
        return 0  # no interest charged: no national maximum needed to check it against
    national = rate_on(day, rates)
    if national is None:
        raise MissingRate(day)
    if terms.interest == "national_maximum":
        return national.basis_points
    return min(int(terms.interest), national.basis_points)


def accrue(terms: Terms, *, opening_balance_pence: int, from_week: datetime.date, up_to: datetime.date,
           rates: list[InterestRate], final: bool = False) -> list[Week]:
    """Every whole week from `from_week` (a week start of the agreement) that has ended by `up_to`: the interest on what
    was owed at its start, then the week's care costs deferred, capped so that what is owed never passes the equity
    limit (no more can be deferred then). With `final` (the agreement ends on `up_to`), the part of a week left at the
    end is added too, its care costs and interest in proportion to its days, each rounded once to the penny."""
    if (from_week - terms.starts_on).days % 7:
        raise DeferredError("from_week", f"must be a week start of the agreement, which started on {terms.starts_on}")
    weeks = []
    balance = opening_balance_pence
    day = max(from_week, terms.starts_on)
    while day <= up_to:
        days = min(7, (up_to - day).days + 1)
        if days < 7 and not final:
            break
        bp = week_rate(terms, day, rates)
        interest = round_half_away(Fraction(balance * bp * days, 10_000 * 365))
        wanted = round_half_away(Fraction(terms.weekly_deferred_pence * days, 7))
        care = min(wanted, max(0, terms.equity_limit_pence - balance - interest))
        balance += interest + care
        weeks.append(Week(day, care, interest, bp, balance, capped=care < wanted, days=days))
        day += WEEK
    return weeks


# ---- statements and the end ---------------------------------------------------------------------------------------------

def statement_periods(starts_on: datetime.date, up_to: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The six-month periods from the agreement's start that have ended by `up_to` (a statement is due for each: DPA
    Regulations reg ?, statutory guidance para 9.?)."""
    periods = []
    start = starts_on
    while True:
        end = _add_months(start, 6) - datetime.timedelta(days=1)
        if end > up_to:
            return periods
        periods.append((start, end))
        start = end + datetime.timedelta(days=1)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Movement:
    """One posting to the deferred account, as the ledger holds it."""

    on: datetime.date
    kind: str  # "care", "interest", "charge", "repayment"
    pence: int  # positive adds to what is owed, negative (a repayment) takes from it
    description: str = ""


KIND_LABELS = {"care": "Care costs deferred", "interest": "Interest added", "charge": "Administration charges added",
               "repayment": "Repaid"}


@dataclass(frozen=True)
class Statement:
    starts_on: datetime.date
    ends_on: datetime.date
    opening_pence: int
    totals: dict[str, int]
    closing_pence: int
    equity_limit_pence: int
    movements: list[Movement] = field(default_factory=list)

    @property
    def equity_left_pence(self) -> int:
        return max(0, self.equity_limit_pence - self.closing_pence)

    @property
    def equity_used_percent(self) -> int:
        if not self.equity_limit_pence:
            return 100
        return min(100, self.closing_pence * 100 // self.equity_limit_pence)

    @property
    def near_limit(self) -> bool:
        return self.equity_used_percent >= EQUITY_WARNING_PERCENT


def statement(movements: list[Movement], *, starts_on: datetime.date, ends_on: datetime.date,
              equity_limit_pence: int) -> Statement:
    """What was owed at the start, what each kind of movement added or took away in the period, and what is owed at its
    end. The closing balance is always the opening balance plus every movement in the period."""
    opening = sum(m.pence for m in movements if m.on < starts_on)
    inside = [m for m in movements if starts_on <= m.on <= ends_on]
    totals = {kind: sum(m.pence for m in inside if m.kind == kind) for kind in KIND_LABELS}
    return Statement(starts_on, ends_on, opening, totals, opening + sum(totals.values()), equity_limit_pence, inside)


END_REASONS = {
    "sale": "The home was sold",
    "repayment": "The person repaid what they owed",
    "death": "The person died",
}


def sum_due(movements: list[Movement], *, on: datetime.date) -> int:
    """What must be repaid to end the agreement on `on`: everything deferred, the interest and the charges added up to
    that day, less what has been repaid."""
    return sum(m.pence for m in movements if m.on <= on)


# ---- the offer: how much is deferred each week -------------------------------------------------------------------------

@dataclass(frozen=True)
class Proposal:
    """What an agreement offered on an assessment would say. `unmet` is why the council need not offer one (empty when
    it must: offer_conditions)."""

    unmet: list[str]
    weekly_cost_pence: int
    income_contribution_pence: int  # paid each week from income, the rest deferred
    kept_income_weekly_pence: int
    weekly_deferred_pence: int
    value_pence: int
    secured_debt_pence: int
    lower_capital_limit_pence: int
    equity_limit_pence: int

    @property
    def weeks_until_limit(self) -> int | None:
        """About how many weeks of care costs fit under the equity limit, interest left out (the statement shows the
        real figure as interest is added)."""
        if not self.weekly_deferred_pence:
            return None
        return self.equity_limit_pence // self.weekly_deferred_pence


def propose(*, setting: str, weekly_cost_pence: int, home_counted: bool, capital_excluding_home_pence: int,
            contribution_without_home_pence: int, personal_expenses_allowance_pence: int,
            disposable_income_allowance_pence: int, kept_income_weekly_pence: int | None, value_pence: int,
            secured_debt_pence: int, upper_capital_limit_pence: int, lower_capital_limit_pence: int) -> Proposal:
    """The person pays from income what the financial assessment asks with the home left out, less any income they
    choose to keep above the Personal Expenses Allowance, up to the disposable income allowance (statutory guidance,
    paras 9.48 to 9.50); the rest of the weekly cost is deferred."""
    kept = personal_expenses_allowance_pence if kept_income_weekly_pence is None else kept_income_weekly_pence
    if not personal_expenses_allowance_pence <= kept <= disposable_income_allowance_pence:
        raise DeferredError("kept_income_weekly_pence",
                            f"must be from {Money(personal_expenses_allowance_pence)} (the Personal Expenses "
                            f"Allowance) to {Money(disposable_income_allowance_pence)} (the disposable income "
                            "allowance) a week")
    from_income = max(0, contribution_without_home_pence - (kept - personal_expenses_allowance_pence))
    from_income = min(from_income, weekly_cost_pence)
    return Proposal(
        unmet=offer_conditions(setting=setting, home_counted=home_counted,
                               capital_excluding_home_pence=capital_excluding_home_pence,
                               upper_capital_limit_pence=upper_capital_limit_pence),
        weekly_cost_pence=weekly_cost_pence, income_contribution_pence=from_income, kept_income_weekly_pence=kept,
        weekly_deferred_pence=weekly_cost_pence - from_income, value_pence=value_pence,
        secured_debt_pence=secured_debt_pence, lower_capital_limit_pence=lower_capital_limit_pence,
        equity_limit_pence=equity_limit_pence(value_pence=value_pence, secured_debt_pence=secured_debt_pence,
                                              lower_capital_limit_pence=lower_capital_limit_pence))


def disposable_income_allowance_pence(path: Path = INTEREST_FILE) -> tuple[int, str]:
    """The most a person may keep from their income each week under an agreement, and its source."""
    figure = json.loads(path.read_text(encoding="utf-8"))["disposable_income_allowance"]
    return int(figure["pence"]), figure["source"]
