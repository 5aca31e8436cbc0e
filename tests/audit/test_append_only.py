"""The audit trail is append-only in the database itself (issue 15, finding 7): a trigger refuses UPDATE and DELETE of
its events (on PostgreSQL TRUNCATE too) on SQLite and PostgreSQL, whatever code or SQL asks, except inside the one purge
routine, audit.actions.purge; `flush` and the demo's rebuild go through it. ASVS 4.0.3 V7.3.3, V7.3.4.

On PostgreSQL the permit is a role, not a setting (review finding 4, migration 0004): Selfdirect's own database role,
given what docs/security.md tells a council to give it, cannot change or remove events with plain SQL, whatever it sets,
and removes them only through the purge function. Those tests run only where DATABASE_URL points at PostgreSQL."""

import datetime
import importlib
import pathlib
import types
import uuid
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, ProgrammingError, connection, connections, transaction
from django.utils import timezone

from selfdirect.audit import actions, queries
from selfdirect.audit.models import AuditEvent
from selfdirect.people.models import Person

from .helpers import write


def refused(statement):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        statement()


def test_the_database_refuses_to_change_or_remove_an_audit_event_by_any_route(db):
    first, second = write(2)

    refused(lambda: AuditEvent.objects.filter(pk=first.pk).update(what="Nothing happened"))
    refused(lambda: AuditEvent.objects.all().delete())
    refused(lambda: second.delete())

    def save_changed():
        first.why = "a better reason"
        first.save()

    refused(save_changed)
    with connection.cursor() as cursor:
        refused(lambda: cursor.execute("UPDATE audit_auditevent SET actor_id = NULL"))
        refused(lambda: cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [first.pk]))
        if connection.vendor == "postgresql":
            # The old permit, a setting any sign-in can set, is no permit (migration 0004): even for a superuser
            def with_the_old_permit(statement):
                cursor.execute("SELECT set_config('selfdirect.audit_purge', 'on', true)")
                cursor.execute(statement)

            refused(lambda: with_the_old_permit("DELETE FROM audit_auditevent"))
            refused(lambda: with_the_old_permit("UPDATE audit_auditevent SET why = ''"))
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE waits for no deferred check of the test's rows
            refused(lambda: cursor.execute("TRUNCATE audit_auditevent"))
    assert list(AuditEvent.objects.order_by("id").values_list("what", flat=True)) == ["Opened the record 0",
                                                                                       "Opened the record 1"]
    assert queries.missing_guards() == []


def test_the_purge_routine_removes_the_oldest_events_and_leaves_a_checkpoint(db):
    with time_machine.travel(datetime.datetime(2019, 5, 1, 9, tzinfo=datetime.UTC), tick=False):
        old = write(3, what="Long ago")
    kept = write(2, what="This year")

    purged = actions.purge(before=datetime.date(2020, 1, 1), why="Kept for six years (retention schedule)")

    assert purged.removed == 3
    assert list(AuditEvent.objects.order_by("id").values_list("what", flat=True)) == [
        "This year 0", "This year 1", "Removed 3 older events dated before 1 January 2020 00:00"]
    checkpoint = purged.checkpoint
    assert checkpoint.action == "checkpoint" and checkpoint.why == "Kept for six years (retention schedule)"
    assert checkpoint.purged_to_hash == old[-1].row_hash == kept[0].previous_hash
    assert checkpoint.previous_hash == kept[-1].row_hash  # chained like any other event
    assert queries.verify_chain().broken is None
    refused(lambda: AuditEvent.objects.filter(pk=checkpoint.pk).delete())  # the permit ended with the purge


def test_purging_everything_leaves_only_the_checkpoint_and_the_chain_goes_on_from_it(db):
    written = write(3)
    purged = actions.purge(why="Test of a full purge")
    assert purged.removed == 3 and list(AuditEvent.objects.all()) == [purged.checkpoint]
    assert purged.checkpoint.previous_hash == purged.checkpoint.purged_to_hash == written[-1].row_hash
    later = write(1)[0]
    assert later.previous_hash == purged.checkpoint.row_hash
    assert queries.verify_chain().broken is None and queries.verify_chain().verified == 2


