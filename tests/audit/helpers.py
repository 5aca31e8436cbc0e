"""What the audit tests share: events written as any action writes them, and the database's raw purge permit, as
someone with SQL access could take it, to change the trail behind the purge routine's back."""

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
    """The triggers' permit taken with plain SQL inside the current transaction (the test's), not through purge."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO audit_purgepermit (granted_at) VALUES (%s)", [timezone.now().isoformat()])
        else:
            cursor.execute("SET LOCAL selfdirect.audit_purge = 'on'")
        yield cursor
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM audit_purgepermit")
        else:
            cursor.execute("SET LOCAL selfdirect.audit_purge = ''")
