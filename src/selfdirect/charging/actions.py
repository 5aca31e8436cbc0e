"""Every write of a financial assessment."""

import datetime
import re

from django.db import transaction

from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.core.errors import DomainError
from selfdirect.core.money import Money
from selfdirect.journey import queries as journey
from selfdirect.people import access
from selfdirect.people.models import Person

from . import queries
from .contribution import InputError, assess, parse_input
from .models import AssessmentRequest, FinancialAssessment
from .rates import RatesError, financial_year_of, rates_for


class ChargingError(DomainError):
    """The assessment cannot be made; `field` names the input field where there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message, field=field)


def run(raw: dict):
    """Parse and assess an input document; raise ChargingError naming the problem. Writes nothing.

    `provisional_rates_year` (e.g. "2023/24") works the assessment out with that earlier year's figures, only where the
    rates of the effective date's year lack a figure this case needs: the assessment is recorded as provisional, with
    its effective date as given, and is worked out again once the council adds the figures."""
    from pathlib import Path

    folders = [Path(f) for f in queries.rates_folders()]
    try:
        data = parse_input(raw)
        provisional = str(raw.get("provisional_rates_year") or "").strip()
        try:
            result = assess(data, rates_for(data.effective_date, folders=folders))
        except RatesError:
            if not provisional:
                raise
        else:
            if provisional:
                raise ChargingError(f"The {result.financial_year} rates hold every figure this case needs: leave the "
                                    f"earlier year empty", "provisional_rates_year")
            return data, result
        if not re.fullmatch(r"\d{4}/\d{2}", provisional) or int(provisional[:4]) + 1 != 2000 + int(provisional[5:]) \
                or provisional >= financial_year_of(data.effective_date):
            raise ChargingError("Give an earlier financial year like 2023/24", "provisional_rates_year")
        try:
            return data, assess(data, rates_for(datetime.date(int(provisional[:4]), 4, 1), folders=folders))
        except RatesError as problem:
            raise ChargingError(str(problem), "provisional_rates_year") from None
    except InputError as problem:
        raise ChargingError(problem.message, problem.field) from None
    except RatesError as problem:
        raise ChargingError(str(problem), "effective_date") from None


@transaction.atomic
def record_assessment(person, raw: dict, *, actor, reason=FinancialAssessment.Reason.NEW, deprivation_of_assets=False,
                      deprivation_note="", channel="web") -> FinancialAssessment:
    data, result = run(raw)
    if data.date_of_birth != person.date_of_birth:
        raise ChargingError("The date of birth does not match the person's record", "date_of_birth")
    made = FinancialAssessment.objects.create(
        person=person, effective_date=data.effective_date, financial_year=result.financial_year, reason=reason,
        input=raw, result=result.as_dict(), weekly_cost_of_care_pence=result.weekly_cost_of_care_pence,
        weekly_contribution_pence=result.weekly_contribution_pence, full_cost=result.full_cost,
        light_touch=data.light_touch, deprivation_of_assets=deprivation_of_assets, deprivation_note=deprivation_note,
        created_by=actor,
    )
    audit.record(actor=actor, action=audit.Action.DECISION, person=person, channel=channel,
                 what=f"Financial assessment ({made.get_reason_display()}): contributes "
                      f"{Money(made.weekly_contribution_pence).format()} a week")
    if reason in ANSWERS_A_REQUEST:
        complete_request(person, made, actor=actor, channel=channel)
    return made


def personal_budget_changed(person, *, weekly_cost_pence: int, actor, channel="web"):
    """Work the contribution out again against the new personal budget (if the person has been assessed)."""
    current = queries.current_assessment_for(person)
    if current is None or current.weekly_cost_of_care_pence == weekly_cost_pence:
        return None
    raw = dict(current.input, weekly_cost_of_care_pence=weekly_cost_pence)
    return record_assessment(person, raw, actor=actor, reason=FinancialAssessment.Reason.BUDGET_CHANGED, channel=channel)


def plan_approved(sender, *, case, plan, actor, channel="web", **kwargs):
    """Receives planning's plan_approved event (connected in charging/apps.py): the approved plan's weekly cost is
    the new personal budget. Runs inside the approval's transaction, so the approval and this all happen or none."""
    personal_budget_changed(case.person, weekly_cost_pence=plan.weekly_total_pence, actor=actor, channel=channel)


def uprate(*, as_of: datetime.date, actor, dry_run: bool = False, people=None):
    """Run every current assessment again with the rates of the year `as_of` falls in. Returns report rows:
    (person, old pence, new pence or None, message). Idempotent: a person already assessed at `as_of` is left alone."""
    rows = []
    people = people if people is not None else Person.objects.filter(financial_assessments__isnull=False).distinct()
    for person in people.order_by("la_person_id"):
        current = queries.current_assessment_for(person)
        if current is None:
            continue
        raw = dict(current.input, effective_date=as_of.isoformat())
        if current.effective_date == as_of:
            rows.append((person, current.weekly_contribution_pence, current.weekly_contribution_pence, "already assessed at this date"))
            continue
        try:
            if dry_run:
                _, result = run(raw)
                new = result.weekly_contribution_pence
            else:
                new = record_assessment(person, raw, actor=actor, reason=FinancialAssessment.Reason.UPRATING,
                                        channel="cli").weekly_contribution_pence
            rows.append((person, current.weekly_contribution_pence, new, ""))
        except ChargingError as problem:
            rows.append((person, current.weekly_contribution_pence, None, str(problem)))
    return rows


