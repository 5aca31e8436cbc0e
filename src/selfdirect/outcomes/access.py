"""Scoped access to a person's reviews, with what the user may do (core.access.Access).

The person and their case come through journey.access.case_for: 404 outside the user's scope, the read audited as
every person read is. Reviews are recorded by the staff who may change the record."""

from dataclasses import dataclass
from typing import Any

from selfdirect.core.access import Access
from selfdirect.journey.access import case_for
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
