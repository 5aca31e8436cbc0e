"""The eligibility rule, outcome by outcome (Care and Support (Eligibility Criteria) Regulations 2015, reg. 2)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selfdirect.assessment import eligibility
from selfdirect.assessment.eligibility import EligibilityError, determine, finding_from, findings_from
from tests.hypo import examples

CODES = [code for code, _ in eligibility.OUTCOMES]
MEANING_CODES = [code for code, _, _ in eligibility.MEANINGS]


def unable(code, *meanings, **extra):
    return {"outcome": code, "meanings": list(meanings) or ["without_assistance"], "evidence": f"Seen: {code}", **extra}


def decide(findings, *, impairment=True, significant=True, areas=("health",)):
    return determine(arises_from_impairment=impairment, findings=findings, significant_impact_on_wellbeing=significant,
                     wellbeing_areas=areas)


def test_there_are_ten_outcomes_four_meanings_and_nine_areas_of_wellbeing():
    assert len(eligibility.OUTCOMES) == 10
    assert len(eligibility.MEANINGS) == 4
    assert len(eligibility.WELLBEING_AREAS) == 9


def test_two_outcomes_with_significant_impact_from_an_impairment_are_eligible():
    decision = decide([unable("nutrition"), unable("hygiene", "endangers")])
    assert decision.eligible
    assert decision.outcomes_unable == ["nutrition", "hygiene"]
    text = decision.text
    assert decision.reasons[0] == eligibility.HEADLINE_ELIGIBLE
    assert "2 of the ten outcomes" in text
    assert "Managing and maintaining nutrition: you cannot do this without help." in text
    assert "Maintaining personal hygiene: you can do this without help, but doing it puts" in text
    assert "your physical and mental health and emotional wellbeing" in text


def test_one_outcome_is_not_enough():
    decision = decide([unable("nutrition")])
    assert not decision.eligible
    assert decision.reasons[0] == eligibility.HEADLINE_NOT_ELIGIBLE
    assert "1 of the ten outcomes" in decision.text and "two or more" in decision.text


def test_no_outcome_unable_says_so():
    decision = decide([{"outcome": "nutrition", "evidence": "Cooks every day"}], significant=False, areas=())
    assert not decision.eligible
    assert "did not find any of the ten outcomes in the rules that you are unable to achieve" in decision.text


def test_needs_not_arising_from_an_impairment_are_not_eligible():
    decision = decide([unable("nutrition"), unable("hygiene")], impairment=False)
    assert not decision.eligible
    assert "do not arise from" in decision.text


def test_no_significant_impact_on_wellbeing_is_not_eligible():
    decision = decide([unable("nutrition"), unable("hygiene")], significant=False, areas=())
    assert not decision.eligible
    assert "does not have, and is not likely to have, a significant impact" in decision.text


def test_each_of_the_four_meanings_counts_as_unable_and_is_named():
    for code, _, plain in eligibility.MEANINGS:
        decision = decide([unable("nutrition", code), unable("toilet", code)])
        assert decision.eligible
        assert decision.text.count(plain) == 2


def test_an_outcome_with_several_meanings_names_each():
    decision = decide([unable("clothing", "takes_longer", "pain_distress_anxiety"), unable("toilet")])
    line = next(r for r in decision.reasons if r.startswith("Being appropriately clothed"))
    # in the regulations' order: reg. 2(3)(b) before (d)
    assert line.index("significant pain") < line.index("much longer")


def test_the_same_outcome_twice_is_refused():
    with pytest.raises(EligibilityError, match="given twice"):
        decide([unable("nutrition"), unable("nutrition")])


def test_an_unknown_outcome_or_meaning_is_refused():
    with pytest.raises(EligibilityError, match="unknown outcome"):
        decide([unable("flying"), unable("nutrition")])
    with pytest.raises(EligibilityError, match="Unknown meaning") as refused:
        decide([unable("nutrition", "too_tired"), unable("hygiene")])
    assert refused.value.field == "nutrition-meanings"


def test_an_outcome_found_unable_needs_its_own_evidence():
    with pytest.raises(EligibilityError, match="Enter the evidence for managing and maintaining nutrition") as refused:
        finding_from({"outcome": "nutrition", "meanings": ["without_assistance"], "evidence": "  "})
    assert refused.value.field == "nutrition-evidence"
    assert finding_from({"outcome": "nutrition", "evidence": ""}).unable is False  # able: no evidence needed


def test_evidence_is_limited_in_length_naming_the_outcome():
    with pytest.raises(EligibilityError, match="Evidence for managing toilet needs must be 2000 characters or less"):
        finding_from(unable("toilet", evidence="x" * 2001))


def test_fluctuating_needs_need_the_period_looked_at_and_the_reasons_say_it():
    with pytest.raises(EligibilityError, match="Enter the period") as refused:
        finding_from(unable("toilet", fluctuates=True))
    assert refused.value.field == "toilet-fluctuation_period"
    decision = decide([unable("toilet", fluctuates=True, fluctuation_period="the last 3 months"), unable("hygiene")])
    assert "we looked at how things have been over the last 3 months" in decision.text
    typed = decide([unable("toilet", fluctuates=True, fluctuation_period="The last 3 months, including a bad week."),
                    unable("hygiene")])
    assert "how things have been over the last 3 months, including a bad week." in typed.text


def test_a_period_without_fluctuation_is_not_kept():
    assert finding_from(unable("toilet", fluctuation_period="a month")).fluctuation_period == ""


def test_a_significant_impact_must_name_the_areas_of_wellbeing():
    with pytest.raises(EligibilityError, match="Select the areas of wellbeing") as refused:
        decide([unable("nutrition"), unable("hygiene")], areas=())
    assert refused.value.field == "wellbeing_areas"
    with pytest.raises(EligibilityError, match="unknown area"):
        decide([unable("nutrition"), unable("hygiene")], areas=("happiness",))


def test_findings_come_back_in_the_regulations_order():
    found = findings_from([unable("community"), unable("nutrition"), {"outcome": "toilet"}])
    assert [f.outcome for f in found] == ["nutrition", "toilet", "community"]


def test_legacy_findings_keep_the_old_tick_and_evidence():
    made = eligibility.legacy_findings(["hygiene", "nutrition"], "Seen at home")
    assert [f["outcome"] for f in made] == ["nutrition", "hygiene"]
    decision = decide(made)
    assert decision.eligible and "you are unable to achieve this" in decision.text


findings_strategy = st.dictionaries(
    st.sampled_from(CODES),
    st.tuples(st.lists(st.sampled_from(MEANING_CODES), unique=True, max_size=4), st.booleans()),
)


@settings(max_examples=examples(300), deadline=None)
@given(found=findings_strategy, impairment=st.booleans(), significant=st.booleans())
def test_eligible_exactly_when_all_three_conditions_of_regulation_2_1_hold(found, impairment, significant):
    findings = [{"outcome": code, "meanings": meanings, "evidence": "Seen", "fluctuates": fluct,
                 "fluctuation_period": "a month" if fluct else ""} for code, (meanings, fluct) in found.items()]
    decision = decide(findings, impairment=impairment, significant=significant, areas=("dignity",) if significant else ())
    count = sum(1 for meanings, _ in found.values() if meanings)
    assert decision.eligible == (impairment and count >= 2 and significant)
    assert decision.outcomes_unable == [c for c in CODES if c in found and found[c][0]]
    # every outcome found unable is named in the reasons, with every meaning that applies
    for code, (meanings, _) in found.items():
        if meanings:
            line = next(r for r in decision.reasons if r.startswith(eligibility.OUTCOME_LABELS[code] + ":"))
            for meaning in meanings:
                assert eligibility.MEANING_PLAIN[meaning] in line
