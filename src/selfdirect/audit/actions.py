"""The one way any app writes the audit trail."""

from .models import AuditEvent

Action = AuditEvent.Action


def record(*, actor, action: str, what: str, person=None, why: str = "", channel: str = "web") -> AuditEvent:
    """Write one audit event. Call it inside the same transaction as the change it records."""
    return AuditEvent.objects.create(
        actor=actor if (actor is not None and actor.is_authenticated) else None,
        action=action,
        person=person,
        what=what[:200],
        why=why[:500],
        channel=channel,
    )


def record_each(people, *, actor, action: str, what: str, why: str = "", channel: str = "web") -> list[AuditEvent]:
    """The same event for each of many people (a list page that shows their records): one query however many."""
    return AuditEvent.objects.bulk_create([
        AuditEvent(actor=actor if (actor is not None and actor.is_authenticated) else None, action=action, person=person,
                   what=what[:200], why=why[:500], channel=channel)
        for person in people])
