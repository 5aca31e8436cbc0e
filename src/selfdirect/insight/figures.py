"""Dashboard figures from plain records, Django-free, so each can be checked on a small hand-built dataset. Every
count keeps the cases behind it (tables.Count) so a role allowed to see people can drill into it."""

from __future__ import annotations

import math
from dataclasses import dataclass

from selfdirect.core.money import Money
from selfdirect.people.checks import age_band, age_on  # noqa: F401  (the bands every report uses)

from .tables import Count, Figure, Table, suppress  # noqa: F401  (suppress: the rule for shared exports)

OPTIONS = [("council_managed", "Council-managed"), ("individual_service_fund", "Individual service fund"),
           ("direct_payment", "Direct payment"), ("mixed", "Mixed")]
WITH_A_DIRECT_PAYMENT = {"direct_payment", "mixed"}


def _cases(records) -> Count:
    return Count(frozenset(r.case_id for r in records))


def _share(part: int, whole: int) -> Figure:
    """A percentage to one decimal place, from whole numbers (per mille, rounded half up)."""
    if not whole:
        return Figure("–", 0)
    per_mille = (part * 1000 * 2 + whole) // (2 * whole)
    return Figure(f"{per_mille / 10:.1f}%", whole)


def per_mille(part: int, whole: int) -> int:
    return (part * 1000 * 2 + whole) // (2 * whole) if whole else 0


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _days(median: float | None, base: int) -> Figure:
    return Figure("–" if median is None else f"{median:g}", base)


# Take-up ----------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NewBudget:
    case_id: int
    month: str  # YYYY-MM the first plan was approved
    option: str
    client_group: str
    team: str
    worker: str = "No worker recorded"
    age_band: str = "Not recorded"


TAKE_UP_BREAKDOWNS = [("month", "Month"), ("client_group", "Client group"), ("age_band", "Age band"), ("team", "Team"),
                      ("worker", "Worker")]


def _take_up_row(label: str, budgets: list[NewBudget]) -> list:
    with_dp = sum(1 for b in budgets if b.option in WITH_A_DIRECT_PAYMENT)
    return [label, _cases(budgets), *[_cases([b for b in budgets if b.option == code]) for code, _ in OPTIONS],
            _share(with_dp, len(budgets))]


def take_up(budgets: list[NewBudget], by: str = "month") -> Table:
    """New personal budgets by delivery option, one row per month (or client group, age band, team, worker) and one for
    them all, with the share that include a direct payment (alone, or as part of a mix)."""
    title = dict(TAKE_UP_BREAKDOWNS)[by]
    groups: dict[str, list[NewBudget]] = {}
    for b in budgets:
        groups.setdefault(getattr(b, by), []).append(b)
    table = Table(f"take-up-by-{by.replace('_', '-')}", f"New personal budgets by {title.lower()} and delivery option",
                  [title, "New personal budgets", *[label for _, label in OPTIONS], "Share with a direct payment"])
    table.rows = [_take_up_row(name, groups[name]) for name in sorted(groups)]
    if budgets:
        table.rows.append(_take_up_row("All", budgets))
    return table


def direct_payment_share_by_month(budgets: list[NewBudget]) -> list[tuple[str, int]]:
    """(month, per mille of new budgets that include a direct payment), for the chart against the target."""
    months: dict[str, list[NewBudget]] = {}
    for b in budgets:
        months.setdefault(b.month, []).append(b)
    return [(m, per_mille(sum(1 for b in months[m] if b.option in WITH_A_DIRECT_PAYMENT), len(months[m]))) for m in sorted(months)]


# Journey times ----------------------------------------------------------------------------------------------------

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


def stage_days(journeys: list[Journey], begins: str, ends: str) -> tuple[list[Journey], list[int]]:
    done = [j for j in journeys if getattr(j, begins) and getattr(j, ends)]
    return done, [(getattr(j, ends) - getattr(j, begins)).days for j in done]


