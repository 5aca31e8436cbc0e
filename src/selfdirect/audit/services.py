"""The one way any app writes or searches the audit trail."""

from django.db.models import Q

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


def search(*, text: str = "", person_id: int | None = None, actor_username: str = "", action: str = ""):
    events = AuditEvent.objects.select_related("actor", "person")
    if person_id:
        events = events.filter(person_id=person_id)
    if actor_username:
        events = events.filter(actor__username__iexact=actor_username.strip())
    if action:
        events = events.filter(action=action)
    if text:
        events = events.filter(Q(what__icontains=text) | Q(why__icontains=text))
    return events


def events_for_person(person):
    return AuditEvent.objects.filter(person=person).select_related("actor")
