from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from . import ras


class AllocationTable(models.Model):
    """A published, dated allocation table. The current one is the latest whose date has come."""

    key = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    instrument = models.CharField(max_length=40, default="adult")
    effective_from = models.DateField()
    definition = models.JSONField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def rules(self) -> ras.Table:
        return ras.table_from_dict(self.definition)


class IndicativeBudget(models.Model):
    """What the Resource Allocation System gave for an agreed self-assessment, with every line of the explanation."""

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="indicative_budgets")
    self_assessment = models.ForeignKey("assessment.SelfAssessment", on_delete=models.PROTECT, related_name="+")
    table = models.ForeignKey(AllocationTable, on_delete=models.PROTECT, related_name="budgets")
    points = models.PositiveIntegerField()
    weekly_pence = models.PositiveIntegerField()
    lines = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