def journey_times(journeys: list[Journey]) -> Table:
    """Per team and for the council: cases referred, and for each stage how many completed it and the median days."""
    teams: dict[str, list[Journey]] = {}
    for j in journeys:
        teams.setdefault(j.team, []).append(j)
    header = ["Team", "Cases referred"]
    for _, label, _, _ in STAGES:
        header += [f"{label}: cases", f"{label}: median days"]
    table = Table("journey-times", "Median days for each stage, by team", header)
    for team in [*sorted(teams), None]:
        chosen = journeys if team is None else teams[team]
        if not chosen:
            continue
        row = [team or "All teams", _cases(chosen)]
        for _, _, begins, ends in STAGES:
            done, days = stage_days(chosen, begins, ends)
            row += [_cases(done), _days(_median(days), len(days))]
        table.rows.append(row)
    return table


@dataclass(frozen=True)
class Waiting:
    case_id: int
    team: str
    step: str
    days: int  # since the case reached the step it waits at


def waiting(cases: list[Waiting]) -> Table:
    """Where open cases wait now: per team and step, how many and the median days since they reached it."""
    groups: dict[tuple[str, str], list[Waiting]] = {}
    for c in cases:
        groups.setdefault((c.team, c.step), []).append(c)
    table = Table("waiting", "Where open cases wait now", ["Team", "Step", "Cases", "Median days waiting"])
    table.rows = [[team, step, _cases(found), _days(_median([c.days for c in found]), len(found))]
                  for (team, step), found in sorted(groups.items())]
    return table


# Choice offered ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Choice:
    """A case's latest choice record for one option."""

    case_id: int
    option: str
    offered: bool
    reason: str  # why it was not offered, as recorded ("" if offered)
    team: str
    worker: str
    said: str = ""  # what the worker wrote about why it was not offered


def offered_per_worker(choices: list[Choice]) -> Table:
    """Per team and worker: cases with a choice record, and for each option how many were offered it and the share."""
    header = ["Team", "Worker", "Cases"]
    for _, label in OPTIONS:
        header += [f"{label}: offered", f"{label}: share offered"]
    table = Table("offered-per-worker", "Options offered, per team and worker", header)
    groups: dict[tuple[str, str], list[Choice]] = {}
    for c in choices:
        groups.setdefault((c.team, c.worker), []).append(c)
    for key in [*sorted(groups), None]:
        chosen = choices if key is None else groups[key]
        if not chosen:
            continue
        row = [*(key or ("All teams", "All workers")), _cases(chosen)]
        for code, _ in OPTIONS:
            recorded = [c for c in chosen if c.option == code]
            offered = [c for c in recorded if c.offered]
            row += [_cases(offered), _share(len(offered), len(recorded))]
        table.rows.append(row)
    return table


def reasons_not_offered(choices: list[Choice], labels: dict[str, str]) -> Table:
    """How many people were not offered each option, by the reason recorded."""
    groups: dict[tuple[str, str], list[Choice]] = {}
    for c in choices:
        if not c.offered:
            groups.setdefault((c.option, c.reason), []).append(c)
    table = Table("reasons-not-offered", "Reasons recorded for not offering an option", ["Option", "Reason", "People"])
    order = [code for code, _ in OPTIONS]
    table.rows = [[dict(OPTIONS).get(option, option), labels.get(reason, reason or "No reason recorded"), _cases(found)]
                  for (option, reason), found in sorted(groups.items(), key=lambda kv: (order.index(kv[0][0]) if kv[0][0] in order else 9, kv[0][1]))]
    return table


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
    by_band: dict[str, list[Offer]] = {}
    for o in offers:
        by_band.setdefault(o.need_band, []).append(o)
    values = sorted({o.groups.get(attribute, "Not recorded") for o in offers})
    rows = []
    for value in values:
        n = observed = 0
        expected = variance = 0.0
        members_all = []
        for members in by_band.values():
            mine = [o for o in members if o.groups.get(attribute, "Not recorded") == value]
            others = [o for o in members if o.groups.get(attribute, "Not recorded") != value]
            if not mine:
                continue
            members_all += mine
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
                     "less_often": difference + half < 0, "people": _cases(members_all),
                     "not_offered": _cases([o for o in members_all if not o.offered_direct_payment])})
    return rows


