"""The audit trail is tamper-evident (issue 15, finding 7): each event holds the hash of the event before it and its
own (SHA-256 over that hash and its canonical content), the purge routine leaves a checkpoint holding the hash of the
last event it removed, and `selfdirect audit check` verifies the chain and names the first broken event. Tampering is
done here with the database's raw permit, as someone with SQL access could. ASVS 4.0.3 V7.3.3, V7.3.4."""

import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from selfdirect.audit import actions, chain, queries
from selfdirect.audit.models import AuditEvent

from .helpers import raw_permit, write


def check() -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit", "check", stdout=out)
    return out.getvalue()


@pytest.fixture
def trail(council):
    """A trail written as the journey writes it: a person taken to a live budget by the pages' own actions."""
    council.live_person()
    return council


def test_each_event_follows_the_one_before_and_the_check_verifies_the_chain(trail):
    events = list(AuditEvent.objects.order_by("id"))
    assert len(events) > 10 and events[0].previous_hash == chain.GENESIS
    for before, event in zip(events, events[1:], strict=False):
        assert event.previous_hash == before.row_hash
        assert event.row_hash == chain.link(before.row_hash, event.chain_content())
    report = queries.verify_chain()
    assert report.broken is None and report.verified == len(events) and report.head == events[-1].row_hash
    assert f"The audit trail verifies: {len(events)} events, from its start." in check()


def test_a_list_of_people_is_chained_in_one_insert(council):
    people = [council.person() for _ in range(5)]
    with CaptureQueriesContext(connection) as captured:
        written = actions.record_each(people, actor=council.worker, action=actions.Action.READ, what="Listed people")
    inserts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith('INSERT INTO "audit_auditevent"')]
    assert len(inserts) == 1
    assert [e.previous_hash for e in written[1:]] == [e.row_hash for e in written[:-1]]
    assert queries.verify_chain().broken is None


def test_a_changed_event_is_found_and_named(trail):
    events = list(AuditEvent.objects.order_by("id"))
    tampered = events[len(events) // 2]
    with raw_permit() as cursor:
        cursor.execute("UPDATE audit_auditevent SET why = 'Nothing to see' WHERE id = %s", [tampered.pk])
    report = queries.verify_chain()
    assert report.broken.id == tampered.pk and "changed" in report.broken.reason
    with pytest.raises(CommandError, match=f"broken at event {tampered.pk}: its content is not what was written"):
        check()


@pytest.mark.parametrize("which", ["middle", "first"])
def test_a_removed_event_is_found_at_the_event_after_it(trail, which):
    events = list(AuditEvent.objects.order_by("id"))
    gone = events[len(events) // 2] if which == "middle" else events[0]
    after = events[events.index(gone) + 1]
    with raw_permit() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [gone.pk])
    assert queries.verify_chain().broken.id == after.pk
    with pytest.raises(CommandError, match=f"broken at event {after.pk}"):
        check()


def test_an_event_slipped_in_is_found(trail):
    events = list(AuditEvent.objects.order_by("id"))
    forged = AuditEvent(at=events[3].at, action="read", what="Nothing", previous_hash=events[3].row_hash)
    forged.row_hash = chain.link(forged.previous_hash, forged.chain_content())
    forged.save()
    assert queries.verify_chain().broken.id == forged.pk  # it follows an event that is already followed


def test_after_purges_the_chain_verifies_from_the_latest_checkpoint(db):
    with time_machine.travel(datetime.datetime(2019, 5, 1, 9, tzinfo=datetime.UTC), tick=False):
        write(4, what="2019")
    with time_machine.travel(datetime.datetime(2021, 5, 1, 9, tzinfo=datetime.UTC), tick=False):
        write(4, what="2021")
    write(2, what="Now")
    first = actions.purge(before=datetime.date(2020, 1, 1), why="Retention")
    assert queries.verify_chain().broken is None
    second = actions.purge(before=datetime.date(2022, 1, 1), why="Retention")
    assert list(AuditEvent.objects.order_by("id").values_list("what", flat=True)) == [
        "Now 0", "Now 1", first.checkpoint.what, second.checkpoint.what]  # the first checkpoint is chained like any event
    report = queries.verify_chain()
    assert report.broken is None and report.verified == 4
    assert "from the checkpoint left by the purge of" in check()

    # removing the oldest events kept, behind the routine's back, is found: they no longer follow the checkpoint
    oldest = AuditEvent.objects.order_by("id").first()
    with raw_permit() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [oldest.pk])
    assert queries.verify_chain().broken.id == AuditEvent.objects.order_by("id").first().pk


def test_a_purge_that_reaches_past_a_checkpoint_removes_it_and_the_chain_still_verifies(db):
    write(3)
    first = actions.purge(why="Retention")
    write(2)
    second = actions.purge(why="Retention")  # everything, the first checkpoint with it
    assert list(AuditEvent.objects.all()) == [second.checkpoint] and second.removed == 3
    assert not AuditEvent.objects.filter(pk=first.checkpoint.pk).exists()
    write(1)
    assert queries.verify_chain().broken is None and queries.verify_chain().verified == 2


def test_the_canonical_content_does_not_depend_on_the_database(db):
    event = write(1)[0]
    stored = AuditEvent.objects.get(pk=event.pk)
    assert chain.canonical(stored.chain_content()) == chain.canonical(event.chain_content())
    assert stored.row_hash == chain.link(stored.previous_hash, stored.chain_content())


def test_the_command_line_checks_the_trail(cli):
    done = cli("audit", "check")
    assert done.returncode == 0, done.stderr
    assert "The audit trail verifies" in done.stdout
