"""Reads of research projects, and the extract: the people in a project who still agree to research, coarsened and
made k-anonymous (research/disclosure.py). Reads only; the extract is audited where it is handed over (views, API,
command)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery

from selfdirect.accounts.models import User
from selfdirect.core.downloads import csv_text
from selfdirect.core.errors import DomainError
from selfdirect.core.roles import Role
from selfdirect.journey.models import Case
from selfdirect.journey.steps import STATE_LABELS
from selfdirect.people.checks import age_on
from selfdirect.people.models import Code, Person

from . import disclosure
from .models import ProjectMember, ResearchProject


class ExtractRefused(DomainError):
    """No extract can be released; str() says why."""


def researchers():
    """Active sign-ins that hold the researcher role (as the role they were made with, or a grant): who may lead."""
    return (User.objects.filter(Q(role=Role.RESEARCHER) | Q(role_grants__role=Role.RESEARCHER), is_active=True)
            .distinct().order_by("last_name", "first_name", "username"))


def projects():
    """Every project, with how many people are in it and how many of them still agree to research."""
    return (ResearchProject.objects.select_related("lead")
            .annotate(people=Count("members", distinct=True),
                      consenting=Count("members", filter=Q(members__person__research_consent=True), distinct=True)))


def projects_led_by(user):
    return projects().filter(lead=user)


def consenting_people(client_group: str = ""):
    """The people who agreed to their pseudonymised data being used in research (people.Person.research_consent)."""
    people = Person.objects.filter(research_consent=True)
    return people.filter(client_group=client_group) if client_group else people


def min_cell() -> int:
    return settings.RESEARCH_MIN_CELL


COLUMNS = disclosure.COLUMNS
HEADER = ["Identifier", *(column.name for column in COLUMNS)]


@dataclass(frozen=True)
class Extract:
    """A release: `rows` are [identifier, quasi-identifiers...] in the order of their random identifiers; `people` the
    records released (for the audit trail only, never shown)."""

    project: ResearchProject
    rows: list[list[str]]
    report: list[str]
    release: disclosure.Release
    people: list
    made_on: datetime.date

    @property
    def header(self) -> list[str]:
        return HEADER


def extract(project, *, today: datetime.date) -> Extract:
    """The project's extract as of `today`: its members who still agree to research (a withdrawn consent leaves the
    next extract), each quasi-identifier coarsened, then generalised and suppressed until every combination holds at
    least min_cell() people. Raises ExtractRefused outside the project's dates or when k cannot be reached."""
    if today < project.starts_on:
        raise ExtractRefused(f"The project starts on {project.starts_on:%-d %B %Y}: no extract before then")
    if today > project.ends_on:
        raise ExtractRefused(f"The project ended on {project.ends_on:%-d %B %Y}: no extract after that")
    latest = Case.objects.filter(person=OuterRef("person_id")).order_by("-opened_at", "-id")
    members = list(
        ProjectMember.objects.filter(project=project, person__research_consent=True).select_related("person")
        .annotate(case_state=Subquery(latest.values("state")[:1]), referred_on=Subquery(latest.values("referred_on")[:1]))
        .order_by("identifier"))
    groups = dict(Code.objects.filter(code_list__name="client_group").values_list("code", "label"))
    records = []
    for m in members:
        person = m.person
        records.append((
            disclosure.age_levels(age_on(person.date_of_birth, today) if person.date_of_birth else None),
            disclosure.postcode_levels(person.postcode),
            disclosure.month_levels(m.referred_on),
            (groups.get(person.client_group, person.client_group or disclosure.UNKNOWN),),
            (person.gender or disclosure.UNKNOWN,),
            disclosure.step_levels(m.case_state, STATE_LABELS.get(m.case_state, "")),
        ))
    try:
        release = disclosure.anonymise(records, COLUMNS, k=min_cell())
    except disclosure.Refused as problem:
        raise ExtractRefused(str(problem)) from None
    rows = [[m.identifier, *row] for m, row in zip(members, release.rows, strict=True)]
    return Extract(project=project, rows=rows, report=release.report(), release=release,
                   people=[m.person for m in members], made_on=today)


def extract_csv(made: Extract) -> str:
    """The extract as a CSV file meant for people (core.downloads.csv_text: every cell through core.cells.safe_row),
    with what was done to it after the rows."""
    notes = [[], [f"Research extract for {made.project.name} (approval {made.project.approval_reference}), "
                  f"made on {made.made_on.isoformat()}"]]
    notes += [[line] for line in made.report]
    return csv_text(made.header, [*made.rows, *notes])
