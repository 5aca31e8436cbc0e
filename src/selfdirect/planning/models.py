from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from selfdirect.core.money import PERIOD_LABELS, Money, weekly_cost_pence
from selfdirect.core.words import quantity_of

from .costing import DELIVERY_OPTION_LABELS, DELIVERY_OPTIONS, ITEM_DELIVERY, ITEM_PERIODS


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
    unpaid_support = models.TextField("What family, friends and the person's network will do unpaid", blank=True)
    contingency_plan = models.TextField("What happens if support does not turn up", blank=True)
    emergency_plan = models.TextField("Who to contact in an emergency, and what to do", blank=True)
    signed_name = models.CharField("Signed by", max_length=160, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    signed_how = models.CharField(max_length=40, blank=True)
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
    needs = models.JSONField("Eligible needs this meets", default=list, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
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
        NETWORK = "network", "The person's own network (family, friends, neighbours)"
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
    delivery = models.CharField("How the money for this item is managed", max_length=30, choices=ITEM_DELIVERY, blank=True)
    # A direct payment for an item the council's spending rules say no to: the worker's reason, who gave it and when.
    direct_payment_reason = models.TextField("Why a direct payment will pay for this, although the council's rules say no",
                                             blank=True)
    direct_payment_reason_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                                 on_delete=models.PROTECT, related_name="+")
    direct_payment_reason_at = models.DateTimeField(null=True, blank=True)
    pa_is_household_relative = models.BooleanField(
        "The personal assistant is a close relative living in the same household", default=False)
    relative_agreed_reason = models.TextField("Why the council agreed to pay a relative in the household", blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    arranged_on = models.DateField("Support starts on", null=True, blank=True)
    arranged_with = models.CharField("Arranged with", max_length=160, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    @property
    def delivery_label(self) -> str:
        return dict(ITEM_DELIVERY).get(self.delivery, "Not chosen yet")

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


class Risk(models.Model):
    """A risk the person chooses to take, and how it is managed: a risk enablement record, not a reason to refuse."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="risks")
    risk = models.TextField()
    how_managed = models.TextField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]


class PlanProposal(models.Model):
    """A change the budget holder (or their family) proposes to the draft plan. It waits for the worker."""

    class Kind(models.TextChoices):
        OUTCOME = "outcome", "An outcome"
        ITEM = "item", "Some support"
        RISK = "risk", "A risk and how it is managed"
        UNPAID = "unpaid", "What family and friends will do"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for the worker"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Not accepted"

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    details = models.JSONField()
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    response = models.TextField(blank=True)

    class Meta:
        ordering = ["proposed_at", "id"]

    @property
    def summary(self) -> str:
        d = self.details
        if self.kind == "outcome":
            return f"Outcome: “{d.get('in_own_words', '')}”"
        if self.kind == "item":
            quantity, period = Decimal(str(d.get("quantity") or 0)), d.get("period", "")
            unit_cost = int(d.get("unit_cost_pence", 0))
            said = f"{quantity_of(quantity, d.get('unit', ''))} at {Money(unit_cost).format(grouping=False)}"
            if period in PERIOD_LABELS:  # how often, and what it comes to a week
                weekly = weekly_cost_pence(unit_cost, Fraction(quantity), period)
                said = (f"{quantity_of(quantity, d.get('unit', ''))} {PERIOD_LABELS[period]} at "
                        f"{Money(unit_cost).format(grouping=False)}: {Money(weekly).format(grouping=False)} a week")
            provider = f" from {d['supplier_name']}" if d.get("supplier_name") else ""
            return f"Support: {d.get('description', '')}{provider} ({said})"
        if self.kind == "risk":
            return f"Risk: {d.get('risk', '')} – managed by: {d.get('how_managed', '')}"
        return f"Family and friends: {d.get('unpaid_support', '')}"


class ChoiceRecord(models.Model):
    """That a delivery option was explained, how, and what the person decided; or why it was not offered."""

    class How(models.TextChoices):
        CONVERSATION = "conversation", "In conversation"
        LEAFLET = "leaflet", "With a leaflet"
        EASY_READ = "easy_read", "With an easy-read leaflet"
        INTERPRETER = "interpreter", "With an interpreter"

    class Decision(models.TextChoices):
        CHOSEN = "chosen", "Chose it"
        DECLINED = "declined", "Did not want it"
        CONSIDERING = "considering", "Still thinking"

    class NotOffered(models.TextChoices):
        LACKS_CAPACITY_NO_AUTHORISED_PERSON = "no_authorised_person", "The person lacks capacity and no one can act as an authorised person"
        EXCLUDED_BY_LAW = "excluded_by_law", "The law excludes direct payments for this person (e.g. certain court orders)"
        NO_PROVIDER = "no_provider", "No provider offers an individual service fund here"
        PERSON_ASKED_NOT = "person_asked_not", "The person asked not to hear about it"
        OTHER = "other", "Another reason (say what)"

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="choice_records")
    option = models.CharField(max_length=30, choices=DELIVERY_OPTIONS)
    offered = models.BooleanField()
    how = models.CharField(max_length=20, choices=How.choices, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    not_offered_reason = models.CharField(max_length=30, choices=NotOffered.choices, blank=True)
    reason_text = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recorded_at", "id"]


class ChoiceConfirmation(models.Model):
    """The person's own confirmation that they were offered the options: from their account, or a signed form."""

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="choice_confirmations")
    method = models.CharField(max_length=20, choices=[("online", "From their own account"), ("paper", "On a signed printed form")])
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)


class DirectPaymentSetup(models.Model):
    """The direct payment set-up checklist for a case."""

    case = models.OneToOneField("journey.Case", on_delete=models.PROTECT, related_name="direct_payment_setup")
    recipient = models.CharField(max_length=20, choices=[("person", "The person"), ("nominated", "A nominated person"),
                                                         ("authorised", "An authorised person (the person lacks capacity)")])
    recipient_name = models.CharField(max_length=160, blank=True)
    capacity_and_consent = models.BooleanField("Capacity and consent recorded (or an authorised person agreed)", default=False)
    agreement_signed_on = models.DateField(null=True, blank=True)
    account_kind = models.CharField(max_length=20, choices=[("bank", "Separate bank account"), ("prepaid", "Prepaid card")], blank=True)
    account_name = models.CharField(max_length=120, blank=True)
    sort_code = models.CharField(max_length=8, blank=True)
    account_number = models.CharField(max_length=8, blank=True)
    employer_responsibilities = models.BooleanField("Employer responsibilities (payroll, insurance) explained and accepted", default=False)
    support_organisation_offered = models.BooleanField("A direct payment support organisation was offered", default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()


class PlanExample(models.Model):
    """An anonymised example from a real approved plan, shared with the person's consent, to show creative support."""

    title = models.CharField(max_length=160)
    client_group = models.CharField(max_length=30)
    outcome = models.TextField()
    how_met = models.TextField()
    items = models.JSONField(default=list)
    weekly_cost_pence = models.PositiveIntegerField()
    consent_recorded = models.BooleanField()
    from_plan = models.ForeignKey(SupportPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at", "-id"]
