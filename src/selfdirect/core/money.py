"""Money as integer pence. No floats anywhere (but Money.pounds, the number a chart's axis is drawn from).

Money is formatted only here: Money.format (and the `money` Jinja filter, which calls it) makes every "£1,234.56" the
house shows, Money.pounds_text the plain "1234.56" of a form field or a file, and a figure worked out in fractions of a
penny (a fitted price, an average) becomes Money with Money.nearest before it is shown.

Rounding rules, written down once:
- A sum is held as whole pence. Converting between periods works on exact fractions and rounds once, half away
  from zero, to the penny (so 0.5p becomes 1p and -0.5p becomes -1p).
- Weekly is the base period. annual = weekly x 52; four-weekly = weekly x 4; monthly = annual / 12.
- To weekly: annual / 52; four-weekly / 4; monthly x 12 / 52; fortnightly / 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import total_ordering

PERIODS_PER_YEAR = {"weekly": 52, "fortnightly": 26, "four_weekly": 13, "monthly": 12, "annual": 1}
PERIOD_LABELS = {
    "weekly": "a week",
    "fortnightly": "a fortnight",
    "four_weekly": "every four weeks",
    "monthly": "a month",
    "annual": "a year",
}
_POUNDS = re.compile(r"^-?\d{1,9}(\.\d{1,2})?$")


def round_half_away(value: Fraction) -> int:
    """Round an exact fraction of pence to whole pence, half away from zero."""
    sign = -1 if value < 0 else 1
    magnitude = abs(value)
    whole, remainder = divmod(magnitude.numerator, magnitude.denominator)
    if remainder * 2 >= magnitude.denominator:
        whole += 1
    return sign * whole


def to_weekly_pence(amount_pence: int, period: str) -> int:
    """The weekly equivalent of an amount given for another period, rounded once to the penny."""
    if period not in PERIODS_PER_YEAR:
        raise ValueError(f"unknown period {period!r}; use one of {', '.join(PERIODS_PER_YEAR)}")
    if period == "weekly":
        return amount_pence
    if period == "four_weekly":
        return round_half_away(Fraction(amount_pence, 4))
    if period == "fortnightly":
        return round_half_away(Fraction(amount_pence, 2))
    return round_half_away(Fraction(amount_pence * PERIODS_PER_YEAR[period], 52))


def parse_pounds(text: str) -> int:
    """'1,234.5' or '£12' to pence. Raises ValueError with a message a person can act on."""
    cleaned = text.strip().replace(",", "").replace("£", "").replace(" ", "")
    if not _POUNDS.match(cleaned):
        raise ValueError("Enter an amount in pounds and pence, like 125.50")
    negative = cleaned.startswith("-")
    pounds, _, pence = cleaned.lstrip("-").partition(".")
    total = int(pounds) * 100 + int((pence + "00")[:2])
    return -total if negative else total


@total_ordering
@dataclass(frozen=True, slots=True)
class Money:
    """A sum of money in whole pence."""

    pence: int

    def __post_init__(self):
        if not isinstance(self.pence, int) or isinstance(self.pence, bool):
            raise TypeError(f"Money holds whole pence as an int, not {type(self.pence).__name__}")

    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    @classmethod
    def from_pounds(cls, text: str) -> Money:
        return cls(parse_pounds(text))

    @classmethod
    def nearest(cls, pence) -> Money:
        """A figure worked out in pence that may hold a fraction of a penny (a fitted price per point, an average, as
        an int, float, Fraction, Decimal or numeric text), to the nearest whole penny, half away from zero."""
        if isinstance(pence, int) and not isinstance(pence, bool):
            return cls(pence)
        return cls(round_half_away(Fraction(pence)))

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.pence + other.pence)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.pence - other.pence)

    def __neg__(self) -> Money:
        return Money(-self.pence)

    def __mul__(self, factor: int) -> Money:
        if not isinstance(factor, int) or isinstance(factor, bool):
            return NotImplemented
        return Money(self.pence * factor)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        return self.pence < other.pence

    def __bool__(self) -> bool:
        return self.pence != 0

    # Period conversions, from a weekly figure.
    def annual(self) -> Money:
        return Money(self.pence * 52)

    def four_weekly(self) -> Money:
        return Money(self.pence * 4)

    def monthly(self) -> Money:
        return Money(round_half_away(Fraction(self.pence * 52, 12)))

    def format(self, *, symbol: bool = True, grouping: bool = True) -> str:
        """£1,234.56; a negative sum as -£1,234.56. Without the symbol 1,234.56 (a label that names the pounds
        already); without grouping £1234.56."""
        sign = "-" if self.pence < 0 else ""
        pounds, pence = divmod(abs(self.pence), 100)
        return f"{sign}{'£' if symbol else ''}{pounds:{',' if grouping else ''}}.{pence:02d}"

    def pounds_text(self) -> str:
        """1234.56: the value a form field shows, and the amount a CSV file or a bank statement holds."""
        return self.format(symbol=False, grouping=False)

    def pounds(self) -> float:
        """The sum in pounds as a number, for a chart's axis only: never to add up, compare or show as text."""
        return self.pence / 100

    def __str__(self) -> str:
        return self.format()


def weekly_cost_pence(unit_cost_pence: int, quantity: Fraction, period: str) -> int:
    """Weekly cost of a plan item: unit cost x quantity per period, turned into a weekly figure and rounded once."""
    if period not in PERIODS_PER_YEAR:
        raise ValueError(f"unknown period {period!r}")
    exact = Fraction(unit_cost_pence) * Fraction(quantity) * PERIODS_PER_YEAR[period] / 52
    return round_half_away(exact)