def test_only_emptying_the_whole_trail_may_leave_no_checkpoint(db):
    write(1)
    with pytest.raises(ValueError):
        actions.purge(before=timezone.now(), why="Trying to hide a purge", checkpoint=False)
    with pytest.raises(ValueError):
        actions.purge(why=" ")
    assert AuditEvent.objects.count() == 1


def test_flush_empties_the_trail_through_the_purge_routine(council):
    council.person()
    assert AuditEvent.objects.exists()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the test's own transaction: TRUNCATE waits for no deferred check
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists() and not Person.objects.exists()
    write(1)
    refused(lambda: AuditEvent.objects.all().delete())  # and the guard is still there


def test_the_demo_rebuild_clears_the_trail_through_the_purge_routine(council):
    from selfdirect.site import demo

    council.live_person()
    demo.clear_everything()
    assert not AuditEvent.objects.exists() and not Person.objects.exists()


def test_people_cannot_be_deleted_while_the_trail_names_them(council):
    from django.db.models import ProtectedError

    person = council.person()
    with pytest.raises(ProtectedError):
        person.delete()


# ---- PostgreSQL: Selfdirect's own role cannot take the permit (review finding 4) -----------------------------------

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="database roles: run with DATABASE_URL pointing at PostgreSQL")
migration_0004 = importlib.import_module("selfdirect.audit.migrations.0004_purge_through_a_definer_function")

# What docs/security.md tells a council to give the role Selfdirect runs under, run as the tables' owner.
APP_GRANTS = [
    "GRANT USAGE ON SCHEMA public TO selfdirect_app;",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO selfdirect_app;",
    "REVOKE UPDATE, DELETE ON audit_auditevent FROM selfdirect_app;",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO selfdirect_app;",
    "GRANT EXECUTE ON FUNCTION audit_auditevent_purge TO selfdirect_app;",
]


@pytest.fixture
def app_role(transactional_db):
    """A fresh login role that does not own the tables, given only APP_GRANTS, and a connection as it both through
    psycopg (`.sql`) and through Django (the `as_app` alias). Dropped afterwards."""
    import psycopg

    name = f"selfdirect_app_test_{uuid.uuid4().hex[:12]}"
    role = types.SimpleNamespace(name=name, sql=None, django=None)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{name}" LOGIN')
    try:
        with connection.cursor() as cursor:
            for grant in APP_GRANTS:
                cursor.execute(grant.replace("selfdirect_app", f'"{name}"'))
        settings = {**connection.settings_dict, "USER": name, "PASSWORD": ""}
        role.django = connections["as_app"] = type(connections["default"])(settings, alias="as_app")  # made here, so
        # the test may use it (pytest-django refuses aliases in settings.DATABASES that the test does not name)
        role.sql = psycopg.connect(host=settings["HOST"], port=settings["PORT"] or None, dbname=settings["NAME"],
                                   user=name)
        yield role
    finally:
        if role.sql is not None:
            role.sql.close()
        if role.django is not None:
            role.django.close()
            del connections["as_app"]
        with connection.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{name}"')
            cursor.execute(f'DROP ROLE "{name}"')


def refused_as(role, *statements, error, match):
    """Each statement, run by the role after setting the old permit, in a transaction of its own, fails."""
    for statement in statements:
        with pytest.raises(error, match=match):
            with role.sql.transaction():
                role.sql.execute("SELECT set_config('selfdirect.audit_purge', 'on', true)")  # the old permit
                role.sql.execute(statement)


def test_the_grants_the_council_is_told_to_give_are_the_ones_tested():
    security = (pathlib.Path(__file__).parents[2] / "docs" / "security.md").read_text()
    assert all(grant in security for grant in APP_GRANTS)


