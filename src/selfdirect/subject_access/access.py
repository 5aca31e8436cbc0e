"""Who reaches subject access requests, and what they may do with one (core.access.Access).

Only the person's own team handles a request: a social worker or team manager of the person's team (people.access:
`person_for`, then `can_change`), and administrators. Anyone else is refused before anything is read (403: finance,
commissioners, researchers, providers, the person and their family, whose own way to their information is the
request itself); a person out of a worker's team is not found (404), as is a request, or an item, of another person.
Every read is audited against the person. Approval is for a team manager of the person's team, or an administrator,
who did not review the request (the two-person rule)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from selfdirect.accounts.queries import held_roles
from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.core.access import Access
from selfdirect.core.roles import Role
from selfdirect.people import access as people_access

from . import queries
from .models import SubjectAccessRequest


@dataclass(frozen=True)
class RequestAccess(Access):
    """`record` is the request. Everyone who reaches it may change it (log, gather, review, extend, release);
    `may_approve` is a manager's of the person's team (or an administrator's) who did not review it; `is_reviewer`
    says the user redacted, withheld or finished the review; `may_download` the archive of a released request."""

    may_approve: bool = False
    manages: bool = False
    is_reviewer: bool = False
    may_download: bool = False


def require_handler(user) -> None:
    """Only casework staff and administrators handle subject access (403 for anyone else, before anything is read)."""
    if not permissions.may_handle_subject_access(user):
        raise PermissionDenied


def people_for_list(user):
    """The people whose requests a list shows: those the role the user is acting in reaches (a worker's team)."""
    require_handler(user)
    return people_access.people_in_acting_role(user)


def person_for(user, pk, *, why: str = "", channel: str = "web"):
    """The person, for staff who may change their record (404 outside their team, 403 otherwise); the read audited."""
    require_handler(user)
    person = people_access.person_for(user, pk, why=why, channel=channel)
    if not people_access.can_change(user, person):
        raise PermissionDenied
    return person


def manages_team_of(user, person) -> bool:
    """A team manager of the person's team (acting as a manager), or an administrator."""
    if not permissions.may_approve_subject_access(user):
        return False
    if permissions.is_administrator(user):
        return True
    return any(held.role == Role.TEAM_MANAGER and held.team_id == person.team_id for held in held_roles(user))


def may_download(user, request) -> bool:
    """The released archive: the team for DOWNLOAD_DAYS after the release, an administrator at any time."""
    if request.state != SubjectAccessRequest.State.RELEASED:
        return False
    return permissions.is_administrator(user) or queries.download_open(request)


def request_for(user, pk, request_pk, *, why: str = "", channel: str = "web") -> RequestAccess:
    person = person_for(user, pk, why=why, channel=channel)
    found = queries.request_of(person, request_pk)
    if found is None:
        raise Http404("No such request")
    audit.record(actor=user, action=audit.Action.READ, person=person, channel=channel,
                 what=f"Opened subject access request {found.pk}")
    reviewer = user.pk in queries.reviewers(found)
    manages = manages_team_of(user, person)
    return RequestAccess(record=found, person=person, may_change=True, manages=manages,
                         may_approve=manages and not reviewer, is_reviewer=reviewer,
                         may_download=may_download(user, found))


def item_for(user, pk, request_pk, item_pk, *, channel: str = "web"):
    """(the request's access, the item): an item of this request only."""
    got = request_for(user, pk, request_pk, channel=channel)
    item = queries.item_of(got.record, item_pk)
    if item is None:
        raise Http404("No such item")
    return got, item
