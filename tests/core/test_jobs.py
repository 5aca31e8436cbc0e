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
