import datetime

from django.db import transaction
from django.utils import timezone

from selfdirect.audit import actions as audit
from selfdirect.core.errors import DomainError, together
from selfdirect.journey import actions as journey_actions
from selfdirect.journey.models import Case
from selfdirect.people import access as people_access
from selfdirect.planning import queries as planning

from . import cld_review, queries, schedule
from .models import OutcomeRating, Review, ReviewRequest

NEXT_STEP = {Review.Decision.CONTINUE: "continue_support", Review.Decision.REASSESS: "reassess", Review.Decision.END: "close"}


class ReviewError(DomainError):
    """The review cannot be recorded as asked; str() is the message to show."""


@transaction.atomic
def record_review(case, *, actor, held_on: datetime.date, summary: str, decision: str, ratings: dict[int, str],
                  depth: str, reason: str, method: str, what_changed: str, channel="web") -> Review:
    """Record a review and move the case: support continues, the journey starts again, or the case closes.

    `depth` is light (a conversation recorded here) or full (a reassessment: the decision must be to assess again);
    `reason` and `method` are the Client Level Data Review Reason and Method of Review values (outcomes.cld_review);
    `what_changed` says what changed in the plan and the budget as a result ("Nothing changed" is an answer). The
    weekly personal budget before is the approved plan's; after, the same when support continues and nothing when it
    ends; after a full review it is the next plan's, filled in when that plan is signed off (keep_budget_after)."""
    problems = []
    if decision not in Review.Decision.values:
        problems.append(ReviewError("Select what happens next", field="decision"))
    if not summary.strip():
        problems.append(ReviewError("Enter what the person said about how things are going", field="summary"))
    if depth not in Review.Depth.values:
        problems.append(ReviewError("Select whether this is a light review or a full review", field="depth"))
    elif depth == Review.Depth.FULL and decision in Review.Decision.values and decision != Review.Decision.REASSESS:
        problems.append(ReviewError("A full review is a reassessment: choose to assess again and plan again, or record "
                                    "a light review", field="depth"))
    elif depth == Review.Depth.LIGHT and decision == Review.Decision.REASSESS:
        problems.append(ReviewError("Assessing again is a full review: choose a full review, or another next step",
                                    field="depth"))
    if reason not in cld_review.codes(cld_review.REVIEW_REASONS):
        problems.append(ReviewError("Select why the review was held", field="reason"))
    if method not in cld_review.codes(cld_review.METHODS_OF_REVIEW):
        problems.append(ReviewError("Select whose review it was: the person's, their carer's, or both together",
                                    field="method"))
    if not what_changed.strip():
        problems.append(ReviewError("Enter what changed in the plan and the budget, or \"Nothing changed\"",
                                    field="what_changed"))
    plan = planning.approved_plan_for(case)
    if plan is not None:
        outcome_ids = {o.pk for o in plan.outcomes.all()}
        if set(ratings) != outcome_ids:
            problems.append(ReviewError("Rate every outcome in the plan", field="ratings"))
        elif any(r not in OutcomeRating.Rating.values for r in ratings.values()):
            problems.append(ReviewError("Each outcome must be rated achieved, partly achieved or not achieved",
                                        field="ratings"))
    if problems:
        raise together(problems)
    if plan is None:
        raise ReviewError("There is no approved plan to review")
    if case.state == "live":
        journey_actions.move(case, "start_review", actor=actor, channel=channel)
    before = plan.weekly_total_pence
    after = {Review.Decision.CONTINUE: before, Review.Decision.END: 0}.get(decision)
    review = Review.objects.create(case=case, plan=plan, held_on=held_on, summary=summary.strip(), decision=decision,
                                   depth=depth, cld_reason=reason, cld_method=method, what_changed=what_changed.strip(),
                                   budget_before_pence=before, budget_after_pence=after, reviewed_by=actor)
    OutcomeRating.objects.bulk_create(
        [OutcomeRating(review=review, outcome_id=pk, rating=rating) for pk, rating in sorted(ratings.items())]
    )
    # The requests agreed and the changes raised on or before the day it was held are met by it (outcomes.schedule).
    ReviewRequest.objects.filter(case=case, status=ReviewRequest.Status.ACCEPTED, asked_on__lte=held_on).update(
        status=ReviewRequest.Status.HELD, review=review)
    audit.record(actor=actor, action=audit.Action.DECISION, person=case.person, channel=channel,
                 what=f"Recorded a review ({review.get_depth_display().lower()}, {reason}, {method}): "
                      f"{review.get_decision_display()}"[:200])
    journey_actions.move(case, NEXT_STEP[decision], actor=actor, channel=channel, on=held_on,
                 reason="Decided at review" if decision == Review.Decision.END else "")
    return review


