"""Who reaches a research project, and what they may do with it (core.access.Access).

Administrators make projects, name their lead and add people; a researcher reaches only the projects they lead, and
only their extracts (never the table that links an identifier to a person, which no page, API or file reads). Anyone
else is refused before anything is read (403); a project out of a researcher's reach is not found (404)
(ASVS 4.0.3 V4.1.3 least privilege; docs/security.md, "Research data")."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from selfdirect.core import permissions
from selfdirect.core.access import Access

from . import queries

# The role rules, built from core.permissions' predicates: administrators manage research projects; researchers (and
# administrators, who see everything) read the projects and extracts within their reach.
may_manage_research = permissions.is_administrator
may_read_research = permissions.is_researcher | permissions.is_administrator


@dataclass(frozen=True)
class ProjectAccess(Access):
    """`record` is the project; `may_change` (add people) is an administrator's; `may_extract` the lead's and an
    administrator's."""

    may_extract: bool = False


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
    manager = may_manage_research(user)
    return ProjectAccess(record=project, may_change=manager, may_extract=manager or project.lead_id == user.pk)

