from decimal import Decimal
from fractions import Fraction

import pytest

from selfdirect.journey import actions as journey_actions
from selfdirect.planning import actions, queries
from selfdirect.planning.costing import item_weekly_pence, plan_cost


def test_an_item_is_costed_weekly_from_its_unit_cost_quantity_and_period():
    assert item_weekly_pence(1450, Fraction(15, 2), "weekly") == 10875
    assert item_weekly_pence(2800, Fraction(1), "monthly") == 646  # 2800 x 12 / 52 = 646.15
    assert item_weekly_pence(90000, Fraction(1), "annual") == 1731  # 1730.77
    with pytest.raises(ValueError):
        item_weekly_pence(-1, Fraction(1), "weekly")


def test_the_plan_total_is_compared_with_the_indicative_budget():
    cost = plan_cost([10000, 5000], 20000)
    assert cost.difference_pence == -5000 and cost.below_indicative
    assert cost.explanation() == "The plan costs £50.00 a week less than the indicative budget."


def test_a_plan_above_the_indicative_budget_needs_a_reason_before_it_is_submitted(council):
    person = council.person()
    council.assess(person, indicative_pence=10000)
    council.plan(person)  # £200 a week
    case = council.case(person)
    with pytest.raises(journey_actions.JourneyError, match="Say why the plan costs £100.00 a week more than the indicative budget of £100.00"):
        actions.submit_plan(case, actor=council.worker)
    actions.set_difference_reason(case, actor=council.worker, reason="Two carers needed for transfers")
    actions.submit_plan(case, actor=council.worker)
    assert council.case(person).state == "agreement"


def test_a_plan_below_the_indicative_budget_is_allowed_with_a_reason(council):
    person = council.person()
    council.assess(person, indicative_pence=90000)
    council.plan(person)
    case = council.case(person)
    with pytest.raises(journey_actions.JourneyError, match="Say why the plan costs £700.00 a week less than the indicative budget of £900.00"):
        actions.submit_plan(case, actor=council.worker)
    actions.set_difference_reason(case, actor=council.worker, reason="Her daughter helps every evening")
    actions.submit_plan(case, actor=council.worker)
    assert council.case(person).state == "agreement"


def test_a_submitted_plan_cannot_be_changed(council):
    person = council.person()
    council.assess(person)
    council.plan(person)
    council.submit(person)
    with pytest.raises(actions.PlanError, match="planning step"):
        actions.add_outcome(council.case(person), actor=council.worker, in_own_words="More")


def test_a_returned_plan_goes_back_to_planning_with_the_managers_comment(council):
    person = council.person()
    council.assess(person)
    council.plan(person)
    council.submit(person)
    plan = actions.return_plan(council.case(person), actor=council.manager, comment="Add the family's unpaid help")
    assert council.case(person).state == "planning"
    assert plan.status == "draft"
    assert plan.decisions.last().comment == "Add the family's unpaid help"


def test_after_reassessment_a_new_version_copies_the_approved_plan_and_the_old_one_stays_frozen(council):
    import datetime

    from selfdirect.outcomes import actions as review_actions

    person = council.live_person()
    case = council.case(person)
    first = queries.approved_plan_for(case)
    review_actions.record_review(case, actor=council.worker, held_on=datetime.date(2026, 3, 20), summary="Needs changed",
                                 decision="reassess", ratings={o.pk: "partly" for o in first.outcomes.all()},
                                 depth="full", reason="Planned", method="Service user only",
                                 what_changed="Needs changed: assessed again for a new plan")
    council.assess(person)
    second = queries.draft_plan_for(council.case(person)) or actions.start_plan(council.case(person), actor=council.worker)
    assert second.version == 2
    assert [i.description for i in second.items.all()] == ["Help with personal care"]
    actions.add_item(council.case(person), actor=council.worker, description="Gym pass", supplier_kind="shop", unit="month",
                     unit_cost_pence=3000, quantity=Decimal("1"), period="monthly")
    assert first.items.count() == 1
    council.submit(person)
    council.approve(person)
    first.refresh_from_db()
    assert first.status == "superseded"
    assert queries.personal_budget_weekly_pence(council.case(person)) == 20000 + 692


def test_bad_quantities_are_refused_with_a_message(council):
    person = council.person()
    council.assess(person)
    for bad, message in [("0", "more than 0"), ("1.234", "two decimal places"), ("x", "must be a number")]:
        with pytest.raises(actions.PlanError, match=message):
            actions.add_item(council.case(person), actor=council.worker, description="PA", supplier_kind="personal_assistant",
                             unit="hour", unit_cost_pence=1500, quantity=bad, period="weekly")
