"""Matching what the bank says to what the budget holder reported and to the plan. Django-free.

A statement debit matches a reported spending of the same amount on the same account within the date window (the
nearest date first, then the most similar payee). A debit with no reported spending matches a plan item when the payee
is the item's supplier and the amount is one of the item's expected payments. The rest is left for a person to match,
and spending that matches no plan item is flagged.
"""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Debit:
    id: int
    account: str
    posted_on: datetime.date
    amount_pence: int  # positive: the money that went out
    description: str


@dataclass(frozen=True)
class Reported:
    id: int
    account: str
    spent_on: datetime.date
    amount_pence: int
    payee: str
    item_id: int | None


@dataclass(frozen=True)
class Item:
    id: int
    account: str
    supplier: str
    unit_cost_pence: int
    period_cost_pence: int  # what one period's payment would be (e.g. a four-weekly invoice)


@dataclass(frozen=True)
class Match:
    debit_id: int
    reported_id: int | None
    item_id: int | None
    how: str  # "reported", "plan item"


_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if len(w) > 2)


def payee_similarity(a: str, b: str, words=None) -> float:
    """`words`: a dict to keep each text's words in while many are compared (one matching's worth)."""
    if words is None:
        wa, wb = _words(a), _words(b)
    else:
        wa = words.get(a) or words.setdefault(a, _words(a))
        wb = words.get(b) or words.setdefault(b, _words(b))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def match(debits: list[Debit], reported: list[Reported], items: list[Item], *, window_days: int = 7) -> list[Match]:
    """One match at most per debit and per reported spending. Deterministic: debits in date, id order."""
    by_key: dict[tuple[str, int], list[Reported]] = {}
    for r in reported:
        by_key.setdefault((r.account, r.amount_pence), []).append(r)
    days: dict[tuple[str, int], list[int]] = {}  # each list of reported spending in date order, and its days
    for key, group in by_key.items():
        group.sort(key=lambda r: (r.spent_on, r.id))
        days[key] = [r.spent_on.toordinal() for r in group]
    items_by_account: dict[str, list[Item]] = {}
    for i in items:
        items_by_account.setdefault(i.account, []).append(i)
    used: set[int] = set()
    found, words = [], {}
    for d in sorted(debits, key=lambda d: (d.posted_on, d.id)):
        key, day = (d.account, d.amount_pence), d.posted_on.toordinal()
        group = by_key.get(key)
        candidates = []
        if group is not None:  # those within the window, found by halving the list of days
            on = days[key]
            candidates = [r for r in group[bisect.bisect_left(on, day - window_days):bisect.bisect_right(on, day + window_days)]
                          if r.id not in used]
        if candidates:
            best = candidates[0] if len(candidates) == 1 else min(
                candidates, key=lambda r: (abs((r.spent_on - d.posted_on).days), -payee_similarity(r.payee, d.description, words), r.id))
            used.add(best.id)
            found.append(Match(d.id, best.id, best.item_id, "reported"))
            continue
        for item in items_by_account.get(d.account, ()):
            if d.amount_pence in {item.unit_cost_pence, item.period_cost_pence} and payee_similarity(item.supplier, d.description, words) > 0:
                found.append(Match(d.id, None, item.id, "plan item"))
                break
    return found
