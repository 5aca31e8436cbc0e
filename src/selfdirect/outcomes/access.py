"""Scoped access to a person's reviews, with what the user may do (core.access.Access).

The person and their case come through journey.access.case_for: 404 outside the user's scope, the read audited as
every person read is. Reviews are recorded by the staff who may change the record."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from selfdirect.accounts.queries import held_roles
from selfdirect.core import permissions
from selfdirect.core.access import Access
from selfdirect.core.roles import CASEWORK_ROLES
from selfdirect.journey.access import case_for
from selfdirect.people import access as people_access
from selfdirect.planning import queries as planning

from . import queries


@dataclass(frozen=True)
class ReviewAccess(Access):
    """`record` is the case's reviews (newest first); `plan` the approved plan a new review looks back on (None when
    there is none, which the action refuses) and `outcomes` its outcomes, each rated at the review."""

    plan: Any = None
    outcomes: tuple = ()


def review_for(user, person_pk, *, why: str = "", channel: str = "web") -> ReviewAccess:
    """To review the person's plan: for a user who may change the record (PermissionDenied otherwise)."""
    person, case = case_for(user, person_pk, why=why, channel=channel, change=True)
    plan = planning.approved_plan_for(case)
    return ReviewAccess(record=queries.reviews_for(case), person=person, case=case, may_change=True, plan=plan,
                        outcomes=tuple(plan.outcomes.all()) if plan else ())


@dataclass(frozen=True)
class ScheduleAccess(Access):
    """`record` is the reviews due (outcomes.schedule.Due, soonest first); `requests` the case's requests for a review
    and changes that need one (newest first); `may_ask` whether the user asks for a review as the person or someone
    acting for them."""

    requests: tuple = ()
    may_ask: bool = False


def schedule_for(user, person_pk, *, why: str = "", channel: str = "web") -> ScheduleAccess:
    """The reviews due for a person: for those who see the person's journey (404 outside the user's scope; 403 for a
    role that does not see it, such as a provider)."""
    person, case = case_for(user, person_pk, why=why, channel=channel, section="journey")
    return ScheduleAccess(record=tuple(queries.due_for(case)), person=person, case=case,
                          may_change=people_access.can_change(user, person),
                          requests=tuple(queries.requests_for(case)), may_ask=people_access.acts_as_person(user, person))


def asking_for(user, person_pk, *, why: str = "", channel: str = "web") -> ScheduleAccess:
    """To ask for a review: the person, someone acting for them, or staff who may change the record (403 for anyone
    else who reaches the person, 404 for anyone who does not)."""
    found = schedule_for(user, person_pk, why=why, channel=channel)
    if not (found.may_change or found.may_ask):
        raise PermissionDenied
    return found


def changing(user, person_pk, *, why: str = "", channel: str = "web") -> ScheduleAccess:
    """To record a change that needs a review, or decide a request: staff who may change the record."""
    found = schedule_for(user, person_pk, why=why, channel=channel)
    if not found.may_change:
        raise PermissionDenied
    return found


def request_for(user, person_pk, request_pk, *, why: str = "", channel: str = "web"):
    """(ScheduleAccess, one of the person's requests) for staff who decide it: a request is reached only through its
    own person (404 otherwise)."""
    found = changing(user, person_pk, why=why, channel=channel)
    request = queries.request_of(found.case, request_pk)
    if request is None:
        raise Http404("No such request for a review")
    return found, request


def team_reviews_for(user, *, team_name: str = "", late_only: bool = False) -> tuple[list, list]:
    """(rows, teams) of the reviews due in the teams this user works in (an administrator: every team, or the one
    named); each row (case, due). Refused (403) to anyone who does not work on cases. Each person listed is a read of
    their record, audited by the page."""
    if not permissions.works_on_cases(user):
        raise PermissionDenied
    teams = queries.teams_for(None if permissions.is_administrator(user) else
                              {h.team_id for h in held_roles(user) if h.team_id and h.role in CASEWORK_ROLES})
    if team_name:
        teams = [t for t in teams if t.name == team_name]
        if not teams:
            raise Http404("No such team")
    rows = queries.reviews_due_in(team_ids=[t.pk for t in teams], late_only=late_only)
    return rows, teams