@on_postgresql
def test_selfdirects_own_role_cannot_change_or_remove_events_and_purges_only_through_the_function(app_role):
    from psycopg import errors

    with time_machine.travel(datetime.datetime(2019, 5, 1, 9, tzinfo=datetime.UTC), tick=False):
        old = write(3, what="Long ago")
    kept = write(2, what="This year")

    # No privilege: the old permit, UPDATE, DELETE, TRUNCATE, emptying the trail, becoming the purger
    refused_as(app_role, "DELETE FROM audit_auditevent", "UPDATE audit_auditevent SET why = ''",
               "TRUNCATE audit_auditevent", "SELECT audit_auditevent_empty()",
               error=errors.InsufficientPrivilege, match="permission denied")
    refused_as(app_role, "SET ROLE selfdirect_audit_purger", error=errors.InsufficientPrivilege,
               match="permission denied")
    # Nor through the purge function with a checkpoint that does not hold the hash of the last event removed
    refused_as(app_role, f"""SELECT audit_auditevent_purge({old[-1].pk}, '{"0" * 64}', now(), NULL, 'Removed',
                                 'Hiding it', 'cli', '', '', '{kept[-1].row_hash}', '{"1" * 64}')""",
               error=errors.InvalidParameterValue, match="hash of the last event removed")

    # A council that gave the role more than it should: the triggers still refuse it, whatever it sets
    with connection.cursor() as cursor:
        cursor.execute(f'GRANT UPDATE, DELETE, TRUNCATE ON audit_auditevent TO "{app_role.name}"')
    assert queries.loose_grants() == [app_role.name]
    refused_as(app_role, "DELETE FROM audit_auditevent", "UPDATE audit_auditevent SET why = ''",
               "TRUNCATE audit_auditevent", error=errors.IntegrityConstraintViolation, match="append-only")
    # Migrating again takes the extra privileges back (and the role and functions are made only once)
    with connection.cursor() as cursor:
        migration_0004.postgresql_forward(cursor)
    assert queries.loose_grants() == [] and queries.missing_guards() == []
    assert AuditEvent.objects.count() == 5

    # The one way: the purge routine, through the function, as Selfdirect's own role
    purged = actions.purge(before=datetime.date(2020, 1, 1), why="Kept for six years", using="as_app")
    assert purged.removed == 3
    assert list(AuditEvent.objects.order_by("id").values_list("what", flat=True)) == [
        "This year 0", "This year 1", "Removed 3 older events dated before 1 January 2020 00:00"]
    assert AuditEvent.objects.get(action="checkpoint") == purged.checkpoint
    assert purged.checkpoint.purged_to_hash == old[-1].row_hash and purged.checkpoint.previous_hash == kept[-1].row_hash
    assert queries.verify_chain(using="as_app").broken is None
    out = StringIO()
    call_command("audit", "check", stdout=out)
    assert out.getvalue().startswith("The audit trail verifies: 3 events, from the checkpoint left by the purge of ")
    # but it cannot empty the trail without a checkpoint
    with pytest.raises(ProgrammingError, match="permission denied"):
        actions.purge(why="Hiding everything", checkpoint=False, using="as_app")
    assert AuditEvent.objects.count() == 3


@on_postgresql
def test_migrating_without_the_right_to_make_the_role_stops_and_says_what_to_run(app_role):
    missing = f"selfdirect_no_such_role_{uuid.uuid4().hex[:8]}"
    with app_role.sql.cursor() as cursor, pytest.raises(RuntimeError) as stopped:
        migration_0004.ensure_purger(cursor, missing)
    assert f"CREATE ROLE {missing} NOLOGIN;" in str(stopped.value)
    assert f"GRANT {missing} TO {app_role.name};" in str(stopped.value)
    assert "no CREATEROLE" in str(stopped.value)
    with connection.cursor() as cursor:  # a role that may make it makes it once; a second time is no error
        cursor.execute("SELECT count(*) FROM pg_roles WHERE rolname = %s", [migration_0004.PURGER])
        assert cursor.fetchone()[0] == 1
        migration_0004.ensure_purger(cursor)
