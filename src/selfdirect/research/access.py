"""Who reaches a research project, and what they may do with it (core.access.Access).

Administrators make projects, name their lead and add people; a researcher reaches only the projects they lead, and
only their releases (never the table that links a release's identifiers to people, which no page, API or file shows).
The lead and administrators make releases and read them, and read the stories the project's members shared for research
(without their names; each read audited). Anyone
else is refused before anything is read (403); a project out of a researcher's reach is not found (404)
(ASVS 4.0.3 V4.1.3 least privilege; docs/security.md, "Research data")."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.core.access import Access

from . import queries

# The role rules, built from core.permissions' predicates: administrators manage research projects; researchers (and
# administrators, who see everything) read the projects and extracts within their reach.
may_manage_research = permissions.is_administrator
may_read_research = permissions.is_researcher | permissions.is_administrator


@dataclass(frozen=True)
class ProjectAccess(Access):
    """`record` is the project; `may_change` (add people) is an administrator's; `may_extract` (make a release and
    read the project's releases) the lead's and an administrator's."""

    may_extract: bool = False
    may_read_releases: bool = False
    may_read_stories: bool = False
    in_dates: bool = False


def may_release(user, project) -> bool:
    """Whether the user may make and read the project's releases: an administrator, or its lead acting as a
    researcher."""
    return may_manage_research(user) or (may_read_research(user) and project.lead_id == user.pk)


def may_read_releases(user, project, today) -> bool:
    """A project's releases are its lead's to read only while the project runs (its approval covers those dates);
    administrators can read them after, to answer for what was released."""
    return may_manage_research(user) or (may_release(user, project) and today <= project.ends_on)


def may_read_stories(user, project, today) -> bool:
    """The stories a project's members shared for research are its lead's to read only between the project's dates
    (its approval covers those); administrators', who see every project, always."""
    return may_manage_research(user) or (may_release(user, project) and project.starts_on <= today <= project.ends_on)


def require_research(user) -> None:
    if not may_read_research(user):
        raise PermissionDenied


def require_manager(user) -> None:
    if not may_manage_research(user):
        raise PermissionDenied


def projects_for(user):
    """The projects the user reaches: every one for an administrator, a researcher's own."""
    require_research(user)
    return queries.projects() if may_manage_research(user) else queries.projects_led_by(user)


def project_for(user, pk, *, change: bool = False) -> ProjectAccess:
    """The project, for an administrator or its lead (404 for another researcher's); change=True: administrators only."""
    require_research(user)
    if change:
        require_manager(user)
    project = projects_for(user).filter(pk=pk).first()
    if project is None:
        raise Http404
    today = timezone.localdate()
    return ProjectAccess(record=project, may_change=may_manage_research(user), may_extract=may_release(user, project),
                         may_read_releases=may_read_releases(user, project, today),
                         may_read_stories=may_read_stories(user, project, today),
                         in_dates=project.starts_on <= today <= project.ends_on)


def release_for(user, pk) -> Access:
    """A release, for an administrator or its project's lead; 404 for another researcher's, 403 for anyone else.
    `record` is the release (research.models.ResearchRelease), never the people in it."""
    require_research(user)
    release = queries.releases().filter(pk=pk, project__in=projects_for(user).values("pk")).first()
    if release is None or not may_release(user, release.project):
        raise Http404
    if not may_read_releases(user, release.project, timezone.localdate()):
        raise PermissionDenied
    return Access(record=release)



def stories_for(user, pk, *, channel: str = "web") -> queries.StoriesRead:
    """The stories the project's members shared for research (research.queries.shared_stories), for its lead while
    the project runs and for administrators; 404 for another researcher's project, 403 for anyone else or after the
    project's dates. Each person whose story is given is audited as read (none when the small-numbers rule hides
    them all)."""
    got = project_for(user, pk)
    if not got.may_read_stories:
        raise PermissionDenied
    read = queries.shared_stories(got.record, today=timezone.localdate())
    audit.record_each(read.people, actor=user, action=audit.Action.READ, channel=channel,
                      what=f"Their stories shared for research read, without their name, in research project "
                           f"{got.record.name}"[:200],
                      why=f"Approval {got.record.approval_reference}")
    return read
