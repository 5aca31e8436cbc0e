from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Assessment(models.Model):
    """Step 2: the needs assessment, the eligibility decision and the indicative budget."""

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="assessments")
    arises_from_impairment = models.BooleanField()
    outcomes_unable = models.JSONField(default=list)
    significant_impact_on_wellbeing = models.BooleanField()
    evidence = models.TextField()
    eligible = models.BooleanField()
    decision_text = models.TextField()
    indicative_weekly_pence = models.PositiveIntegerField(null=True, blank=True)
    indicative_reason = models.TextField(blank=True)
    ras_weekly_pence = models.PositiveIntegerField("Figure from the Resource Allocation System", null=True, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_at", "-id"]

    @property
    def overrides_ras(self) -> bool:
        return self.ras_weekly_pence is not None and self.indicative_weekly_pence != self.ras_weekly_pence


class SelfAssessment(models.Model):
    """Answers to a supported self-assessment questionnaire. The person's own version and the version the worker
    agreed are both kept; the questionnaire version is kept with them."""

    class Kind(models.TextChoices):
        PERSON = "person", "The person's own answers"
        AGREED = "agreed", "Agreed by the worker"

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="self_assessments")
    questionnaire = models.CharField(max_length=40)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    answers = models.JSONField()
    points = models.PositiveIntegerField()
    by_domain = models.JSONField()
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
