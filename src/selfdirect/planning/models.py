from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .costing import DELIVERY_OPTION_LABELS, DELIVERY_OPTIONS, ITEM_PERIODS


class SupportPlan(models.Model):
    """A version of a person's support plan. Approved versions are frozen; changes make a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Waiting for agreement"
        APPROVED = "approved", "Approved"
        SUPERSEDED = "superseded", "Replaced by a later version"

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="plans")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    difference_reason = models.TextField("Reason the plan differs from the indicative budget", blank=True)
    delivery_option = models.CharField(max_length=30, choices=DELIVERY_OPTIONS, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "-version"]
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="one_plan_per_version")]

    def __str__(self) -> str:
        return f"Support plan v{self.version} for {self.case.person}"

    @property
    def weekly_total_pence(self) -> int:
        return sum(item.weekly_cost_pence for item in self.items.all())

    @property
    def delivery_option_label(self) -> str:
        return DELIVERY_OPTION_LABELS.get(self.delivery_option, "Not chosen yet")


class PlanOutcome(models.Model):
    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="outcomes")
    in_own_words = models.TextField("What the person wants to achieve, in their own words")
    how_met = models.TextField("How this will be met", blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]


class PlanItem(models.Model):
    class SupplierKind(models.TextChoices):
        AGENCY = "agency", "Care agency"
        PERSONAL_ASSISTANT = "personal_assistant", "Personal assistant"
        PROVIDER = "provider", "Day service or other provider"
        SHOP = "shop", "Shop or online retailer"
        COMMUNITY_GROUP = "community_group", "Community group, club or class"
        OTHER = "other", "Something else"

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="items")
    description = models.CharField(max_length=200)
    supplier_kind = models.CharField(max_length=30, choices=SupplierKind.choices)
    supplier_name = models.CharField(max_length=160, blank=True)
    organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="plan_items")
    unit = models.CharField(max_length=40)
    unit_cost_pence = models.PositiveIntegerField()
    quantity = models.DecimalField(max_digits=8, decimal_places=2)
    period = models.CharField(max_length=20, choices=ITEM_PERIODS)
    weekly_cost_pence = models.PositiveIntegerField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    @property
    def supplier_display(self) -> str:
        return self.organisation.name if self.organisation_id else (self.supplier_name or self.get_supplier_kind_display())


class PlanDecision(models.Model):
    """Submitted, returned with comments, or approved: who did it, when and why. Visible to the person."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for agreement"
        RETURNED = "returned", "Returned for changes"
        APPROVED = "approved", "Approved"

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
