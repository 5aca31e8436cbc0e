"""Dashboard figures from plain records, Django-free, so each can be checked on a small hand-built dataset.

Every figure function takes records (tuples in the order of the NamedTuples below) and `keep_cases`: with it, every
count keeps the cases behind it (tables.Count.cases) so a role allowed to see people can drill into it; without it,
counts are made with collections.Counter over columns, which is what lets a page answer quickly for a council of
100,000 people."""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from itertools import compress
from typing import NamedTuple

import numpy

from selfdirect.core.money import Money
from selfdirect.people.checks import age_band, age_on  # noqa: F401  (the bands every report uses)

from .tables import Count, Figure, Table, suppress  # noqa: F401  (suppress: the rule for shared exports)

OPTIONS = [("council_managed", "Council-managed"), ("individual_service_fund", "Individual service fund"),
           ("direct_payment", "Direct payment"), ("mixed", "Mixed")]
WITH_A_DIRECT_PAYMENT = {"direct_payment", "mixed"}
# Each option's short name in insight's facts table (cm_offered, cm_reason, ...).
OPTION_PREFIXES = [("council_managed", "cm"), ("individual_service_fund", "isf"), ("direct_payment", "dp"), ("mixed", "mix")]
# The two-sided 95% point of the normal distribution, to the two places the published figures (and their tests) use.
# scipy.stats.norm.ppf(0.975) and statistics.NormalDist().inv_cdf(0.975) give 1.959964, which would move every
# interval in its fourth figure, so the libraries' interval functions (statsmodels' zconfint) are not used here.
Z_95 = 1.96


class Columns(list):
    """Records already turned into columns (equal-length sequences in the record's field order), as a reader that
    holds many of them may hand them over."""


def _columns(records, width: int) -> list:
    """Records (tuples) turned into columns, at the speed of the interpreter's own loops."""
    if isinstance(records, Columns):
        return records
    return list(zip(*records, strict=True)) if records else [() for _ in range(width)]


def _counts(ids, keys, *, keep: bool) -> dict:
    """Per key: a Count of the ids with that key."""
    if not keep:
        return {key: Count(n) for key, n in Counter(keys).items()}
    groups = defaultdict(list)
    for case_id, key in zip(ids, keys, strict=True):
        groups[key].append(case_id)
    return {key: Count.of(found) for key, found in groups.items()}


def _share(part: int, whole: int) -> Figure:
    """A percentage to one decimal place, from whole numbers (per mille, rounded half up)."""
    if not whole:
        return Figure("–", 0)
    percent = per_mille(part, whole) / 10
    return Figure(f"{percent:.1f}%", whole, percent)


def per_mille(part: int, whole: int) -> int:
    return (part * 1000 * 2 + whole) // (2 * whole) if whole else 0


def _median(values: list[int]) -> float | None:
    """The median (the mean of the middle two of an even number), by the standard library."""
    return float(statistics.median(values)) if values else None


def _days(median: float | None, base: int) -> Figure:
    return Figure("–" if median is None else f"{median:g}", base, median)


def _normal_interval(estimate: float, standard_error: float) -> tuple[float, float]:
    """The 95% normal interval: the estimate give or take Z_95 standard errors."""
    half = Z_95 * standard_error
    return estimate - half, estimate + half


# Take-up ----------------------------------------------------------------------------------------------------------

class NewBudget(NamedTuple):
    case_id: int
    month: str  # YYYY-MM the first plan was approved
    option: str
    client_group: str
    team: str
    worker: str = "No worker recorded"
    age_band: str = "Not recorded"


TAKE_UP_BREAKDOWNS = [("month", "Month"), ("client_group", "Client group"), ("age_band", "Age band"), ("team", "Team"),
                      ("worker", "Worker")]


