"""A worker asks finance for a financial assessment; finance works through its queue; the person sees where it is."""

import datetime

import pytest
from django.utils import timezone

from selfdirect.audit.models import AuditEvent
from selfdirect.charging import actions
from selfdirect.charging.models import AssessmentRequest, FinancialAssessment
from tests.charging.inputs import assessment_input


@pytest.fixture
def person(council):
    return council.live_person(user=council.holder, date_of_birth=datetime.date(1948, 5, 1))


# The actions

def test_a_worker_asks_and_the_request_waits_for_finance(council, person):
    made = actions.request_assessment(person, actor=council.worker, note="  Has savings now  ")
    assert made.status == AssessmentRequest.Status.REQUESTED and made.is_open
    assert made.case == council.case(person) and made.requested_by == council.worker and made.note == "Has savings now"
    assert AuditEvent.objects.filter(person=person, what="Asked the finance team for a financial assessment",
                                     why="Has savings now").exists()


def test_only_one_request_is_open_at_a_time_and_the_refusal_says_when_it_was_asked(council, person):
    actions.request_assessment(person, actor=council.worker)
    with pytest.raises(actions.RequestError, match="already asked for on .* with the finance team"):
        actions.request_assessment(person, actor=council.manager)
    assert AssessmentRequest.objects.count() == 1


def test_a_too_long_note_is_refused_naming_the_field_and_nothing_is_written(council, person):
    with pytest.raises(actions.RequestError, match="Note for the finance team must be 2000 characters or less") as caught:
        actions.request_assessment(person, actor=council.worker, note="x" * 2001)
    assert caught.value.field == "note"
    assert not AssessmentRequest.objects.exists()


@pytest.mark.parametrize("who", ["finance", "south_worker", "holder", "family"])
def test_only_the_persons_own_team_or_an_administrator_may_ask(council, person, who):
    with pytest.raises(actions.RequestError, match="Only the person's social worker or team manager"):
        actions.request_assessment(person, actor=getattr(council, who))
    assert actions.request_assessment(person, actor=council.admin).requested_by == council.admin


def test_a_closed_case_cannot_ask(council, person):
    from selfdirect.journey import actions as journey_actions

    journey_actions.move(council.case(person), "close", actor=council.worker, reason="Moved away")
    with pytest.raises(actions.RequestError, match="case is closed"):
        actions.request_assessment(person, actor=council.worker)


def test_finance_starts_a_request_and_nobody_else_can(council, person):
    made = actions.request_assessment(person, actor=council.worker)
    with pytest.raises(actions.RequestError, match="Only the finance team"):
        actions.start_request(made, actor=council.worker)
    started = actions.start_request(made, actor=council.finance)
    assert started.status == AssessmentRequest.Status.IN_PROGRESS and started.started_by == council.finance
    with pytest.raises(actions.RequestError, match="cannot be started"):
        actions.start_request(made, actor=council.finance)


def test_recording_an_assessment_finishes_the_open_request_with_it(council, person):
    made = actions.request_assessment(person, actor=council.worker)
    assessment = actions.record_assessment(person, assessment_input(person), actor=council.finance)
    made.refresh_from_db()
    assert made.status == AssessmentRequest.Status.DONE and made.assessment == assessment
    assert made.finished_at is not None and made.started_by == council.finance
    assert AuditEvent.objects.filter(person=person, what="Finished the requested financial assessment").exists()
    # with nothing open, the next assessment changes no request; a new request may be made
    actions.record_assessment(person, assessment_input(person, capital_pence=100000), actor=council.finance)
    assert AssessmentRequest.objects.get().assessment == assessment
    assert actions.request_assessment(person, actor=council.worker).is_open


def test_a_rerun_because_the_budget_changed_does_not_answer_a_request(council, person):
    actions.record_assessment(person, assessment_input(person), actor=council.finance)
    made = actions.request_assessment(person, actor=council.worker)
    rerun = actions.personal_budget_changed(person, weekly_cost_pence=25000, actor=council.manager)
    assert rerun.reason == FinancialAssessment.Reason.BUDGET_CHANGED
    made.refresh_from_db()
    assert made.is_open and made.assessment is None


