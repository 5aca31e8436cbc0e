from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class FinancialAssessment(models.Model):
    """One run of the financial assessment: the input as given, the result with every line, and why it was run.
    A later run supersedes an earlier one; the latest is the person's current contribution."""

    class Reason(models.TextChoices):
        NEW = "new", "New financial assessment"
        CIRCUMSTANCES = "circumstances", "The person's income or capital changed"
        BUDGET_CHANGED = "budget_changed", "The personal budget changed"
        UPRATING = "uprating", "Yearly uprating of rates"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="financial_assessments")
    effective_date = models.DateField()
    financial_year = models.CharField(max_length=7)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    input = models.JSONField()
    result = models.JSONField()
    weekly_cost_of_care_pence = models.PositiveIntegerField()
    weekly_contribution_pence = models.PositiveIntegerField()
    full_cost = models.BooleanField()
    light_touch = models.BooleanField(default=False)
    deprivation_of_assets = models.BooleanField("Possible deprivation of assets to look into", default=False)
    deprivation_note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "-created_at"])]

    @property
    def council_weekly_contribution_pence(self) -> int:
        return self.weekly_cost_of_care_pence - self.weekly_contribution_pence
