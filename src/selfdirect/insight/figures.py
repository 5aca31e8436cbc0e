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


@dataclass(frozen=True)
class Journey:
    case_id: int
    team: str
    referred_on: object  # dates; None where the step has not happened
    assessed_on: object
    approved_on: object
    first_paid_on: object


STAGES = [("referral_to_assessment", "Referral to assessment", "referred_on", "assessed_on"),
          ("assessment_to_plan", "Assessment to approved plan", "assessed_on", "approved_on"),
          ("plan_to_payment", "Approved plan to first payment", "approved_on", "first_paid_on")]


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def journey_times(journeys: list[Journey]) -> list[dict]:
    """Per team (and for the council): for each stage, how many cases completed it and the median days it took."""
    teams: dict[str, list[Journey]] = {}
    for j in journeys:
        teams.setdefault(j.team, []).append(j)
    rows = []
    for team in [*sorted(teams), None]:
        chosen = journeys if team is None else teams[team]
        row = {"team": team or "All teams", "cases": len(chosen)}
        for key, _, begins, ends in STAGES:
            days = [(getattr(j, ends) - getattr(j, begins)).days for j in chosen if getattr(j, begins) and getattr(j, ends)]
            row[key] = {"n": len(days), "median": _median(days)}
        rows.append(row)
    return rows


@dataclass(frozen=True)
class Offer:
    case_id: int
    need_band: str  # people are compared only with others in the same band of needs
    groups: dict  # attribute -> value, e.g. {"Age band": "85+", "Client group": "older_people"}
    offered_direct_payment: bool


def offered_less_often(offers: list[Offer], attribute: str) -> list[dict]:
    """For each group of the attribute: the share offered a direct payment against the share expected if they had been
    offered it as often as everyone else with the same needs (indirect standardisation by need band), the difference in
    percentage points with a 95% confidence interval, and whether it is reliably lower."""
    import math

    by_band: dict[str, list[Offer]] = {}
    for o in offers:
        by_band.setdefault(o.need_band, []).append(o)
    values = sorted({o.groups.get(attribute, "Not recorded") for o in offers})
    rows = []
    for value in values:
        n = observed = 0
        expected = variance = 0.0
        for members in by_band.values():
            mine = [o for o in members if o.groups.get(attribute, "Not recorded") == value]
            others = [o for o in members if o.groups.get(attribute, "Not recorded") != value]
            if not mine:
                continue
            reference = others or members
            p_other = sum(o.offered_direct_payment for o in reference) / len(reference)
            p_mine = sum(o.offered_direct_payment for o in mine) / len(mine)
            n += len(mine)
            observed += sum(o.offered_direct_payment for o in mine)
            expected += len(mine) * p_other
            variance += len(mine) * p_mine * (1 - p_mine) + (len(mine) ** 2) * p_other * (1 - p_other) / len(reference)
        difference = (observed - expected) / n
        half = 1.96 * math.sqrt(variance) / n
        rows.append({"group": value, "n": n, "offered_share": observed / n, "expected_share": expected / n,
                     "difference": difference, "low": difference - half, "high": difference + half,
                     "less_often": difference + half < 0})
    return rows


def age_band(age: int) -> str:
    for top, label in ((24, "18-24"), (64, "25-64"), (74, "65-74"), (84, "75-84")):
        if age <= top:
            return label
    return "85+"


@dataclass(frozen=True)
class Budget:
    client_group: str
    indicative_pence: int
    plan_pence: int
    previous_pence: int | None  # the traditional package before, where recorded


def money_by_group(budgets: list[Budget]) -> list[dict]:
    """Per client group and overall: average indicative budget, agreed plan and previous package (whole pence), and the
    average difference of the plan from the indicative budget in per cent with a 95% interval."""
    import math

    groups: dict[str, list[Budget]] = {}
    for b in budgets:
        if b.indicative_pence > 0:
            groups.setdefault(b.client_group, []).append(b)
    rows = []
    for name in [*sorted(groups), None]:
        chosen = [b for g in groups.values() for b in g] if name is None else groups[name]
        if not chosen:
            continue
        n = len(chosen)
        differences = [100 * (b.plan_pence - b.indicative_pence) / b.indicative_pence for b in chosen]
        mean = sum(differences) / n
        sd = math.sqrt(sum((d - mean) ** 2 for d in differences) / (n - 1)) if n > 1 else 0.0
        half = 1.96 * sd / math.sqrt(n) if n > 1 else None
        previous = [b.previous_pence for b in chosen if b.previous_pence is not None]
        rows.append({"group": name or "All client groups", "n": n,
                     "indicative_pence": (sum(b.indicative_pence for b in chosen) * 2 + n) // (2 * n),
                     "plan_pence": (sum(b.plan_pence for b in chosen) * 2 + n) // (2 * n),
                     "previous_n": len(previous),
                     "previous_pence": (sum(previous) * 2 + len(previous)) // (2 * len(previous)) if previous else None,
                     "difference_percent": mean, "low": None if half is None else mean - half,
                     "high": None if half is None else mean + half})
    return rows
