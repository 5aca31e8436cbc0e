from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One read or change of a person's record: who, what, when, why. Append-only."""

    class Action(models.TextChoices):
        READ = "read", "Viewed"
        CREATE = "create", "Created"
        CHANGE = "change", "Changed"
        TRANSITION = "transition", "Moved the case on"
        STEP_BACK = "step_back", "Moved the case back"
        DECISION = "decision", "Made a decision"
        EXPORT = "export", "Exported"
        REFUSED = "refused", "Was refused access"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=200)
    why = models.CharField(max_length=500, blank=True)
    channel = models.CharField(max_length=10, default="web")  # web, api or cli

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "-at"]), models.Index(fields=["actor", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.what}"
