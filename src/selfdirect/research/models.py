"""A research project (minimal for now: a later issue builds studies on it) and the people in it, each under a
random identifier. The identifiers' table links the identifier to the person: no researcher's page, API answer or
file reads it, and only the identifier itself is released (docs/security.md, "Research data")."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ResearchProject(models.Model):
    name = models.CharField(max_length=200)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="research_projects_led")
    approval_reference = models.CharField(
        "Approval reference", max_length=100,
        help_text="The ethics (REC) or council research governance approval, e.g. 26/SW/0001")
    starts_on = models.DateField()
    ends_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "name", "id"]

    def __str__(self) -> str:
        return self.name


class ProjectMember(models.Model):
    """A person in a project, and the identifier their rows carry in its extracts: random (secrets.token_hex), new
    for each project, so it cannot be worked out from the person's record nor joined across projects. A person who
    withdraws their research consent stays here (the identifier is not reused) but is left out of the next extract."""

    project = models.ForeignKey(ResearchProject, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    identifier = models.CharField(max_length=32)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "identifier"]
        constraints = [
            models.UniqueConstraint(fields=["project", "person"], name="one_membership_a_person_per_project"),
            models.UniqueConstraint(fields=["project", "identifier"], name="identifier_unique_in_project"),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} in {self.project}"
