"""Insight's own tables: one row of facts per case, kept up to date from the records, so a dashboard reads one narrow
table instead of every choice record, plan, item and payment (a council of 100,000 people has millions of those)."""

from django.db import models

from .figures import OPTION_PREFIXES  # noqa: F401  (each option's columns: cm_offered, cm_reason, cm_day, cm_by, ...)


class CaseFacts(models.Model):
    """What the dashboards need to know about one case. Days are day numbers (date ordinals) in the council's time zone;
    None where the step has not happened. Written only by insight.facts.refresh."""

    case_id = models.BigIntegerField(primary_key=True)
    person_id = models.BigIntegerField()
    team_id = models.BigIntegerField(null=True)
    client_group = models.CharField(max_length=30)
    ethnicity = models.CharField(max_length=10)
    born_day = models.IntegerField()
    worker_id = models.BigIntegerField(null=True)
    state = models.CharField(max_length=20)
    state_since_day = models.IntegerField(help_text="The day of the case's latest event, or its referral")
    referred_day = models.IntegerField(db_index=True)
    assessed_day = models.IntegerField(null=True)
    needs = models.PositiveSmallIntegerField(default=0, help_text="Eligibility outcomes not achieved, at the latest assessment")
    indicative_pence = models.PositiveIntegerField(null=True, help_text="At the latest eligible assessment")
    first_approved_day = models.IntegerField(null=True, db_index=True)
    first_approved_month = models.CharField(max_length=7, blank=True, help_text="YYYY-MM of the first approval")
    age_band_first = models.CharField(max_length=10, blank=True, help_text="Age band when the first plan was approved")
    option = models.CharField(max_length=30, blank=True, help_text="The current approved plan's delivery option; "
                                                                   "'not_chosen' before one is chosen; blank with no approved plan")
    plan_approved_day = models.IntegerField(null=True, db_index=True, help_text="When the current approved plan was approved")
    plan_weekly_pence = models.PositiveIntegerField(null=True)
    previous_pence = models.PositiveIntegerField(null=True)
    first_paid_day = models.IntegerField(null=True)
    cm_offered = models.BooleanField(null=True, help_text="council_managed: offered, by the latest choice record for it")
    cm_reason = models.CharField(max_length=30, blank=True)
    cm_day = models.IntegerField(null=True)
    cm_by = models.BigIntegerField(null=True)
    isf_offered = models.BooleanField(null=True, help_text="individual_service_fund: offered, by the latest choice record for it")
    isf_reason = models.CharField(max_length=30, blank=True)
    isf_day = models.IntegerField(null=True)
    isf_by = models.BigIntegerField(null=True)
    dp_offered = models.BooleanField(null=True, help_text="direct_payment: offered, by the latest choice record for it")
    dp_reason = models.CharField(max_length=30, blank=True)
    dp_day = models.IntegerField(null=True)
    dp_by = models.BigIntegerField(null=True)
    mix_offered = models.BooleanField(null=True, help_text="mixed: offered, by the latest choice record for it")
    mix_reason = models.CharField(max_length=30, blank=True)
    mix_day = models.IntegerField(null=True)
    mix_by = models.BigIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["team_id", "client_group"])]


class StaleCase(models.Model):
    """A case whose records changed since its facts were worked out. Several rows for one case are fine."""

    case_id = models.BigIntegerField()


class FactsBuilt(models.Model):
    """Present once every case's facts have been worked out at least once."""

    at = models.DateTimeField(auto_now=True)
