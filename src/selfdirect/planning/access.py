"""Scoped access to a person's support plan, with what the user may do with it (core.access.Access).

The person and their case come through journey.access.case_for: 404 outside the user's scope, the read audited as
every person read is. What a user may do with the plan is said once here: the worker on the record changes it, the
person or someone acting for them suggests, confirms, arranges and signs (but does not decide), and a team manager
for the person's team, or an administrator, agrees it (the `people.approve_plan` rule)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from selfdirect.core import permissions
from selfdirect.core.access import Access
from selfdirect.journey.access import case_for
from selfdirect.people import access as people_access

from . import queries

# Which of the case's plans a helper returns as its record.
PLANS = {
    "draft": queries.draft_plan_for,
    "submitted": queries.submitted_plan_for,
    "approved": queries.approved_plan_for,
    "working": queries.working_plan_for,  # the draft or submitted plan, else the approved one
}


@dataclass(frozen=True)
class PlanAccess(Access):
    """`record` is the plan (or plan item, or suggestion) asked for, None when the case has none; `may_change` is for
    the worker on the record."""

    may_propose: bool = False  # the person, or someone acting for them: they suggest rather than change
    may_approve: bool = False  # they may agree (or return) a submitted plan
    is_self: bool = False  # the budget holder, whom the page calls "you"

    @property
    def takes_part(self) -> bool:
        """The worker or the person: the two who organise, arrange and sign."""
        return self.may_change or self.may_propose


def plan_for(user, person_pk, *, why: str = "", channel: str = "web", plan: str | None = None, change: bool = False,
             propose: bool = False, take_part: bool = False, approve: bool = False,
             require_plan: bool = False) -> PlanAccess:
    """The person's case and, with `plan` ("draft", "submitted", "approved" or "working"), that plan as the record.

    By default, for a user who may see the plan part of a record. Refused (PermissionDenied) otherwise: change=True,
    a user who may not change the record; propose=True, anyone but the person or someone acting for them;
    take_part=True, anyone but the worker or the person; approve=True, a user who may not agree the person's plan;
    require_plan=True, when the case has no such plan."""
    if change or approve:
        person, case = case_for(user, person_pk, why=why, channel=channel, change=change)
    else:
        person, case = case_for(user, person_pk, why=why, channel=channel, section="plan")
    found = _access(user, person, case, record=PLANS[plan](case) if plan else None)
    refused = ((propose and not found.may_propose) or (take_part and not found.takes_part)
               or (approve and not found.may_approve))
    if refused or (require_plan and found.record is None):
        raise PermissionDenied
    return found


def item_for(user, person_pk, item_pk, *, why: str = "to arrange support", channel: str = "web") -> PlanAccess:
    """An item of the person's approved plan, for the worker or the person (who arrange it); PermissionDenied for
    anyone else, and when the approved plan has no such item."""
    found = plan_for(user, person_pk, why=why, channel=channel, plan="approved", take_part=True)
    item = found.record.items.filter(pk=item_pk).first() if found.record else None
    if item is None:
        raise PermissionDenied
    return _access(user, found.person, found.case, record=item)


def proposal_for(user, person_pk, proposal_pk, *, why: str = "to change the support plan",
                 channel: str = "web") -> PlanAccess:
    """A suggestion waiting for the worker's response (record; None when it is not waiting), for a user who may
    change the record. Not found (404) when the id is not a suggestion on this person's plans at all."""
    person, case = case_for(user, person_pk, why=why, channel=channel, change=True)
    require_own(case, proposal_pk=proposal_pk)
    return _access(user, person, case, record=queries.waiting_proposals(case).filter(pk=proposal_pk).first())


def require_own(case, *, item_pk=None, proposal_pk=None) -> None:
    """A plan item's or suggestion's id, in an address under a person, must be one of that person's own: another
    person's record is not found, as a record that does not exist is (tests/site/test_every_url.py)."""
    if item_pk is not None and not queries.is_item_of(case, item_pk):
        raise Http404("No such item")
    if proposal_pk is not None and not queries.is_proposal_of(case, proposal_pk):
        raise Http404("No such suggestion")


def _access(user, person, case, *, record) -> PlanAccess:
    return PlanAccess(record=record, person=person, case=case, may_change=people_access.can_change(user, person),
                      may_propose=people_access.acts_as_person(user, person),
                      may_approve=user.has_perm("people.approve_plan", person), is_self=permissions.is_budget_holder(user))
