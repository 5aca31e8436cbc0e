"""What the house keeps about itself: the demo build, so `make run` knows whether the council it has is today's."""

from django.conf import settings
from django.db import models


class DemoBuild(models.Model):
    """One row per `selfdirect demo` that finished: the day the council stands on, its size and seed."""

    as_of = models.DateField()
    people = models.PositiveIntegerField()
    seed = models.IntegerField()
    notices = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-finished_at", "-id"]
        get_latest_by = "finished_at"

    def __str__(self):
        return f"Demo of {self.people} people (seed {self.seed}) as of {self.as_of}"


class Job(models.Model):
    """A long piece of work (a payment run, an import, an export) done on the task worker, not in the page that asked
    for it: the page shows where it has got to and, when it is done, its result (core.jobs)."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for the worker"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Could not be done"

    kind = models.CharField(max_length=60)
    label = models.CharField(max_length=200)
    params = models.JSONField(default=dict)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.WAITING)
    progress = models.CharField(max_length=200, blank=True)
    result = models.JSONField(default=dict, help_text='{"summary": ..., "url": ...} when done')
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.label} ({self.get_status_display().lower()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
