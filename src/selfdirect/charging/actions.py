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

from . import deferred, queries, top_ups
from .contribution import InputError, assess, parse_input, parse_policy_input
from .models import (
    AssessmentRequest,
    ChargingPolicyVersion,
    DeferredInterestRate,
    DeferredPaymentAgreement,
    FinancialAssessment,
    Reconsideration,
    TopUpAgreement,
)
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


UPRATING_SAYS_EVERY = 50  # people between one word of progress and the next (`progress`)


def uprate(*, as_of: datetime.date, actor, dry_run: bool = False, people=None, progress=None, channel: str = "cli"):
    """Run every current assessment again with the rates of the year `as_of` falls in. Returns report rows:
    (person, old pence, new pence or None, message). Idempotent: a person already assessed at `as_of` is left alone.
    Each person's new assessment is its own transaction; `progress(text)`, if given, hears how many have been done
    every UPRATING_SAYS_EVERY people (the page's job, charging.jobs)."""
    if not permissions.may_assess_charges(actor):
        raise ChargingError("Only finance officers and administrators uprate assessments")
    rows = []
    people = people if people is not None else Person.objects.filter(financial_assessments__isnull=False).distinct()
    people = people.order_by("la_person_id")
    total = people.count() if progress else 0
    for done, person in enumerate(people):
        if progress and done and done % UPRATING_SAYS_EVERY == 0:
            progress(f"{done:,} of {total:,} people {'checked' if dry_run else 'reassessed'}")
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
                                        channel=channel).weekly_contribution_pence
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


# ---- deferred payment agreements (charging.deferred; the account itself is posted by money.deferred) -------------------

class DeferredPaymentError(DomainError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message, field=field)


DEFERRING_NOTE = "Left out to work out what the person pays from income under a deferred payment agreement"


def deferred_payment_proposal(assessment: FinancialAssessment, *, kept_income_weekly_pence: int | None = None,
                              value_pence: int | None = None, secured_debt_pence: int | None = None) -> deferred.Proposal:
    """What an agreement offered on this assessment would say: worked out again with the home left out, to find what
    the person pays from income (the rest is deferred). Writes nothing."""
    raw = assessment.input
    home = raw.get("property") if isinstance(raw.get("property"), dict) else None
    if home is None:
        raise DeferredPaymentError("This financial assessment records no home, so there is nothing to defer against",
                                   "property")
    without_home = dict(raw, property={key: value for key, value in home.items() if key != "occupied_by"}
                        | {"discretionary_disregard_reason": DEFERRING_NOTE})
    try:
        data, result = run(_without_needless_provisional(without_home), policy=stored_policy_for(raw))
        rates = rates_for(datetime.date(int(assessment.financial_year[:4]), 4, 1), folders=queries.rates_folders())
    except (ChargingError, RatesError) as problem:
        raise DeferredPaymentError(f"The assessment cannot be worked out again without the home: {problem}") from None
    value = value_pence if value_pence is not None else int(home.get("share_value_pence") or home.get("value_pence") or 0)
    debt = secured_debt_pence if secured_debt_pence is not None else int(home.get("secured_debt_pence") or 0)
    allowance, _ = deferred.disposable_income_allowance_pence()
    try:
        return deferred.propose(
            setting=data.setting, weekly_cost_pence=assessment.weekly_cost_of_care_pence,
            home_counted=assessment.result.get("counted_capital_pence", 0) > result.counted_capital_pence,
            capital_excluding_home_pence=result.counted_capital_pence,
            contribution_without_home_pence=result.weekly_contribution_pence,
            personal_expenses_allowance_pence=rates.get("personal_expenses_allowance"),
            disposable_income_allowance_pence=allowance, kept_income_weekly_pence=kept_income_weekly_pence,
            value_pence=value, secured_debt_pence=debt, upper_capital_limit_pence=rates.get("upper_capital_limit"),
            lower_capital_limit_pence=rates.get("lower_capital_limit"))
    except deferred.DeferredError as problem:
        raise DeferredPaymentError(problem.message, problem.field) from None


def _lock_person(person) -> None:
    Person.objects.select_for_update().filter(pk=person.pk).first()


