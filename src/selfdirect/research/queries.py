"""Reads of research projects and their releases, and the extract a release is made from: the people in a project who
still agree to research, coarsened and made k-anonymous (research/disclosure.py); and the stories they shared for
research, without their names. Reads only: a release is made, and every read of one audited, by research.actions; a
read of the stories is audited by research.access.stories_for."""

import datetime
import random
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from selfdirect.accounts.models import User
from selfdirect.core import disclosure as small_numbers
from selfdirect.core.downloads import csv_text
from selfdirect.core.errors import DomainError
from selfdirect.core.roles import Role
from selfdirect.core.words import counted
from selfdirect.journey.models import Case
from selfdirect.journey.steps import STATE_LABELS
from selfdirect.outcomes import evaluation
from selfdirect.outcomes.models import Story
from selfdirect.people import queries as people_queries
from selfdirect.people.authority import RESEARCH
from selfdirect.people.checks import age_on
from selfdirect.people.models import Code

from . import disclosure
from .models import ProjectMember, ReleasedRow, ResearchProject, ResearchRelease


class ExtractRefused(DomainError):
    """No extract can be released; str() says why."""


def researchers():
    """Active sign-ins that hold the researcher role (as the role they were made with, or a grant): who may lead."""
    return (User.objects.filter(Q(role=Role.RESEARCHER) | Q(role_grants__role=Role.RESEARCHER), is_active=True)
            .distinct().order_by("last_name", "first_name", "username"))


def _agreeing(today: datetime.date | None = None):
    """The ids of the people whose consent to research counts today (people.queries.consents): a consent withdrawn
    today leaves every count, extract and release read today."""
    return people_queries.consents(RESEARCH, on=today).values("person_id")


def projects():
    """Every project, with how many people are in it, how many of them still agree to research, and how many releases
    it has made (a subquery, so the releases do not multiply the members counted)."""
    made = (ResearchRelease.objects.filter(project=OuterRef("pk")).order_by().values("project")
            .annotate(n=Count("pk")).values("n"))
    return (ResearchProject.objects.select_related("lead")
            .annotate(people=Count("members", distinct=True),
                      consenting=Count("members", filter=Q(members__person_id__in=_agreeing()), distinct=True),
                      release_count=Coalesce(Subquery(made[:1]), 0)))


def projects_led_by(user):
    return projects().filter(lead=user)


def consenting_people(client_group: str = ""):
    """The people whose consent to their pseudonymised data being used in research counts today (people.Consent)."""
    agreeing = people_queries.consenting_people(RESEARCH)
    return agreeing.filter(client_group=client_group) if client_group else agreeing


def min_cell() -> int:
    return settings.RESEARCH_MIN_CELL


COLUMNS = disclosure.COLUMNS
HEADER = ["Identifier", *(column.name for column in COLUMNS)]


@dataclass(frozen=True)
class Extract:
    """What a release is made from: `values[i]` the quasi-identifiers released for `people[i]`, with no identifier yet
    (research.actions.make_release gives each row one new to the release); `people` only for the link table and the
    audit trail, never shown."""

    project: ResearchProject
    values: list[tuple[str, ...]]
    release: disclosure.Release
    people: list
    made_on: datetime.date

    @property
    def report(self) -> list[str]:
        return self.release.report()


def extract(project, *, today: datetime.date) -> Extract:
    """The project's extract as of `today`: its members who still agree to research (a withdrawn consent leaves every
    later release), each quasi-identifier coarsened, then generalised and suppressed until every combination holds at
    least min_cell() people. Raises ExtractRefused outside the project's dates or when k cannot be reached."""
    if today < project.starts_on:
        raise ExtractRefused(f"The project starts on {project.starts_on:%-d %B %Y}: no release before then")
    if today > project.ends_on:
        raise ExtractRefused(f"The project ended on {project.ends_on:%-d %B %Y}: no release after that")
    latest = Case.objects.filter(person=OuterRef("person_id")).order_by("-opened_at", "-id")
    members = list(
        ProjectMember.objects.filter(project=project, person_id__in=_agreeing(today)).select_related("person")
        .annotate(case_state=Subquery(latest.values("state")[:1]), referred_on=Subquery(latest.values("referred_on")[:1]))
        .order_by("pk"))
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
    return Extract(project=project, values=list(release.rows), release=release, people=[m.person for m in members],
                   made_on=today)


# ---- releases: frozen when made, each under identifiers of its own ----------------------------------------------------

def releases():
    """Every release, with how many rows it gives now (people who still agree) and how many were left out since."""
    return (ResearchRelease.objects.select_related("project", "made_by")
            .annotate(rows_given=Count("released_rows", filter=Q(released_rows__person_id__in=_agreeing())),
                      withdrawn=Count("released_rows", filter=Q(released_rows__person__isnull=False)
                                      & ~Q(released_rows__person_id__in=_agreeing()))))


def releases_of(project):
    return releases().filter(project=project).order_by("number")


def identifiers_used(project) -> set[str]:
    """Every identifier the project's releases have used (so a new release's are new to the project too)."""
    return set(ReleasedRow.objects.filter(release__project=project).values_list("identifier", flat=True))


