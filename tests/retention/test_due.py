"""Who is past the retention schedule as of a day, and what keeps a person's records whatever the dates say: an open
case, money still held, an open subject access request, a legal hold. The schedule is the council's to change, each
change a new version, audited."""

import datetime

import pytest

from selfdirect.audit.models import AuditEvent
from selfdirect.retention import actions, queries
from selfdirect.retention.models import ScheduleVersion
from tests.retention.conftest import at, build_past_person

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _due():
    return [row.person.pk for row in queries.due_for_erasure(TODAY)]


def _kept():
    return {row.person.pk: row.decision.kept for row in queries.past_the_schedule(TODAY)[1]}


def test_only_a_person_past_every_period_is_due(past, council):
    live = council.live_person()  # an open case: referred this year
    assert _due() == [past.person.pk]
    assert not queries.due_for_erasure(datetime.date(2023, 3, 31))  # the day before the care record's period ends
    assert queries.decision_for(live).due_on > TODAY


def test_an_open_case_keeps_the_person(council, media):
    open_case = build_past_person(council, close=False)
    assert _due() == [] and _kept() == {}  # an open case is a live record: not even past the schedule
    assert "an open case" in queries.decision_for(open_case.person).refusal(TODAY)
    with pytest.raises(actions.RetentionError, match="kept: an open case"):
        actions.erase(open_case.person, actor=council.admin)


def test_money_still_held_keeps_the_person(council, media):
    unspent = build_past_person(council, spend_everything=False)
    assert _due() == []
    assert _kept() == {unspent.person.pk: ("money still held in an account of theirs",)}


def test_an_open_subject_access_request_keeps_the_person(past, council):
    from selfdirect.subject_access import actions as subject_access

    with at(datetime.date(2016, 1, 4)):
        subject_access.log_request(past.person, actor=council.admin, received_on=datetime.date(2016, 1, 4),
                                   received_how="email", requester="person", identity_checked="Seen",
                                   asked_for="Everything")
    assert _due() == []
    assert _kept() == {past.person.pk: ("an open subject access request",)}


def test_a_legal_hold_keeps_the_person_until_it_is_lifted(past, council):
    hold = actions.place_hold(past.person, actor=council.admin, reason="Ombudsman complaint 24-001")
    assert _due() == [] and _kept() == {past.person.pk: ("a legal hold (Ombudsman complaint 24-001)",)}
    with pytest.raises(actions.RetentionError, match="already held"):
        actions.place_hold(past.person, actor=council.admin, reason="Again")
    actions.lift_hold(past.person, actor=council.admin, reason="The Ombudsman closed it")
    hold.refresh_from_db()
    assert hold.lifted_on == TODAY and _due() == [past.person.pk]
    assert AuditEvent.objects.filter(person=past.person, what__startswith="Placed legal hold").exists()
    assert AuditEvent.objects.filter(person=past.person, what__startswith="Lifted legal hold").exists()
    with pytest.raises(actions.RetentionError, match="not held"):
        actions.lift_hold(past.person, actor=council.admin, reason="Again")
    with pytest.raises(actions.RetentionError, match="Only an administrator"):
        actions.place_hold(past.person, actor=council.manager, reason="Mine")


def test_the_council_changes_the_schedule_as_a_new_version_audited(past, council):
    assert queries.schedule_in_force().version == 0
    periods = {**queries.schedule_in_force().periods, "care_record": 15}
    made = actions.set_schedule(actor=council.admin, periods=periods, reason="Information governance board, 1 Dec")
    assert (made.number, queries.schedule_in_force().periods["care_record"]) == (1, 15)
    assert _due() == []  # closed in 2015: kept until 2030 now
    event = AuditEvent.objects.get(what__startswith="Set retention schedule version 1")
    assert "The person's social care record 8 to 15 years" in event.what and event.why.startswith("Information")
    with pytest.raises(actions.RetentionError, match="the same as the schedule in force"):
        actions.set_schedule(actor=council.admin, periods=periods, reason="Again")
    with pytest.raises(actions.RetentionError, match="between 1 and 100") as refused:
        actions.set_schedule(actor=council.admin, periods={**periods, "financial": 0}, reason="Less")
    assert refused.value.field == "financial"
    with pytest.raises(actions.RetentionError, match="Only an administrator"):
        actions.set_schedule(actor=council.finance, periods={**periods, "financial": 7}, reason="Mine")
    actions.set_schedule(actor=council.admin, periods={**periods, "care_record": 8}, reason="Back to 8")
    assert ScheduleVersion.objects.count() == 2 and _due() == [past.person.pk]
    assert [v.version for v in queries.schedule_versions()] == [2, 1]
