"""What the house keeps about itself: the demo build, so `make run` knows whether the council it has is today's."""

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
