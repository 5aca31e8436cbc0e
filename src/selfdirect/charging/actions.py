"""Every write of a financial assessment."""

import datetime
import re

from django.db import transaction

from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.core.errors import DomainError, together
from selfdirect.core.money import Money
from selfdirect.journey import queries as journey
from selfdirect.people import access
from selfdirect.people.models import Person

from . import queries
from .contribution import InputError, assess, parse_input, parse_policy_input
from .models import AssessmentRequest, ChargingPolicyVersion, FinancialAssessment, Reconsideration
from .policy import FIELD_LABELS, SHIPPED_DEFAULT, ChargingPolicy, PolicyError, parse_policy
from .rates import Rates, RatesError, financial_year_of, rates_for


class ChargingError(DomainError):
    """The assessment cannot be made; `field` names the input field where there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message, field=field)


def run(raw: dict, *, policy: ChargingPolicy | None = None):
    """Parse and assess an input document; raise ChargingError naming the problem. Writes nothing.

    `policy` is the council's stored policy (the pages and the API pass it, and the input may not carry its own); the
    command line passes none, and the input's optional `policy` object is used, else the shipped default.

    `provisional_rates_year` (e.g. "2023/24") works the assessment out with that earlier year's figures, only where the
    rates of the effective date's year lack a figure this case needs: the assessment is recorded as provisional, with
    its effective date as given, and is worked out again once the council adds the figures."""
    folders = queries.rates_folders()
    try:
        if policy is not None and isinstance(raw, dict) and raw.get("policy") is not None:
            raise InputError("policy", "the council's stored charging policy is used here: change it on the Charging "
                             "policy page, not in the assessment")
        if policy is None:
            policy = (parse_policy_input(raw) if isinstance(raw, dict) else None) or SHIPPED_DEFAULT
        data = parse_input(raw, policy)
        provisional = str(raw.get("provisional_rates_year") or "").strip()
        try:
            result = assess(data, rates_for(data.effective_date, folders=folders), policy)
        except RatesError:
            if not provisional and needs_no_rates(data, policy):
                return data, assess(data, no_rates(data.effective_date), policy)
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
            return data, assess(data, rates_for(datetime.date(int(provisional[:4]), 4, 1), folders=folders), policy)
        except RatesError as problem:
            raise ChargingError(str(problem), "provisional_rates_year") from None
    except InputError as problem:
        raise together([ChargingError(p.message, p.field) for p in problem.every]) from None
    except RatesError as problem:
        raise ChargingError(str(problem), "effective_date") from None


def needs_no_rates(data, policy) -> bool:
    """A light-touch assessment, or support for a carer the council does not charge for, uses no national figure: it
    is made even while the year's rates are missing."""
    return data.light_touch or (data.support_for != "person" and not policy.charge_carers_support)


def no_rates(day) -> Rates:
    year = financial_year_of(day)
    start = int(year[:4])
    return Rates(year, datetime.date(start, 4, 1), datetime.date(start + 1, 3, 31), {}, {}, "(no national figures needed)")


def stored_policy_for(raw) -> ChargingPolicy:
    """The council's policy in force on the input's effective date (the shipped default if the date is unreadable:
    parsing the input then names the problem)."""
    try:
        day = datetime.date.fromisoformat(raw.get("effective_date"))
    except (AttributeError, TypeError, ValueError):
        return SHIPPED_DEFAULT
    return queries.policy_on(day)


@transaction.atomic
def record_assessment(person, raw: dict, *, actor, reason=FinancialAssessment.Reason.NEW, deprivation_of_assets=False,
                      deprivation_note="", channel="web") -> FinancialAssessment:
    data, result = run(raw, policy=stored_policy_for(raw))
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
    raw = _without_needless_provisional(dict(current.input, weekly_cost_of_care_pence=weekly_cost_pence))
    return record_assessment(person, raw, actor=actor, reason=FinancialAssessment.Reason.BUDGET_CHANGED, channel=channel)


