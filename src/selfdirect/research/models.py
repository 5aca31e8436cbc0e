"""A research project (minimal for now: a later issue builds studies on it), the people in it, and its releases.

A release is frozen when it is made: its rows, each under an identifier made at random for that release alone, and
what was done to them. The table that links a release's identifiers to people (ReleasedRow) is shown by no page, API
answer or file (it is read only to leave out people who have withdrawn and to audit whom a release gives); only the
identifiers themselves are released. Because every release has new identifiers, two releases cannot be joined on
them, so a cell suppressed in one cannot be filled in from another (linkability, in the ICO's anonymisation
guidance; docs/security.md, "Research data"). What remains, a researcher comparing two releases by their
quasi-identifiers, is left to the council's research governance."""

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
    """A person in a project: whom its releases are made from. It carries no identifier (each release makes its own,
    ReleasedRow). A person who withdraws their research consent stays here but is left out of every release from then
    on, and of every later read of a release already made."""

    project = models.ForeignKey(ResearchProject, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "person"], name="one_membership_a_person_per_project"),
        ]

    def __str__(self) -> str:
        return f"A member of {self.project}"


class ResearchRelease(models.Model):
    """One release of a project's extract, numbered within the project, frozen when made: `rows` are
    [identifier, quasi-identifiers...] in the order of their identifiers, `report` what was done to them. Reading it
    again shows the same rows (less those of people who have since withdrawn), however the records have changed."""

    project = models.ForeignKey(ResearchProject, on_delete=models.PROTECT, related_name="releases")
    number = models.PositiveIntegerField()
    made_on = models.DateField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)
    header = models.JSONField()
    rows = models.JSONField()
    report = models.JSONField()
    k = models.PositiveSmallIntegerField("Smallest combination (k)")
    suppressed_cells = models.PositiveIntegerField()
    generalised = models.JSONField(default=list)

    class Meta:
        ordering = ["project", "number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="release_number_unique_in_project")]

    def __str__(self) -> str:
        return f"Release {self.number} of {self.project}"

    @property
    def tells_nothing(self) -> bool:
        """Every value suppressed (disclosure.Release.tells_nothing): only the count of people is told."""
        return bool(self.rows) and self.suppressed_cells == len(self.rows) * (len(self.header) - 1)


class ReleasedRow(models.Model):
    """Whose row in a release carries which identifier: random (secrets.token_hex), made for this release alone, so
    it cannot be worked out from the person's record nor joined to their row in another release. Read only to leave
    out people who have withdrawn and to audit each person released; never shown."""

    release = models.ForeignKey(ResearchRelease, on_delete=models.PROTECT, related_name="released_rows")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    identifier = models.CharField(max_length=32)

    class Meta:
        ordering = ["release", "identifier"]
        constraints = [
            models.UniqueConstraint(fields=["release", "identifier"], name="identifier_unique_in_release"),
            models.UniqueConstraint(fields=["release", "person"], name="one_row_a_person_per_release"),
        ]

    def __str__(self) -> str:
        return f"A row of {self.release}"
