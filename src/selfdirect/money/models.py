"""The ledger and what feeds it. Rows are appended, never changed, except the cached balance, matches and workflow
status fields; a correction is a reversing entry."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from selfdirect.charging.deferred import percent_text
from selfdirect.core import uploads

from .postings import KINDS


class LedgerAccount(models.Model):
    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="ledger_accounts")
    key = models.CharField(max_length=40, help_text="direct_payment, isf:<provider id>, council_funding, ...")
    reference = models.CharField(max_length=40, unique=True, null=True, blank=True,
                                 help_text="How statements name a direct payment account, e.g. DP-EX000001, or an "
                                           "individual service fund, e.g. ISF-EX000001-3 (money.actions."
                                           "account_reference)")
    balance_pence = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="one_account_per_budget_and_key")]

    def __str__(self):
        return f"{self.label} ({self.case.person.la_person_id})"

    @property
    def label(self) -> str:
        kind, _, provider = self.key.partition(":")
        return KINDS.get(kind, kind) + (f" #{provider}" if provider else "")


class PaymentRun(models.Model):
    """One payment run. Prepared by one finance officer (what it would pay, worked out and shown, nothing posted), then
    approved by a second, when it is posted and its file written (money.actions.prepare_run, approve_run); a council
    that chose one-person runs does both in one step (money.actions.pay)."""

    class Status(models.TextChoices):
        PREPARED = "prepared", "Prepared: waiting for a second finance officer"
        PAID = "paid", "Approved and paid"

    run_date = models.DateField(unique=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PAID)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   help_text="Who prepared it")
    preview = models.JSONField(default=dict, help_text="What it would pay, as prepared: the lines and the report")
    preview_sha256 = models.CharField(max_length=64, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    report = models.JSONField(default=dict)
    file_text = models.TextField(blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-run_date"]

    @property
    def shown_report(self) -> dict:
        """The run's report: what it paid once approved, what it would pay while it waits."""
        return self.report if self.status == self.Status.PAID else self.preview.get("report", {})

    @property
    def reference(self) -> str:
        return f"RUN-{self.run_date:%Y%m%d}"


class JournalEntry(models.Model):
    class Kind(models.TextChoices):
        INSTALMENT = "instalment", "Four-weekly instalment"
        ONE_OFF = "one_off", "One-off payment"
        SPENDING = "spending", "Spending from the account"
        MONEY_IN = "money_in", "Money in (not the council's payment)"
        SURPLUS = "surplus", "Surplus held after an audit"
        RECOVERY = "recovery", "Surplus recovered"
        WRITE_OFF = "write_off", "Surplus written off"
        RELEASE = "release", "Surplus returned to the account"
        REVERSAL = "reversal", "Correction (reversing entry)"
        CONTRIBUTION_INVOICE = "contribution_invoice", "Contribution invoiced"
        CONTRIBUTION_CREDIT = "contribution_credit", "Contribution refund credited"
        CONTRIBUTION_PAID = "contribution_paid", "Contribution invoice paid"
        DEFERRED = "deferred", "Deferred payment agreement"

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="journal_entries")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    on = models.DateField()
    description = models.CharField(max_length=300)
    run = models.ForeignKey(PaymentRun, null=True, blank=True, on_delete=models.PROTECT, related_name="entries")
    recovery = models.ForeignKey("Recovery", null=True, blank=True, on_delete=models.PROTECT, related_name="entries")
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by")
    # A correction of one statement line (actions.correct_statement_line), the month's entry that posted it kept. Here
    # rather than on the line, so that the line's table, the ledger's largest, has no index more to write.
    corrects_line = models.OneToOneField("StatementLine", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="correction")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]


class Posting(models.Model):
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="postings")
    account = models.ForeignKey(LedgerAccount, on_delete=models.PROTECT, related_name="postings")
    amount_pence = models.BigIntegerField()


