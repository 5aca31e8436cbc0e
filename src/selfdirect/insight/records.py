"""The plain records the dashboards are worked out from, read from insight's facts (one row per case, kept true to
the records by insight.facts). Filters on periods, teams and client groups are applied by the database; each row is
read straight from the cursor."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import compress

from selfdirect.accounts.models import Team, User
from selfdirect.core.rows import fetch_rows as rows
from selfdirect.outcomes.models import Evaluation, OutcomeRating, Review
from selfdirect.people import codes
from selfdirect.people.checks import AGE_BANDS, age_band, age_on
from selfdirect.planning import queries as planning
from selfdirect.planning.models import ChoiceRecord

from . import figures
from .facts import CHUNK, ensure_fresh
from .models import CaseFacts


@dataclass(frozen=True)
class Filters:
    """What every dashboard can be narrowed to: a period, a team and a client group."""

    start: datetime.date
    end: datetime.date
    team_id: int | None = None
    client_group: str = ""

    @property
    def first_day(self) -> int:
        return self.start.toordinal()

    @property
    def last_day(self) -> int:
        return self.end.toordinal()


class Names:
    """Team, worker and code names, each looked up once; a mapping per kind of thing for relabelling columns."""

    def __init__(self):
        self.teams = {None: "No team", **dict(Team.objects.values_list("pk", "name"))}
        self.workers, self.worker_teams = {None: "No worker recorded"}, {None: "No team"}
        for pk, first, last, team_id in User.objects.values_list("pk", "first_name", "last_name", "team_id"):
            self.workers[pk] = f"{first} {last}".strip() or "No worker recorded"
            self.worker_teams[pk] = self.teams.get(team_id, "No team")
        self.groups = dict(codes.choices("client_group"))
        self.ethnicities = dict(codes.choices("ethnicity"))

    def worker(self, pk) -> str:
        return self.workers.get(pk, "No worker recorded")


def _facts(filters: Filters, **where):
    """Insight's facts, brought up to date, narrowed to the filters' team and client group and to `where`."""
    ensure_fresh()
    found = CaseFacts.objects.filter(**where)
    if filters.team_id:
        found = found.filter(team_id=filters.team_id)
    if filters.client_group:
        found = found.filter(client_group=filters.client_group)
    return found


def new_budgets(filters: Filters, names: Names) -> list[tuple]:
    """figures.NewBudget rows: each case whose first plan was approved in the period and which has an approved plan
    now, with how its money is managed now and who it is."""
    found = _facts(filters, first_approved_day__gte=filters.first_day, first_approved_day__lte=filters.last_day).exclude(option="")
    return rows(found.values_list("case_id", "first_approved_month", "option", "client_group", "team_id", "worker_id",
                                  "age_band_first"))


def journeys(filters: Filters, names: Names) -> list[tuple]:
    """figures.Journey rows: each case referred in the period, with the day it reached each step (day numbers)."""
    found = _facts(filters, referred_day__gte=filters.first_day, referred_day__lte=filters.last_day)
    return rows(found.values_list("case_id", "team_id", "referred_day", "assessed_day", "first_approved_day", "first_paid_day"))


def waiting(filters: Filters, names: Names, *, today: datetime.date) -> list[tuple]:
    """figures.Waiting rows: every open case not yet live, with the step it waits at and the days since it reached it."""
    now = today.toordinal()
    found = _facts(filters).exclude(state__in=["closed", "live"])
    return [(pk, team, state, now - since)
            for pk, team, state, since in rows(found.values_list("case_id", "team_id", "state", "state_since_day"))]


CHOICE_COLUMNS = [f"{prefix}_{what}" for _, prefix in figures.OPTION_PREFIXES for what in ("offered", "reason", "day", "by")]


def choices_and_offers(filters: Filters, names: Names, *, today: datetime.date) -> tuple[figures.Columns, list[tuple]]:
    """figures.Choice columns: each case's latest choice record for each option, where it was made in the period,
    with who made it (the team is the recording worker's); and figures.Offer rows: each case whose latest choice
    record for direct payments was made in the period, whether it was offered, the person's groups, and a band of
    needs (how many of the ten eligibility outcomes they could not achieve, at their latest assessment). One read."""
    from django.db.models import Q

    first, last = filters.first_day, filters.last_day
    in_period = Q()
    for _, prefix in figures.OPTION_PREFIXES:
        in_period |= Q(**{f"{prefix}_day__gte": first, f"{prefix}_day__lte": last})
    found = rows(_facts(filters).filter(in_period).values_list("case_id", *CHOICE_COLUMNS, "needs", "born_day", "client_group",
                                                                "ethnicity"))
    width = 1 + len(CHOICE_COLUMNS)
    columns = list(zip(*found, strict=True)) if found else [() for _ in range(width + 4)]
    made = figures.Columns([[], [], [], [], [], []])
    for index, (code, prefix) in enumerate(figures.OPTION_PREFIXES):
        offered, reason, days, by = columns[1 + 4 * index: 5 + 4 * index]
        kept = [on is not None and first <= on <= last for on in days]
        for target, column in zip(made, (columns[0], None, offered, reason, by, by), strict=True):
            target.extend([code] * sum(kept) if column is None else compress(column, kept))
        if prefix == "dp":
            direct_payment = kept
    made[2] = [bool(v) for v in made[2]]
    band_of = _age_bands(today)
    groups, ethnicities = names.groups, names.ethnicities
    at = 1 + 4 * [p for _, p in figures.OPTION_PREFIXES].index("dp")
    offers = [(row[0], "1-2 outcomes" if row[width] <= 2 else "3-4 outcomes" if row[width] <= 4 else "5 or more outcomes",
               {"Age band": band_of(row[width + 1]), "Client group": groups.get(row[width + 2], row[width + 2]),
                "Ethnicity": ethnicities.get(row[width + 3], row[width + 3])}, bool(row[at]), 1)
              for row in compress(found, direct_payment)] if found else []
    return made, offers


def _age_band_edges(today: datetime.date) -> list[tuple[int, str]]:
    """(the last day of birth for the band, its name), oldest band first: born on or before the first day, 85 or over
    today; and so on. The youngest band has no edge."""
    def born_before(years: int) -> int:
        try:
            return today.replace(year=today.year - years).toordinal()
        except ValueError:  # 29 February
            return today.replace(year=today.year - years, day=28).toordinal()

    return [(born_before(youngest), name) for youngest, name in AGE_BANDS if youngest]


def _age_bands(today: datetime.date):
    """A function from a day of birth to the age band on `today`."""
    import bisect

    edges = [edge for edge, _ in _age_band_edges(today)]
    names = [name for _, name in AGE_BANDS]
    return lambda born: names[bisect.bisect_left(edges, born)]


def new_budgets_counted(filters: Filters) -> list[tuple]:
    """figures.CountedBudgets rows: new budgets (as new_budgets) counted by the database, for a page."""
    from django.db.models import Count

    found = _facts(filters, first_approved_day__gte=filters.first_day, first_approved_day__lte=filters.last_day).exclude(option="")
    return rows(found.values("first_approved_month", "option", "client_group", "team_id", "worker_id", "age_band_first")
                .annotate(n=Count("case_id")).values_list("first_approved_month", "option", "client_group", "team_id", "worker_id",
                                                          "age_band_first", "n"))


def choices_counted(filters: Filters, names: Names, *, today: datetime.date):
    """What choices_and_offers gives, counted by the database, for a page: figures.CountedChoices rows; per recording
    worker, how many people they recorded a choice for; how many people in all; and figures.Offer rows each standing
    for n people."""
    from collections import defaultdict

    from django.db.models import BooleanField, Case, Count, ExpressionWrapper, IntegerField, Q, Value, When

    first, last = filters.first_day, filters.last_day
    in_period, inside = Q(), {}
    for _, prefix in figures.OPTION_PREFIXES:
        when = Q(**{f"{prefix}_day__gte": first, f"{prefix}_day__lte": last})
        in_period |= when
        inside[f"{prefix}_inside"] = ExpressionWrapper(when, output_field=BooleanField())
    # One pass: cases that share every option's recording worker, offer, reason and whether it was recorded in the
    # period are counted together (there are few such groups), which gives the counts per worker and option, the
    # reasons, and how many people each worker recorded a choice for, all exactly.
    fields = [f"{prefix}_{what}" for _, prefix in figures.OPTION_PREFIXES for what in ("by", "offered", "reason")]
    grouped = (_facts(filters).filter(in_period).annotate(**inside).values(*fields, *inside).annotate(n=Count("case_id"))
               .values_list(*fields, *inside, "n"))
    counted, cases_of, everyone = [], defaultdict(int), 0
    width = len(figures.OPTION_PREFIXES)
    for row in rows(grouped):
        n = row[-1]
        everyone += n
        workers = set()
        for index, (code, _) in enumerate(figures.OPTION_PREFIXES):
            if row[3 * width + index]:
                by, offered, reason = row[3 * index: 3 * index + 3]
                counted.append((code, by, bool(offered), reason, n))
                workers.add(by)
        for by in workers:
            cases_of[by] += n

    age = Case(*[When(born_day__lte=edge, then=Value(band)) for edge, band in _age_band_edges(today)],
               default=Value(AGE_BANDS[-1][1]))
    need = Case(When(needs__lte=2, then=Value(1)), When(needs__lte=4, then=Value(2)), default=Value(3), output_field=IntegerField())
    found = _facts(filters, dp_day__gte=first, dp_day__lte=last).annotate(age=age, need=need)
    bands = {1: "1-2 outcomes", 2: "3-4 outcomes", 3: "5 or more outcomes"}
    groups, ethnicities = names.groups, names.ethnicities
    offers = [(None, bands[need], {"Age band": band, "Client group": groups.get(group, group),
                                   "Ethnicity": ethnicities.get(ethnicity, ethnicity)}, bool(offered), n)
              for need, band, group, ethnicity, offered, n in found.values("need", "age", "client_group", "ethnicity", "dp_offered")
              .annotate(n=Count("case_id")).values_list("need", "age", "client_group", "ethnicity", "dp_offered", "n")]
    team_of = {by: names.worker_teams.get(by, "No team") for by in cases_of}
    return counted, cases_of, everyone, offers, team_of


def not_offered_said(filters: Filters, names: Names, *, limit: int = 100) -> list[str]:
    """What workers wrote when they did not offer an option, newest first (free text: never in a shared download)."""
    from django.utils import timezone

    def moment(on: datetime.date):
        return timezone.make_aware(datetime.datetime.combine(on, datetime.time.min))

    found = ChoiceRecord.objects.filter(offered=False, recorded_at__gte=moment(filters.start),
                                        recorded_at__lt=moment(filters.end + datetime.timedelta(days=1))).exclude(reason_text="")
    if filters.team_id:
        found = found.filter(case__person__team_id=filters.team_id)
    if filters.client_group:
        found = found.filter(case__person__client_group=filters.client_group)
    labels = reason_labels()
    return [f"{dict(figures.OPTIONS).get(option, option)}: {labels.get(reason, reason)}. “{text}” ({names.worker(by)})"
            for option, reason, text, by in found.order_by("-recorded_at", "-id").values_list(
                "option", "not_offered_reason", "reason_text", "recorded_by_id")[:limit]]


def budgets(filters: Filters, names: Names) -> list[figures.Budget]:
    """figures.Budget rows: every current approved plan agreed in the period, with the indicative budget it was planned against and the
    previous package."""
    found = _facts(filters, plan_approved_day__gte=filters.first_day, plan_approved_day__lte=filters.last_day,
                   indicative_pence__isnull=False)
    return rows(found.values_list("client_group", "indicative_pence", "plan_weekly_pence", "previous_pence", "case_id"))


def in_scope(filters: Filters, case_ids) -> set[int]:
    """Of these cases, the ones in the filters' team and client group."""
    ids = sorted(set(case_ids))
    if not (filters.team_id or filters.client_group):
        return set(ids)
    kept = set()
    for start in range(0, len(ids), CHUNK):
        kept |= {pk for (pk,) in rows(_facts(filters, case_id__in=ids[start:start + CHUNK]).values_list("case_id"))}
    return kept


def reason_labels() -> dict[str, str]:
    return planning.not_offered_reasons()


# Outcomes (issue 21) ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OutcomeFilters(Filters):
    """The outcomes dashboard's filters: besides the period, team and client group, whose questionnaire, which scale
    (the two are never mixed) and whose voice (insight.outcome_figures.VOICES)."""

    respondent: str = "person"
    scale: str = "change"
    voice: str = ""


def _of_people(found, filters: Filters, path: str):
    if filters.team_id:
        found = found.filter(**{f"{path}__team_id": filters.team_id})
    if filters.client_group:
        found = found.filter(**{f"{path}__client_group": filters.client_group})
    return found


def evaluations(filters: OutcomeFilters, names: Names) -> list[tuple]:
    """outcome_figures.Answered rows: every set of answers to this respondent's questionnaire given on or before the
    period's end (the figures over time reach back before its start), on either scale (the other scale's are only
    counted, never mixed in), with the delivery option of the plan reviewed and who the person is. One query."""
    # Lazy: every year up to the period's end is read, to find the people followed over time, and counted in Python
    # (not by the database, as the other dashboards' pages are): a few answers a person a year is small next to a case's
    # other records. A council with many years of answers might count the period's in the database instead.
    found = _of_people(Evaluation.objects.filter(held_on__lte=filters.end, respondent=filters.respondent), filters,
                       "case__person")
    groups, ethnicities = names.groups, names.ethnicities
    return [(case_id, person_id, held_on, respondent, name, answered_by, scale, answers, option or "",
             groups.get(group, group), age_band(age_on(born, held_on)) if born else "", ethnicities.get(ethnicity, ethnicity), pk)
            for case_id, person_id, held_on, respondent, name, answered_by, scale, answers, option, group, born, ethnicity, pk
            in found.values_list("case_id", "case__person_id", "held_on", "respondent", "respondent_name", "answered_by",
                                 "scale", "answers", "review__plan__delivery_option", "case__person__client_group",
                                 "case__person__date_of_birth", "case__person__ethnicity", "pk").iterator(chunk_size=2000)]


def reviews(filters: Filters) -> list[tuple]:
    """outcome_figures.Reviewed rows: every review held in the period, with the delivery option of the plan reviewed
    and its outcome ratings. Two queries."""
    from collections import defaultdict

    found = _of_people(Review.objects.filter(held_on__gte=filters.start, held_on__lte=filters.end), filters, "case__person")
    ratings = defaultdict(list)
    for review_id, rating in _of_people(OutcomeRating.objects.filter(
            review__held_on__gte=filters.start, review__held_on__lte=filters.end), filters, "review__case__person"
    ).values_list("review_id", "rating"):
        ratings[review_id].append(rating)
    return [(case_id, person_id, held_on, option or "", tuple(ratings.get(pk, ())), pk)
            for pk, case_id, person_id, held_on, option in found.values_list(
                "pk", "case_id", "case__person_id", "held_on", "plan__delivery_option")]
