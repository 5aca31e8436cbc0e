"""Dashboard figures from plain records. Django-free, so each figure can be checked on a small hand-built dataset."""

from __future__ import annotations

from dataclasses import dataclass

OPTIONS = [("council_managed", "Council-managed"), ("individual_service_fund", "Individual service fund"),
           ("direct_payment", "Direct payment"), ("mixed", "Mixed")]
SMALL = 5


@dataclass(frozen=True)
class NewBudget:
    case_id: int
    month: str  # YYYY-MM the first plan was approved
    option: str
    client_group: str
    team: str


def take_up(budgets: list[NewBudget]) -> list[dict]:
    """Per month: new personal budgets by delivery option, and the share that include a direct payment (a direct
    payment alone, or as part of a mix), as whole-number per mille to avoid floats in the figures."""
    months: dict[str, dict] = {}
    for b in budgets:
        row = months.setdefault(b.month, {"month": b.month, "total": 0, **{code: 0 for code, _ in OPTIONS}})
        row["total"] += 1
        if b.option in row:
            row[b.option] += 1
    rows = [months[m] for m in sorted(months)]
    for row in rows:
        with_dp = row["direct_payment"] + row["mixed"]
        row["direct_payment_share_per_mille"] = (with_dp * 1000 * 2 + row["total"]) // (2 * row["total"]) if row["total"] else 0
    return rows


def suppress(value: int) -> str:
    """For exports shared outside the council: a count of 1 to 4 is shown as '<5'."""
    return "<5" if 0 < value < SMALL else str(value)