def next_release_number(project) -> int:
    numbers = ResearchRelease.objects.filter(project=project).values_list("number", flat=True)
    return max(numbers, default=0) + 1


@dataclass(frozen=True)
class ReleaseRead:
    """A release as it is given now: its frozen rows less those of people who have since withdrawn their agreement,
    and its frozen report with a line saying so. `people` (ids) only for the audit trail, never shown."""

    release: ResearchRelease
    rows: list[list[str]]
    report: list[str]
    people: list[int]
    withdrawn: int

    @property
    def header(self) -> list[str]:
        return list(self.release.header)

    @property
    def project(self) -> ResearchProject:
        return self.release.project


def read_release(release) -> ReleaseRead:
    """The release's frozen rows and report, less the rows of people who no longer agree to research. The link
    table is read here only to know whose rows to leave out and whom to audit; nothing of it leaves this function but
    the people's ids, for the audit trail."""
    links = list(ReleasedRow.objects.filter(release=release).values_list("identifier", "person_id"))
    agreeing = set(people_queries.consents(RESEARCH).filter(person_id__in=[p for _, p in links if p is not None])
                   .values_list("person_id", flat=True))
    links = [(identifier, person, person in agreeing) for identifier, person in links]
    left_out = {identifier for identifier, _, agrees in links if not agrees}
    rows = [list(row) for row in release.rows if row[0] not in left_out]
    report = list(release.report)
    if left_out:
        report.append(f"{counted(len(left_out), 'person', 'people')} withdrew their agreement to research after this "
                      f"release was made: their rows are left out, so a combination may now hold fewer than "
                      f"{counted(release.k, 'person', 'people')}.")
    return ReleaseRead(release=release, rows=rows, report=report,
                       people=[person for _, person, agrees in links if agrees], withdrawn=len(left_out))


def release_csv(read: ReleaseRead) -> str:
    """The release as a CSV file meant for people (core.downloads.csv_text: every cell through core.cells.safe_row),
    with what was done to it after the rows, after a blank line and each starting "# ", so that statistics software
    reads the rows alone (pandas: `read_csv(path, comment="#")`; R: `read.csv(path, comment.char = "#")`)."""
    release = read.release
    notes = [f"Research release {release.number} of {release.project.name} (approval "
             f"{release.project.approval_reference}), made on {release.made_on.isoformat()}", *read.report]
    # Comment lines, not CSV rows (a row holding a comma would be quoted, and the "#" would no longer start the line);
    # each starts "# ", so no spreadsheet takes it for a formula.
    comments = "".join(f"# {' '.join(note.split())}\r\n" for note in notes)
    return csv_text(read.header, read.rows) + "\r\n" + comments


# ---- stories shared for research (outcomes.Story.share_for_research) --------------------------------------------------

@dataclass(frozen=True)
class SharedStory:
    """A story as a researcher reads it: the year it was told (not the date), who told it as a kind (never a name),
    the parts of life it speaks to, and the words, whole. Nothing that names the person or links the story to them,
    to another of their stories or to a release's row."""

    year: int
    told_by: str
    domains: tuple[str, ...]
    words: str

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.words.splitlines() if line.strip()]


@dataclass(frozen=True)
class StoriesRead:
    """The stories a project's members shared for research, as shown: none when fewer than the small-numbers rule
    allows (`withheld`). `people` (ids) only for the audit trail, never shown."""

    project: ResearchProject
    stories: list[SharedStory]
    shared: int
    people: list[int]

    @property
    def withheld(self) -> bool:
        return small_numbers.is_small(self.shared)


def shared_stories(project, *, today: datetime.date) -> StoriesRead:
    """The written stories whose tellers agreed that researchers may read them (Story.share_for_research), of the
    project's members whose consent to research counts today: a withdrawn consent, or a teller's changed mind, takes
    them off the next read. A recording is never given, so a story told only as a recording is not counted. Fewer
    than core.disclosure.SMALL stories in all: none is given. Oldest year first, and within a year in an order made at
    random at each read, so that one person's stories do not sit together (their ids, made one after another at a
    review, would put them side by side)."""
    members = ProjectMember.objects.filter(project=project, person_id__in=_agreeing(today)).values("person_id")
    found = list(Story.objects.filter(case__person_id__in=members, share_for_research=True).exclude(words="")
                 .values_list("case__person_id", "held_on", "told_by", "domains", "words"))
    if small_numbers.is_small(len(found)):
        return StoriesRead(project=project, stories=[], shared=len(found), people=[])
    random.SystemRandom().shuffle(found)
    found.sort(key=lambda row: row[1].year)  # stable: the random order stays within each year
    told_by = dict(Story.ToldBy.choices)
    stories = [SharedStory(year=held_on.year, told_by=told_by.get(kind, kind),
                           domains=tuple(evaluation.DOMAINS.get(d, d) for d in domains or ()), words=words)
               for _, held_on, kind, domains, words in found]
    return StoriesRead(project=project, stories=stories, shared=len(found),
                       people=sorted({person for person, *_ in found}))
