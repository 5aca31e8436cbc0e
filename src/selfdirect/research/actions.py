"""Every write of a research project: administrators make projects, name a researcher as lead and add the people who
agreed to research, each under a new random identifier. Each verb is atomic and audited."""

import datetime
import secrets

from django.db import transaction

from selfdirect.audit import actions as audit
from selfdirect.core.errors import DomainError
from selfdirect.core.words import counted

from . import access, queries
from .models import ProjectMember, ResearchProject

IDENTIFIER_BYTES = 8  # 16 hex characters: 2^64 values, so no one can guess another member's


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
    """Add everyone who agreed to research (of one client group, if given) and is not yet in the project, each with
    a random identifier unique in the project. Returns how many were added."""
    _require_manager(actor)
    project = ResearchProject.objects.select_for_update().get(pk=project.pk)
    already = set(ProjectMember.objects.filter(project=project).values_list("person_id", flat=True))
    taken = set(ProjectMember.objects.filter(project=project).values_list("identifier", flat=True))
    people = [p for p in queries.consenting_people(client_group).order_by("pk") if p.pk not in already]
    ProjectMember.objects.bulk_create([
        ProjectMember(project=project, person=person, identifier=_new_identifier(taken), added_by=actor)
        for person in people])
    audit.record_each(people, actor=actor, action=audit.Action.CHANGE, channel=channel,
                      what=f"Added to research project {project.name} (they agreed to research)")
    return len(people)


@transaction.atomic
def record_release(made, *, actor, how: str, channel: str = "web") -> None:
    """An extract handed over: each person released is audited, and the extract as an export (ASVS 4.0.3 V8.3.5)."""
    project = made.project
    audit.record_each(made.people, actor=actor, action=audit.Action.EXPORT, channel=channel,
                      what=f"Released, coarsened and under a random identifier, in research project {project.name}")
    audit.record(actor=actor, action=audit.Action.EXPORT, channel=channel,
                 what=f"Research extract of {project.name} {how}: {counted(len(made.rows), 'person', 'people')}, "
                      f"{counted(made.release.suppressed_cells, 'cell')} suppressed",
                 why=f"Approval {project.approval_reference}")
