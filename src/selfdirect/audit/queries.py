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


# The database objects migrations 0003 and 0004 make, by vendor: the append-only guard.
GUARDS = {
    "sqlite": ("audit_auditevent_no_update", "audit_auditevent_no_delete"),
    "postgresql": ("audit_auditevent_append_only", "audit_auditevent_no_truncate"),
}
# On PostgreSQL, the role whose SECURITY DEFINER functions alone may remove events (migration 0004).
PURGER = "selfdirect_audit_purger"
PURGE_FUNCTIONS = ("audit_auditevent_purge", "audit_auditevent_empty")


def missing_guards(using: str | None = None) -> list[str]:
    """The append-only triggers that are not in the database (a table rebuilt on SQLite loses its triggers), and on
    PostgreSQL the purge functions, if not owned by the purger role as SECURITY DEFINER (migration 0004)."""
    connection = connections[using or router.db_for_read(AuditEvent)]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditevent'")
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass UNION "
                           "SELECT proname FROM pg_proc WHERE proname = ANY(%s) AND prosecdef "
                           "AND pg_get_userbyid(proowner) = %s AND pronamespace = "
                           "(SELECT relnamespace FROM pg_class WHERE oid = 'audit_auditevent'::regclass)",
                           [list(PURGE_FUNCTIONS), PURGER])
        else:
            return ["a guard for this database"]
        present = {row[0] for row in cursor.fetchall()}
    expected = GUARDS[connection.vendor] + (PURGE_FUNCTIONS if connection.vendor == "postgresql" else ())
    return [name for name in expected if name not in present]


def loose_grants(using: str | None = None) -> list[str]:
    """On PostgreSQL, the roles other than the audit table's owner and the purger that may UPDATE, DELETE or TRUNCATE
    its events (migration 0004 revoked them; a later GRANT ALL gives them back). The triggers still refuse them, but
    only the owner should hold more than SELECT and INSERT (decision 0009). Empty on SQLite, which has no roles."""
    connection = connections[using or router.db_for_read(AuditEvent)]
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT DISTINCT CASE a.grantee WHEN 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END
            FROM pg_class c, aclexplode(c.relacl) a
            WHERE c.oid = 'audit_auditevent'::regclass AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
              AND a.grantee <> c.relowner AND (a.grantee = 0 OR pg_get_userbyid(a.grantee) <> %s)
            ORDER BY 1""", [PURGER])
        return [row[0] for row in cursor.fetchall()]


def signed_in_as_owner(using: str | None = None) -> bool:
    """Whether this connection's PostgreSQL role owns the audit table or is a superuser, and so could drop the
    triggers: Selfdirect itself should not run as such a role (decision 0009). Always false on SQLite."""
    connection = connections[using or router.db_for_read(AuditEvent)]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_has_role(current_user, relowner, 'USAGE') OR "
                       "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
                       "FROM pg_class WHERE oid = 'audit_auditevent'::regclass")
        return bool(cursor.fetchone()[0])


@dataclass(frozen=True)
class ChainReport:
    verified: int  # events that verify, from the first kept up to the first broken one (or all)
    broken: chain.Break | None
    head: str  # the newest event's hash ("" for an empty trail)
    head_id: int | None
    checkpoint_at: datetime.datetime | None  # the latest purge's checkpoint, if any
    missing_guards: list[str]
    loose_grants: list[str]  # PostgreSQL roles but the owner that may change or remove events
    signed_in_as_owner: bool  # this PostgreSQL sign-in owns the table (or is a superuser): it could drop the triggers


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
                       checkpoint_at=checkpoint.at if checkpoint else None, missing_guards=missing_guards(using),
                       loose_grants=loose_grants(using), signed_in_as_owner=signed_in_as_owner(using))