def take_up(budgets: list[NewBudget], by: str = "month", *, keep_cases: bool = True) -> Table:
    """New personal budgets by delivery option, one row per month (or client group, age band, team, worker) and one for
    them all, with the share that include a direct payment (alone, or as part of a mix)."""
    return _take_up(_columns(budgets, len(NewBudget._fields)), by, keep_cases=keep_cases)


def take_up_tables(budgets: list[NewBudget], *, keep_cases: bool = True) -> list[Table]:
    """take_up by every breakdown, reading the records once."""
    columns = _columns(budgets, len(NewBudget._fields))
    return [_take_up(columns, by, keep_cases=keep_cases) for by, _ in TAKE_UP_BREAKDOWNS]


def _take_up(columns, by: str, *, keep_cases: bool) -> Table:
    ids, options, keys = columns[0], columns[2], columns[NewBudget._fields.index(by)]
    if keep_cases:
        totals = _counts(ids, keys, keep=True)
        cells = _counts(ids, list(zip(keys, options, strict=True)), keep=True)
        by_option = _counts(ids, options, keep=True)
    else:
        totals = {key: Count(n) for key, n in Counter(keys).items()}
        cells = {key: Count(n) for key, n in Counter(zip(keys, options)).items()}  # noqa: B905 (same length)
        by_option = {key: Count(n) for key, n in Counter(options).items()}
    return _take_up_table(by, totals, cells, by_option, Count.of(ids, keep=keep_cases), keep_cases=keep_cases)


class CountedBudgets(NamedTuple):
    """New budgets counted by the database: how many share a month, option, client group, team, worker and age band."""

    month: str
    option: str
    client_group: str
    team: object
    worker: object
    age_band: str
    n: int


def take_up_tables_counted(counted: list[CountedBudgets]) -> list[Table]:
    """take_up by every breakdown, from budgets already counted by the database (no cases kept: a page's view)."""
    tables = []
    for by, _ in TAKE_UP_BREAKDOWNS:
        at = NewBudget._fields.index(by) - 1
        totals: dict = defaultdict(int)
        cells: dict = defaultdict(int)
        by_option: dict = defaultdict(int)
        for row in counted:
            n = row[-1]
            totals[row[at]] += n
            cells[(row[at], row[1])] += n
            by_option[row[1]] += n
        tables.append(_take_up_table(by, {k: Count(n) for k, n in totals.items()}, {k: Count(n) for k, n in cells.items()},
                                     {k: Count(n) for k, n in by_option.items()}, Count(sum(totals.values())), keep_cases=False))
    return tables


def _take_up_table(by: str, totals: dict, cells: dict, by_option: dict, everyone: Count, *, keep_cases: bool) -> Table:
    title = dict(TAKE_UP_BREAKDOWNS)[by]
    table = Table(f"take-up-by-{by.replace('_', '-')}", f"New personal budgets by {title.lower()} and delivery option",
                  [title, "New personal budgets", *[label for _, label in OPTIONS], "Share with a direct payment"],
                  sheet=f"Take-up by {title.lower()}")
    nothing = Count.of((), keep=keep_cases)
    for key in sorted(totals, key=str):
        with_dp = sum(cells[(key, code)].value for code in WITH_A_DIRECT_PAYMENT if (key, code) in cells)
        table.rows.append([key, totals[key], *[cells.get((key, code), nothing) for code, _ in OPTIONS],
                           _share(with_dp, totals[key].value)])
    if everyone.value:
        with_dp = sum(by_option[code].value for code in WITH_A_DIRECT_PAYMENT if code in by_option)
        table.rows.append(["All", everyone, *[by_option.get(code, nothing) for code, _ in OPTIONS], _share(with_dp, everyone.value)])
    return table


# Journey times ----------------------------------------------------------------------------------------------------

class Journey(NamedTuple):
    case_id: int
    team: str
    referred_on: object  # day numbers (date ordinals) or dates; None where the step has not happened
    assessed_on: object
    approved_on: object
    first_paid_on: object