def test_cancelling_needs_a_reason_and_only_an_open_request(council, person):
    made = actions.request_assessment(person, actor=council.worker)
    with pytest.raises(actions.RequestError, match="Enter the reason for cancelling") as caught:
        actions.cancel_request(made, actor=council.worker, reason="  ")
    assert caught.value.field == "reason"
    with pytest.raises(actions.RequestError, match="Reason for cancelling must be 2000 characters or less"):
        actions.cancel_request(made, actor=council.worker, reason="x" * 2001)
    with pytest.raises(actions.RequestError, match="Only the person's social worker"):
        actions.cancel_request(made, actor=council.south_worker, reason="Not mine")
    assert AssessmentRequest.objects.get().is_open
    cancelled = actions.cancel_request(made, actor=council.finance, reason="Asked twice by phone")
    assert cancelled.status == AssessmentRequest.Status.CANCELLED and cancelled.cancelled_by == council.finance
    with pytest.raises(actions.RequestError, match="cannot be cancelled"):
        actions.cancel_request(made, actor=council.worker, reason="Again")


def test_the_database_keeps_one_open_request_a_person(council, person):
    from django.db import IntegrityError, transaction

    made = actions.request_assessment(person, actor=council.worker)
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentRequest.objects.create(person=person, case=made.case, requested_by=council.worker)


# The pages

def test_the_worker_asks_from_the_record_and_then_sees_it_is_with_finance(council, person, signed_in):
    client = signed_in(council.worker)
    record = client.get(f"/people/{person.pk}/").content.decode()
    assert "Ask finance for a financial assessment" in record and f"/people/{person.pk}/charging/ask/" in record
    page = client.get(f"/people/{person.pk}/charging/ask/").content.decode()
    assert 'for="id_note"' in page
    response = client.post(f"/people/{person.pk}/charging/ask/", {"note": "Pension has gone up"})
    assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}/"
    record = client.get(f"/people/{person.pk}/").content.decode()
    assert "It is with the finance team" in record and "Ask finance for a financial assessment" not in record
    again = client.get(f"/people/{person.pk}/charging/ask/").content.decode()
    assert "You can ask again once it is done or cancelled" in again and 'id="id_note"' not in again


def test_asking_twice_in_the_browser_shows_why_not(council, person, signed_in):
    client = signed_in(council.worker)
    client.post(f"/people/{person.pk}/charging/ask/", {"note": ""})
    response = client.post(f"/people/{person.pk}/charging/ask/", {"note": "again"})
    body = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in body and "already asked for on" in body
    assert AssessmentRequest.objects.count() == 1


def test_a_too_long_note_in_the_browser_is_named_and_linked(council, person, signed_in):
    response = signed_in(council.worker).post(f"/people/{person.pk}/charging/ask/", {"note": "x" * 2001})
    body = response.content.decode()
    assert response.status_code == 400 and 'href="#id_note"' in body
    assert "Note for the finance team must be 2000 characters or less" in body
    assert not AssessmentRequest.objects.exists()


def test_the_ask_page_is_refused_to_finance_and_hidden_from_another_team(council, person, signed_in):
    assert signed_in(council.finance).get(f"/people/{person.pk}/charging/ask/").status_code == 403
    assert signed_in(council.south_worker).get(f"/people/{person.pk}/charging/ask/").status_code == 404
    assert "Ask finance for a financial assessment" not in signed_in(council.finance).get(f"/people/{person.pk}/").content.decode()


def test_finance_queue_is_oldest_first_with_age_in_working_days_and_links(council, signed_in):
    first = council.live_person(first_name="Older", date_of_birth=datetime.date(1948, 5, 1))
    second = council.live_person(first_name="Newer", date_of_birth=datetime.date(1949, 5, 1))
    old = actions.request_assessment(first, actor=council.worker)
    actions.request_assessment(second, actor=council.worker)
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday() + 7)  # Monday of last week: 5 working days by this Monday
    AssessmentRequest.objects.filter(pk=old.pk).update(requested_at=timezone.make_aware(
        datetime.datetime.combine(monday, datetime.time(10))))
    body = signed_in(council.finance).get("/finance/assessment-requests/").content.decode()
    assert body.index("Older Evans") < body.index("Newer Evans")
    from selfdirect.core.dates import working_days_between

    assert f"{working_days_between(monday, today)} working days" in body
    assert f"/people/{first.pk}/charging/" in body and f"/people/{first.pk}/charging/new/" in body
    assert "2 requests waiting" in body


