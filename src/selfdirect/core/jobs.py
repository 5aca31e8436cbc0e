"""Long jobs on the task worker (django-tasks, the database backend: `selfdirect db_worker`). An app registers what a
kind of job does (`@register("payment_run.prepare")`, from its AppConfig.ready); a page starts one with `start(...)`
and sends the person to the job's page, which says where it has got to and links the result when it is done. The
work itself is the app's own action, run in the worker's process: the page that asked never waits for it.

A job's function takes the job's params (with "job", the job's own id, added) and a `say(text)` that records how far
it has got, and returns {"summary": text, "url": where to see the result}, optionally with "link_text" (the words of
that link), "details" (lines listed under the summary, under "details_heading") and anything else the app's own pages
read back; a DomainError it raises is the message the job's page shows.

Files a job reads or writes (a statement uploaded to import, a workbook exported) are kept in private storage
(SELFDIRECT_MEDIA_ROOT, which is never served) under jobs/ by `keep_file`; a job deletes a file it has read, and any
left there longer than FILES_KEPT are deleted whenever a job starts.

A job whose work holds the database in one transaction (the demo council's build) registers with
`progress_aside=True`: what it says is written to a file beside it, which the job's page reads, because the job's own
row cannot change where another connection sees it until the work commits. If the work deleted the job's row (the
demo's build empties every table, sign-ins included), the job is recorded again, under the same id, for the sign-in
of the same name."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .errors import DomainError
from .models import Job

KINDS: dict[str, Callable[..., dict]] = {}
PROGRESS_ASIDE: set[str] = set()  # kinds whose progress is written to a file beside the job (see above)
FOLDER = "jobs"
FILES_KEPT = datetime.timedelta(days=7)  # a job's file (an export to download) is deleted after this


def register(kind: str, *, progress_aside: bool = False):
    def adding(function):
        KINDS[kind] = function
        if progress_aside:
            PROGRESS_ASIDE.add(kind)
        return function

    return adding


def start(kind: str, *, actor, label: str, params: dict) -> Job:
    """Record the job and hand it to the worker once the request's transaction commits."""
    if kind not in KINDS:
        raise ValueError(f"no job of kind {kind!r} is registered")
    job = Job.objects.create(kind=kind, label=label[:200], params=params, requested_by=actor)
    job.params = {**params, "job": job.pk}
    job.save(update_fields=["params"])
    _forget_old_files()
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


# ---- files a job reads or writes ---------------------------------------------------------------------------------------

def keep_file(content, *, suffix: str = "") -> str:
    """Keep an uploaded file (or bytes) in private storage for a job; the name to read it back by."""
    if isinstance(content, bytes):
        content = ContentFile(content)
    return default_storage.save(f"{FOLDER}/{secrets.token_hex(16)}{suffix}", content)


def open_file(name: str):
    """A job's file, opened for reading in binary."""
    return default_storage.open(name, "rb")


def forget_file(name: str) -> None:
    if name and default_storage.exists(name):
        default_storage.delete(name)


def _forget_old_files() -> None:
    try:
        _, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - FILES_KEPT
    for name in names:
        try:
            if default_storage.get_modified_time(f"{FOLDER}/{name}") < cutoff:
                default_storage.delete(f"{FOLDER}/{name}")
        except FileNotFoundError:  # deleted meanwhile by the job that kept it
            continue


# ---- progress ----------------------------------------------------------------------------------------------------------

def _progress_file(job_pk: int) -> str:
    return f"{FOLDER}/progress-{job_pk}.txt"


def _say(job_pk: int, text: str, *, aside: bool = False) -> None:
    if aside:
        forget_file(_progress_file(job_pk))
        default_storage.save(_progress_file(job_pk), ContentFile(text[:200].encode()))
        return
    Job.objects.filter(pk=job_pk).update(progress=text[:200])


def progress_of(job: Job) -> str:
    """Where the job has got to, as its page says it."""
    if job.kind in PROGRESS_ASIDE and not job.finished:
        try:
            with default_storage.open(_progress_file(job.pk), "rb") as said:
                return said.read().decode(errors="replace")
        except FileNotFoundError:
            pass
    return job.progress


# ---- running -----------------------------------------------------------------------------------------------------------

def _record(job: Job, asker: str, **fields) -> None:
    """The job's outcome on its row; on a row made again if the work deleted it (see above)."""
    if Job.objects.filter(pk=job.pk).update(**fields):
        return
    owner = get_user_model().objects.filter(username=asker, is_active=True).first()
    if owner is not None:
        Job.objects.create(pk=job.pk, kind=job.kind, label=job.label, params=job.params, requested_by=owner,
                           started_at=job.started_at, **fields)


def run(job_pk: int) -> None:
    """Do the job (called by the task, in the worker): running, then done with its result, or failed with why."""
    job = Job.objects.select_related("requested_by").get(pk=job_pk)
    if job.finished:
        return
    asker = job.requested_by.get_username()
    job.started_at = timezone.now()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=job.started_at, progress="Started")
    aside = job.kind in PROGRESS_ASIDE
    try:
        result = KINDS[job.kind](job.params, say=lambda text: _say(job.pk, text, aside=aside))
    except DomainError as problem:
        _record(job, asker, status=Job.Status.FAILED, error=str(problem), finished_at=timezone.now())
        return
    except Exception as problem:  # noqa: BLE001  (any other failure is recorded for the person, then raised for the log)
        _record(job, asker, status=Job.Status.FAILED, finished_at=timezone.now(),
                error="Something went wrong, and nothing was changed. Try again, or tell the Selfdirect administrator.")
        raise problem
    finally:
        if aside:
            forget_file(_progress_file(job.pk))
    _record(job, asker, status=Job.Status.DONE, result=result, finished_at=timezone.now(), progress="Finished")


@task()
def run_job(job_pk: int) -> None:
    """The task the worker runs for every job."""
    run(job_pk)
