from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .deferred import percent_text
from .rates import financial_year_of
from .top_ups import Terms as TopUpTerms


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
    short_stay_charging = models.CharField(max_length=9, default="care_home",
                                           choices=[("care_home", "Under the care-home rules, like any temporary stay"),
                                                    ("community", "As if the person were getting care at home")])
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


class DeferredPaymentAgreement(models.Model):
    """A deferred payment agreement (charging.deferred): offered when the law says it must be, then agreed with its
    security or declined, then in force until it ends by a sale, a repayment or a death. The money deferred is an
    account in the money ledger (money.deferred posts to it); this row holds the terms and the agreement's life."""

    class Status(models.TextChoices):
        OFFERED = "offered", "Offered"
        DECLINED = "declined", "Declined"
        ACTIVE = "active", "In force"
        ENDED = "ended", "Ended"

    class EndReason(models.TextChoices):
        SALE = "sale", "The home was sold"
        REPAYMENT = "repayment", "The person repaid what they owed"
        DEATH = "death", "The person died"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="deferred_payments")
    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="deferred_payments")
    assessment = models.ForeignKey(FinancialAssessment, null=True, on_delete=models.PROTECT,
                                   related_name="deferred_payments",
                                   help_text="The financial assessment that counted the home (unlinked when an "
                                             "erasure deletes the assessments: retention)")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OFFERED)
    offered_on = models.DateField()
    home = models.CharField("The home", max_length=200, help_text="How the agreement names the home, e.g. its address")
    value_pence = models.PositiveBigIntegerField()
    valued_on = models.DateField()
    secured_debt_pence = models.PositiveBigIntegerField(default=0)
    lower_capital_limit_pence = models.PositiveIntegerField()
    equity_limit_pence = models.PositiveBigIntegerField()
    weekly_cost_pence = models.PositiveIntegerField()
    income_contribution_pence = models.PositiveIntegerField(help_text="Paid each week from income while deferring")
    kept_income_weekly_pence = models.PositiveIntegerField(help_text="Income the person keeps each week (the "
                                                                     "disposable income allowance they chose)")
    weekly_deferred_pence = models.PositiveIntegerField()
    interest_basis_points = models.PositiveIntegerField(null=True, blank=True,
                                                        help_text="A fixed rate below the national maximum; blank "
                                                                  "for the national maximum in force each week")
    set_up_charge_pence = models.PositiveIntegerField(default=0)
    starts_on = models.DateField(help_text="The first day care costs are deferred")
    decided_on = models.DateField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    title_number = models.CharField("Land Registry title number", max_length=20, blank=True)
    charge_registered_on = models.DateField("Legal charge registered on", null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=10, choices=EndReason.choices, blank=True)
    sum_due_pence = models.BigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-offered_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["person"], condition=models.Q(status__in=["offered", "active"]),
                                               name="one_open_deferred_payment_agreement_a_person")]

    def __str__(self) -> str:
        return f"Deferred payment agreement {self.pk} ({self.get_status_display().lower()})"

    @property
    def fixed_rate_text(self) -> str:
        return percent_text(self.interest_basis_points or 0)

    @property
    def interest(self):
        """As charging.deferred.Terms takes it."""
        return "national_maximum" if self.interest_basis_points is None else self.interest_basis_points


class DeferredInterestRate(models.Model):
    """A national maximum interest rate for deferred payment agreements that the council adds, with its source, for a
    six-month period the shipped file (charging/rates/deferred-interest.json) does not hold. Never edited: a mistake
    is put right by removing the row and adding it again, both audited."""

    starts_on = models.DateField(unique=True)
    ends_on = models.DateField()
    basis_points = models.PositiveIntegerField(help_text="4.25% is 425")
    source = models.TextField(help_text="Where the rate was published")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on"]


# Top-ups (issue 18; charging.top_ups holds the rules).

class TopUpAgreement(models.Model):
    """A top-up: the care home costs more than the council's weekly rate for a place that meets the person's needs, and
    the difference is paid by someone else (third party) or, in three cases only, by the person (first party), under a
    written agreement. Recorded once; then it ends, or its payments stop and what the council did is recorded."""

    class Kind(models.TextChoices):
        FIRST_PARTY = "first_party", "The person pays it themselves"
        THIRD_PARTY = "third_party", "Someone else pays it"

    class FirstPartyCase(models.TextChoices):
        TWELVE_WEEK_DISREGARD = "twelve_week_disregard", "While the home is disregarded in the first 12 weeks"
        DEFERRED_PAYMENT = "deferred_payment", "Under a deferred payment agreement"
        SECTION_117 = "section_117", "After-care under section 117 of the Mental Health Act 1983"

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Every week"
        FOUR_WEEKLY = "four_weekly", "Every four weeks"
        MONTHLY = "monthly", "Every month"

    class PaidTo(models.TextChoices):
        COUNCIL = "council", "The council"
        CARE_HOME = "care_home", "The care home, by agreement with the council"

    class Status(models.TextChoices):
        ACTIVE = "active", "In force"
        ENDED = "ended", "Ended"
        PAYMENTS_STOPPED = "payments_stopped", "Payments stopped"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="top_ups")
    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="top_ups")
    kind = models.CharField("Who pays", max_length=11, choices=Kind.choices)
    first_party_case = models.CharField("Why the person may pay it themselves", max_length=21, blank=True,
                                        choices=FirstPartyCase.choices)
    payer_name = models.CharField("Name of the person who pays", max_length=200)
    payer_relationship = models.CharField("Their relationship to the resident", max_length=100)
    care_home = models.CharField("The care home", max_length=300)
    weekly_price_pence = models.PositiveIntegerField("The home's weekly price")
    council_rate_pence = models.PositiveIntegerField("The council's weekly rate for such a place")
    weekly_top_up_pence = models.PositiveIntegerField("The top-up a week")
    frequency = models.CharField("How often it is paid", max_length=11, choices=Frequency.choices)
    paid_to = models.CharField("Who it is paid to", max_length=9, choices=PaidTo.choices)
    agreed_on = models.DateField("Agreed on")
    agreement_reference = models.CharField("The written agreement's reference", max_length=100)
    signed_by = models.CharField("Who signed the written agreement", max_length=200)
    review_on = models.DateField("Review by")
    if_payments_stop = models.TextField("What happens if payments stop")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    closed_on = models.DateField("The day payments stopped or the agreement ended", null=True, blank=True)
    what_was_done = models.TextField("What was done", blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-agreed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=models.Q(status="active"),
                                    name="one_top_up_in_force_a_person"),
            models.CheckConstraint(condition=models.Q(weekly_top_up_pence=models.F("weekly_price_pence")
                                                      - models.F("council_rate_pence")),
                                   name="top_up_is_the_price_less_the_rate"),
        ]

    def __str__(self) -> str:
        return f"Top-up agreement {self.pk} ({self.get_status_display().lower()})"

    @property
    def terms(self):
        """As charging.top_ups takes it."""
        return TopUpTerms(
            kind=self.kind, first_party_case=self.first_party_case, payer_name=self.payer_name,
            payer_relationship=self.payer_relationship, care_home=self.care_home,
            weekly_price_pence=self.weekly_price_pence, council_rate_pence=self.council_rate_pence,
            weekly_top_up_pence=self.weekly_top_up_pence, frequency=self.frequency, paid_to=self.paid_to,
            agreed_on=self.agreed_on, agreement_reference=self.agreement_reference, signed_by=self.signed_by,
            review_on=self.review_on, if_payments_stop=self.if_payments_stop)