@transaction.atomic
def offer_deferred_payment(assessment: FinancialAssessment, *, actor, home: str, valued_on: datetime.date,
                           starts_on: datetime.date, offered_on: datetime.date, value_pence: int | None = None,
                           secured_debt_pence: int | None = None, kept_income_weekly_pence: int | None = None,
                           interest_basis_points: int | None = None, set_up_charge_pence: int = 0,
                           channel="web") -> DeferredPaymentAgreement:
    """Offer an agreement on the person's current assessment, where the law says it must be offered (DPA Regulations,
    reg 2). One open agreement (offered or in force) a person at a time."""
    person = assessment.person
    _lock_person(person)
    if queries.current_assessment_for(person) != assessment:
        raise DeferredPaymentError("Offer an agreement on the person's current financial assessment")
    if DeferredPaymentAgreement.objects.filter(person=person, status__in=["offered", "active"]).exists():
        raise DeferredPaymentError("The person already has a deferred payment agreement offered or in force")
    proposal = deferred_payment_proposal(assessment, kept_income_weekly_pence=kept_income_weekly_pence,
                                         value_pence=value_pence, secured_debt_pence=secured_debt_pence)
    if proposal.unmet:
        raise DeferredPaymentError(" ".join(proposal.unmet))
    problems = []
    if not home.strip():
        problems.append(DeferredPaymentError("Enter the home's address as the agreement names it", "home"))
    if starts_on < assessment.effective_date:
        problems.append(DeferredPaymentError(f"Start on or after the assessment's effective date, "
                                             f"{assessment.effective_date:%d %B %Y}", "starts_on"))
    if interest_basis_points is not None and interest_basis_points < 0:
        problems.append(DeferredPaymentError("Enter a rate of 0 or more, or leave it for the national maximum",
                                             "interest_basis_points"))
    if problems:
        raise together(problems)
    case = journey.current_case_for(person)
    if case is None:
        raise DeferredPaymentError("The person has no open case to hold the deferred payment account")
    made = DeferredPaymentAgreement.objects.create(
        person=person, case=case, assessment=assessment, offered_on=offered_on, home=home.strip(),
        value_pence=proposal.value_pence, valued_on=valued_on, secured_debt_pence=proposal.secured_debt_pence,
        lower_capital_limit_pence=proposal.lower_capital_limit_pence, equity_limit_pence=proposal.equity_limit_pence,
        weekly_cost_pence=proposal.weekly_cost_pence, income_contribution_pence=proposal.income_contribution_pence,
        kept_income_weekly_pence=proposal.kept_income_weekly_pence,
        weekly_deferred_pence=proposal.weekly_deferred_pence, interest_basis_points=interest_basis_points,
        set_up_charge_pence=set_up_charge_pence, starts_on=starts_on, created_by=actor)
    audit.record(actor=actor, action=audit.Action.DECISION, person=person, channel=channel,
                 what=f"Deferred payment agreement offered: {Money(made.weekly_deferred_pence)} a week deferred, "
                      f"equity limit {Money(made.equity_limit_pence)}")
    return made


def _locked_agreement(agreement) -> DeferredPaymentAgreement:
    return DeferredPaymentAgreement.objects.select_for_update().get(pk=agreement.pk)


@transaction.atomic
def decide_deferred_payment(agreement: DeferredPaymentAgreement, *, actor, agreed: bool, on: datetime.date,
                            title_number: str = "", charge_registered_on: datetime.date | None = None,
                            decline_reason: str = "", channel="web") -> DeferredPaymentAgreement:
    """The person signs the agreement and the council's first legal charge on the home is registered (DPA
    Regulations, reg 4: the council must be satisfied it has adequate security), or the person declines."""
    agreement = _locked_agreement(agreement)
    if agreement.status != DeferredPaymentAgreement.Status.OFFERED:
        raise DeferredPaymentError(f"This agreement is {agreement.get_status_display().lower()}, not waiting for an "
                                   "answer")
    problems = []
    if agreed:
        if not re.fullmatch(r"[A-Z]{0,3}\d{1,9}", title_number.strip().upper()):
            problems.append(DeferredPaymentError("Enter the Land Registry title number, like DN123456", "title_number"))
        if charge_registered_on is None:
            problems.append(DeferredPaymentError("Enter the day the legal charge was registered",
                                                 "charge_registered_on"))
    elif not decline_reason.strip():
        problems.append(DeferredPaymentError("Say why the person declined", "decline_reason"))
    if problems:
        raise together(problems)
    agreement.decided_on = on
    if agreed:
        agreement.status = DeferredPaymentAgreement.Status.ACTIVE
        agreement.title_number = title_number.strip().upper()
        agreement.charge_registered_on = charge_registered_on
    else:
        agreement.status = DeferredPaymentAgreement.Status.DECLINED
        agreement.decline_reason = decline_reason.strip()
    agreement.save()
    audit.record(actor=actor, action=audit.Action.DECISION, person=agreement.person, channel=channel,
                 what=f"Deferred payment agreement {agreement.get_status_display().lower()}")
    return agreement


