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
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_at", "-id"]
