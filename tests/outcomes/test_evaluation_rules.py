"""The evaluation questionnaires' rules (outcomes.evaluation): definitions refused with their line, answers checked on
the questionnaire's own scale, who answered per respondent, and the Wilson interval."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selfdirect.outcomes import evaluation as ev

GOOD = """id: trial
version: 2
respondent: person
scale: change
title: A trial
follows: After POET
questions:
- domain: health
  text: Your health
- domain: money
  text: Your money
  easy_read: Money
"""


def test_a_definition_is_read_with_its_words_and_easy_read():
    q = ev.parse(GOOD)
    assert q.key == "trial-v2" and q.respondent == ev.PERSON and q.scale == ev.CHANGE
    assert [x.domain for x in q.questions] == ["health", "money"]
    assert q.questions[0].easy_read == "Your health"  # no easy read given: the words themselves
    assert q.questions[1].easy_read == "Money"


@pytest.mark.parametrize(("change", "message"), [
    ("scale: change", "scale: stars"),
    ("respondent: person", "respondent: neighbour"),
    ("- domain: money", "- domain: pets"),
    ("- domain: money", "- domain: health"),
    ("version: 2", "version: 0"),
    ("follows: After POET\n", ""),
])
def test_a_wrong_definition_is_refused_with_its_line(change, message):
    with pytest.raises(ev.DefinitionError) as refused:
        ev.parse(GOOD.replace(change, message), path="council/trial-v2.yaml")
    assert str(refused.value).startswith("council/trial-v2.yaml, line ")


def test_a_key_given_twice_is_refused_with_its_line():
    with pytest.raises(ev.DefinitionError, match="line 3: the key 'version' is given twice"):
        ev.parse(GOOD.replace("respondent: person", "version: 3"), path="x")


def test_every_shipped_questionnaire_loads_and_each_respondent_has_both_scales():
    shipped = ev.shipped()
    for respondent in ev.RESPONDENTS:
        for scale in ev.SCALES:
            q = ev.current(respondent, scale)
            assert q.respondent == respondent and q.scale == scale and q.follows
    # The family carer's questionnaire asks about the carer's own life.
    assert "carer_continue" in {x.domain for x in ev.current(ev.FAMILY_CARER).questions}
    assert all(key == f"{q.id}-v{q.version}" for key, q in shipped.items())


def test_the_latest_version_is_current(monkeypatch):
    later = ev.parse(GOOD.replace("id: trial", "id: person").replace("version: 2", "version: 7"))
    everything = {**ev.shipped(), later.key: later}
    monkeypatch.setattr(ev, "shipped", lambda: everything)
    assert ev.current(ev.PERSON).version == 7
    assert ev.get("person-v1").version == 1  # answers given with v1 still read with v1
    with pytest.raises(ev.AnswerError) as missing:
        ev.get("person-v99")
    assert missing.value.field == "questionnaire"


def test_answers_are_checked_on_the_questionnaires_scale_naming_each_domain():
    q = ev.parse(GOOD)
    assert q.check({"health": "better", "money": ev.NOT_APPLICABLE}) == {"health": "better", "money": ev.NOT_APPLICABLE}
    problems = q.check_all({"health": "very_satisfied", "pets": "better"})
    assert {p.field for p in problems} == {"health", "money", "pets"}
    satisfied = ev.parse(GOOD.replace("scale: change", "scale: satisfaction"))
    assert satisfied.check({"health": "very_satisfied", "money": "dissatisfied"})
    with pytest.raises(ev.AnswerError) as wrong:
        satisfied.check({"health": "better", "money": "satisfied"})
    assert wrong.value.field == "health"


def test_what_counts_and_what_is_good_on_each_scale():
    assert [ev.value(ev.CHANGE, a) for a in ("better", "same", "worse", ev.NOT_APPLICABLE)] == [1, 0, -1, None]
    assert [ev.good(ev.CHANGE, a) for a in ("better", "same", "worse", ev.NOT_APPLICABLE)] == [True, False, False, None]
    assert [ev.good(ev.SATISFACTION, a) for a in ("very_satisfied", "satisfied", "neither", "dissatisfied")] == [
        True, True, False, False]
    assert ev.value(ev.SATISFACTION, "better") is None  # an answer from the other scale counts for nothing


def test_who_answered_depends_on_whose_questionnaire_it_is():
    for answered_by in ev.ANSWERED_BY_FOR[ev.PERSON]:
        ev.check_answered_by(ev.PERSON, answered_by)
    ev.check_answered_by(ev.FAMILY_CARER, ev.CARER_THEMSELVES)
    for respondent, answered_by in [(ev.PERSON, ev.CARER_THEMSELVES), (ev.WORKER, ev.RELATIVE),
                                    (ev.FAMILY_CARER, ev.PERSON_ALONE)]:
        with pytest.raises(ev.AnswerError) as refused:
            ev.check_answered_by(respondent, answered_by)
        assert refused.value.field == "answered_by"
    assert set(ev.OWN_VOICE) < set(ev.ANSWERED_BY_FOR[ev.PERSON])


def test_the_wilson_interval_matches_published_values():
    # Wilson (1927); e.g. Newcombe (1998), Statistics in Medicine 17: 857-872, table I: 81/263 gives 0.2553 to 0.3662.
    low, high = ev.wilson_interval(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    low, high = ev.wilson_interval(8, 10)
    assert (round(low, 3), round(high, 3)) == (0.49, 0.943)
    assert ev.wilson_interval(0, 0) is None
    low, high = ev.wilson_interval(0, 5)
    assert low == 0 and 0.4 < high < 0.45  # never below 0, unlike the normal approximation


@given(st.integers(min_value=1, max_value=5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_the_interval_holds_the_proportion_and_stays_within_0_and_1(case):
    k, n = case
    low, high = ev.wilson_interval(k, n)
    assert 0 <= low <= k / n <= high <= 1
    assert (low == 0) == (k == 0) and (high == 1) == (k == n)
