"""`selfdirect retention due|erase|run`: as a council schedules it. A run erases everyone due and removes audit events
past their period through the audit trail's purge; a second run finds nothing to do and writes nothing; each refusal
has its exit code and changes nothing."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from selfdirect.audit.models import AuditEvent
from selfdirect.people.models import Person
from selfdirect.retention.models import Erasure
from tests import writes
from tests.retention.conftest import build_past_person
from tests.retention.test_erasure import _marks, found_anywhere

pytestmark = pytest.mark.django_db


def retention(*args):
    out = io.StringIO()
    call_command("retention", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refused(*args) -> CommandError:
    with pytest.raises(CommandError) as raised:
        retention(*args)
    return raised.value


def test_due_lists_each_person_with_why_audited_as_the_actors_read(past, council):
    said = retention("due", "--actor", "admin")
    assert "1 person due for erasure" in said and past.reference in said
    assert "The person's social care record: kept 8 years from 31 March 2015, so past it from 1 April 2023" in said
    assert AuditEvent.objects.filter(actor=council.admin, person=past.person, channel="cli",
                                     what="Listed people due for erasure").exists()
    assert "0 people due" in retention("due", "--actor", "admin", "--as-of", "2023-03-31")


def test_erase_one_person_by_reference(past, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        said = retention("erase", past.reference, "--actor", "admin")
    assert f"Erased {past.reference}: the record is now ERASED-{past.person.pk}" in said
    assert Person.objects.get(pk=past.person.pk).first_name == "Erased"


def test_run_erases_everyone_due_and_purges_old_audit_events_and_a_second_run_does_nothing(
        council, media, django_capture_on_commit_callbacks):
    first = build_past_person(council)
    second = build_past_person(council, marks={"first_name": "Ottoline", "last_name": "Brackenbury-Thwaite",
                                               "nhs_number": "4010232137", "postcode": "EX9 8QX",
                                               "date_of_birth": datetime.date(1939, 8, 2)}, reference_suffix="2",
                               paid_on=datetime.date(2014, 2, 2))
    kept = build_past_person(council, spend_everything=False,
                             marks={"first_name": "Kept", "last_name": "Money", "nhs_number": "",
                                    "postcode": "EX1 1AA", "date_of_birth": datetime.date(1950, 1, 2)},
                             reference_suffix="3",
                             paid_on=datetime.date(2014, 2, 3))
    dry = retention("run", "--actor", "admin", "--dry-run")
    assert "a dry run, nothing changed" in dry and "Would erase 2 people" in dry and first.reference in dry
    assert not Erasure.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        said = retention("run", "--actor", "admin")
    assert "Erased 2 people" in said and "Removed" in said and "audit events dated before" in said
    assert set(Erasure.objects.values_list("person_id", flat=True)) == {first.person.pk, second.person.pk}
    assert Person.objects.get(pk=kept.person.pk).last_name == "Money"
    checkpoint = AuditEvent.objects.get(action="checkpoint")
    assert checkpoint.actor == council.admin and "kept 8 years" in checkpoint.why
    assert found_anywhere(_marks(first) + _marks(second)) == []  # not the audit trail either, once purged
    call_command("audit", "check", stdout=io.StringIO())  # raises (exit 1) if the chain does not verify
    call_command("money", "check", stdout=io.StringIO())
    before = writes.digest(set())
    again = retention("run", "--actor", "admin")
    assert "Erased 0 people" in again and "Nothing to do" in again
    assert writes.changed(before, writes.digest(set())) == []


def test_exit_codes(past, council):
    assert refused("due", "--actor", "worker").returncode == 1  # not an administrator: nothing read
    assert refused("run", "--actor", "nobody").returncode == 1
    assert refused("erase", "EX999999", "--actor", "admin").returncode == 2
    future = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    problem = refused("run", "--actor", "admin", "--as-of", future)
    assert problem.returncode == 2 and "--as-of" in str(problem)
    assert refused("due", "--actor", "admin", "--as-of", "31/12/2026").returncode == 2
    from selfdirect.retention.actions import place_hold

    place_hold(past.person, actor=council.admin, reason="A claim")
    before = writes.digest({"audit_auditevent"})
    problem = refused("erase", past.reference, "--actor", "admin")
    assert problem.returncode == 2 and "kept: a legal hold (A claim); nothing was changed" in str(problem)
    assert writes.changed(before, writes.digest({"audit_auditevent"})) == []
    assert "Would erase 0 people" in retention("run", "--actor", "admin", "--dry-run", "--as-of", future)
