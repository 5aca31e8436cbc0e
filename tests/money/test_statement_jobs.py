"""Importing a statement and matching its lines are jobs on the task worker (money.jobs): the page keeps the upload in
private storage, hands it over and sends finance to the job's page; the job imports it, matches what it can, deletes
the file and says how the file was read, what was imported, skipped and left out, with the lines left to match."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from selfdirect.core.models import Job
from selfdirect.money import actions
from selfdirect.money.models import StatementLine
from tests.jobs import through_the_worker

TEXT = b"Date,Description,Amount\n2026-02-03,CORNER CAFE,-8.40\n"


def test_the_page_imports_nothing_itself_and_keeps_the_upload_privately_for_the_worker(council, signed_in, settings,
                                                                                       tmp_path):
    settings.MEDIA_ROOT = tmp_path
    council.live_person(user=council.holder)
    response = signed_in(council.finance).post("/finance/statements/", {
        "statement": SimpleUploadedFile("feb.csv", TEXT), "account": "DP-EX000001", "layout": "signed"})
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/" and job.kind == "statement.import"
    assert job.status == Job.Status.WAITING and not StatementLine.objects.exists()  # the request did not import it
    kept = list((tmp_path / "jobs").iterdir())
    assert [path.read_bytes() for path in kept] == [TEXT] and job.params["file"] == f"jobs/{kept[0].name}"
    assert oct(kept[0].stat().st_mode & 0o777) == "0o600"  # readable by Selfdirect's own user only, as receipts are
    assert job.params["name"] == "feb.csv" and job.params["job"] == job.pk


def test_the_job_says_what_was_read_and_imported_and_links_the_lines_left_to_match(
        council, signed_in, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    council.live_person(user=council.holder)
    actions.pay(datetime.date(2026, 1, 20), actor=council.finance)
    client = signed_in(council.finance)
    page = through_the_worker(client, django_capture_on_commit_callbacks, "/finance/statements/", {
        "statement": SimpleUploadedFile("feb.csv", TEXT), "account": "DP-EX000001", "layout": "signed"}).content.decode()
    assert "Read as UTF-8: 1 line imported, 0 duplicates skipped, 0 refused; 0 lines matched." in page
    assert 'href="/finance/reconcile/">Match the lines left over' in page and "govuk-panel--confirmation" in page
    job = Job.objects.get()
    assert job.label == "Import the statement feb.csv" and job.requested_by == council.finance
    assert not (tmp_path / "jobs").exists() or not list((tmp_path / "jobs").iterdir())
    assert signed_in(council.admin).get(f"/jobs/{job.pk}/").status_code == 404  # only the one who asked sees it


def test_matching_again_is_a_job_that_says_how_many_more_lines_it_matched(council, signed_in,
                                                                          django_capture_on_commit_callbacks):
    council.live_person(user=council.holder)
    client = signed_in(council.finance)
    assert "Match automatically again" in client.get("/finance/reconcile/").content.decode()
    page = through_the_worker(client, django_capture_on_commit_callbacks, "/finance/reconcile/").content.decode()
    assert "Match statement lines automatically" in page and "0 more lines matched." in page
    assert 'href="/finance/reconcile/">See the lines left to match' in page
    assert Job.objects.get().kind == "statement.reconcile"
