"""The council's retention schedule (each change a new version, never edited), legal holds, and the record of each
erasure. Written only by retention.actions."""

from django.conf import settings
from django.db import models

from . import schedule


class ScheduleVersion(models.Model):
    """One version of the council's retention schedule: the years each kind of record is kept
    (retention.schedule.KINDS). The newest is in force; none at all means the shipped defaults (version 0). A change
    is a new version, so every erasure names the schedule it was made under and every earlier schedule stays."""

    number = models.PositiveIntegerField(unique=True)
    periods = models.JSONField(help_text="Years kept, by kind of record (retention.schedule.KINDS)")
    reason = models.CharField("Why the schedule changed", max_length=500)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Retention schedule, version {self.number}"


class LegalHold(models.Model):
    """A hold on a person's records: while it is open (not lifted), nothing of theirs is erased, whatever the schedule
    says (a claim, a complaint to the Ombudsman, an inquiry, a safeguarding review)."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("Why the records are held", max_length=500)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_on = models.DateField()
    set_at = models.DateTimeField(auto_now_add=True)
    lifted_on = models.DateField(null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    lift_reason = models.CharField("Why the hold was lifted", max_length=500, blank=True)

    class Meta:
        ordering = ["-set_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["person"], condition=models.Q(lifted_on__isnull=True),
                                               name="one_open_legal_hold_a_person")]

    def __str__(self) -> str:
        return f"Legal hold {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.lifted_on is None


class Erasure(models.Model):
    """That a person's records were erased: the tombstone (the Person row kept, every identifying field overwritten,
    its key still the one the audit trail and the ledger point at), when, by whom, under which version of the schedule
    (and its periods, as they were), the day the records were past it, and how many records of each kind were erased,
    blanked or removed (`counts`: key → number; `ERASED` names each key)."""

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="+")
    erased_on = models.DateField()
    erased_at = models.DateTimeField(auto_now_add=True)
    erased_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    schedule_version = models.PositiveIntegerField()
    periods = models.JSONField()
    due_on = models.DateField("Past the schedule from")
    counts = models.JSONField(default=dict)
    channel = models.CharField(max_length=10, default="web")

    class Meta:
        ordering = ["-erased_at", "-id"]

    def __str__(self) -> str:
        return f"Erasure of person {self.person_id}"

    @property
    def period_lines(self) -> list[str]:
        return [f"{schedule.KINDS[k].label}: {years} years" for k, years in self.periods.items() if k in schedule.KINDS]
