"""Uprating from the browser (charging.uprating_views): finance checks what a new year's rates would change, then
uprates every current assessment, each on the task worker (charging.jobs); the job's page says how many people have
been done and what changed, and links the table of changes, which only the one who asked reads."""

import datetime

from selfdirect.audit.models import AuditEvent
from selfdirect.charging import actions, jobs
from selfdirect.charging.models import FinancialAssessment
from selfdirect.core.models import Job
from tests.charging.inputs import assessment_input
from tests.jobs import through_the_worker

APRIL_2024 = {"as_of_0": "8", "as_of_1": "4", "as_of_2": "2024"}


def _two_assessed(council):
    older = council.live_person(date_of_birth=datetime.date(1948, 5, 1))
    younger = council.live_person(first_name="Young", date_of_birth=datetime.date(1990, 5, 1))
    for person in (older, younger):
        actions.record_assessment(person, assessment_input(person), actor=council.finance)
    return older, younger


def test_finance_checks_what_would_change_then_uprates_and_reads_each_change(council, signed_in,
                                                                             django_capture_on_commit_callbacks):
    older, younger = _two_assessed(council)
    client = signed_in(council.finance)
    assert 'href="/finance/uprating/"' in client.get("/finance/charging-rates/").content.decode()
    page = client.get("/finance/uprating/").content.decode()
    assert "Check what would change" in page and "Uprate every assessment" in page
    checked = through_the_worker(client, django_capture_on_commit_callbacks, "/finance/uprating/",
                                 {**APRIL_2024, "do": "check"}).content.decode()
    assert "Check what uprating would change as of 8 April 2024" in checked
    assert "Checked as of 8 April 2024: 2 people would be reassessed; 0 contributions would rise, 2 would fall" in checked
    assert FinancialAssessment.objects.count() == 2  # nothing saved
    table = client.get(Job.objects.get().result["url"]).content.decode()
    assert older.full_name in table and younger.full_name in table and "-£14.35" in table and "-£6.95" in table
    assert "Nothing was saved" in table

    uprated = through_the_worker(client, django_capture_on_commit_callbacks, "/finance/uprating/",
                                 {**APRIL_2024, "do": "uprate"}).content.decode()
    assert "Uprated as of 8 April 2024: 2 people reassessed; 0 contributions rose, 2 fell, 0 stayed the same" in uprated
    assert "See each change" in uprated
    assert FinancialAssessment.objects.filter(reason=FinancialAssessment.Reason.UPRATING).count() == 2
    assert AuditEvent.objects.filter(person=older, actor=council.finance,
                                     what__startswith="Financial assessment (Yearly uprating of rates)").exists()
    job = Job.objects.filter(kind="charging.uprate").first()
    assert job.result["dry_run"] is False and len(job.result["rows"]) == 2
    assert AuditEvent.objects.filter(person=older, what="Read the uprating as of 2024-04-08").exists()
    result_url = job.result["url"]
    assert client.get(result_url).status_code == 200
    assert signed_in(council.admin).get(result_url).status_code == 404  # someone else's uprating
    assert signed_in(council.worker).get(result_url).status_code == 403


def test_a_date_is_needed_and_a_person_who_cannot_be_reassessed_is_named_with_why(council, signed_in,
                                                                                  django_capture_on_commit_callbacks):
    _two_assessed(council)
    client = signed_in(council.finance)
    refused = client.post("/finance/uprating/", {"do": "uprate"})
    assert refused.status_code == 400 and "Enter the date the new contributions start" in refused.content.decode()
    assert not Job.objects.exists()
    page = through_the_worker(client, django_capture_on_commit_callbacks, "/finance/uprating/",
                              {"as_of_0": "6", "as_of_1": "4", "as_of_2": "2026", "do": "check"}).content.decode()
    assert "could not be reassessed" in page
    table = client.get(Job.objects.get().result["url"]).content.decode()
    assert "Not worked out:" in table and "2026-27.json" in table


def test_uprating_says_how_far_it_has_got_every_so_many_people(council, monkeypatch):
    _two_assessed(council)
    monkeypatch.setattr(actions, "UPRATING_SAYS_EVERY", 1)
    said = []
    rows = actions.uprate(as_of=datetime.date(2024, 4, 8), actor=council.finance, dry_run=True, progress=said.append)
    assert said == ["1 of 2 people checked"] and len(rows) == 2
    text, table = jobs.summary_of(rows, as_of=datetime.date(2024, 4, 8), dry_run=True)
    assert text.endswith("-£21.30 a week would change in total.") and len(table) == 2


def test_only_finance_uprates(council):
    import pytest

    with pytest.raises(actions.ChargingError, match="Only finance officers and administrators uprate"):
        actions.uprate(as_of=datetime.date(2024, 4, 8), actor=council.worker)
