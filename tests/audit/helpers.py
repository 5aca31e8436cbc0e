"""What the audit tests share: events written as any action writes them, and a way round the append-only triggers, as
someone with SQL access (on PostgreSQL, a superuser) could take it, to change the trail behind the purge routine's
back."""

import contextlib

from django.db import connection
from django.utils import timezone

from selfdirect.audit import actions
from selfdirect.audit.models import AuditEvent


def write(n, *, actor=None, person=None, what="Opened the record") -> list[AuditEvent]:
    return [actions.record(actor=actor, action=actions.Action.CHANGE, person=person, what=f"{what} {i}")
            for i in range(n)]


@contextlib.contextmanager
def raw_permit():
    """The triggers' permit taken with plain SQL inside the current transaction (the test's), not through purge: on
    SQLite the permit row, which any writer of the file can insert; on PostgreSQL, where no setting is a permit any
    more (migration 0004), what a superuser can do, switch the triggers off (`session_replication_role`). The tests
    connect as a superuser; Selfdirect's own role can do neither (test_append_only)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO audit_purgepermit (granted_at) VALUES (%s)", [timezone.now().isoformat()])
        else:
            cursor.execute("SET LOCAL session_replication_role = replica")
        yield cursor
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM audit_purgepermit")
        else:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
