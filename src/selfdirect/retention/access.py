"""Who reaches retention, and a person's retention page: administrators only (core.permissions.may_manage_retention);
everyone else is refused (403) before anything is read. A person is fetched through people.access, so the read is
audited and a person who does not exist is "not found"."""

from django.core.exceptions import PermissionDenied

from selfdirect.core import permissions
from selfdirect.core.access import Access
from selfdirect.people import access as people_access


def require_manager(user) -> None:
    if not permissions.may_manage_retention(user):
        raise PermissionDenied


def person_for(user, pk, *, channel: str = "web") -> Access:
    """The person (a tombstone once erased), for an administrator: `record` and `person` are the Person."""
    require_manager(user)
    person = people_access.person_for(user, pk, why="Retention and erasure", channel=channel)
    return Access(record=person, person=person, may_change=True)
