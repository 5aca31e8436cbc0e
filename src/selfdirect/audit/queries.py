"""The one way any app searches the audit trail."""

from django.db.models import Q

from .models import AuditEvent


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
