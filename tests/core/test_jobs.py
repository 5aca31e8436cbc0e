"""Long jobs on the task worker (core.jobs): handed over when the request commits, run by `selfdirect db_worker` from
the database backend, their progress and result recorded for the page that shows them; a refusal is the message the
person reads, and nothing else is left half done."""

import io

import pytest
from django.core.management import call_command

from selfdirect.core import jobs
from selfdirect.core.errors import DomainError
from selfdirect.core.models import Job

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def kinds():
    said = []

    @jobs.register("test.count")
    def count(params, *, say):
        say("Counting")
        said.append(Job.objects.get(pk=params["me"]).progress)
        return {"summary": f"Counted to {params['to']}", "url": "/"}

    @jobs.register("test.refuse")
    def refuse(params, *, say):
        raise DomainError("That run was paid already")

    yield said
    jobs.KINDS.pop("test.count")
    jobs.KINDS.pop("test.refuse")


@pytest.mark.django_db(transaction=True)  # the worker closes and opens its own connections, as a separate process would
def test_a_job_waits_for_the_worker_then_the_worker_does_it(council, kinds, settings):
    settings.TASKS = DATABASE_TASKS
    job = jobs.start("test.count", actor=council.finance, label="Count", params={"to": 3})
    Job.objects.filter(pk=job.pk).update(params={"to": 3, "me": job.pk})
    job.refresh_from_db()
    assert job.status == Job.Status.WAITING  # nothing runs in the request
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result == {"summary": "Counted to 3", "url": "/"}
    assert kinds == ["Counting"] and job.started_at and job.finished_at


def test_a_refused_job_says_why_on_its_page_and_only_its_asker_sees_it(council, kinds, signed_in,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start("test.refuse", actor=council.finance, label="Pay the run", params={})
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error == "That run was paid already"
    page = signed_in(council.finance).get(f"/jobs/{job.pk}/").content.decode()
    assert "It could not be done" in page and "That run was paid already" in page
    assert signed_in(council.worker).get(f"/jobs/{job.pk}/").status_code == 404


def test_a_kind_no_app_registered_is_refused_before_anything_is_recorded(council):
    with pytest.raises(ValueError, match="no job of kind"):
        jobs.start("test.nothing", actor=council.finance, label="Nothing", params={})
    assert not Job.objects.exists()


def test_a_job_that_holds_the_database_says_its_progress_beside_it_and_is_recorded_again_if_its_work_deleted_it(
        council, settings, tmp_path, signed_in, django_capture_on_commit_callbacks):
    """The demo's build works in one transaction and empties every table, the job's own row and its asker included."""
    settings.MEDIA_ROOT = tmp_path
    seen = []

    @jobs.register("test.rebuild", progress_aside=True)
    def rebuild(params, *, say):
        say("Clearing the database")
        job = Job.objects.get(pk=params["job"])
        seen.append((jobs.progress_of(job), job.progress))  # the page reads the file; the row is not touched
        asker = job.requested_by
        Job.objects.all().delete()
        name = asker.username
        asker.delete()
        council.worker.__class__.objects.create_user(username=name, password="a-long-test-password",
                                                     role=asker.role)  # the same sign-in, made again
        return {"summary": "Rebuilt", "url": "/"}

    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = jobs.start("test.rebuild", actor=council.finance, label="Rebuild", params={})
    finally:
        jobs.KINDS.pop("test.rebuild")
        jobs.PROGRESS_ASIDE.discard("test.rebuild")
    assert seen == [("Clearing the database", "Started")]
    again = Job.objects.get(pk=job.pk)
    assert again.status == Job.Status.DONE and again.requested_by.username == "finance" and again.label == "Rebuild"
    assert again.requested_by.pk != council.finance.pk and not list((tmp_path / "jobs").iterdir())  # file gone
    assert "Rebuilt" in signed_in(again.requested_by).get(f"/jobs/{job.pk}/").content.decode()


def test_a_jobs_files_are_kept_privately_and_deleted_after_a_week_when_a_job_starts(council, kinds, settings, tmp_path):
    import os
    import time

    settings.MEDIA_ROOT = tmp_path
    old, new = jobs.keep_file(b"old export"), jobs.keep_file(b"new export")
    assert old.startswith("jobs/") and old != new and jobs.open_file(new).read() == b"new export"
    week_ago = time.time() - jobs.FILES_KEPT.total_seconds() - 60
    os.utime(tmp_path / old, (week_ago, week_ago))
    jobs.start("test.count", actor=council.finance, label="Count", params={"to": 1})
    assert not (tmp_path / old).exists() and (tmp_path / new).exists()