STAGES = [("referral_to_assessment", "Referral to assessment", "referred_on", "assessed_on"),
          ("assessment_to_plan", "Assessment to approved plan", "assessed_on", "approved_on"),
          ("plan_to_payment", "Approved plan to first payment", "approved_on", "first_paid_on")]


def _between(begins, ends) -> int:
    gap = ends - begins  # day numbers, or dates
    return gap if isinstance(gap, int) else gap.days


def journey_times(journeys: list[Journey], *, keep_cases: bool = True) -> Table:
    """Per team and for the council: cases referred, and for each stage how many completed it and the median days."""
    columns = _columns(journeys, len(Journey._fields))
    ids, teams = columns[0], columns[1]
    header = ["Team", "Cases referred"]
    for _, label, _, _ in STAGES:
        header += [f"{label}: cases", f"{label}: median days"]
    table = Table("journey-times", "Median days for each stage, by team", header, sheet="Journey times by team")
    referred = _counts(ids, teams, keep=keep_cases)
    stages = []  # per stage: team -> ([case ids], [days])
    for _, _, begins, ends in STAGES:
        done: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
        starts, finishes = columns[Journey._fields.index(begins)], columns[Journey._fields.index(ends)]
        for case_id, team, start, finish in zip(ids, teams, starts, finishes, strict=True):
            if start is not None and finish is not None:
                found = done[team]
                found[0].append(case_id)
                found[1].append(_between(start, finish))
        stages.append(done)
    everyone = object()
    for team in [*sorted(referred, key=str), everyone]:
        if team is everyone and not journeys:
            continue
        row = [team, referred[team]] if team is not everyone else ["All teams", Count.of(ids, keep=keep_cases)]
        for done in stages:
            chosen = [done[team]] if team is not everyone else list(done.values())
            cases = [c for found in chosen for c in found[0]]
            days = [d for found in chosen for d in found[1]]
            row += [Count.of(cases, keep=keep_cases), _days(_median(days), len(days))]
        table.rows.append(row)
    return table


class Waiting(NamedTuple):
    case_id: int
    team: str
    step: str
    days: int  # since the case reached the step it waits at


def waiting(cases: list[Waiting], *, keep_cases: bool = True) -> Table:
    """Where open cases wait now: per team and step, how many and the median days since they reached it."""
    groups: dict[tuple[str, str], tuple[list, list]] = defaultdict(lambda: ([], []))
    for case_id, team, step, days in cases:
        found = groups[(team, step)]
        found[0].append(case_id)
        found[1].append(days)
    table = Table("waiting", "Where open cases wait now", ["Team", "Step", "Cases", "Median days waiting"])
    table.rows = [[team, step, Count.of(ids, keep=keep_cases), _days(_median(days), len(days))]
                  for (team, step), (ids, days) in sorted(groups.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1])))]
    return table


# Choice offered ---------------------------------------------------------------------------------------------------

class Choice(NamedTuple):
    """A case's latest choice record for one option."""

    case_id: int
    option: str
    offered: bool
    reason: str  # why it was not offered, as recorded ("" if offered)
    team: str
    worker: str


def offered_per_worker(choices: list[Choice], *, keep_cases: bool = True) -> Table:
    """Per team and worker: cases with a choice record, and for each option how many were offered it and the share."""
    ids, options, offered, _, teams, workers = _columns(choices, len(Choice._fields))
    team_of = dict(zip(workers, teams))  # noqa: B905 (same length)  a worker belongs to one team
    recorded = Counter(zip(workers, options))  # noqa: B905
    yes = list(compress(range(len(ids)), offered))
    offered_to = _counts([ids[i] for i in yes], [(workers[i], options[i]) for i in yes], keep=keep_cases)
    if keep_cases:
        people: dict = defaultdict(set)
        for case_id, worker in zip(ids, workers, strict=True):
            people[worker].add(case_id)
        cases_of = {worker: Count.of(sorted(found)) for worker, found in people.items()}
    else:
        cases_of = {worker: Count(n) for worker, n in Counter(worker for _, worker in set(zip(ids, workers))).items()}  # noqa: B905
    return _per_worker_table(team_of, cases_of, recorded, offered_to, Count.of(sorted(set(ids)), keep=keep_cases),
                             keep_cases=keep_cases)