def keep_budget_after(case_ids) -> None:
    """A full review's budget after is the weekly cost of the next plan signed off for the case: filled in when there
    is one (outcomes.apps calls this whenever a case's plan changes). Bookkeeping from records already audited, so not
    audited itself; runs inside the caller's transaction."""
    waiting = list(Review.objects.filter(case_id__in=list(case_ids), depth=Review.Depth.FULL,
                                         budget_after_pence__isnull=True).select_related("plan"))
    for review in waiting:
        weekly = queries.next_signed_weekly_pence(review.plan)
        if weekly is not None:
            review.budget_after_pence = weekly
            review.save(update_fields=["budget_after_pence"])


class RequestError(DomainError):
    """A request for a review, or a change that needs one, cannot be recorded or decided as asked."""


def keep_next_review(case_ids) -> None:
    """Keep Case.next_review_on in step with the schedule (outcomes.schedule): the earliest latest day of the reviews
    due, for each of these cases whose support has started. Called when a plan is approved, support starts, a review
    is held, a request or trigger is made or decided, and a first direct payment is paid (outcomes.apps listens for
    core.events.cases_changed; this module's actions call it). Bookkeeping worked out from records already audited,
    so not audited itself; runs inside the caller's transaction."""
    found = queries.scheduled_cases(case_ids)
    if not found:
        return
    due = queries.due_by_case([pk for pk, _ in found])
    changed = [Case(pk=pk, next_review_on=schedule.next_review_on(due[pk])) for pk, kept in found
               if schedule.next_review_on(due[pk]) != kept]
    if changed:
        Case.objects.bulk_update(changed, ["next_review_on"])


def _scheduled(case) -> None:
    if case.state not in queries.SCHEDULED_STATES:
        raise RequestError("A review is asked for once support has started")


def _who_asks(actor, person) -> tuple[str, str]:
    """The name and relationship of a person asking through their own sign-in: the person, or who acts for them."""
    if person.user_id == actor.pk:
        return person.full_name, "The person"
    acting = person.representatives.filter(user=actor).order_by("-starts_on").first()
    if acting is None:
        return actor.get_full_name() or actor.get_username(), "Acting for the person"
    return acting.name, acting.relationship


