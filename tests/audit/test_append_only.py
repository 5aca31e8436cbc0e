"""The audit trail is append-only in the database itself (issue 15, finding 7): a trigger refuses UPDATE and DELETE of
its events (on PostgreSQL TRUNCATE too) on SQLite and PostgreSQL, whatever code or SQL asks, except inside the one purge
routine, audit.actions.purge; `flush` and the demo's rebuild go through it. ASVS 4.0.3 V7.3.3, V7.3.4."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
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
