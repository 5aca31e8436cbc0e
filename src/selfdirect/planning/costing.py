"""Costing a support plan. Django-free, integer pence."""

from dataclasses import dataclass
from fractions import Fraction

from selfdirect.core.money import PERIODS_PER_YEAR, Money, round_half_away, weekly_cost_pence

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

    @property
    def difference_share(self) -> Fraction | None:
        """The difference as a share of the indicative budget (0.25 is 25%), either way. None with no indicative
        budget; None too when the indicative budget is zero and the plan costs something (no share can be taken)."""
        if self.indicative_weekly_pence is None or (self.indicative_weekly_pence == 0 and self.difference_pence):
            return None
        if self.indicative_weekly_pence == 0:
            return Fraction(0)
        return Fraction(abs(self.difference_pence), self.indicative_weekly_pence)

    def needs_reason(self, share_percent) -> bool:
        """Whether the plan differs from the indicative budget by more than the council's share, either way.

        Council policy (SELFDIRECT_PLAN_DIFFERENCE_SHARE): the indicative budget is a starting point that planning may
        raise or lower, and the person must be able to see how the final amount was reached (Care and Support
        Statutory Guidance, paragraph 11.24, transparency); a difference beyond the share is explained in writing.
        Exactly the share needs no reason. With no indicative budget there is nothing to compare with, so no reason;
        with an indicative budget of zero, any cost at all needs one."""
        if self.indicative_weekly_pence is None or not self.difference_pence:
            return False
        share = self.difference_share
        return share is None or share * 100 > Fraction(share_percent)

    def reason_prompt(self) -> str:
        """The message asking for the reason, naming both figures."""
        diff = self.difference_pence or 0
        word = "more" if diff > 0 else "less"
        return (f"Say why the plan costs {Money(abs(diff)).format()} a week {word} than the indicative budget of "
                f"{Money(self.indicative_weekly_pence or 0).format()}")

    def share_text(self) -> str:
        """'53% less' or '12% more': the difference as a whole-number share of the indicative budget."""
        share = self.difference_share
        if share is None or not self.difference_pence:
            return ""
        word = "more" if self.difference_pence > 0 else "less"
        return f"{round_half_away(share * 100)}% {word}"

    def explanation(self) -> str:
        if self.indicative_weekly_pence is None:
            return "There is no indicative budget yet."

        diff = self.difference_pence
        if diff == 0:
            return "The plan costs exactly the indicative budget."
        word = "more" if diff > 0 else "less"
        return f"The plan costs {Money(abs(diff)).format()} a week {word} than the indicative budget."


def plan_cost(item_weekly_pences: list[int], indicative_weekly_pence: int | None) -> PlanCost:
    return PlanCost(sum(item_weekly_pences), indicative_weekly_pence)