class CountedChoices(NamedTuple):
    """Latest choice records counted by the database: how many for one option share a recording worker, whether it
    was offered, and the reason it was not."""

    option: str
    worker: object
    offered: bool
    reason: str
    n: int


def offered_per_worker_counted(counted: list[CountedChoices], team_of: dict, cases_of: dict[object, int], everyone: int) -> Table:
    """offered_per_worker from choice records counted by the database, with how many people each worker recorded a
    choice for and how many people in all (no cases kept: a page's view)."""
    recorded: dict = defaultdict(int)
    offered_to: dict = defaultdict(int)
    for option, worker, offered, _, n in counted:
        recorded[(worker, option)] += n
        if offered:
            offered_to[(worker, option)] += n
    return _per_worker_table(team_of, {w: Count(n) for w, n in cases_of.items()}, recorded,
                             {k: Count(n) for k, n in offered_to.items()}, Count(everyone), keep_cases=False)


def _per_worker_table(team_of: dict, cases_of: dict, recorded, offered_to: dict, everyone: Count, *, keep_cases: bool) -> Table:
    header = ["Team", "Worker", "Cases"]
    for _, label in OPTIONS:
        header += [f"{label}: offered", f"{label}: share offered"]
    table = Table("offered-per-worker", "Options offered, per team and worker", header, sheet="Offered per worker")
    all_workers = object()
    for worker in [*sorted(cases_of, key=lambda w: (str(team_of.get(w)), str(w))), all_workers]:
        if worker is all_workers and not everyone.value:
            continue
        if worker is all_workers:
            row = ["All teams", "All workers", everyone]
        else:
            row = [team_of.get(worker), worker, cases_of[worker]]
        for code, _ in OPTIONS:
            if worker is not all_workers:
                count, whole = offered_to.get((worker, code), Count.of((), keep=keep_cases)), recorded.get((worker, code), 0)
            else:
                parts = [c for (_, o), c in offered_to.items() if o == code]
                cases = [case for c in parts for case in (c.cases or ())]
                count = Count(sum(c.value for c in parts), tuple(cases) if keep_cases else None)
                whole = sum(n for (_, o), n in recorded.items() if o == code)
            row += [count, _share(count.value, whole)]
        table.rows.append(row)
    return table


def reasons_not_offered(choices: list[Choice], labels: dict[str, str], *, keep_cases: bool = True) -> Table:
    """How many people were not offered each option, by the reason recorded."""
    ids, options, offered, reasons, _, _ = _columns(choices, len(Choice._fields))
    no = [i for i, yes in enumerate(offered) if not yes]
    return _reasons_table(_counts([ids[i] for i in no], [(options[i], reasons[i]) for i in no], keep=keep_cases), labels)


def reasons_not_offered_counted(counted: list[CountedChoices], labels: dict[str, str]) -> Table:
    cells: dict = defaultdict(int)
    for option, _, offered, reason, n in counted:
        if not offered:
            cells[(option, reason)] += n
    return _reasons_table({k: Count(n) for k, n in cells.items()}, labels)


def _reasons_table(cells: dict, labels: dict[str, str]) -> Table:
    table = Table("reasons-not-offered", "Reasons recorded for not offering an option", ["Option", "Reason", "People"],
                  sheet="Reasons not offered")
    order = [code for code, _ in OPTIONS]
    table.rows = [[dict(OPTIONS).get(option, option), labels.get(reason, reason or "No reason recorded"), count]
                  for (option, reason), count in sorted(cells.items(), key=lambda kv: (order.index(kv[0][0]) if kv[0][0] in order else 9, kv[0][1]))]
    return table


