"""Every write of a research project: administrators make projects, name a researcher as lead and add the people who
agreed to research; the lead (or an administrator) makes a release, frozen, each row under an identifier made at
random for that release alone; every read of a release is audited. Each verb is atomic and audited.

Why a release is frozen and has identifiers of its own: when an extract was worked out afresh at every read under one
identifier per person for the life of the project, two reads could suppress different cells (people joined, withdrew,
moved on a step), and joining them on the identifier filled in what each had suppressed. The ICO's anonymisation
guidance names this risk "linkability" (docs/security.md, "Research data")."""

import datetime
import secrets

from django.db import transaction

from selfdirect.audit import actions as audit
from selfdirect.core.errors import DomainError
from selfdirect.core.words import counted

from . import access, queries
from .models import ProjectMember, ReleasedRow, ResearchProject, ResearchRelease

IDENTIFIER_BYTES = 8  # 16 hex characters: 2^64 values, so no one can guess another row's


class ResearchError(DomainError):
    """The project cannot be changed as asked; `field` names the input."""


def _require_manager(actor):
    if not access.may_manage_research(actor):
        raise ResearchError("Only an administrator manages research projects")


def _check(*, name: str, lead, approval_reference: str, starts_on, ends_on):
    if not name.strip():
        raise ResearchError("Enter the project's name", field="name")
    if len(name.strip()) > 200:
        raise ResearchError("Name must be 200 characters or less", field="name")
    if not approval_reference.strip():
        raise ResearchError("Enter the approval reference (the ethics or research governance approval)",
                            field="approval_reference")
    if len(approval_reference.strip()) > 100:
        raise ResearchError("Approval reference must be 100 characters or less", field="approval_reference")
    if lead is None or not queries.researchers().filter(pk=lead.pk).exists():
        raise ResearchError("Select a lead who has a researcher's sign-in", field="lead")
    if not isinstance(starts_on, datetime.date):
        raise ResearchError("Enter the date the project starts", field="starts_on")
    if not isinstance(ends_on, datetime.date):
        raise ResearchError("Enter the date the project ends", field="ends_on")
    if ends_on < starts_on:
        raise ResearchError("The end date must be on or after the start date", field="ends_on")


@transaction.atomic
def create_project(*, actor, name: str, lead, approval_reference: str, starts_on: datetime.date,
                   ends_on: datetime.date, channel: str = "web") -> ResearchProject:
    _require_manager(actor)
    _check(name=name, lead=lead, approval_reference=approval_reference, starts_on=starts_on, ends_on=ends_on)
    made = ResearchProject.objects.create(name=name.strip(), lead=lead, approval_reference=approval_reference.strip(),
                                          starts_on=starts_on, ends_on=ends_on, created_by=actor)
    audit.record(actor=actor, action=audit.Action.CREATE, channel=channel,
                 what=f"Created research project {made.name}, led by {lead.username}",
                 why=f"Approval {made.approval_reference}")
    return made


def _new_identifier(taken: set[str]) -> str:
    while True:
        identifier = secrets.token_hex(IDENTIFIER_BYTES)
        if identifier not in taken:
            taken.add(identifier)
            return identifier


@transaction.atomic
def add_consenting_people(project, *, actor, client_group: str = "", channel: str = "web") -> int:
    """Add everyone who agreed to research (of one client group, if given) and is not yet in the project. Returns how
    many were added. Membership carries no identifier: each release makes its own."""
    _require_manager(actor)
    project = ResearchProject.objects.select_for_update().get(pk=project.pk)
    already = set(ProjectMember.objects.filter(project=project).values_list("person_id", flat=True))
    people = [p for p in queries.consenting_people(client_group).order_by("pk") if p.pk not in already]
    ProjectMember.objects.bulk_create([ProjectMember(project=project, person=person, added_by=actor) for person in people])
    audit.record_each(people, actor=actor, action=audit.Action.CHANGE, channel=channel,
                      what=f"Added to research project {project.name} (they agreed to research)")
    return len(people)


@transaction.atomic
def make_release(project, *, actor, today: datetime.date, channel: str = "web") -> ResearchRelease:
    """Make the project's next release from its extract as of `today` (research.queries.extract) and freeze it: the
    rows, each under an identifier made at random for this release (and used by no earlier release of the project),
    in the order of those identifiers; the report; k. Only the lead researcher or an administrator. Each person
    released is audited, and the release as an export (ASVS 4.0.3 V8.3.5). Raises ResearchError when no extract can
    be released (outside the project's dates, or fewer than k people)."""
    if not access.may_release(actor, project):
        raise ResearchError("Only the project's lead researcher or an administrator makes a release")
    project = ResearchProject.objects.select_for_update().get(pk=project.pk)  # one number at a time
    try:
        made = queries.extract(project, today=today)
    except queries.ExtractRefused as problem:
        raise ResearchError(str(problem)) from None
    taken = queries.identifiers_used(project)
    given = sorted(((_new_identifier(taken), person, values) for person, values in
                    zip(made.people, made.values, strict=True)), key=lambda row: row[0])
    release = ResearchRelease.objects.create(
        project=project, number=queries.next_release_number(project), made_on=today, made_by=actor,
        header=queries.HEADER, rows=[[identifier, *values] for identifier, _, values in given], report=made.report,
        k=made.release.k, suppressed_cells=made.release.suppressed_cells, generalised=made.release.generalised)
    ReleasedRow.objects.bulk_create([ReleasedRow(release=release, person=person, identifier=identifier)
                                     for identifier, person, _ in given])
    audit.record_each(made.people, actor=actor, action=audit.Action.EXPORT, channel=channel,
                      what=f"Released, coarsened and under an identifier new to release {release.number}, in research "
                           f"project {project.name}")
    audit.record(actor=actor, action=audit.Action.EXPORT, channel=channel,
                 what=f"Research release {release.number} of {project.name} made: "
                      f"{counted(len(given), 'person', 'people')}, {counted(release.suppressed_cells, 'cell')} "
                      f"suppressed", why=f"Approval {project.approval_reference}")
    return release


@transaction.atomic
def record_release_read(read, *, actor, how: str, channel: str = "web") -> None:
    """A release handed over again (seen, downloaded, read through the API): the same frozen rows, so nothing but the
    audit trail is written. Each person in the rows given is audited, and the release as an export (ASVS 4.0.3
    V8.3.5)."""
    release = read.release
    project = release.project
    audit.record_each(read.people, actor=actor, action=audit.Action.EXPORT, channel=channel,
                      what=f"Released again, in release {release.number} of research project {project.name}")
    audit.record(actor=actor, action=audit.Action.EXPORT, channel=channel,
                 what=f"Research release {release.number} of {project.name} {how}: "
                      f"{counted(len(read.rows), 'person', 'people')}, {counted(release.suppressed_cells, 'cell')} "
                      f"suppressed", why=f"Approval {project.approval_reference}")