@transaction.atomic
def end_deferred_payment(agreement: DeferredPaymentAgreement, *, actor, on: datetime.date, reason: str,
                         sum_due_pence: int, channel="web") -> DeferredPaymentAgreement:
    """Record the end and the sum due. Called by money.deferred.end_agreement, which brings the account up to the day
    and works the sum out from the ledger."""
    agreement = _locked_agreement(agreement)
    if agreement.status != DeferredPaymentAgreement.Status.ACTIVE:
        raise DeferredPaymentError("Only an agreement in force can end")
    if reason not in DeferredPaymentAgreement.EndReason.values:
        raise DeferredPaymentError("Choose how the agreement ends", "reason")
    if on < agreement.starts_on:
        raise DeferredPaymentError(f"End on or after the day it started, {agreement.starts_on:%d %B %Y}", "on")
    agreement.status = DeferredPaymentAgreement.Status.ENDED
    agreement.ended_on, agreement.end_reason, agreement.sum_due_pence = on, reason, sum_due_pence
    agreement.save()
    audit.record(actor=actor, action=audit.Action.DECISION, person=agreement.person, channel=channel,
                 what=f"Deferred payment agreement ended ({agreement.get_end_reason_display().lower()}): "
                      f"{Money(sum_due_pence)} due")
    return agreement


@transaction.atomic
def add_deferred_interest_rate(*, actor, starts_on: datetime.date, basis_points: int, source: str,
                               channel="web") -> DeferredInterestRate:
    """A national maximum rate for a six-month period the shipped file lacks, with where it was published (DPA
    Regulations, reg 9(5): the periods run from 1 January and from 1 July)."""
    problems = []
    if (starts_on.month, starts_on.day) not in {(1, 1), (7, 1)}:
        problems.append(DeferredPaymentError("A period starts on 1 January or 1 July", "starts_on"))
    elif any(rate.starts_on <= starts_on <= rate.ends_on for rate in queries.deferred_interest_rates()):
        problems.append(DeferredPaymentError(f"The rate from {starts_on:%d %B %Y} is already known", "starts_on"))
    if not source.strip():
        problems.append(DeferredPaymentError("Say where the rate was published", "source"))
    if basis_points < 0 or basis_points > 2000:
        problems.append(DeferredPaymentError("Enter a rate from 0% to 20%", "percent"))
    if problems:
        raise together(problems)
    ends_on = datetime.date(starts_on.year, 6, 30) if starts_on.month == 1 else datetime.date(starts_on.year, 12, 31)
    made = DeferredInterestRate.objects.create(starts_on=starts_on, ends_on=ends_on, basis_points=basis_points,
                                               source=source.strip(), added_by=actor)
    audit.record(actor=actor, action=audit.Action.CHANGE, channel=channel,
                 what=f"Deferred payment interest rate added: {deferred.percent_text(basis_points)} from {starts_on:%d %B %Y}")
    return made


# Top-ups (charging.top_ups, charging.models.TopUpAgreement): finance records the written agreement once; later it
# ends, or its payments stop and finance records what the council did (Care and Support Statutory Guidance, Annex A).

TOP_UP_NOTE_LIMIT = 2000


