import pytest

from selfdirect.assessment.eligibility import determine


def test_two_outcomes_with_significant_impact_from_an_impairment_are_eligible():
    decision = determine(arises_from_impairment=True, outcomes_unable=["nutrition", "hygiene"],
                         significant_impact_on_wellbeing=True)
    assert decision.eligible
    assert "2 of the ten outcomes" in " ".join(decision.reasons)


def test_one_outcome_is_not_enough():
    decision = determine(arises_from_impairment=True, outcomes_unable=["nutrition"], significant_impact_on_wellbeing=True)
    assert not decision.eligible
    assert "two or more" in " ".join(decision.reasons)


def test_needs_not_arising_from_an_impairment_are_not_eligible():
    assert not determine(arises_from_impairment=False, outcomes_unable=["nutrition", "hygiene"],
                         significant_impact_on_wellbeing=True).eligible


def test_no_significant_impact_on_wellbeing_is_not_eligible():
    assert not determine(arises_from_impairment=True, outcomes_unable=["nutrition", "hygiene"],
                         significant_impact_on_wellbeing=False).eligible


def test_the_same_outcome_twice_counts_once():
    assert not determine(arises_from_impairment=True, outcomes_unable=["nutrition", "nutrition"],
                         significant_impact_on_wellbeing=True).eligible


def test_an_unknown_outcome_is_refused():
    with pytest.raises(ValueError, match="unknown outcome"):
        determine(arises_from_impairment=True, outcomes_unable=["flying"], significant_impact_on_wellbeing=True)


def test_an_ineligible_assessment_keeps_the_case_at_assessment(council):
    from selfdirect.assessment import actions

    person = council.person()
    made = actions.record_assessment(council.case(person), actor=council.worker, arises_from_impairment=True,
                                     outcomes_unable=["nutrition"], significant_impact_on_wellbeing=True,
                                     evidence="Manages most things", indicative_weekly_pence=None, indicative_reason="")
    assert not made.eligible
    assert council.case(person).state == "assessment"