def _without_needless_provisional(raw: dict) -> dict:
    """A stored input worked out again: an earlier year's figures are dropped once the effective year holds every
    figure the case needs (run refuses a provisional assessment then), and kept while it does not."""
    if not raw.get("provisional_rates_year"):
        return raw
    plain = {key: value for key, value in raw.items() if key != "provisional_rates_year"}
    try:
        run(plain, policy=stored_policy_for(plain))
    except ChargingError:
        return raw
    return plain


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
        raw = _without_needless_provisional(dict(current.input, effective_date=as_of.isoformat()))
        if current.effective_date == as_of:
            rows.append((person, current.weekly_contribution_pence, current.weekly_contribution_pence, "already assessed at this date"))
            continue
        try:
            if dry_run:
                _, result = run(raw, policy=stored_policy_for(raw))
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


# Asking for the assessment to be looked at again (issue 17): the person, or someone acting for them, asks online from
# their letter; or finance, or the person's worker, records a request made by phone, email, letter or in person. A
# finance officer who did not make the assessment looks again and records the outcome: it stands, or a new assessment
# made since the request changes it. The letter (charging/_letter_body.html) tells the person how.

GROUNDS_LIMIT = 2000
EXPLANATION_LIMIT = 2000
# How soon we aim to write to the person once they ask us to look again, in calendar days, as the pages tell them.
# This is the demo council's own service standard, not a statutory figure: a council sets its own.
LOOK_AGAIN_REPLY_DAYS = 28


class ReconsiderationError(DomainError):
    """The request to look again cannot be made or decided as asked; `field` names the field where there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message, field=field)


def _records_for_the_person(actor, person) -> bool:
    """Finance, or staff who may change the person's record, record a request the person made another way."""
    return _is_finance(actor) or _may_ask(actor, person)


def _asks_as_the_person(actor, person) -> bool:
    """The person themself, or someone acting for them whose authority opens the charging part of the record."""
    return access.acts_as_person(actor, person) and "charging" in access.sections_for(actor, person)


def may_ask_to_look_again(actor, person) -> bool:
    return _records_for_the_person(actor, person) or _asks_as_the_person(actor, person)


def may_decide_reconsideration(actor) -> bool:
    return _is_finance(actor)


def made_the_assessment(actor, assessment) -> bool:
    """Whoever made an assessment does not decide a request to look at it again (the letter promises someone else)."""
    return assessment.created_by_id == getattr(actor, "pk", None)


def _long_day(moment) -> str:
    from django.utils import timezone

    day = timezone.localtime(moment).date()
    return f"{day.day} {day:%B %Y}"


@transaction.atomic
def ask_to_look_again(assessment: FinancialAssessment, *, actor, grounds: str, asked_via: str = "",
                      channel="web"):
    """Ask for the person's current assessment to be looked at again. Staff record how the person asked; the person
    (or someone acting for them) asks online. One open request an assessment at a time."""

    person = assessment.person
    Via = Reconsideration.Via
    if _records_for_the_person(actor, person):
        as_person = False
        if asked_via not in {Via.PHONE, Via.EMAIL, Via.LETTER, Via.IN_PERSON}:
            raise ReconsiderationError("Select how the person asked", "asked_via")
    elif _asks_as_the_person(actor, person):
        as_person, asked_via = True, Via.ONLINE
    else:
        raise ReconsiderationError("Only the person, someone acting for them, their social worker or team manager, or "
                                   "the finance team can ask for a financial assessment to be looked at again")
    grounds = (grounds or "").strip()
    label = "What you think is wrong" if as_person else "What the person thinks is wrong"
    if not grounds:
        raise ReconsiderationError(f"Enter {label[0].lower()}{label[1:]}", "grounds")
    if len(grounds) > GROUNDS_LIMIT:
        raise ReconsiderationError(f"{label} must be {GROUNDS_LIMIT} characters or less", "grounds")
    # One at a time, even if asked twice at once: the assessment's row is held until this is written.
    FinancialAssessment.objects.select_for_update().filter(pk=assessment.pk).first()
    current = queries.current_assessment_for(person)
    if current is None or current.pk != assessment.pk:
        raise ReconsiderationError("Only the latest financial assessment can be looked at again: this one has been "
                                   "replaced by a newer one")
    found = queries.open_reconsideration_for(assessment)
    if found is not None:
        raise ReconsiderationError(f"We were already asked to look at this assessment again on "
                                   f"{_long_day(found.asked_at)}, and have not finished: there can be only one "
                                   f"request at a time")
    made = Reconsideration.objects.create(person=person, assessment=assessment, asked_via=asked_via,
                                          recorded_by=actor, grounds=grounds)
    audit.record(actor=actor, action=audit.Action.CREATE, person=person, channel=channel,
                 what=f"Asked for the financial assessment from {assessment.effective_date.day} "
                      f"{assessment.effective_date:%B %Y} to be looked at again ({made.get_asked_via_display().lower()})",
                 why=grounds)
    return made


