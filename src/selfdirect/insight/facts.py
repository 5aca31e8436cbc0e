"""Keeping insight's facts (one row per case, insight.models.CaseFacts) true to the records.

Whenever an action changes a case's records (its case, events, person, assessments, plans, plan items, choice records
or instalments), it announces core.events.cases_changed, and `cases_changed` here notes the cases as stale (connected
in insight/apps.py; no model signal is listened to, so bulk writes count as long as their action announces them).
Before a dashboard reads the facts, the stale cases are worked out again from the records; the first read on a
database with no facts works out every case. `selfdirect insight refresh` works every case out again (after loading
records some other way).

Reading: each query is built with the ORM (the same on SQLite and PostgreSQL) but its rows are read straight from the
database cursor without Django's conversion of every value, and dates become day numbers through small cached
functions: working out 100,000 cases reads well over a million rows."""

from __future__ import annotations

import datetime
import functools

from django.db import transaction

from selfdirect.assessment.models import Assessment
from selfdirect.core.rows import delete_rows
from selfdirect.core.rows import fetch_rows as rows
from selfdirect.journey.models import Case, CaseEvent
from selfdirect.money.models import Instalment
from selfdirect.people.checks import age_band, age_on
from selfdirect.planning.models import ChoiceRecord, PlanItem, SupportPlan

from .models import OPTION_PREFIXES, CaseFacts, FactsBuilt, StaleCase

CHUNK = 500  # case ids per query when refreshing some cases (well inside every database's limit on parameters)


@functools.lru_cache(maxsize=1)
def _zone():
    from django.utils import timezone

    return timezone.get_current_timezone()


@functools.lru_cache(maxsize=200_000)
def _day_of_text(text: str) -> int:
    return datetime.date.fromisoformat(text[:10]).toordinal()


@functools.lru_cache(maxsize=200_000)
def _local_day(year: int, month: int, day_of_month: int, hour: int) -> int:
    """A UTC hour to the number of the local day it falls in."""
    moment = datetime.datetime(year, month, day_of_month, hour, tzinfo=datetime.UTC)
    return moment.astimezone(_zone()).date().toordinal()


