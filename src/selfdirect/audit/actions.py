"""The one way any app writes the audit trail, and the one way anything removes events from it (`purge`).

Every event records who, what, when and why, the client address and a one-way hash of the session (audit.context;
ASVS 4.0.3 V7.1.3, V7.1.4), and is chained to the event before it (audit.chain; V7.3.3, V7.3.4). Writers of the chain
are serialised so that each event follows the one before it: on PostgreSQL by an advisory lock held until the
transaction ends, on SQLite by its IMMEDIATE transactions (settings.database_from_url), which take the write lock at
the start.

Reads of a person's data made while answering a request are written when the answer is ready (audit.middleware):
one statement for all of them, and a read whose answer is a refusal (403 or 404: the page was refused after the
record was fetched, so nothing of it was shown) is written as a refusal of that page, with the person asked for."""

import contextlib
import datetime
import importlib
from dataclasses import dataclass

from django.db import connections, router, transaction
from django.utils import timezone

from . import chain, context
from .models import AuditEvent, PurgePermit

Action = AuditEvent.Action

# The PostgreSQL advisory lock every writer of the chain takes (any fixed number no other code uses).
CHAIN_LOCK = 7_311_520_915

# The answers that mean the page or call asked for was refused.
REFUSALS = {403, 404}


def _actor(actor):
    return actor if (actor is not None and getattr(actor, "is_authenticated", False)) else None


def _event(*, actor, action: str, what: str, person=None, why: str = "", channel: str = "web",
           purged_to_hash: str = "") -> AuditEvent:
    where = context.current()
    person_fields = {"person_id": person} if isinstance(person, int) else {"person": person}
    return AuditEvent(
        at=timezone.now(), actor=_actor(actor), action=action, **person_fields, what=what[:200], why=why[:500],
        channel=(channel if where is not None else context.COMMAND_LINE)[:10],
        address=where.address if where is not None else "", session=where.session() if where is not None else "",
        purged_to_hash=purged_to_hash)


def _lock_chain(using: str) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


def _write(events: list[AuditEvent], *, follows: str | None = None) -> list[AuditEvent]:
    """Chain the events after the newest one stored (or, in an empty trail, after `follows`, else the start) and
    insert them in one statement."""
    if not events:
        return events
    using = router.db_for_write(AuditEvent)
    with transaction.atomic(using=using, savepoint=False):
        _lock_chain(using)
        previous = (AuditEvent.objects.using(using).order_by("-id").values_list("row_hash", flat=True).first()
                    or follows or chain.GENESIS)
        for event in events:
            event.previous_hash = previous
            event.row_hash = previous = chain.link(previous, event.chain_content())
        AuditEvent.objects.using(using).bulk_create(events)
    return events


def record(*, actor, action: str, what: str, person=None, why: str = "", channel: str = "web") -> AuditEvent:
    """Write one audit event. Call it inside the same transaction as the change it records. A read made while
    answering a request is written when the answer is ready (see the module's note)."""
    event = _event(actor=actor, action=action, what=what, person=person, why=why, channel=channel)
    where = context.current()
    if action == Action.READ and where is not None:
        where.pending.append(event)
        return event
    return _write([event])[0]


def record_each(people, *, actor, action: str, what: str, why: str = "", channel: str = "web") -> list[AuditEvent]:
    """The same event for each of many people, given as Person records or their ids (a list page that shows their
    records: each person listed is read): one statement however many."""
    events = [_event(actor=actor, action=action, what=what, person=person, why=why, channel=channel)
              for person in people]
    where = context.current()
    if action == Action.READ and where is not None:
        where.pending.extend(events)
        return events
    return _write(events)


def record_refusal(*, actor, what: str, person=None, why: str = "", channel: str = "web") -> AuditEvent:
    """A refusal, with the person asked for when there is one, and (in a request) the page or call refused."""
    where = context.current()
    if where is not None:
        what = f"{what}: {where.place()}"
    return record(actor=actor, action=Action.REFUSED, what=what, person=person, why=why, channel=channel)


def settle(where: context.RequestContext, *, status: int, user) -> None:
    """The request is answered: write its reads, as refusals when the answer is one. A refusal (403) of a signed-in
    user that read nothing is written too: every refused access is in the trail (ASVS 4.0.3 V7.2.2)."""
    pending, where.pending = where.pending, []
    if connections[router.db_for_write(AuditEvent)].needs_rollback:
        return  # the answer is a failure whose transaction is rolling back: nothing can be written, nothing was shown
    seen, events = set(), []
    for event in pending:  # the same read twice on one page is one event
        key = (event.action, event.actor_id, event.person_id, event.what, event.why, event.channel)
        if key not in seen:
            seen.add(key)
            events.append(event)
    if status in REFUSALS:
        for event in events:
            event.action, event.what = Action.REFUSED, f"Asked for {where.place()}"[:200]
        if not events and status == 403 and _actor(user) is not None:
            events = [_event(actor=user, action=Action.REFUSED, what=f"Asked for {where.place()}",
                             channel="api" if where.request.path.startswith("/api/") else "web")]
    _write(events)


# ---- removing events: the one way ---------------------------------------------------------------------------------