def offered_less_often_table(offers: list[Offer], attribute: str) -> Table:
    table = Table(f"direct-payments-by-{attribute.lower().replace(' ', '-')}",
                  f"Direct payments offered by {attribute.lower()}, at equal needs",
                  [attribute, "People", "Not offered a direct payment", "Share offered", "Expected at equal needs",
                   "Difference in points (95% interval)", "Reliably less often"])
    for r in offered_less_often(offers, attribute):
        table.rows.append([r["group"], r["people"], r["not_offered"], Figure(f"{r['offered_share'] * 100:.0f}%", r["n"]),
                           Figure(f"{r['expected_share'] * 100:.0f}%", r["n"]),
                           Figure(f"{r['difference'] * 100:+.0f} ({r['low'] * 100:.0f} to {r['high'] * 100:.0f})", r["n"]),
                           "Yes" if r["less_often"] else "No"])
    return table


# Money ------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Budget:
    client_group: str
    indicative_pence: int
    plan_pence: int
    previous_pence: int | None  # the traditional package before, where recorded
    case_id: int = 0


def money_by_group(budgets: list[Budget]) -> list[dict]:
    """Per client group and overall: average indicative budget, agreed plan and previous package (whole pence), and the
    average difference of the plan from the indicative budget in per cent with a 95% interval."""
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
        with_previous = [b for b in chosen if b.previous_pence is not None]
        previous = [b.previous_pence for b in with_previous]
        rows.append({"group": name or "All client groups", "n": n, "people": _cases(chosen),
                     "indicative_pence": (sum(b.indicative_pence for b in chosen) * 2 + n) // (2 * n),
                     "plan_pence": (sum(b.plan_pence for b in chosen) * 2 + n) // (2 * n),
                     "previous_n": len(previous), "previous_people": _cases(with_previous),
                     "previous_pence": (sum(previous) * 2 + len(previous)) // (2 * len(previous)) if previous else None,
                     "difference_percent": mean, "low": None if half is None else mean - half,
                     "high": None if half is None else mean + half})
    return rows


def money_table(budgets: list[Budget]) -> Table:
    table = Table("budgets-by-client-group", "Average weekly budgets by client group",
                  ["Client group", "People", "Indicative budget", "Agreed plan", "Plan against indicative (95% interval)",
                   "Previous package recorded", "Previous package"])
    for r in money_by_group(budgets):
        interval = "" if r["low"] is None else f" ({r['low']:.1f}% to {r['high']:.1f}%)"
        table.rows.append([r["group"], r["people"], Figure(Money(r["indicative_pence"]).format(), r["n"]),
                           Figure(Money(r["plan_pence"]).format(), r["n"]), Figure(f"{r['difference_percent']:+.1f}%{interval}", r["n"]),
                           r["previous_people"],
                           Figure("–" if r["previous_pence"] is None else Money(r["previous_pence"]).format(), r["previous_n"])])
    return table


def account_totals(surplus: dict[int, int], recovered: dict[int, int]) -> Table:
    """Direct payment accounts holding more than the weeks allowed, and money recovered, with the people behind each."""
    holding = {c: p for c, p in surplus.items() if p > 0}
    paid_back = {c: p for c, p in recovered.items() if p > 0}
    table = Table("surplus-and-recovered", "Surplus held in direct payment accounts, and money recovered",
                  ["Figure", "People", "Amount"])
    table.rows = [["Surplus held above the weeks allowed", Count(frozenset(holding)), Money(sum(holding.values())).format()],
                  ["Recovered", Count(frozenset(paid_back)), Money(sum(paid_back.values())).format()]]
    return table