class Instalment(models.Model):
    """One budget's four-weekly period, paid exactly once."""

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="instalments")
    period_number = models.PositiveIntegerField()
    period_starts_on = models.DateField()
    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, related_name="instalments")
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="instalment")
    contribution_deducted_pence = models.BigIntegerField(default=0)
    late = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "period_number"], name="each_period_paid_once")]


class PaymentLine(models.Model):
    """One payee's line in a run's payment file, written in the same transaction as the postings."""

    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, related_name="lines")
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="payment_lines")
    payee = models.CharField(max_length=160)
    sort_code = models.CharField(max_length=6, blank=True)
    account_number = models.CharField(max_length=8, blank=True)
    amount_pence = models.BigIntegerField()
    reference = models.CharField(max_length=18)

    class Meta:
        ordering = ["id"]


class Suspension(models.Model):
    """Payments stop for a while, e.g. the person is in hospital."""

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="suspensions")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class OneOffPayment(models.Model):
    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="one_off_payments")
    description = models.CharField(max_length=200)
    amount_pence = models.PositiveIntegerField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    entry = models.OneToOneField(JournalEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="one_off")


def receipt_path(record, filename):
    """receipts/<year>/<month>/<random>.<extension of the detected kind>: nothing in a receipt's path comes from the
    person who uploaded it, not even the name they gave (ASVS 4.0.3 V12.3.1)."""
    kind = uploads.kind_for(record.receipt_type)
    return f"receipts/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{kind.extension if kind else '.bin'}"


class SpendingRecord(models.Model):
    """What the budget holder (or their nominated person, or the council keying a paper return) says they spent."""

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="spending_records")
    spent_on = models.DateField()
    payee = models.CharField(max_length=160)
    amount_pence = models.PositiveIntegerField()
    item = models.ForeignKey("planning.PlanItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    what_for = models.CharField(max_length=300, blank=True)
    hours = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True,
                                help_text="For a personal assistant: hours paid for")
    receipt = models.FileField(upload_to=receipt_path, blank=True)
    receipt_type = models.CharField(max_length=40, blank=True,
                                    help_text="The receipt's kind as its content parsed (core.uploads); blank for one "
                                              "kept before kinds were recorded, which is served as an opaque download")
    receipt_name = models.CharField(max_length=120, blank=True,
                                    help_text="The name the receipt was uploaded with, cleaned; for display only")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(max_length=10, default="web")

    class Meta:
        ordering = ["-spent_on", "-id"]


class StatementImport(models.Model):
    file_name = models.CharField(max_length=200)
    file_sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)