class TopUpError(DomainError):
    """The top-up cannot be recorded or closed as asked; `field` names the field where there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message, field=field)


def _top_up_terms(person, values: dict) -> top_ups.Terms:
    """The agreement's terms from the values a page or the API gives (pence as whole numbers, days as dates). A
    first-party top-up's payer is the person. A top-up left out is the home's price less the council's rate; one given
    is checked against it."""
    def text(name):
        value = values.get(name)
        return value.strip() if isinstance(value, str) else ""

    def pence(name):
        value = values.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None

    problems = []
    for name, label in (("weekly_price_pence", "the home's weekly price"),
                        ("council_rate_pence", "the council's weekly rate for such a place")):
        if pence(name) is None:
            problems.append(TopUpError(f"Enter {label} in pounds and pence", name))
    for name, label in (("agreed_on", "the day the top-up was agreed"), ("review_on", "the day to review it by")):
        if not isinstance(values.get(name), datetime.date):
            problems.append(TopUpError(f"Enter {label}", name))
    given = values.get("weekly_top_up_pence")
    if given is not None and pence("weekly_top_up_pence") is None:
        problems.append(TopUpError("Enter the top-up in pounds and pence", "weekly_top_up_pence"))
    if problems:
        raise together(problems)
    kind = text("kind")
    price, rate = pence("weekly_price_pence"), pence("council_rate_pence")
    first = kind == TopUpAgreement.Kind.FIRST_PARTY
    return top_ups.Terms(
        kind=kind, first_party_case=text("first_party_case"),
        payer_name=text("payer_name") or (person.full_name if first else ""),
        payer_relationship=text("payer_relationship") or ("The resident" if first else ""),
        care_home=text("care_home"), weekly_price_pence=price, council_rate_pence=rate,
        weekly_top_up_pence=top_ups.difference(price, rate) if given is None else given,
        frequency=text("frequency"), paid_to=text("paid_to"), agreed_on=values["agreed_on"],
        agreement_reference=text("agreement_reference"), signed_by=text("signed_by"), review_on=values["review_on"],
        if_payments_stop=text("if_payments_stop"))


@transaction.atomic
def record_top_up(person, *, actor, values: dict, channel="web") -> TopUpAgreement:
    """Record a top-up agreement: refused unless finance records it, the person's case is open, no other top-up is in
    force, and the terms pass charging.top_ups.check (a first-party top-up only in the three cases of reg 5; the
    top-up the home's price less the council's rate; a written agreement with its reference, who signed it, a review
    date and what happens if payments stop). Every problem at once."""
    if not permissions.may_assess_charges(actor):
        raise TopUpError("Only the finance team can record a top-up")
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one at a time, even if recorded twice at once
    case = journey.current_case_for(person)
    if case is None or case.state == "closed":
        raise TopUpError("The person's case is closed: open a new case before recording a top-up")
    terms = _top_up_terms(person, values)
    problems = [TopUpError(p.message, p.field) for p in top_ups.check(terms, queries.top_up_facts(person))]
    in_force = queries.top_up_in_force_of(person)
    if in_force is not None:
        problems.insert(0, TopUpError(f"A top-up agreed on {in_force.agreed_on:%-d %B %Y} is in force: record that it "
                                      "ended or that its payments stopped first"))
    if problems:
        raise together(problems)
    made = TopUpAgreement.objects.create(person=person, case=case, created_by=actor, **terms.__dict__)
    audit.record(actor=actor, action=audit.Action.CREATE, person=person, channel=channel,
                 what=f"Recorded a {made.get_kind_display().lower()} top-up of {Money(made.weekly_top_up_pence)} a week "
                      f"(agreement {made.agreement_reference})")
    return made


@transaction.atomic
def close_top_up(top_up: TopUpAgreement, *, actor, status: str, closed_on, what_was_done: str,
                 channel="web") -> TopUpAgreement:
    """A top-up in force ends, or its payments stop; finance records the day and what the council did (Annex A: the
    council stays liable for the whole fee until it recovers the cost or makes other arrangements)."""
    from django.utils import timezone

    if not permissions.may_assess_charges(actor):
        raise TopUpError("Only the finance team can record that a top-up ended or that its payments stopped")
    locked = TopUpAgreement.objects.select_for_update().filter(pk=top_up.pk).first()
    if locked is None:
        raise TopUpError("There is no such top-up agreement")
    if locked.status != TopUpAgreement.Status.ACTIVE:
        raise TopUpError(f"This top-up is {locked.get_status_display().lower()} already")
    problems = []
    if status not in {TopUpAgreement.Status.ENDED, TopUpAgreement.Status.PAYMENTS_STOPPED}:
        problems.append(TopUpError("Select whether the agreement ended or its payments stopped", "status"))
    if not isinstance(closed_on, datetime.date):
        problems.append(TopUpError("Enter the day", "closed_on"))
    elif closed_on < locked.agreed_on:
        problems.append(TopUpError(f"The day must be on or after the day the top-up was agreed, "
                                   f"{locked.agreed_on:%-d %B %Y}", "closed_on"))
    elif closed_on > timezone.localdate():
        problems.append(TopUpError("The day must be today or earlier", "closed_on"))
    what_was_done = (what_was_done or "").strip() if isinstance(what_was_done, str) else ""
    if not what_was_done:
        problems.append(TopUpError("Say what was done", "what_was_done"))
    elif len(what_was_done) > TOP_UP_NOTE_LIMIT:
        problems.append(TopUpError(f"What was done must be {TOP_UP_NOTE_LIMIT} characters or less", "what_was_done"))
    if problems:
        raise together(problems)
    locked.status, locked.closed_on, locked.what_was_done, locked.closed_by = status, closed_on, what_was_done, actor
    locked.save(update_fields=["status", "closed_on", "what_was_done", "closed_by"])
    audit.record(actor=actor, action=audit.Action.DECISION, person=locked.person, channel=channel, why=what_was_done,
                 what=f"Top-up agreement {locked.agreement_reference}: "
                      + ("ended" if status == TopUpAgreement.Status.ENDED else "payments stopped")
                      + f" on {closed_on:%-d %B %Y}")
    return locked
