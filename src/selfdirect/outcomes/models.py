from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Review(models.Model):
    """Step 7: how the plan worked, outcome by outcome, and what happens next."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", "Support continues as planned"
        REASSESS = "reassess", "Needs have changed: assess again and plan again"
        END = "end", "Support ends"

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="reviews")
    plan = models.ForeignKey("planning.SupportPlan", on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    summary = models.TextField("What the person said about how things are going")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]


class OutcomeRating(models.Model):
    class Rating(models.TextChoices):
        ACHIEVED = "achieved", "Achieved"
        PARTLY = "partly", "Partly achieved"
        NOT_ACHIEVED = "not_achieved", "Not achieved"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ratings")
    outcome = models.ForeignKey("planning.PlanOutcome", on_delete=models.PROTECT, related_name="ratings")
    rating = models.CharField(max_length=20, choices=Rating.choices)


class ReviewRequest(models.Model):
    """A review asked for (by the person, or someone acting for them: Care Act 2014 s.27(1)(b)) or triggered by a
    change (a direct payment condition breached, the person's capacity changed, a concern raised). A request waits for
    a decision: accepted, it is due (outcomes.schedule); declined, the reasons given to the person are kept. A
    trigger is due at once. The review that met it is recorded when it is held (outcomes.actions.record_review)."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", "Asked for"
        TRIGGERED = "triggered", "Triggered by a change"

    class Trigger(models.TextChoices):
        CONDITION_BREACHED = "condition_breached", "A condition of the direct payment was breached"
        CAPACITY_CHANGED = "capacity_changed", "The person's capacity changed"
        CONCERN_RAISED = "concern_raised", "A concern was raised"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a decision"
        ACCEPTED = "accepted", "Agreed: the review is due"
        DECLINED = "declined", "Declined"
        HELD = "held", "Held"

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="review_requests")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    trigger = models.CharField(max_length=20, choices=Trigger.choices, blank=True)
    asked_by_name = models.CharField("Who asked", max_length=160, blank=True)
    asked_by_relationship = models.CharField("Their relationship to the person", max_length=120, blank=True)
    asked_on = models.DateField()
    said = models.TextField("What they said")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    decline_reasons = models.TextField("The reasons given to the person", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    review = models.ForeignKey(Review, null=True, blank=True, on_delete=models.PROTECT, related_name="requests",
                               help_text="The review that met it")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-asked_on", "-id"]