class Offer(NamedTuple):
    case_id: int  # None where the database counted the people (n of them) instead of listing them
    need_band: str  # people are compared only with others in the same band of needs
    groups: dict  # attribute -> value, e.g. {"Age band": "85+", "Client group": "older_people"}
    offered_direct_payment: bool
    n: int = 1


def offered_less_often(offers: list[Offer], attribute: str, *, keep_cases: bool = True) -> list[dict]:
    """For each group of the attribute: the share offered a direct payment against the share expected if they had been
    offered it as often as everyone else with the same needs (indirect standardisation by need band), the difference in
    percentage points with a 95% confidence interval, and whether it is reliably lower."""
    band_n: dict[str, int] = defaultdict(int)
    band_offered: dict[str, int] = defaultdict(int)
    cells: dict[str, dict[str, list[int]]] = {}  # value -> band -> [people, offered]
    people: dict[str, list[int]] = defaultdict(list)
    not_offered: dict[str, list[int]] = defaultdict(list)
    for case_id, band, groups, offered, weight in offers:
        value = groups.get(attribute, "Not recorded")
        band_n[band] += weight
        band_offered[band] += offered * weight
        cell = cells.setdefault(value, {}).setdefault(band, [0, 0])
        cell[0] += weight
        cell[1] += offered * weight
        if keep_cases:
            people[value].append(case_id)
            if not offered:
                not_offered[value].append(case_id)
        else:
            people[value].append(weight)
            if not offered:
                not_offered[value].append(weight)
    rows = []
    for value in sorted(cells):
        n = observed = 0
        expected = variance = 0.0
        for band, (mine, mine_offered) in cells[value].items():
            others, others_offered = band_n[band] - mine, band_offered[band] - mine_offered
            if not others:  # nobody else with these needs: compare with the band as a whole
                others, others_offered = band_n[band], band_offered[band]
            p_other = others_offered / others
            p_mine = mine_offered / mine
            n += mine
            observed += mine_offered
            expected += mine * p_other
            variance += mine * p_mine * (1 - p_mine) + (mine ** 2) * p_other * (1 - p_other) / others
        difference = (observed - expected) / n
        low, high = _normal_interval(difference, math.sqrt(variance) / n)
        rows.append({"group": value, "n": n, "offered_share": observed / n, "expected_share": expected / n,
                     "difference": difference, "low": low, "high": high,
                     "less_often": high < 0,
                     "people": Count.of(people[value]) if keep_cases else Count(sum(people[value])),
                     "not_offered": Count.of(not_offered[value]) if keep_cases else Count(sum(not_offered[value]))})
    return rows


def offered_less_often_table(offers: list[Offer], attribute: str, *, keep_cases: bool = True) -> Table:
    table = Table(f"direct-payments-by-{attribute.lower().replace(' ', '-')}",
                  f"Direct payments offered by {attribute.lower()}, at equal needs",
                  [attribute, "People", "Not offered a direct payment", "Share offered", "Expected at equal needs",
                   "Difference in points (95% interval)", "Reliably less often"], sheet=f"Direct payments by {attribute.lower()}")
    for r in offered_less_often(offers, attribute, keep_cases=keep_cases):
        table.rows.append([r["group"], r["people"], r["not_offered"], Figure(f"{r['offered_share'] * 100:.0f}%", r["n"]),
                           Figure(f"{r['expected_share'] * 100:.0f}%", r["n"]),
                           Figure(f"{r['difference'] * 100:+.0f} ({r['low'] * 100:.0f} to {r['high'] * 100:.0f})", r["n"]),
                           "Yes" if r["less_often"] else "No"])
    return table


# Money ------------------------------------------------------------------------------------------------------------

