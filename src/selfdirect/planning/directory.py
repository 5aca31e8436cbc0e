"""Choosing support for a plan from the market directory (issue 20): a service's price against what the plan allows.
Plain rules, no Django: integer pence, every sum shown through core.money.Money.

A plan item allows a unit cost for a unit (an hour, a session...) a number of times a period; a service has prices
in force, each for a unit and a time band. The price compared is the one for the item's unit: the weekday price where
there is one, else the cheapest. Over or under is worked out a unit and a week (the weekly figure as costing works
out an item's weekly cost, so the over-by line and the cost the plan would show agree to the penny):

    "£24.50 an hour; your plan allows £18.00: £6.50 over, £91.00 a week"
    "£16.00 an hour: within what your plan allows (£18.00)"

A service with no price for the item's unit cannot be compared, and the line says why."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from selfdirect.core.money import PERIOD_LABELS, Money
from selfdirect.market.search import BANDS, UNITS, WHAT_YOU_CAN_DO, Price

from .costing import item_weekly_pence

# How a plan item's free-text unit is counted in the directory's units (market Rate.Unit: hour, session, day, week).
UNIT_WORDS = {
    "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour",
    "session": "session", "sessions": "session", "class": "session", "classes": "session", "visit": "session",
    "visits": "session",
    "day": "day", "days": "day",
    "week": "week", "weeks": "week",
}  # fmt: skip
# The kinds of support the directory calls by what a person can do (market.search.WHAT_YOU_CAN_DO codes), for a plan
# item: first from words in its description, else from who supplies it.
DESCRIPTION_WORDS = [
    ("day centre", "day_opportunity"), ("day service", "day_opportunity"), ("day opportunit", "day_opportunity"),
    ("club", "club"), ("class", "club"), ("group", "club"),
    ("transport", "transport"), ("taxi", "transport"), ("driver", "transport"), ("escort", "transport"),
    ("equipment", "equipment"), ("adaptation", "equipment"),
    ("short break", "short_break"), ("respite", "short_break"),
    ("personal assistant", "personal_assistant"),
    ("personal care", "personal_care"), ("home care", "personal_care"), ("washing", "personal_care"),
    ("dressing", "personal_care"),
]  # fmt: skip
SUPPLIER_KIND_TERMS = {
    "agency": ("personal_care", "personal_assistant"),
    "personal_assistant": ("personal_assistant",),
    "provider": ("day_opportunity", "short_break", "personal_care"),
    "community_group": ("club", "day_opportunity"),
    "shop": ("equipment",),
}
# A plan item's supplier kind (planning PlanItem.SupplierKind) for a service, from what it is for.
TERM_SUPPLIER_KIND = {
    "personal_care": "agency",
    "personal_assistant": "agency",
    "day_opportunity": "provider",
    "club": "community_group",
    "transport": "provider",
    "equipment": "shop",
    "short_break": "provider",
}
TERM_NAMES = {code: name for code, name, _ in WHAT_YOU_CAN_DO}


def rate_unit_of(unit: str) -> str | None:
    """The directory's unit for a plan item's unit ("hours" is "hour"); None when it has none ("item", "year")."""
    return UNIT_WORDS.get((unit or "").strip().casefold())


def terms_for(supplier_kind: str, description: str) -> tuple[str, ...]:
    """What a plan item is, as the directory's codes: from words in its description, else from who supplies it
    (nothing for the person's own network or something else: then every kind of service is shown)."""
    return terms_in_words(description) or SUPPLIER_KIND_TERMS.get(supplier_kind, ())


def terms_in_words(description: str) -> tuple[str, ...]:
    """What a plan item is, as the directory's codes, from the words of its description only (nothing when none of
    DESCRIPTION_WORDS is in it)."""
    text = (description or "").casefold()
    return tuple(dict.fromkeys(code for words, code in DESCRIPTION_WORDS if words in text))


def supplier_kind_for(term_codes) -> str:
    """Who supplies a service, as a plan item says it, from the first of its codes the plan knows."""
    return next((TERM_SUPPLIER_KIND[c] for c in term_codes if c in TERM_SUPPLIER_KIND), "provider")


@dataclass(frozen=True)
class Allowance:
    """What the plan allows for an item: a unit cost for its unit, `quantity` times a `period` (costing's periods)."""

    unit_cost_pence: int
    unit: str
    quantity: Fraction
    period: str


@dataclass(frozen=True)
class Comparison:
    """A service's price against an item's allowance. `price` is the price compared (None when none can be);
    `over_pence` is how much more a unit it costs (negative: less), `over_weekly_pence` the same a week."""

    line: str
    price: Price | None = None
    over_pence: int = 0
    over_weekly_pence: int = 0

    @property
    def comparable(self) -> bool:
        return self.price is not None

    @property
    def fits(self) -> bool:
        """Within what the plan allows (or exactly it)."""
        return self.price is not None and self.over_pence <= 0


def prices_of(rates) -> tuple[Price, ...]:
    """A service's rates (anything with amount_pence, unit and band) as the prices these rules compare."""
    return tuple(Price(r.amount_pence, r.unit, r.band) for r in rates)


def price_for(prices, unit: str) -> Price | None:
    """The price compared for a unit: the weekday price, else the cheapest for that unit; None if there is none."""
    for_unit = [p for p in prices if p.unit == unit]
    if not for_unit:
        return None
    weekday = [p for p in for_unit if p.band == "weekday"]
    return min(weekday or for_unit, key=lambda p: p.amount_pence)


def price_text(price: Price) -> str:
    band = "" if price.band == "weekday" else f" ({BANDS.get(price.band, price.band)})"
    return f"{Money(price.amount_pence)} {UNITS.get(price.unit, price.unit)}{band}"


def _units_text(prices) -> str:
    words = list(dict.fromkeys(UNITS.get(p.unit, p.unit) for p in prices))
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def compare(allowance: Allowance, prices) -> Comparison:
    """A service's prices in force against what the plan allows for the item."""
    prices = tuple(prices)
    if not prices:
        return Comparison("No current price: ask the provider what it charges")
    unit = rate_unit_of(allowance.unit)
    if unit is None:
        return Comparison(
            f"Cannot be compared: the plan counts this support by the {allowance.unit.strip() or 'item'}, and the "
            f"directory's prices are {_units_text(prices)}"
        )
    price = price_for(prices, unit)
    if price is None:
        return Comparison(
            f"Cannot be compared: priced {_units_text(prices)}, and the plan counts this support {UNITS[unit]}"
        )
    allowed = allowance.unit_cost_pence
    over = price.amount_pence - allowed
    weekly = item_weekly_pence(price.amount_pence, allowance.quantity, allowance.period) - item_weekly_pence(
        allowed, allowance.quantity, allowance.period
    )
    if over > 0:
        line = f"{price_text(price)}; your plan allows {Money(allowed)}: {Money(over)} over, {Money(weekly)} a week"
    elif over == 0:
        line = f"{price_text(price)}: exactly what your plan allows"
    else:
        line = f"{price_text(price)}: within what your plan allows ({Money(allowed)})"
    return Comparison(line, price, over, weekly)


def ordered(comparisons):
    """(thing, Comparison) pairs in the order a page shows them: those that fit, cheapest first; then those over,
    least over first; then those that cannot be compared, in the order given."""
    listed = list(comparisons)

    def key(pair):
        _, c = pair
        if c.fits:
            return (0, c.price.amount_pence)
        if c.comparable:
            return (1, c.over_pence)
        return (2, 0)

    return sorted(listed, key=key)


def room_line(price: Price, quantity: Fraction, period: str, room_weekly_pence: int | None) -> str:
    """What a service would cost a week at `quantity` a `period`, against the room the plan has left in its
    indicative budget a week ("£35.00 a session, once a week: £35.00 a week, within the £100.00 a week left")."""
    weekly = item_weekly_pence(price.amount_pence, quantity, period)
    cost = f"{price_text(price)}, {_times(quantity)} {PERIOD_LABELS.get(period, period)}: {Money(weekly)} a week"
    if room_weekly_pence is None:
        return cost
    if room_weekly_pence <= 0:
        return f"{cost}; the plan already uses all of the indicative budget"
    if weekly <= room_weekly_pence:
        return f"{cost}, within the {Money(room_weekly_pence)} a week the plan has left"
    return (
        f"{cost}, {Money(weekly - room_weekly_pence)} a week more than the {Money(room_weekly_pence)} the plan has left"
    )


def _times(quantity: Fraction) -> str:
    if quantity == 1:
        return "once"
    if quantity == 2:
        return "twice"
    shown = Decimal(quantity.numerator) / Decimal(quantity.denominator)
    return f"{shown.normalize():f} times"


def fits_room(price: Price, quantity: Fraction, period: str, room_weekly_pence: int | None) -> bool:
    """Whether `quantity` a `period` of the price fits in the room the plan has left (True with no budget known)."""
    if room_weekly_pence is None:
        return True
    return item_weekly_pence(price.amount_pence, quantity, period) <= room_weekly_pence
