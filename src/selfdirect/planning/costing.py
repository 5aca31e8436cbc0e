"""Costing a support plan. Django-free, integer pence."""

from dataclasses import dataclass
from fractions import Fraction

from selfdirect.core.money import PERIODS_PER_YEAR, weekly_cost_pence

ITEM_PERIODS = [
    ("weekly", "Each week"),
    ("fortnightly", "Each fortnight"),
    ("four_weekly", "Every four weeks"),
    ("monthly", "Each month"),
    ("annual", "Each year"),
]
DELIVERY_OPTIONS = [
    ("council_managed", "Council-managed budget"),
    ("individual_service_fund", "Individual service fund held by a provider"),
    ("direct_payment", "Direct payment"),
    ("mixed", "A mix of these"),
]
DELIVERY_OPTION_LABELS = dict(DELIVERY_OPTIONS)
# How one item's money is managed; a plan whose items differ is "mixed".
ITEM_DELIVERY = [o for o in DELIVERY_OPTIONS if o[0] != "mixed"]


def plan_delivery_option(item_deliveries: list[str]) -> str:
    """The plan's delivery option from its items': the one they share, or 'mixed'; '' while any is unchosen."""
    if not item_deliveries or any(not d for d in item_deliveries):
        return ""
    kinds = set(item_deliveries)
    return kinds.pop() if len(kinds) == 1 else "mixed"


def split_by_delivery(items: list[tuple[str, int]]) -> dict[str, int]:
    """Weekly pence by delivery option, from (delivery, weekly pence) pairs."""
    split: dict[str, int] = {}
    for delivery, pence in items:
        split[delivery] = split.get(delivery, 0) + pence
    return split


def item_weekly_pence(unit_cost_pence: int, quantity: Fraction, period: str) -> int:
    if unit_cost_pence < 0:
        raise ValueError("Unit cost must not be negative")
    if quantity <= 0:
        raise ValueError("Quantity must be more than 0")
    if period not in PERIODS_PER_YEAR:
        raise ValueError("Select how often: " + ", ".join(label.lower() for _, label in ITEM_PERIODS))
    return weekly_cost_pence(unit_cost_pence, Fraction(quantity), period)


@dataclass(frozen=True)
class PlanCost:
    total_weekly_pence: int
    indicative_weekly_pence: int | None

    @property
    def difference_pence(self) -> int | None:
        if self.indicative_weekly_pence is None:
            return None
        return self.total_weekly_pence - self.indicative_weekly_pence

    @property
    def above_indicative(self) -> bool:
        return self.difference_pence is not None and self.difference_pence > 0

    @property
    def below_indicative(self) -> bool:
        return self.difference_pence is not None and self.difference_pence < 0

    def explanation(self) -> str:
        if self.indicative_weekly_pence is None:
            return "There is no indicative budget yet."
        from selfdirect.core.money import Money

        diff = self.difference_pence
        if diff == 0:
            return "The plan costs exactly the indicative budget."
        word = "more" if diff > 0 else "less"
        return f"The plan costs {Money(abs(diff)).format()} a week {word} than the indicative budget."


def plan_cost(item_weekly_pences: list[int], indicative_weekly_pence: int | None) -> PlanCost:
    return PlanCost(sum(item_weekly_pences), indicative_weekly_pence)