@transaction.atomic
def request_review(case, *, actor, said: str, asked_on: datetime.date | None = None, asked_by_name: str = "",
                   asked_by_relationship: str = "", channel="web") -> ReviewRequest:
    """Record a request for a review (Care Act 2014 s.27(1)(b)): by the person or someone acting for them through
    their own sign-in (who asked is them, today), or by staff who may change the record on their behalf (who asked,
    and when, as they say). It waits for a decision (decide_request)."""
    person = case.person
    staff = people_access.can_change(actor, person)
    as_person = not staff and people_access.acts_as_person(actor, person)
    if not (staff or as_person):
        raise RequestError("Only the person, someone acting for them, or their worker can ask for a review")
    _scheduled(case)
    today = timezone.localdate()
    problems = []
    if not said.strip():
        problems.append(RequestError("Enter why a review is needed", field="said"))
    if as_person:
        asked_by_name, asked_by_relationship = _who_asks(actor, person)
        asked_on = today
    else:
        if not asked_by_name.strip():
            problems.append(RequestError("Enter the name of who asked for the review", field="asked_by_name"))
        if not asked_by_relationship.strip():
            problems.append(RequestError("Enter who they are to the person, for example \"The person\" or \"Daughter\"",
                                         field="asked_by_relationship"))
        if asked_on is None:
            problems.append(RequestError("Enter the date they asked", field="asked_on"))
        elif asked_on > today:
            problems.append(RequestError("The date they asked must be today or in the past", field="asked_on"))
    if problems:
        raise together(problems)
    made = ReviewRequest.objects.create(
        case=case, kind=ReviewRequest.Kind.REQUESTED, asked_by_name=asked_by_name.strip()[:160],
        asked_by_relationship=asked_by_relationship.strip()[:120], asked_on=asked_on, said=said.strip(),
        recorded_by=actor)
    audit.record(actor=actor, action=audit.Action.CREATE, person=person, channel=channel,
                 what=f"Asked for a review (request {made.pk})"[:200])
    return made


@transaction.atomic
def decide_request(request: ReviewRequest, *, actor, accept: bool, reasons: str = "", channel="web") -> ReviewRequest:
    """Agree a request for a review (it is then due: outcomes.schedule) or decline it, with the reasons given to the
    person, which they see."""
    request = ReviewRequest.objects.select_for_update().select_related("case__person").get(pk=request.pk)
    person = request.case.person
    if not people_access.can_change(actor, person):
        raise RequestError("Only staff who work on the person's record decide a request for a review")
    if request.status != ReviewRequest.Status.WAITING:
        raise RequestError(f"This request was decided already: {request.get_status_display().lower()}")
    if not accept and not reasons.strip():
        raise RequestError("Enter the reasons the review will not be held, as they will be given to the person",
                           field="reasons")
    request.status = ReviewRequest.Status.ACCEPTED if accept else ReviewRequest.Status.DECLINED
    request.decline_reasons = "" if accept else reasons.strip()
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save(update_fields=["status", "decline_reasons", "decided_by", "decided_at"])
    audit.record(actor=actor, action=audit.Action.DECISION, person=person, channel=channel,
                 what=f"{'Agreed' if accept else 'Declined'} a request for a review (request {request.pk})",
                 why=request.decline_reasons[:500])
    keep_next_review([request.case_id])
    return request


@transaction.atomic
def record_trigger(case, *, actor, trigger: str, raised_on: datetime.date, said: str, channel="web") -> ReviewRequest:
    """Record a change that needs a review (a direct payment condition breached, the person's capacity changed, a
    concern raised: Direct Payments Regulations 2014, regulation 7): due at once."""
    if not people_access.can_change(actor, case.person):
        raise RequestError("Only staff who work on the person's record record a change that needs a review")
    _scheduled(case)
    problems = []
    if trigger not in ReviewRequest.Trigger.values:
        problems.append(RequestError("Select what changed", field="trigger"))
    if raised_on is None:
        problems.append(RequestError("Enter the date of the change", field="raised_on"))
    elif raised_on > timezone.localdate():
        problems.append(RequestError("The date of the change must be today or in the past", field="raised_on"))
    if not said.strip():
        problems.append(RequestError("Enter what happened", field="said"))
    if problems:
        raise together(problems)
    made = ReviewRequest.objects.create(
        case=case, kind=ReviewRequest.Kind.TRIGGERED, trigger=trigger, asked_on=raised_on, said=said.strip(),
        status=ReviewRequest.Status.ACCEPTED, decided_by=actor, decided_at=timezone.now(), recorded_by=actor,
        asked_by_name=actor.get_full_name() or actor.get_username(), asked_by_relationship="Worker")
    audit.record(actor=actor, action=audit.Action.CREATE, person=case.person, channel=channel,
                 what=f"Recorded a change that needs a review: {made.get_trigger_display()}"[:200])
    keep_next_review([case.pk])
    return made
