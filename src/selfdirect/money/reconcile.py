"""Matching what the bank says to what the budget holder reported and to the plan. Django-free.

A statement debit matches a reported spending of the same amount on the same account within the date window (the
nearest date first, then the most similar payee). A debit with no reported spending matches a plan item when the payee
is the item's supplier and the amount is one of the item's expected payments. The rest is left for a person to match,
and spending that matches no plan item is flagged.
"""

from __future__ import annotations

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


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


def payee_similarity(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def match(debits: list[Debit], reported: list[Reported], items: list[Item], *, window_days: int = 7) -> list[Match]:
    """One match at most per debit and per reported spending. Deterministic: debits in date, id order."""
    by_key: dict[tuple[str, int], list[Reported]] = {}
    for r in reported:
        by_key.setdefault((r.account, r.amount_pence), []).append(r)
    items_by_account: dict[str, list[Item]] = {}
    for i in items:
        items_by_account.setdefault(i.account, []).append(i)
    used: set[int] = set()
    found = []
    for d in sorted(debits, key=lambda d: (d.posted_on, d.id)):
        candidates = [r for r in by_key.get((d.account, d.amount_pence), ())
                      if r.id not in used and abs((r.spent_on - d.posted_on).days) <= window_days]
        if candidates:
            best = min(candidates, key=lambda r: (abs((r.spent_on - d.posted_on).days),
                                                  -payee_similarity(r.payee, d.description), r.id))
            used.add(best.id)
            found.append(Match(d.id, best.id, best.item_id, "reported"))
            continue
        for item in items_by_account.get(d.account, ()):
            if d.amount_pence in {item.unit_cost_pence, item.period_cost_pence} and payee_similarity(item.supplier, d.description) > 0:
                found.append(Match(d.id, None, item.id, "plan item"))
                break
    return found