@contextlib.contextmanager
def _sqlite_permit(using: str):
    """SQLite's permit, which the append-only triggers (migration 0003) let UPDATE and DELETE through with, for the
    current transaction only: a row in audit_purgepermit, never committed. Only purge uses it. Any writer of a SQLite
    file can take it too (SQLite has no roles): there the hash chain is what finds tampering (decision 0009)."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("The purge permit is only given inside a transaction")
    PurgePermit.objects.using(using).create(granted_at=timezone.now())
    yield
    PurgePermit.objects.using(using).all().delete()


def _purge_postgresql(using: str, *, last_id: int, last_hash: str, checkpoint: AuditEvent | None) -> int:
    """On PostgreSQL events leave only through the SECURITY DEFINER functions owned by the role
    selfdirect_audit_purger (migration 0004; the triggers let nothing else through, whatever the session sets):
    audit_auditevent_purge removes up to `last_id` and writes the checkpoint, audit_auditevent_empty empties the
    trail (only the tables' owner may call it: `flush`, the demo's rebuild). ASVS 4.0.3 V7.3.3."""
    with connections[using].cursor() as cursor:
        if checkpoint is None:
            cursor.execute("SELECT removed FROM audit_auditevent_empty()")
            return cursor.fetchone()[0]
        cursor.execute(
            "SELECT removed, checkpoint_id FROM audit_auditevent_purge(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [last_id, last_hash, checkpoint.at, checkpoint.actor_id, checkpoint.what, checkpoint.why,
             checkpoint.channel, checkpoint.address, checkpoint.session, checkpoint.previous_hash,
             checkpoint.row_hash])
        removed, checkpoint.pk = cursor.fetchone()
    checkpoint._state.adding, checkpoint._state.db = False, using
    return removed


@dataclass(frozen=True)
class Purged:
    removed: int
    checkpoint: AuditEvent | None


def purge(*, why: str, before=None, actor=None, checkpoint: bool = True, using: str | None = None) -> Purged:
    """Remove the oldest events: every event from the start of the trail up to, not including, the first one (in the
    order written) dated `before` or later; with no `before`, every event. This is the only way events leave the
    trail (the database refuses any other UPDATE or DELETE; the retention work of issue 16 calls this).

    It leaves a checkpoint event, chained like any other, that holds the hash of the last event removed, so that
    `selfdirect audit check` still verifies the chain from the first event kept. `checkpoint=False` only when the
    whole database is being emptied (the `flush` command, the demo's rebuild; docs/decisions/0009): then no event is
    left to anchor and the next chain starts afresh."""
    if not why.strip():
        raise ValueError("Say why the events are removed")
    if not checkpoint and before is not None:
        raise ValueError("Only emptying the whole trail may leave no checkpoint")
    if isinstance(before, datetime.date) and not isinstance(before, datetime.datetime):
        before = timezone.make_aware(datetime.datetime.combine(before, datetime.time(0)))
    using = using or router.db_for_write(AuditEvent)
    with transaction.atomic(using=using):
        _lock_chain(using)
        events = AuditEvent.objects.using(using)
        if before is not None:
            first_kept = events.filter(at__gte=before).order_by("id").values_list("id", flat=True).first()
            if first_kept is not None:
                events = events.filter(id__lt=first_kept)
        last = events.order_by("-id").values_list("id", "row_hash").first()
        if last is None:
            return Purged(removed=0, checkpoint=None)
        last_id, last_hash = last
        dated = f" dated before {timezone.localtime(before):%-d %B %Y %H:%M}" if before is not None else ""
        vendor = connections[using].vendor
        if vendor == "postgresql":
            if not checkpoint:
                return Purged(removed=_purge_postgresql(using, last_id=last_id, last_hash=last_hash, checkpoint=None),
                              checkpoint=None)
            # The checkpoint follows the newest event (the last one removed, when all go): worked out here, under the
            # chain's lock, and written by the function in the same statement as the removal.
            newest = AuditEvent.objects.using(using).order_by("-id").values_list("row_hash", flat=True).first()
            count = AuditEvent.objects.using(using).filter(id__lte=last_id).count()
            event = _event(actor=actor, action=Action.CHECKPOINT, what=f"Removed {count} older events{dated}", why=why,
                           purged_to_hash=last_hash)
            event.previous_hash = newest
            event.row_hash = chain.link(newest, event.chain_content())
            removed = _purge_postgresql(using, last_id=last_id, last_hash=last_hash, checkpoint=event)
            return Purged(removed=removed, checkpoint=event)
        if vendor != "sqlite":
            raise RuntimeError(f"Selfdirect's audit trail needs SQLite or PostgreSQL, not {vendor}")
        with _sqlite_permit(using):
            removed, _ = AuditEvent.objects.using(using).filter(id__lte=last_id).delete()
        if not checkpoint:
            return Purged(removed=removed, checkpoint=None)
        written = _write([_event(actor=actor, action=Action.CHECKPOINT, what=f"Removed {removed} older events{dated}",
                                 why=why, purged_to_hash=last_hash)], follows=last_hash)
        return Purged(removed=removed, checkpoint=written[0])


def ensure_purge_role(using: str = "default") -> None:
    """On PostgreSQL, the NOLOGIN role that owns the purge routine (migration 0004), made unless it exists: roles are
    the cluster's, not the database's, so a backup restored into a new cluster needs it before pg_restore can give it
    its functions back. Stops, saying what to run, when the role signed in may not create roles."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    definer = importlib.import_module("selfdirect.audit.migrations.0004_purge_through_a_definer_function")
    with connection.cursor() as cursor:
        definer.ensure_purger(cursor)