def test_the_queue_is_paged_and_for_finance_only(council, signed_in):
    for index in range(27):
        actions.request_assessment(council.person(first_name=f"P{index:02d}"), actor=council.worker)
    client = signed_in(council.finance)
    first = client.get("/finance/assessment-requests/").content.decode()
    assert "Page 1 of 2" in first and "P00 Evans" in first and "P26 Evans" not in first
    second = client.get("/finance/assessment-requests/?page=2").content.decode()
    assert "P26 Evans" in second and "P00 Evans" not in second
    assert signed_in(council.worker).get("/finance/assessment-requests/").status_code == 403
    assert signed_in(council.admin).get("/finance/assessment-requests/").status_code == 200


def test_finance_starts_from_the_queue_then_the_assessment_finishes_it(council, person, signed_in):
    made = actions.request_assessment(person, actor=council.worker)
    client = signed_in(council.finance)
    response = client.post(f"/people/{person.pk}/charging/requests/{made.pk}/start/")
    assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}/charging/new/"
    made.refresh_from_db()
    assert made.status == AssessmentRequest.Status.IN_PROGRESS
    assert "In progress" in client.get("/finance/assessment-requests/").content.decode()
    assert signed_in(council.worker).post(f"/people/{person.pk}/charging/requests/{made.pk}/start/").status_code == 403
    # the finance officer's home says how many wait
    assert "1 request waiting" in signed_in(council.finance).get("/").content.decode()


def test_the_worker_cancels_with_a_reason_named_when_missing(council, person, signed_in):
    made = actions.request_assessment(person, actor=council.worker)
    client = signed_in(council.worker)
    summary = client.get(f"/people/{person.pk}/charging/").content.decode()
    assert f"/people/{person.pk}/charging/requests/{made.pk}/cancel/" in summary
    response = client.post(f"/people/{person.pk}/charging/requests/{made.pk}/cancel/", {"reason": ""})
    assert response.status_code == 400 and "Enter the reason for cancelling" in response.content.decode()
    assert 'href="#id_reason"' in response.content.decode()
    response = client.post(f"/people/{person.pk}/charging/requests/{made.pk}/cancel/", {"reason": "Not needed"})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == AssessmentRequest.Status.CANCELLED and made.cancel_reason == "Not needed"
    assert signed_in(council.south_worker).get(
        f"/people/{person.pk}/charging/requests/{made.pk}/cancel/").status_code == 404


def test_the_person_sees_where_their_request_is_then_their_letter(council, person, signed_in):
    made = actions.request_assessment(person, actor=council.worker, note="Private note for finance")
    holder = signed_in(council.holder)
    home = holder.get("/").content.decode()
    assert "Your financial assessment" in home and "It is with the finance team, who will contact you" in home
    record = holder.get(f"/people/{person.pk}/").content.decode()
    assert "It is with the finance team" in record and "Ask finance" not in record
    assert "Private note for finance" not in holder.get(f"/people/{person.pk}/charging/").content.decode()
    actions.start_request(made, actor=council.finance)
    assert "The finance team is working on it" in holder.get("/").content.decode()
    assessment = actions.record_assessment(person, assessment_input(person), actor=council.finance)
    home = holder.get("/").content.decode()
    assert "done on" in home and f"/people/{person.pk}/charging/{assessment.pk}/letter/" in home
    assert "Read your letter" in holder.get(f"/people/{person.pk}/").content.decode()


def test_the_family_member_sees_it_on_their_home(council, signed_in):
    from selfdirect.people import actions as people_actions

    person = council.live_person()
    people_actions.add_representative(person, actor=council.worker, name="Frank Green", relationship="Son or daughter",
                                      kind="consent", scope="welfare_and_property", evidence_reference="Consent form", user=council.family,
                                      starts_on=datetime.date(2026, 1, 1))
    actions.request_assessment(person, actor=council.worker)
    home = signed_in(council.family).get("/").content.decode()
    assert "Financial assessment:" in home and "with the finance team" in home


# The API

def test_the_api_asks_refuses_a_second_and_lists(council, person, api):
    worker = api(council.worker)
    url = f"/api/v1/people/{person.pk}/financial-assessment-requests/"
    made = worker.post(url, {"note": "By API"}, format="json")
    assert made.status_code == 201 and made.json()["status"] == "requested" and made.json()["note"] == "By API"
    again = worker.post(url, {}, format="json")
    assert again.status_code == 409 and "already asked for" in again.json()["detail"]
    assert [r["id"] for r in worker.get(url).json()] == [made.json()["id"]]
    assert api(council.finance).post(url, {}, format="json").status_code == 403
    assert api(council.south_worker).get(url).status_code == 404


