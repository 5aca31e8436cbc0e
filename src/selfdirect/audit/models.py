from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """One read or change of a person's record: who, what, when, why, from where. Append-only: the database refuses
    UPDATE and DELETE on this table except inside audit.actions.purge (migrations 0003, 0004), and each event holds the hash
    of the event before it (audit.chain), so `selfdirect audit check` finds any change."""

    class Action(models.TextChoices):
        READ = "read", "Viewed"
        CREATE = "create", "Created"
        CHANGE = "change", "Changed"
        TRANSITION = "transition", "Moved the case on"
        STEP_BACK = "step_back", "Moved the case back"
        DECISION = "decision", "Made a decision"
        EXPORT = "export", "Exported"
        REFUSED = "refused", "Was refused access"
        CHECKPOINT = "checkpoint", "Removed older events"

    # Set by audit.actions when the event is written (not auto_now_add, which would change it after it is hashed).
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=200)
    why = models.CharField(max_length=500, blank=True)
    channel = models.CharField(max_length=10, default="web")  # web, api or cli
    address = models.CharField(max_length=45, blank=True)  # the client's IP address ("" from the command line)
    session = models.CharField(max_length=64, blank=True)  # SHA-256 of the session key or API token, never the key
    # The hash chain (audit.chain): the event before this one's hash, and this one's.
    previous_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64)
    # Only on a checkpoint (written by audit.actions.purge): the hash of the last event the purge removed.
    purged_to_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "-at"]), models.Index(fields=["actor", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.what}"

    def chain_content(self) -> dict:
        """What the event's hash covers (audit.chain.FIELDS)."""
        return {"at": self.at, "actor": self.actor_id, "action": self.action, "person": self.person_id,
                "what": self.what, "why": self.why, "channel": self.channel, "address": self.address,
                "session": self.session, "purged_to_hash": self.purged_to_hash}


class PurgePermit(models.Model):
    """SQLite's permit to remove audit events: the append-only triggers let an UPDATE or DELETE through only while
    this table has a row, which audit.actions.purge writes and removes inside its own transaction (so no other
    connection ever sees it). Any writer of the file can insert one too: SQLite has no roles (decision 0009). PostgreSQL
    has no permit a sign-in can take: only its purge functions' owner may remove events (migration 0004)."""

    granted_at = models.DateTimeField()
