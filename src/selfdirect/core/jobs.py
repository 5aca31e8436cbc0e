"""Long jobs on the task worker (django-tasks, the database backend: `selfdirect db_worker`). An app registers what a
kind of job does (`@register("payment_run.prepare")`, from its AppConfig.ready); a page starts one with `start(...)`
and sends the person to the job's page, which says where it has got to and links the result when it is done. The
work itself is the app's own action, run in the worker's process: the page that asked never waits for it.

A job's function takes the job's params and a `say(text)` that records how far it has got, and returns
{"summary": text, "url": where to see the result}; a DomainError it raises is the message the job's page shows."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .errors import DomainError
from .models import Job

KINDS: dict[str, Callable[..., dict]] = {}


def register(kind: str):
    def adding(function):
        KINDS[kind] = function
        return function

    return adding


def start(kind: str, *, actor, label: str, params: dict) -> Job:
    """Record the job and hand it to the worker once the request's transaction commits."""
    if kind not in KINDS:
        raise ValueError(f"no job of kind {kind!r} is registered")
    job = Job.objects.create(kind=kind, label=label[:200], params=params, requested_by=actor)
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def _say(job_pk: int, text: str) -> None:
    Job.objects.filter(pk=job_pk).update(progress=text[:200])


def run(job_pk: int) -> None:
    """Do the job (called by the task, in the worker): running, then done with its result, or failed with why."""
    job = Job.objects.get(pk=job_pk)
    if job.finished:
        return
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now(), progress="Started")
    try:
        result = KINDS[job.kind](job.params, say=lambda text: _say(job.pk, text))
    except DomainError as problem:
        Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, error=str(problem), finished_at=timezone.now())
        return
    except Exception as problem:  # noqa: BLE001  (any other failure is recorded for the person, then raised for the log)
        Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, finished_at=timezone.now(),
                                             error="Something went wrong, and nothing was changed. Try again, or "
                                                   "tell the Selfdirect administrator.")
        raise problem
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, result=result, finished_at=timezone.now(),
                                         progress="Finished")


@task()
def run_job(job_pk: int) -> None:
    """The task the worker runs for every job."""
    run(job_pk)