def test_the_api_note_limit_names_the_field(council, person, api):
    response = api(council.worker).post(f"/api/v1/people/{person.pk}/financial-assessment-requests/",
                                         {"note": "x" * 2001}, format="json")
    assert response.status_code == 400 and "note" in response.json()["errors"]
    assert not AssessmentRequest.objects.exists()


def test_the_api_queue_start_and_cancel(council, person, api):
    made = actions.request_assessment(person, actor=council.worker)
    finance = api(council.finance)
    queue = finance.get("/api/v1/finance/assessment-requests/").json()
    assert queue["count"] == 1 and queue["results"][0]["person"] == person.pk
    assert queue["results"][0]["working_days_waiting"] == 0
    assert api(council.worker).get("/api/v1/finance/assessment-requests/").status_code == 403
    base = f"/api/v1/people/{person.pk}/financial-assessment-requests/{made.pk}"
    assert api(council.worker).post(f"{base}/start/").status_code == 403
    assert finance.post(f"{base}/start/").json()["status"] == "in_progress"
    assert finance.post(f"{base}/start/").status_code == 409
    missing = finance.post(f"{base}/cancel/", {"reason": ""}, format="json")
    assert missing.status_code == 400 and missing.json()["errors"] == {"reason": ["Enter the reason for cancelling"]}
    done = api(council.worker).post(f"{base}/cancel/", {"reason": "Duplicate"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "cancelled"
    assert finance.get("/api/v1/finance/assessment-requests/").json()["count"] == 0


def _queue(*args):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("charging", "requests", *args, stdout=out)
    return out.getvalue()


def test_finance_reads_its_queue_from_the_command_line(council, person):
    assert _queue("--actor", "finance").startswith("No open requests")
    actions.request_assessment(person, actor=council.worker, note="")
    lines = _queue("--actor", "finance").splitlines()
    assert lines[0] == "1 open request for a financial assessment, oldest first."
    assert person.full_name in lines[1] and "asked for on" in lines[1] and "0 working days waiting" in lines[1]
    read = AuditEvent.objects.filter(person=person, channel="cli", action="read")
    # the command line's read is audited too, as the actor's
    assert list(read.filter(what__startswith="Listed in the queue").values_list("actor__username", flat=True)) == ["finance"]
    _queue("--actor", "admin")
    assert read.filter(what__startswith="Listed in the queue", actor=council.admin).count() == 1


def test_the_queue_is_audited_before_it_is_printed(council, person):
    """A failure part way through printing still leaves the read in the trail."""
    import io

    from selfdirect.charging.management.commands.charging import Command

    actions.request_assessment(person, actor=council.worker, note="")

    class Broken(io.StringIO):
        def write(self, text):
            raise BrokenPipeError

    with pytest.raises(BrokenPipeError):
        Command(stdout=Broken()).handle(action="requests", actor="finance")
    assert AuditEvent.objects.filter(person=person, channel="cli", actor=council.finance,
                                     what__startswith="Listed in the queue").count() == 1


@pytest.mark.parametrize("actor", ["nobody", "worker", "manager", "commissioner", "holder", "finance.gone"])
def test_the_command_line_queue_refuses_an_actor_who_may_not_read_it_and_prints_nothing(council, person, actor):
    import io

    from django.core.management import CommandError, call_command

    from selfdirect.accounts.models import User
    from selfdirect.core.roles import Role

    User.objects.create_user(username="finance.gone", password="a-long-test-password", role=Role.FINANCE_OFFICER,
                             is_active=False)
    actions.request_assessment(person, actor=council.worker, note="")
    before = AuditEvent.objects.count()
    out = io.StringIO()
    with pytest.raises(CommandError, match=f"--actor: '{actor}' is not an active sign-in of a finance officer or "
                                           "administrator") as refused:
        call_command("charging", "requests", "--actor", actor, stdout=out)
    assert refused.value.returncode == 1 and out.getvalue() == ""
    assert AuditEvent.objects.count() == before


def test_the_entry_point_refuses_the_queue_to_an_unknown_actor_with_exit_code_1(cli):
    result = cli("charging", "requests", "--actor", "nobody")
    assert result.returncode == 1 and result.stdout == ""
    assert "--actor: 'nobody' is not an active sign-in of a finance officer or administrator" in result.stderr
