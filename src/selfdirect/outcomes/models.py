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
