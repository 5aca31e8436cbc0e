"""The one way any app searches the audit trail, and the check of its hash chain."""

import datetime
from dataclasses import dataclass

from django.db import connections, router
from django.db.models import Q

from . import chain
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


# The database objects migration 0003 makes, by vendor: the append-only guard.
GUARDS = {
    "sqlite": ("audit_auditevent_no_update", "audit_auditevent_no_delete"),
    "postgresql": ("audit_auditevent_append_only", "audit_auditevent_no_truncate"),
}


def missing_guards(using: str | None = None) -> list[str]:
    """The append-only triggers that are not in the database (a table rebuilt on SQLite loses its triggers)."""
    connection = connections[using or router.db_for_read(AuditEvent)]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditevent'")
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass")
        else:
            return ["a guard for this database"]
        present = {row[0] for row in cursor.fetchall()}
    return [name for name in GUARDS[connection.vendor] if name not in present]


@dataclass(frozen=True)
class ChainReport:
    verified: int  # events that verify, from the first kept up to the first broken one (or all)
    broken: chain.Break | None
    head: str  # the newest event's hash ("" for an empty trail)
    head_id: int | None
    checkpoint_at: datetime.datetime | None  # the latest purge's checkpoint, if any
    missing_guards: list[str]


def verify_chain(using: str | None = None) -> ChainReport:
    """Every event's hash and its link to the one before, in the order written, from the hash the latest purge's
    checkpoint names (or the start of the chain)."""
    events = AuditEvent.objects.using(using or router.db_for_read(AuditEvent))
    checkpoint = events.filter(action=AuditEvent.Action.CHECKPOINT).order_by("-id").first()
    starts_after = checkpoint.purged_to_hash if checkpoint else chain.GENESIS
    counted = {"verified": 0, "head": "", "head_id": None}

    def stored():
        for event in events.order_by("id").iterator(chunk_size=2000):
            yield chain.Event(id=event.pk, previous_hash=event.previous_hash, row_hash=event.row_hash,
                              content=event.chain_content())
            counted.update(verified=counted["verified"] + 1, head=event.row_hash, head_id=event.pk)

    broken = chain.first_break(stored(), starts_after=starts_after)
    return ChainReport(verified=counted["verified"], broken=broken, head=counted["head"] if broken is None else "",
                       head_id=counted["head_id"] if broken is None else None,
                       checkpoint_at=checkpoint.at if checkpoint else None, missing_guards=missing_guards(using))