def day(value) -> int | None:
    """A date or moment from the cursor as the number of its (local) day. A moment without a zone is UTC: that is how
    Django keeps moments in SQLite."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return _local_day(value.year, value.month, value.day, value.hour)
    if isinstance(value, str):
        if len(value) == 10:
            return _day_of_text(value)
        return day(datetime.datetime.fromisoformat(value[:19]))
    return value.toordinal()


@functools.lru_cache(maxsize=8192)
def _month(day_number: int) -> str:
    return datetime.date.fromordinal(day_number).strftime("%Y-%m")


def _age_band(born_day: int, on: int) -> str:
    return age_band(age_on(datetime.date.fromordinal(born_day), datetime.date.fromordinal(on)))


def _how_many(codes) -> int:
    """The length of a JSON list of codes, as SQLite (text) or PostgreSQL (a list) gives it; codes hold no quotes."""
    if isinstance(codes, str):
        return codes.count('"') // 2
    return len(codes or [])


def work_out(case_ids: list[int] | None) -> list:
    """The facts of these cases (every case if None), from the records."""
    def of(queryset, path="case_id"):
        return queryset if case_ids is None else queryset.filter(**{f"{path}__in": case_ids})

    latest_event: dict[int, int] = {}
    for case_id, at in rows(of(CaseEvent.objects.all()).values_list("case_id", "at")):
        on = day(at)
        if on > latest_event.get(case_id, 0):
            latest_event[case_id] = on
    assessed: dict[int, int] = {}
    needs: dict[int, int] = {}
    indicative: dict[int, int] = {}
    for case_id, completed_at, outcomes, eligible, pence in rows(
            of(Assessment.objects.order_by("completed_at", "id")).values_list(
                "case_id", "completed_at", "outcomes_unable", "eligible", "indicative_weekly_pence")):
        assessed.setdefault(case_id, day(completed_at))
        needs[case_id] = _how_many(outcomes)
        if eligible and pence is not None:
            indicative[case_id] = pence
    first_approved: dict[int, int] = {}
    current: dict[int, tuple] = {}
    for plan_id, case_id, approved_at, status, option in rows(
            of(SupportPlan.objects.filter(approved_at__isnull=False)).values_list("pk", "case_id", "approved_at", "status",
                                                                                 "delivery_option")):
        on = day(approved_at)
        if case_id not in first_approved or on < first_approved[case_id]:
            first_approved[case_id] = on
        if status == "approved":
            current[case_id] = (plan_id, option or "not_chosen", on)
    weekly: dict[int, int] = {}
    for plan_id, pence in rows(of(PlanItem.objects.filter(plan__status="approved"), "plan__case_id")
                               .values_list("plan_id", "weekly_cost_pence")):
        weekly[plan_id] = weekly.get(plan_id, 0) + pence
    first_paid: dict[int, int] = {}
    for case_id, run_date in rows(of(Instalment.objects.all()).values_list("case_id", "run__run_date")):
        on = day(run_date)
        if case_id not in first_paid or on < first_paid[case_id]:
            first_paid[case_id] = on
    choices: dict[tuple[int, str], tuple] = {}
    for case_id, option, offered, reason, recorded_at, by in rows(
            of(ChoiceRecord.objects.order_by("recorded_at", "id")).values_list(
                "case_id", "option", "offered", "not_offered_reason", "recorded_at", "recorded_by_id")):
        choices[(case_id, option)] = (bool(offered), reason, day(recorded_at), by)  # later records overwrite earlier ones
    made = []
    for pk, person_id, team_id, group, ethnicity, born, worker_id, state, referred, previous in rows(
            of(Case.objects.all(), "pk").values_list("pk", "person_id", "person__team_id", "person__client_group",
                                                     "person__ethnicity", "person__date_of_birth", "worker_id", "state",
                                                     "referred_on", "person__previous_package_weekly_pence")):
        referred_day = day(referred)
        plan = current.get(pk)
        first = first_approved.get(pk)
        born_day = day(born)
        fields = {}
        for code, prefix in OPTION_PREFIXES:
            offered, reason, on, by = choices.get((pk, code), (None, "", None, None))
            fields.update({f"{prefix}_offered": offered, f"{prefix}_reason": reason or "", f"{prefix}_day": on, f"{prefix}_by": by})
        made.append(CaseFacts(
            case_id=pk, person_id=person_id, team_id=team_id, client_group=group, ethnicity=ethnicity, born_day=born_day,
            worker_id=worker_id, state=state, state_since_day=latest_event.get(pk, referred_day), referred_day=referred_day,
            assessed_day=assessed.get(pk), needs=needs.get(pk, 0), indicative_pence=indicative.get(pk),
            first_approved_day=first, first_approved_month=_month(first) if first else "",
            age_band_first=_age_band(born_day, first) if first else "", option=plan[1] if plan else "",
            plan_approved_day=plan[2] if plan else None, plan_weekly_pence=weekly.get(plan[0], 0) if plan else None,
            previous_pence=previous, first_paid_day=first_paid.get(pk), **fields))
    return made


@transaction.atomic
def refresh(case_ids=None) -> int:
    """Work out these cases' facts again (every case's if None); returns how many cases were worked out."""
    if case_ids is None:
        delete_rows(CaseFacts)
        made = work_out(None)
        CaseFacts.objects.bulk_create(made, batch_size=2000)
        delete_rows(StaleCase)
        FactsBuilt.objects.all().delete()
        FactsBuilt.objects.create()
        return len(made)
    ids = sorted(set(case_ids))
    count = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        delete_rows(CaseFacts, case_id__in=chunk)
        made = work_out(chunk)
        CaseFacts.objects.bulk_create(made, batch_size=2000)
        count += len(made)
    return count


def ensure_fresh() -> None:
    """Before reading facts: work out every case the first time, and after that the cases noted as stale."""
    from django.db.models import Max

    if not FactsBuilt.objects.exists():
        refresh(None)
        return
    if not StaleCase.objects.exists():
        return
    with transaction.atomic():
        list(FactsBuilt.objects.select_for_update())  # one refresher at a time; the others wait, then find less to do
        top = StaleCase.objects.aggregate(top=Max("id"))["top"]
        if top is None:
            return
        ids = set(StaleCase.objects.filter(id__lte=top).values_list("case_id", flat=True))
        refresh(ids)
        delete_rows(StaleCase, id__lte=top)


def forget_everything() -> None:
    """For a database being emptied: no facts, and none built."""
    for model in (CaseFacts, StaleCase, FactsBuilt):
        delete_rows(model)


def mark_stale(case_ids) -> None:
    StaleCase.objects.bulk_create([StaleCase(case_id=pk) for pk in set(case_ids) if pk is not None])


def cases_changed(sender, *, case_ids=frozenset(), person_ids=frozenset(), **kwargs) -> None:
    """The receiver of core.events.cases_changed: note the cases (and every case of the people) as stale. It runs in
    the announcing action's transaction, so the stale marks commit or roll back with the change."""
    stale = set(case_ids)
    if person_ids:
        stale |= set(Case.objects.filter(person_id__in=person_ids).values_list("pk", flat=True))
    mark_stale(stale)
