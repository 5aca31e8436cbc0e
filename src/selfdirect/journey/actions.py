"""Every change to a case's place in the journey. One transaction each: lock, check, move, record, audit."""

import datetime

from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.core.errors import DomainError
from selfdirect.core.events import announce_cases_changed
from selfdirect.people import actions as people_actions

from . import guards
from .models import Case, CaseEvent

TRANSITION_LABELS = {
    "start_assessment": "Started the assessment",
    "budget_found": "Found out the budget",
    "submit_plan": "Submitted the plan for agreement",
    "return_plan": "Returned the plan for changes",
    "approve_plan": "Approved the plan",
    "start_support": "Organised the money; support started",
    "start_review": "Started a review",
    "continue_support": "Reviewed; support continues",
    "reassess": "Reviewed; needs assessing again",
    "close": "Closed the case",
    "step_back": "Moved the case back a step",
}
NEEDS_REASON = {"return_plan", "close", "step_back"}
MANAGER_ONLY = {"approve_plan"}


class JourneyError(DomainError):
    """The case cannot move as asked; str() is the message to show (about the case as a whole: no field)."""


def may_move(actor, case, name: str) -> bool:
    if not actor.is_authenticated:
        return False
    if permissions.may_move_any_case(actor):
        return True
    if actor.team_id != case.person.team_id:
        return False
    if name in MANAGER_ONLY:
        return permissions.may_agree_team_plans(actor)
    return permissions.may_move_team_cases(actor)


@transaction.atomic
def create_person(data: dict, *, team, referral: dict, actor, channel="web"):
    """A referral: create the person's record and open their case at the referral step, in one transaction."""
    person = people_actions.add_person(data, team=team, actor=actor, channel=channel)
    open_case(person, referred_on=referral["referred_on"], route_of_access=referral["route_of_access"],
              reason=referral["reason"], actor=actor, channel=channel)
    return person


def open_case(person, *, referred_on: datetime.date, route_of_access: str, reason: str, actor, channel="web") -> Case:
    case = Case.objects.create(
        person=person, referred_on=referred_on, route_of_access=route_of_access, referral_reason=reason,
        worker=actor if permissions.is_casework(actor) else None,
    )
    CaseEvent.objects.create(case=case, actor=actor, transition="open", from_state="", to_state=case.state,
                             reason=reason[:500])
    announce_cases_changed([case.pk], sender=Case)
    audit.record(actor=actor, action=audit.Action.CREATE, person=person, what=f"Opened case {case.pk}", channel=channel)
    return case


def move(case: Case, name: str, *, actor, reason: str = "", channel: str = "web", on: datetime.date | None = None) -> Case:
    """Move a case by the named transition, or raise JourneyError saying why not."""
    if name not in TRANSITION_LABELS:
        raise JourneyError(f"There is no step called {name!r}")
    reason = (reason or "").strip()
    if name in NEEDS_REASON and not reason:
        raise JourneyError("Give a reason for this step")
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("person").get(pk=case.pk)
        if not may_move(actor, locked, name):
            raise JourneyError("You cannot do that for this person")
        method = getattr(locked, name)
        if not can_proceed(method, check_conditions=False):
            raise JourneyError(f"This case is at '{locked.state_label}', so you cannot do that now")
        if not can_proceed(method):
            raise JourneyError(_unmet_condition(locked, name))
        from_state = locked.state
        method()
        _side_effects(locked, name, on)
        locked.save()
        CaseEvent.objects.create(case=locked, actor=actor, transition=name, from_state=from_state,
                                 to_state=locked.state, reason=reason)
        announce_cases_changed([locked.pk], sender=Case)
        action = audit.Action.STEP_BACK if name in {"step_back", "return_plan"} else audit.Action.TRANSITION
        audit.record(actor=actor, action=action, person=locked.person, what=TRANSITION_LABELS[name], why=reason,
                     channel=channel)
    case.refresh_from_db()
    return case


def _side_effects(case: Case, name: str, on: datetime.date) -> None:
    # The next review (Case.next_review_on) is outcomes': it keeps it in step with the schedule (outcomes.schedule)
    # when this move announces the case changed; the first review counts from the plan's sign-off, not from here.
    if name == "start_support":
        case.support_started_on = on
    elif name == "close":
        case.closed_on = on
        case.next_review_on = None


def _unmet_condition(case: Case, name: str) -> str:
    return " ".join(guards.problems(case, name)) or guards.NOT_MET


def available_moves(case: Case, actor) -> list[str]:
    """Transitions this actor could take now, for the buttons on the case page."""
    names = [t.name for t in case.get_available_state_transitions()]
    return [n for n in names if may_move(actor, case, n)]