@transaction.atomic
def decide_reconsideration(reconsideration, *, actor, outcome: str, explanation: str, new_assessment=None,
                           channel="web"):
    """A finance officer who did not make the assessment records what looking again found: it stands ("unchanged"),
    or it was changed by `new_assessment`, one of the person's assessments made after the request."""
    from django.utils import timezone


    if not may_decide_reconsideration(actor):
        raise ReconsiderationError("Only the finance team can record the outcome of looking again")
    locked = (Reconsideration.objects.select_for_update().select_related("assessment", "person")
              .filter(pk=reconsideration.pk).first())
    if locked is None:
        raise ReconsiderationError("There is no such request to look again")
    if locked.status != Reconsideration.Status.ASKED:
        raise ReconsiderationError(f"This request was already looked at again on {_long_day(locked.decided_at)}")
    if made_the_assessment(actor, locked.assessment):
        raise ReconsiderationError("You made this assessment, so someone else in the finance team must look at it again")
    problems = []
    if outcome not in {Reconsideration.Outcome.UNCHANGED, Reconsideration.Outcome.CHANGED}:
        problems.append(ReconsiderationError("Select what looking again found", "outcome"))
    explanation = (explanation or "").strip()
    if not explanation:
        problems.append(ReconsiderationError("Enter what you looked at and why", "explanation"))
    elif len(explanation) > EXPLANATION_LIMIT:
        problems.append(ReconsiderationError(f"What you looked at and why must be {EXPLANATION_LIMIT} characters or "
                                             f"less", "explanation"))
    if outcome == Reconsideration.Outcome.CHANGED:
        if new_assessment is None:
            problems.append(ReconsiderationError("Select the new assessment that changed it", "new_assessment"))
        elif (new_assessment.person_id != locked.person_id or new_assessment.pk == locked.assessment_id
              or new_assessment.created_at <= locked.asked_at):
            problems.append(ReconsiderationError("Select one of the person's assessments made after they asked",
                                                 "new_assessment"))
    elif outcome == Reconsideration.Outcome.UNCHANGED and new_assessment is not None:
        problems.append(ReconsiderationError("Leave the new assessment empty when the assessment stands",
                                             "new_assessment"))
    if problems:

        raise together(problems)
    locked.status, locked.outcome, locked.explanation = Reconsideration.Status.DECIDED, outcome, explanation
    locked.decided_by, locked.decided_at = actor, timezone.now()
    locked.new_assessment = new_assessment if outcome == Reconsideration.Outcome.CHANGED else None
    locked.save(update_fields=["status", "outcome", "explanation", "decided_by", "decided_at", "new_assessment"])
    audit.record(actor=actor, action=audit.Action.DECISION, person=locked.person, channel=channel,
                 what=f"Looked at the financial assessment again: {locked.get_outcome_display().lower()}",
                 why=explanation)
    return locked


