"""The Resource Allocation System: from points to an indicative weekly sum, explained line by line. Django-free."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from selfdirect.core.money import Money, round_half_away
from selfdirect.core.words import counted

SHIPPED_TABLES = Path(__file__).parent / "tables"
METHODS = ("price_per_point", "bands")


class TableError(ValueError):
    pass


@dataclass(frozen=True)
class Band:
    from_points: int
    to_points: int
    weekly_pence: int


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    instrument: str
    effective_from: str
    method: str
    price_per_point_pence: int = 0
    bands: tuple[Band, ...] = ()
    contingency_percent: int = 0
    source: str = ""

    def as_dict(self) -> dict:
        return {"key": self.key, "title": self.title, "instrument": self.instrument, "effective_from": self.effective_from,
                "method": self.method, "price_per_point_pence": self.price_per_point_pence,
                "bands": [b.__dict__ for b in self.bands], "contingency_percent": self.contingency_percent,
                "source": self.source}


@dataclass(frozen=True)
class Allocation:
    points: int
    weekly_pence: int
    lines: list[dict] = field(default_factory=list)

    @property
    def annual_pence(self) -> int:
        return self.weekly_pence * 52


def table_from_dict(data: dict) -> Table:
    try:
        method = data["method"]
        if method not in METHODS:
            raise TableError(f"method must be one of {', '.join(METHODS)}")
        bands = tuple(Band(int(b["from_points"]), int(b["to_points"]), int(b["weekly_pence"])) for b in data.get("bands", []))
        table = Table(key=str(data["key"]), title=str(data["title"]), instrument=str(data.get("instrument", "adult")),
                      effective_from=str(data["effective_from"]), method=method,
                      price_per_point_pence=int(data.get("price_per_point_pence", 0)), bands=bands,
                      contingency_percent=int(data.get("contingency_percent", 0)), source=str(data.get("source", "")))
    except KeyError as missing:
        raise TableError(f"{missing.args[0]!r} is missing") from None
    except (TypeError, ValueError) as problem:
        raise TableError(str(problem)) from None
    check_table(table)
    return table


def check_table(table: Table) -> None:
    if table.method == "price_per_point" and table.price_per_point_pence <= 0:
        raise TableError("price per point must be more than 0")
    if table.method == "bands":
        if not table.bands:
            raise TableError("a banded table needs at least one band")
        expected = 0
        for band in sorted(table.bands, key=lambda b: b.from_points):
            if band.from_points != expected or band.to_points < band.from_points or band.weekly_pence < 0:
                raise TableError(f"bands must run on from 0 points without gaps or overlaps (problem at {band.from_points})")
            expected = band.to_points + 1
    if not 0 <= table.contingency_percent <= 50:
        raise TableError("contingency must be between 0% and 50%")


def shipped_tables() -> list[Table]:
    return [table_from_dict(json.loads(p.read_text())) for p in sorted(SHIPPED_TABLES.glob("*.json"))]


def allocate(points: int, table: Table) -> Allocation:
    """The indicative weekly budget for a number of points, with the lines that explain it."""
    if points < 0:
        raise ValueError("points must not be negative")
    lines = []
    if table.method == "price_per_point":
        base = points * table.price_per_point_pence
        lines.append({"label": f"{counted(points, 'point')} × {Money(table.price_per_point_pence)} a point", "pence": base})
    else:
        band = next((b for b in table.bands if b.from_points <= points <= b.to_points), None)
        if band is None:
            band = max(table.bands, key=lambda b: b.to_points)
        base = band.weekly_pence
        lines.append({"label": f"{counted(points, 'point')} falls in the band {band.from_points} to {band.to_points} points", "pence": base})
    total = base
    if table.contingency_percent:
        extra = round_half_away(Fraction(base * table.contingency_percent, 100))
        lines.append({"label": f"Contingency of {table.contingency_percent}% for unplanned needs", "pence": extra})
        total += extra
    lines.append({"label": "Indicative weekly budget", "pence": total})
    return Allocation(points, total, lines)


def allocate_many(points, table: Table):
    """Vectorised allocation for a whole caseload (a numpy array of points) -> array of weekly pence."""
    import numpy as np

    points = np.asarray(points, dtype=np.int64)
    if table.method == "price_per_point":
        base = points * table.price_per_point_pence
    else:
        bands = sorted(table.bands, key=lambda b: b.from_points)
        edges = np.array([b.to_points for b in bands])
        values = np.array([b.weekly_pence for b in bands], dtype=np.int64)
        base = values[np.minimum(np.searchsorted(edges, points, side="left"), len(values) - 1)]
    if table.contingency_percent:
        # Exact half-away rounding of base * pct / 100 in integers (base is never negative).
        base = base + (base * table.contingency_percent * 2 + 100) // 200
    return base


def what_if(points, current_weekly, table: Table) -> dict:
    """For a caseload: how many budgets rise or fall under a new table, by how much, and the total cost."""
    import numpy as np

    current = np.asarray(current_weekly, dtype=np.int64)
    proposed = allocate_many(points, table)
    change = proposed - current
    rises, falls = change > 0, change < 0
    return {
        "people": int(len(current)),
        "rise": int(rises.sum()),
        "fall": int(falls.sum()),
        "same": int((change == 0).sum()),
        "average_rise_pence": int(change[rises].mean().round()) if rises.any() else 0,
        "average_fall_pence": int(change[falls].mean().round()) if falls.any() else 0,
        "largest_rise_pence": int(change.max()) if len(change) else 0,
        "largest_fall_pence": int(change.min()) if len(change) else 0,
        "current_weekly_total_pence": int(current.sum()),
        "proposed_weekly_total_pence": int(proposed.sum()),
        "annual_change_pence": int(change.sum()) * 52,
    }
