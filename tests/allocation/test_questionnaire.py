import pytest

from selfdirect.assessment import questionnaire
from selfdirect.assessment.questionnaire import AnswerError, DefinitionError, parse_questionnaire

GOOD = """\
id: test
version: 1
title: Test
domains:
- id: care
  title: Care
  questions:
  - id: washing
    text: Washing?
    options:
    - {id: none, text: None, points: 0}
    - {id: some, text: Some, points: 4}
- id: carer
  title: Carer
  subtract: true
  questions:
  - id: carer_help
    text: Carer?
    options:
    - {id: none_given, text: 'No', points: 0}
    - {id: given, text: 'Yes', points: 10}
"""


def test_a_definition_loads_and_scores_with_subtracting_domains_floored_at_zero():
    definition = parse_questionnaire(GOOD)
    assert definition.key == "test-v1"
    scored = questionnaire.score(definition, {"washing": "some", "carer_help": "none_given"})
    assert scored.points == 4 and scored.by_domain == {"care": 4, "carer": 0}
    scored = questionnaire.score(definition, {"washing": "some", "carer_help": "given"})
    assert scored.points == 0 and scored.by_domain["carer"] == -10


@pytest.mark.parametrize(("broken", "message"), [
    (GOOD.replace("{id: some, text: Some, points: 4}", "{id: some, text: Some, points: -4}"), "line 12: option 'some' has negative points"),
    (GOOD.replace("- id: carer_help", "- id: washing"), "line 17: the question id 'washing' is used twice"),
    (GOOD.replace("{id: some, text: Some, points: 4}", "{id: none, text: Some, points: 4}"), "line 12: option 'none' is given twice"),
    (GOOD.replace("    - {id: given, text: 'Yes', points: 10}\n", "").replace("    - {id: none_given, text: 'No', points: 0}\n", ""), "question 'carer_help' has no options"),
    (GOOD.replace("{id: some, text: Some, points: 4}", "{id: some, text: Some}"), "line 12: 'points' is missing"),
    (GOOD.replace("title: Care\n", "title: Care\n  title: Again\n"), "line 7: the key 'title' is given twice"),
])
def test_a_bad_definition_is_refused_at_load_with_the_line(broken, message):
    with pytest.raises(DefinitionError) as problem:
        parse_questionnaire(broken, path="council.yaml")
    assert "council.yaml" in str(problem.value) and message in str(problem.value)


def test_answers_naming_an_unknown_question_or_option_are_refused_by_name():
    definition = parse_questionnaire(GOOD)
    with pytest.raises(AnswerError, match="no question 'swimming'"):
        questionnaire.score(definition, {"washing": "some", "carer_help": "none_given", "swimming": "yes"})
    with pytest.raises(AnswerError, match="'lots' is not an option of question 'washing'"):
        questionnaire.score(definition, {"washing": "lots", "carer_help": "none_given"})
    with pytest.raises(AnswerError, match="'carer_help'.*has no answer"):
        questionnaire.score(definition, {"washing": "some"})


def test_the_shipped_adult_instrument_covers_the_domains_the_council_needs():
    adult = questionnaire.get("adult")
    titles = {d.title for d in adult.domains}
    for needed in ["Personal care", "Eating and drinking", "Continence", "Mobility and getting about", "Safety and risk",
                   "Managing the home", "Relationships", "Community life", "Work and learning", "Making decisions",
                   "Mental wellbeing", "Your family carer's situation"]:
        assert needed in titles
    assert any(d.subtract for d in adult.domains)
    assert all(q.easy_read and all(o.easy_read for o in q.options) for _, q in adult.questions)
    assert questionnaire.get("carer").kind == "carer"