class Budget(NamedTuple):
    client_group: str
    indicative_pence: int
    plan_pence: int
    previous_pence: int | None  # the traditional package before, where recorded
    case_id: int = 0


def money_by_group(budgets: list[Budget], *, keep_cases: bool = True) -> list[dict]:
    """Per client group and overall: average indicative budget, agreed plan and previous package (whole pence), and the
    average difference of the plan from the indicative budget in per cent with a 95% interval."""
    groups: dict[str, list[Budget]] = defaultdict(list)
    for b in budgets:
        if b[1] > 0:
            groups[b[0]].append(b)
    rows = []
    for name in [*sorted(groups), None]:
        chosen = [b for g in groups.values() for b in g] if name is None else groups[name]
        if not chosen:
            continue
        n = len(chosen)
        differences = numpy.array([100 * (plan - indicative) / indicative for _, indicative, plan, _, _ in chosen])
        mean = float(differences.mean())
        # The standard error of the mean from the sample standard deviation (NumPy's, with n - 1).
        low, high = _normal_interval(mean, float(differences.std(ddof=1)) / math.sqrt(n)) if n > 1 else (None, None)
        with_previous = [b for b in chosen if b[3] is not None]
        previous = [b[3] for b in with_previous]
        rows.append({"group": name or "All client groups", "n": n, "people": Count.of([b[4] for b in chosen], keep=keep_cases),
                     "indicative_pence": (sum(b[1] for b in chosen) * 2 + n) // (2 * n),
                     "plan_pence": (sum(b[2] for b in chosen) * 2 + n) // (2 * n),
                     "previous_n": len(previous), "previous_people": Count.of([b[4] for b in with_previous], keep=keep_cases),
                     "previous_pence": (sum(previous) * 2 + len(previous)) // (2 * len(previous)) if previous else None,
                     "difference_percent": mean, "low": low, "high": high})
    return rows


def money_table(budgets: list[Budget], *, keep_cases: bool = True) -> Table:
    table = Table("budgets-by-client-group", "Average weekly budgets by client group",
                  ["Client group", "People", "Indicative budget", "Agreed plan", "Plan against indicative (95% interval)",
                   "Previous package recorded", "Previous package"], sheet="Budgets by client group")
    for r in money_by_group(budgets, keep_cases=keep_cases):
        interval = "" if r["low"] is None else f" ({r['low']:.1f}% to {r['high']:.1f}%)"
        indicative, plan = Money(r["indicative_pence"]), Money(r["plan_pence"])
        table.rows.append([r["group"], r["people"], Figure(indicative.format(), r["n"], indicative.pounds()),
                           Figure(plan.format(), r["n"], plan.pounds()), Figure(f"{r['difference_percent']:+.1f}%{interval}", r["n"]),
                           r["previous_people"],
                           Figure("–" if r["previous_pence"] is None else Money(r["previous_pence"]).format(), r["previous_n"])])
    return table


def account_totals(surplus: dict[int, int], recovered: dict[int, int], *, keep_cases: bool = True) -> Table:
    """Direct payment accounts holding more than the weeks allowed, and money recovered, with the people behind each."""
    holding = {c: p for c, p in surplus.items() if p > 0}
    paid_back = {c: p for c, p in recovered.items() if p > 0}
    table = Table("surplus-and-recovered", "Surplus held in direct payment accounts, and money recovered",
                  ["Figure", "People", "Amount"], sheet="Surplus and recovered")
    # The amounts are figures worked out from those people: hidden with their count where fewer than 5 hold them.
    table.rows = [["Surplus held above the weeks allowed", Count.of(sorted(holding), keep=keep_cases),
                   Figure(Money(sum(holding.values())).format(), len(holding), sum(holding.values()) / 100)],
                  ["Recovered", Count.of(sorted(paid_back), keep=keep_cases),
                   Figure(Money(sum(paid_back.values())).format(), len(paid_back), sum(paid_back.values()) / 100)]]
    return table
