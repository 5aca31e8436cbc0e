import datetime

from django.db import transaction

from selfdirect.audit import actions as audit
from selfdirect.core.errors import DomainError
from selfdirect.journey import actions as journey_actions
from selfdirect.planning import queries as planning

from .models import OutcomeRating, Review

NEXT_STEP = {Review.Decision.CONTINUE: "continue_support", Review.Decision.REASSESS: "reassess", Review.Decision.END: "close"}


class ReviewError(DomainError):
    """The review cannot be recorded as asked; str() is the message to show."""


@transaction.atomic
def record_review(case, *, actor, held_on: datetime.date, summary: str, decision: str, ratings: dict[int, str],
                  channel="web") -> Review:
    """Record a review and move the case: support continues, the journey starts again, or the case closes."""
    if decision not in Review.Decision.values:
        raise ReviewError("Select what happens next")
    if not summary.strip():
        raise ReviewError("Enter what the person said about how things are going")
    plan = planning.approved_plan_for(case)
    if plan is None:
        raise ReviewError("There is no approved plan to review")
    outcome_ids = {o.pk for o in plan.outcomes.all()}
    if set(ratings) != outcome_ids:
        raise ReviewError("Rate every outcome in the plan")
    if any(r not in OutcomeRating.Rating.values for r in ratings.values()):
        raise ReviewError("Each outcome must be rated achieved, partly achieved or not achieved")
    if case.state == "live":
        journey_actions.move(case, "start_review", actor=actor, channel=channel)
    review = Review.objects.create(case=case, plan=plan, held_on=held_on, summary=summary.strip(), decision=decision,
                                   reviewed_by=actor)
    OutcomeRating.objects.bulk_create(
        [OutcomeRating(review=review, outcome_id=pk, rating=rating) for pk, rating in sorted(ratings.items())]
    )
    audit.record(actor=actor, action=audit.Action.DECISION, person=case.person,
                 what=f"Recorded a review: {review.get_decision_display()}", channel=channel)
    journey_actions.move(case, NEXT_STEP[decision], actor=actor, channel=channel, on=held_on,
                 reason="Decided at review" if decision == Review.Decision.END else "")
    return review
