"""Scoped access to a person's current case: the person through people.access, then their case."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from selfdirect.people import access as people_access

from . import queries


def case_for(user, person_pk, *, why: str = "", change: bool = False, section: str | None = None,
             channel: str = "web"):
    """(person, case) for a person the user may see; with change=True, only for a user who may change the record;
    with a section, only for a role that may see that part of a record (see people.access.SECTIONS)."""
    person = people_access.person_for(user, person_pk, why=why, channel=channel)
    if change and not people_access.can_change(user, person):
        raise PermissionDenied
    if section and section not in people_access.sections_for(user, person):
        raise PermissionDenied
    case = queries.current_case_for(person)
    if case is None:
        raise Http404("This person has no case")
    return person, case
