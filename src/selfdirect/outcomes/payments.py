"""The day each case's first direct payment was paid: asked of money, which sits above outcomes in the layers
(docs/decisions/0008-layers.md, "Registration"), as market.usage asks planning. money registers its answer when the
apps are ready (money.apps); outcomes never imports money. Until one is registered no direct payment was paid, so no
direct payment review is due."""

import datetime
from collections.abc import Callable, Iterable

# (case ids) -> {case id: the day the case's first direct payment was paid}, for the cases that had one.
_first_paid: Callable[[Iterable[int]], dict[int, datetime.date]] | None = None


def register_first_payments(first_paid: Callable[[Iterable[int]], dict[int, datetime.date]]) -> None:
    global _first_paid
    _first_paid = first_paid


def first_paid_on(case_ids: Iterable[int]) -> dict[int, datetime.date]:
    """By case id, the day its first direct payment was paid (cases never paid one are left out)."""
    case_ids = list(case_ids)
    if _first_paid is None or not case_ids:
        return {}
    return _first_paid(case_ids)
