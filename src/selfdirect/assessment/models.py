from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from . import eligibility


class Assessment(models.Model):
    """Step 2: the needs assessment, the eligibility decision outcome by outcome and the indicative budget.

    `findings` keeps one entry per outcome (see eligibility.Finding.as_dict: the meanings of "unable" that apply,
    the evidence, whether needs fluctuate and over what period); `outcomes_unable` is kept in step with it for the
    reports that read it. An eligible assessment with no indicative budget yet is waiting for the budget
    (`budget_set_at` is set when it is confirmed)."""

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="assessments")
    arises_from_impairment = models.BooleanField()
    outcomes_unable = models.JSONField(default=list)
    findings = models.JSONField(default=list)
    significant_impact_on_wellbeing = models.BooleanField()
    wellbeing_areas = models.JSONField(default=list)
    wellbeing_impact = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    eligible = models.BooleanField()
    decision_text = models.TextField()
    advice = models.TextField("Information and advice (Care Act 2014 s.13(5))", blank=True)
    indicative_weekly_pence = models.PositiveIntegerField(null=True, blank=True)
    indicative_reason = models.TextField(blank=True)
    override_reason = models.TextField("Why the figure differs from the Resource Allocation System's", blank=True)
    budget_set_at = models.DateTimeField(null=True, blank=True)
    ras_weekly_pence = models.PositiveIntegerField("Figure from the Resource Allocation System", null=True, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_at", "-id"]

    @property
    def overrides_ras(self) -> bool:
        return (self.ras_weekly_pence is not None and self.indicative_weekly_pence is not None
                and self.indicative_weekly_pence != self.ras_weekly_pence)

    @property
    def awaiting_budget(self) -> bool:
        return self.eligible and self.indicative_weekly_pence is None

    def finding_list(self):
        return eligibility.findings_from(self.findings)

    def reasons(self) -> list[str]:
        """The reasons given to the person, without the headline (older records hold them on one line)."""
        return [line for line in self.decision_text.splitlines()
                if line.strip() and line not in (eligibility.HEADLINE_ELIGIBLE, eligibility.HEADLINE_NOT_ELIGIBLE)]


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
