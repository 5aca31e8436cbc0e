from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .rates import financial_year_of


class FinancialAssessment(models.Model):
    """One run of the financial assessment: the input as given, the result with every line, and why it was run.
    A later run supersedes an earlier one; the latest is the person's current contribution."""

    class Reason(models.TextChoices):
        NEW = "new", "New financial assessment"
        CIRCUMSTANCES = "circumstances", "The person's income or capital changed"
        BUDGET_CHANGED = "budget_changed", "The personal budget changed"
        UPRATING = "uprating", "Yearly uprating of rates"
        LOOKED_AGAIN = "looked_again", "Looked at again at the person's request"

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

    @property
    def effective_year(self) -> str:
        return financial_year_of(self.effective_date)

    @property
    def is_provisional(self) -> bool:
        """Worked out with an earlier year's rates than its effective date's (actions.run, provisional_rates_year)."""
        return self.financial_year != self.effective_year

    @property
    def written_on(self):
        return timezone.localtime(self.created_at).date()


class AssessmentRequest(models.Model):
    """A worker asks the finance team for a financial assessment of a person. One open request a person at a time;
    it is done when finance records an assessment for the person (charging.actions.record_assessment)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Asked for"
        IN_PROGRESS = "in_progress", "Being worked on by the finance team"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    OPEN = (Status.REQUESTED, Status.IN_PROGRESS)

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="assessment_requests")
    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="assessment_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    note = models.TextField("Note for the finance team", blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REQUESTED)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)  # done or cancelled
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    cancel_reason = models.TextField(blank=True)
    assessment = models.ForeignKey(FinancialAssessment, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="requests")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status", "requested_at"]), models.Index(fields=["person", "-requested_at"])]
        constraints = [models.UniqueConstraint(fields=["person"], condition=models.Q(status__in=["requested", "in_progress"]),
                                               name="one_open_assessment_request_a_person")]

    def __str__(self) -> str:
        return f"Financial assessment request {self.pk} for {self.person}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def requested_on(self):
        return timezone.localtime(self.requested_at).date()

    @property
    def started_on(self):
        return timezone.localtime(self.started_at).date() if self.started_at else None

    @property
    def finished_on(self):
        return timezone.localtime(self.finished_at).date() if self.finished_at else None


class ChargingPolicyVersion(models.Model):
    """One dated version of the council's charging policy (charging.policy.ChargingPolicy). The version in force on a
    day is the latest whose effective_from has come. Versions are never edited: a change is a new version."""

    effective_from = models.DateField()
    mig_uplift_weekly_pence = models.PositiveIntegerField(default=0)
    standard_dre_weekly_pence = models.PositiveIntegerField(null=True, blank=True)
    minimum_weekly_charge_pence = models.PositiveIntegerField(default=0)
    maximum_weekly_charge_pence = models.PositiveIntegerField(null=True, blank=True)
    charge_carers_support = models.BooleanField(default=False)
    night_care_disregard = models.CharField(max_length=6, default="apply",
                                            choices=[("apply", "Disregard it when no night care is received"),
                                                     ("ignore", "Count it")])
    direct_payment_contribution = models.CharField(max_length=5, default="net",
                                                   choices=[("net", "Net of the contribution"),
                                                            ("gross", "Gross, with the contribution invoiced")])
    reason = models.TextField("Why the policy changed")
    imported_from_environment = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from", "-id"]

    def __str__(self) -> str:
        return f"Charging policy from {self.effective_from:%d %B %Y}"


class Reconsideration(models.Model):
    """The person (or someone for them) asks the council to look at a financial assessment again; a finance officer
    looks again and records the outcome: unchanged, or changed by a new assessment."""

    class Status(models.TextChoices):
        ASKED = "asked", "Waiting for a second look"
        DECIDED = "decided", "Looked at again"

    class Outcome(models.TextChoices):
        UNCHANGED = "unchanged", "The assessment stands"
        CHANGED = "changed", "The assessment was changed"

    class Via(models.TextChoices):
        ONLINE = "online", "Online"
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        IN_PERSON = "in_person", "In person"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="reconsiderations")
    assessment = models.ForeignKey(FinancialAssessment, on_delete=models.PROTECT, related_name="reconsiderations")
    asked_at = models.DateTimeField(default=timezone.now)
    asked_via = models.CharField(max_length=10, choices=Via.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    grounds = models.TextField("What the person thinks is wrong")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ASKED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=9, choices=Outcome.choices, blank=True)
    explanation = models.TextField("What was looked at and why", blank=True)
    new_assessment = models.ForeignKey(FinancialAssessment, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-asked_at", "-id"]
        indexes = [models.Index(fields=["status", "asked_at"])]
        constraints = [models.UniqueConstraint(fields=["assessment"], condition=models.Q(status="asked"),
                                               name="one_open_reconsideration_an_assessment")]

    def __str__(self) -> str:
        return f"Request to look again at financial assessment {self.assessment_id}"