class StatementLine(models.Model):
    # Neither has an index of its own, as each is one more to write for each of a year's statement lines: the index of
    # (account, posted_on) below serves every look-up by account, and nothing looks lines up by their import (decision 16).
    account = models.ForeignKey(LedgerAccount, on_delete=models.PROTECT, related_name="statement_lines", db_index=False)
    statement = models.ForeignKey(StatementImport, on_delete=models.PROTECT, related_name="lines", db_index=False)
    line_number = models.PositiveIntegerField()
    posted_on = models.DateField()
    amount_pence = models.BigIntegerField(help_text="Negative: money out")
    description = models.CharField(max_length=300)
    transaction_id = models.CharField(max_length=80, blank=True)
    fingerprint = models.CharField(max_length=40, unique=True)
    hours = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True,
                                help_text="A provider's statement of a fund: the hours of support the line paid for")
    # The entry that posts this line: one for each account, calendar month and kind in an import, shared by its lines
    # (docs/decisions/0016-statement-entries-by-month.md). None for a line that posts nothing (money in).
    entry = models.ForeignKey(JournalEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="statement_lines")
    reported = models.OneToOneField(SpendingRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="statement_line")
    item = models.ForeignKey("planning.PlanItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    matched_how = models.CharField(max_length=20, blank=True)
    outside_plan = models.BooleanField(default=False, help_text="Matched by a person to no plan item")

    class Meta:
        ordering = ["posted_on", "id"]
        indexes = [models.Index(fields=["account", "posted_on"])]


class Recovery(models.Model):
    """An audit found surplus in a direct payment account: the steps to recover it, fairly."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Surplus found"
        WARNED = "warned", "Warning letter sent"
        EXPLAINED = "explained", "The person's explanation recorded"
        DECIDED = "decided", "Decided"
        APPEALED = "appealed", "Appealed"
        CLOSED = "closed", "Closed"

    class Decision(models.TextChoices):
        RECOVER = "recover", "Recover the surplus"
        REDUCE = "reduce", "Reduce future payments"
        WRITE_OFF = "write_off", "Write it off"
        NONE = "none", "No recovery: the money is committed"

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="recoveries")
    found_on = models.DateField()
    balance_pence = models.BigIntegerField()
    surplus_pence = models.BigIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    warning_sent_on = models.DateField(null=True, blank=True)
    letter = models.TextField(blank=True)
    explanation = models.TextField(blank=True)
    committed_pence = models.BigIntegerField(default=0)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decided_pence = models.BigIntegerField(default=0)
    decision_reason = models.TextField(blank=True)
    appeal = models.TextField(blank=True)
    appeal_upheld = models.BooleanField(null=True)
    reduction_left_pence = models.BigIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class DeferredWeek(models.Model):
    """One week of a deferred payment agreement posted to the ledger, exactly once: the care costs deferred and the
    interest added (money.deferred.accrue)."""

    agreement = models.ForeignKey("charging.DeferredPaymentAgreement", on_delete=models.PROTECT, related_name="weeks")
    starts_on = models.DateField()
    care_pence = models.PositiveIntegerField()
    interest_pence = models.PositiveIntegerField()
    basis_points = models.PositiveIntegerField()
    balance_pence = models.BigIntegerField(help_text="Owed at the end of the week")
    capped = models.BooleanField(default=False, help_text="Less was deferred than agreed: the equity limit was reached")
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="deferred_week")

    class Meta:
        ordering = ["agreement", "starts_on"]
        constraints = [models.UniqueConstraint(fields=["agreement", "starts_on"], name="each_deferred_week_once")]

    @property
    def rate_text(self) -> str:
        return percent_text(self.basis_points)


class DeferredStatement(models.Model):
    """The statement sent for one six-month period of an agreement, as it was sent (figures kept, not worked out
    again), so the person and the council can look back at exactly what was said."""

    agreement = models.ForeignKey("charging.DeferredPaymentAgreement", on_delete=models.PROTECT,
                                  related_name="statements")
    starts_on = models.DateField()
    ends_on = models.DateField()
    figures = models.JSONField()
    issued_on = models.DateField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["agreement", "starts_on"]
        constraints = [models.UniqueConstraint(fields=["agreement", "starts_on"], name="one_statement_a_period")]


class ContributionCollection(models.Model):
    """How a care home resident's contribution is collected: invoiced by the council (the default, with no record), or
    paid to the care home directly where the council agrees. One a budget, changed in place (each change audited)."""

    class Method(models.TextChoices):
        INVOICE = "invoice", "Invoiced by the council"
        CARE_HOME = "care_home", "Paid to the care home directly"

    case = models.OneToOneField("journey.Case", on_delete=models.PROTECT, related_name="contribution_collection")
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.INVOICE)
    starts_on = models.DateField(help_text="From this day the contribution is collected this way; the council invoices "
                                           "no day before it")
    care_home_name = models.CharField(max_length=160, blank=True)
    agreed_by = models.CharField(max_length=160, blank=True, help_text="Who at the council agreed payment to the home")
    agreed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)


class ContributionInvoice(models.Model):
    """An invoice for a care home resident's contribution for one four-weekly period (money.invoices), an arrears
    invoice or a refund credit after a backdated reassessment. Appended, never changed but for its status."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", "Invoice"
        ARREARS = "arrears", "Arrears invoice"
        REFUND = "refund", "Refund credit"

    class Status(models.TextChoices):
        ISSUED = "issued", "Issued, not yet paid"
        PAID = "paid", "Paid"
        CREDITED = "credited", "Credited"

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="contribution_invoices")
    period_starts_on = models.DateField()
    period_ends_on = models.DateField()
    amount_pence = models.PositiveBigIntegerField(help_text="What is invoiced or, for a refund, credited")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reference = models.CharField(max_length=20, unique=True, null=True, help_text="CI-000123, given once it is saved")
    issued_on = models.DateField()
    explanation = models.TextField()
    basis = models.PositiveBigIntegerField(null=True, blank=True,
                                           help_text="The id of the latest financial assessment made when it was raised "
                                                     "(an id, not a link: the assessment may be erased before it)")
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="contribution_invoice")
    status = models.CharField(max_length=10, choices=Status.choices)
    paid_on = models.DateField(null=True, blank=True)
    payment_entry = models.OneToOneField(JournalEntry, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="contribution_payment")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "period_starts_on"], condition=models.Q(kind="invoice"),
                                    name="one_contribution_invoice_a_period"),
            models.UniqueConstraint(fields=["case", "period_starts_on", "basis"],
                                    condition=models.Q(kind__in=["arrears", "refund"]),
                                    name="one_adjustment_a_period_and_assessment"),
        ]

    @property
    def signed_pence(self) -> int:
        """What it adds to what the person owes: a refund negative."""
        return -self.amount_pence if self.kind == self.Kind.REFUND else self.amount_pence


