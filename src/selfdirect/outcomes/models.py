from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from . import cld_review


class Review(models.Model):
    """Step 7: how the plan worked, outcome by outcome, and what happens next."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", "Support continues as planned"
        REASSESS = "reassess", "Needs have changed: assess again and plan again"
        END = "end", "Support ends"

    class Depth(models.TextChoices):
        LIGHT = "light", "Light review"
        FULL = "full", "Full review"

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="reviews")
    plan = models.ForeignKey("planning.SupportPlan", on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    summary = models.TextField("What the person said about how things are going")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    depth = models.CharField("Light or full review", max_length=5, choices=Depth.choices, default=Depth.LIGHT)
    # The Client Level Data review fields (outcomes.cld_review, docs/cld-review-fields.md): the value the file carries.
    # "Review Outcomes Achieved" is not kept: it is worked out from the ratings (cld_review.outcomes_achieved).
    cld_reason = models.CharField("Why the review was held", max_length=60, blank=True,
                                  help_text="A Review Reason value from outcomes.cld_review.REVIEW_REASONS")
    cld_method = models.CharField("Whose review it was", max_length=30, blank=True,
                                  help_text="A Method of Review value from outcomes.cld_review.METHODS_OF_REVIEW; blank "
                                            "only on reviews recorded before it was asked")
    what_changed = models.TextField("What changed in the plan and the budget as a result", blank=True)
    budget_before_pence = models.PositiveIntegerField(
        "Weekly personal budget before", null=True, blank=True,
        help_text="The weekly personal budget (the approved plan's weekly cost) when it was held")
    budget_after_pence = models.PositiveIntegerField(
        "Weekly personal budget after", null=True, blank=True,
        help_text="The weekly personal budget after it: the same when support continues, nothing when it ends; after a "
                  "full review, the next plan's when it is signed off (blank until then)")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]

    @property
    def cld_reason_display(self) -> str:
        return cld_review.label(cld_review.REVIEW_REASONS, self.cld_reason)

    @property
    def cld_method_display(self) -> str:
        return cld_review.label(cld_review.METHODS_OF_REVIEW, self.cld_method)

    @property
    def outcomes_achieved(self) -> str:
        """The "Review Outcomes Achieved" value, from the ratings (prefetch them when listing many)."""
        return cld_review.outcomes_achieved([r.rating for r in self.ratings.all()])


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