# Requests for a financial assessment: a worker asks, finance starts, an assessment finishes it, or it is cancelled.
# The Care Act 2014 s.14 and s.17 (and the Care and Support (Charging and Assessment of Resources) Regulations 2014)
# require a financial assessment before the council charges; the request is the worker's way to ask for one.

NOTE_LIMIT = 2000
REASON_LIMIT = 2000
# Only an assessment someone made answers a request: a run because the budget changed or the rates were uprated
# re-uses the last input and does not look at the person's finances again (docs/worker-home.md).
ANSWERS_A_REQUEST = {FinancialAssessment.Reason.NEW, FinancialAssessment.Reason.CIRCUMSTANCES}


class RequestError(DomainError):
    """The request cannot be made or moved as asked; `field` names the field where there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message, field=field)


def _may_ask(actor, person) -> bool:
    return access.can_change(actor, person)


def _is_finance(actor) -> bool:
    return permissions.may_assess_charges(actor)


def open_request_for(person) -> AssessmentRequest | None:
    return (AssessmentRequest.objects.filter(person=person, status__in=AssessmentRequest.OPEN)
            .select_related("requested_by").first())


def _already_open_message(found: AssessmentRequest) -> str:
    from django.utils import timezone

    day = timezone.localtime(found.requested_at).date()
    return (f"A financial assessment was already asked for on {day.day} {day:%B %Y} and is "
            f"{'being worked on by' if found.status == AssessmentRequest.Status.IN_PROGRESS else 'with'} the finance "
            f"team: you can ask again once it is done or cancelled")


@transaction.atomic
def request_assessment(person, *, actor, note: str = "", channel="web") -> AssessmentRequest:
    """A worker asks the finance team to assess what the person pays. One open request a person at a time."""
    if not _may_ask(actor, person):
        raise RequestError("Only the person's social worker or team manager can ask for a financial assessment")
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise RequestError(f"Note for the finance team must be {NOTE_LIMIT} characters or less", "note")
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one request at a time, even if asked twice at once
    found = open_request_for(person)
    if found is not None:
        raise RequestError(_already_open_message(found))
    case = journey.current_case_for(person)
    if case is None or case.state == "closed":
        raise RequestError("The person's case is closed: open a new case before asking for a financial assessment")
    made = AssessmentRequest.objects.create(person=person, case=case, requested_by=actor, note=note)
    audit.record(actor=actor, action=audit.Action.CREATE, person=person, channel=channel,
                 what="Asked the finance team for a financial assessment", why=note)
    return made


def _locked(request_pk, person=None) -> AssessmentRequest:
    found = AssessmentRequest.objects.select_for_update().filter(pk=request_pk)
    if person is not None:
        found = found.filter(person=person)
    found = found.first()
    if found is None:
        raise RequestError("There is no such request for a financial assessment")
    return found


@transaction.atomic
def start_request(request: AssessmentRequest, *, actor, channel="web") -> AssessmentRequest:
    """The finance team says it is working on the request."""
    from django.utils import timezone

    if not _is_finance(actor):
        raise RequestError("Only the finance team can start work on a financial assessment")
    locked = _locked(request.pk)
    if locked.status != AssessmentRequest.Status.REQUESTED:
        raise RequestError(f"This request is {locked.get_status_display().lower()}, so it cannot be started")
    locked.status, locked.started_by, locked.started_at = AssessmentRequest.Status.IN_PROGRESS, actor, timezone.now()
    locked.save(update_fields=["status", "started_by", "started_at"])
    audit.record(actor=actor, action=audit.Action.CHANGE, person=locked.person, channel=channel,
                 what="Started work on the requested financial assessment")
    return locked


@transaction.atomic
def complete_request(person, assessment: FinancialAssessment, *, actor, channel="web") -> AssessmentRequest | None:
    """An assessment recorded for the person answers their open request (if any). Called by record_assessment."""
    from django.utils import timezone

    found = AssessmentRequest.objects.select_for_update().filter(person=person, status__in=AssessmentRequest.OPEN).first()
    if found is None:
        return None
    found.status, found.assessment, found.finished_at = AssessmentRequest.Status.DONE, assessment, timezone.now()
    if found.started_by_id is None:
        found.started_by, found.started_at = actor, found.finished_at
    found.save(update_fields=["status", "assessment", "finished_at", "started_by", "started_at"])
    audit.record(actor=actor, action=audit.Action.CHANGE, person=person, channel=channel,
                 what="Finished the requested financial assessment")
    return found


@transaction.atomic
def cancel_request(request: AssessmentRequest, *, actor, reason: str, channel="web") -> AssessmentRequest:
    """The worker who may change the record, or the finance team, cancels an open request, saying why."""
    from django.utils import timezone

    if not (_is_finance(actor) or _may_ask(actor, request.person)):
        raise RequestError("Only the person's social worker, team manager or the finance team can cancel this request")
    reason = (reason or "").strip()
    if not reason:
        raise RequestError("Enter the reason for cancelling", "reason")
    if len(reason) > REASON_LIMIT:
        raise RequestError(f"Reason for cancelling must be {REASON_LIMIT} characters or less", "reason")
    locked = _locked(request.pk)
    if not locked.is_open:
        raise RequestError(f"This request is {locked.get_status_display().lower()}, so it cannot be cancelled")
    locked.status, locked.cancelled_by, locked.cancel_reason = AssessmentRequest.Status.CANCELLED, actor, reason
    locked.finished_at = timezone.now()
    locked.save(update_fields=["status", "cancelled_by", "cancel_reason", "finished_at"])
    audit.record(actor=actor, action=audit.Action.CHANGE, person=locked.person, channel=channel,
                 what="Cancelled the request for a financial assessment", why=reason)
    return locked