# The council's charging policy (charging.policy, charging.models.ChargingPolicyVersion): each change is a new dated
# version, never an edit of one, so every assessment can be traced to the policy in force on its date.

POLICY_REASON_LIMIT = 2000
# The PostgreSQL advisory lock taken while a version is added, so that two added at once cannot both take the same
# date (any fixed number no other code uses; on SQLite the IMMEDIATE transactions serialise writers already).
POLICY_LOCK = 7_311_520_917


class PolicyChangeError(DomainError):
    """The charging policy cannot be changed as asked; `field` names the field where there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message, field=field)


def _policy_problem(problem) -> PolicyChangeError:
    """charging.policy's PolicyError ('policy.minimum_weekly_charge_pence') as the field's label and message."""
    name = problem.field.partition(".")[2] or None
    subject = FIELD_LABELS.get(name) or name or "The charging policy"
    return PolicyChangeError(f"{subject} {problem.message}", name)


def _lock_policy() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [POLICY_LOCK])


def _day(value) -> str:
    return f"{value.day} {value:%B %Y}"


@transaction.atomic
def set_policy(*, actor, effective_from, values: dict, reason: str, channel="web"):
    """A new version of the council's charging policy, in force from `effective_from`. `values` are fields of
    charging.policy.ChargingPolicy; a field left out keeps its value in the policy in force on that day. Refused
    unless the actor may set the policy, every value is valid, a reason is given and the day is after the latest
    version's: a version is never changed, only followed by a later one."""
    if not permissions.may_set_charging_policy(actor):
        raise PolicyChangeError("Only a finance officer or an administrator can change the charging policy")
    _lock_policy()
    problems = []
    latest = ChargingPolicyVersion.objects.order_by("-effective_from", "-id").first()
    if not isinstance(effective_from, datetime.date):
        problems.append(PolicyChangeError("Enter the date the policy takes effect", "effective_from"))
    elif latest is not None and effective_from == latest.effective_from:
        problems.append(PolicyChangeError(
            f"A version of the policy already takes effect on {_day(latest.effective_from)}, and a version is never "
            f"changed: give a later date for the new version", "effective_from"))
    elif latest is not None and effective_from < latest.effective_from:
        problems.append(PolicyChangeError(
            f"Date the policy takes effect must be after {_day(latest.effective_from)}, when the latest version "
            f"took effect", "effective_from"))
    in_force = queries.as_policy(latest) if latest is not None else None
    made_policy = None
    if not isinstance(values, dict):
        problems.append(PolicyChangeError("The charging policy's values must be a JSON object"))
    else:
        try:
            made_policy = parse_policy({**(in_force.as_dict() if in_force else {}), **values})
        except PolicyError as problem:
            problems.append(_policy_problem(problem))
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        problems.append(PolicyChangeError("Enter why the policy changes", "reason"))
    elif len(reason) > POLICY_REASON_LIMIT:
        problems.append(PolicyChangeError(f"Why the policy changes must be {POLICY_REASON_LIMIT} characters or less",
                                          "reason"))
    if problems:
        raise together(problems)
    if in_force is not None and made_policy == in_force:
        raise PolicyChangeError(f"The values are the same as the policy in force from {_day(latest.effective_from)}: "
                                f"change one, or leave the policy as it is")
    made = ChargingPolicyVersion.objects.create(effective_from=effective_from, reason=reason, created_by=actor,
                                                **made_policy.as_dict())
    before = in_force.as_dict() if in_force else {}
    changed = [FIELD_LABELS[name] for name, value in made_policy.as_dict().items() if before.get(name, value) != value]
    audit.record(actor=actor, action=audit.Action.DECISION, channel=channel, why=reason,
                 what=f"Set the charging policy from {_day(effective_from)}"
                      + (f": changed {'; '.join(changed)}" if changed else ""))
    return made