class ContributionArrearsCheck(models.Model):
    """Finance's check of a person's circumstances before any recovery of contributions they have not paid: whether
    their income changed, whether they have the mental capacity to manage the debt (and who acts for them if not),
    whether a financial reassessment is needed, and whether the debt should be pursued (money.actions.
    record_arrears_check). A recovery starts only after such a check, made after the oldest unpaid invoice was issued,
    that found it should be pursued (start_debt_recovery). Appended, never changed."""

    class Capacity(models.TextChoices):
        HAS = "has_capacity", "Has the capacity to manage the debt"
        ACTED_FOR = "acted_for", "Lacks capacity, and someone has the authority to act on their finances"
        NO_ONE = "no_one", "Lacks capacity, and no one has the authority to act on their finances"
        UNSURE = "unsure", "Not known: capacity needs to be assessed"

    class Outcome(models.TextChoices):
        PURSUE = "pursue", "Pursue the debt"
        REASSESS = "reassess", "Do not pursue yet: reassess what the person can afford first"
        HOLD = "hold", "Do not pursue for now, because of the person's circumstances"
        WRITE_OFF = "write_off", "Recommend the debt is written off"

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="arrears_checks")
    checked_on = models.DateField()
    owed_pence = models.BigIntegerField(help_text="Overdue on contribution invoices when checked")
    income_changed = models.BooleanField(help_text="Whether the person's income or savings changed since their "
                                                   "financial assessment")
    capacity = models.CharField(max_length=20, choices=Capacity.choices)
    reassessment_needed = models.BooleanField(help_text="Whether a financial reassessment is needed")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    notes = models.TextField(help_text="What was checked, with whom, and why the outcome")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_on", "-id"]


class ContributionDebtRecovery(models.Model):
    """The decision to start recovering unpaid contributions, and how, after a check of the person's circumstances
    (ContributionArrearsCheck) that found the debt should be pursued. Nothing is posted: the invoices stay owed until
    paid. Appended, never changed."""

    class Action(models.TextChoices):
        REPAYMENT_PLAN = "repayment_plan", "Agree a plan to repay it in parts"
        DEFERRED_PAYMENT = "deferred_payment", "Offer a deferred payment agreement"
        COURT = "court", "Claim it in the county court"

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="debt_recoveries")
    check_made = models.ForeignKey(ContributionArrearsCheck, on_delete=models.PROTECT, related_name="recoveries",
                                   help_text="The check of the person's circumstances it follows")
    started_on = models.DateField()
    owed_pence = models.BigIntegerField(help_text="Overdue on contribution invoices when started")
    action = models.CharField(max_length=20, choices=Action.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
