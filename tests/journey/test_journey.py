import pytest

from selfdirect.journey import actions as journey_actions
from selfdirect.journey.models import CaseEvent
from selfdirect.journey.steps import steps_for


def test_a_case_moves_through_every_step_and_keeps_its_history(council):
    person = council.live_person()
    case = council.case(person)
    assert case.state == "live"
    moves = list(CaseEvent.objects.filter(case=case).values_list("transition", flat=True))
    assert moves == ["open", "start_assessment", "budget_found", "submit_plan", "approve_plan", "start_support"]
    assert case.history.count() >= 5


def test_it_refuses_to_skip_a_step(council):
    person = council.person()
    with pytest.raises(journey_actions.JourneyError, match="Referral received"):
        journey_actions.move(council.case(person), "submit_plan", actor=council.worker)


def test_it_refuses_to_leave_assessment_without_an_eligible_assessment(council):
    person = council.person()
    case = journey_actions.move(council.case(person), "start_assessment", actor=council.worker)
    with pytest.raises(journey_actions.JourneyError, match="eligible needs"):
        journey_actions.move(case, "budget_found", actor=council.worker)


def test_a_step_back_needs_a_reason_and_the_reason_is_kept(council):
    person = council.person()
    council.assess(person)
    case = council.case(person)
    with pytest.raises(journey_actions.JourneyError, match="reason"):
        journey_actions.move(case, "step_back", actor=council.worker)
    case = journey_actions.move(case, "step_back", actor=council.worker, reason="New information from the GP")
    assert case.state == "assessment"
    event = CaseEvent.objects.filter(case=case).last()
    assert (event.from_state, event.to_state, event.reason) == ("planning", "assessment", "New information from the GP")


def test_only_a_team_manager_approves_a_plan(council):
    person = council.person()
    council.assess(person)
    council.plan(person)
    council.submit(person)
    with pytest.raises(journey_actions.JourneyError, match="cannot do that"):
        journey_actions.move(council.case(person), "approve_plan", actor=council.worker)
    with pytest.raises(journey_actions.JourneyError, match="cannot do that"):
        journey_actions.move(council.case(person), "approve_plan", actor=council.south_manager)


def test_a_worker_in_another_team_cannot_move_the_case(council):
    person = council.person()
    with pytest.raises(journey_actions.JourneyError, match="cannot do that"):
        journey_actions.move(council.case(person), "start_assessment", actor=council.south_worker)


def test_the_first_review_falls_eight_weeks_after_the_plan_is_signed_off_not_when_support_starts(council):
    import datetime

    from django.utils import timezone

    case = council.case(council.live_person())  # the plan approved today; support started on 1 February 2026
    assert case.support_started_on == datetime.date(2026, 2, 1)
    assert case.next_review_on == timezone.localdate() + datetime.timedelta(weeks=8)


def test_the_steps_a_person_sees_follow_the_state():
    assert [s.status for s in steps_for("planning")] == ["done", "done", "current", "to do", "to do", "to do", "to do"]
    assert all(s.status == "done" for s in steps_for("closed"))
