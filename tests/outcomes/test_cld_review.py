import pytest

from selfdirect.outcomes import cld_review
from selfdirect.outcomes.cld_review import (
    FULLY_MET,
    METHODS_OF_REVIEW,
    NOT_MET,
    PARTIALLY_MET,
    REVIEW_OUTCOMES_ACHIEVED,
    REVIEW_REASONS,
    outcomes_achieved,
)
from selfdirect.outcomes.models import OutcomeRating

LISTS = [REVIEW_REASONS, METHODS_OF_REVIEW, REVIEW_OUTCOMES_ACHIEVED]


@pytest.mark.parametrize(("ratings", "value"), [
    (["achieved"], FULLY_MET),
    (["achieved", "achieved", "achieved"], FULLY_MET),
    (["achieved", "partly"], PARTIALLY_MET),
    (["achieved", "not_achieved"], PARTIALLY_MET),
    (["partly", "partly"], PARTIALLY_MET),
    (["not_achieved", "partly"], PARTIALLY_MET),
    (["not_achieved"], NOT_MET),
    (["not_achieved", "not_achieved"], NOT_MET),
    ([], NOT_MET),  # as insight/queries.py decides it today
])
def test_ratings_give_the_review_outcomes_achieved_value(ratings, value):
    assert outcomes_achieved(ratings) == value


def test_every_value_the_mapping_gives_is_in_the_code_list():
    given = {outcomes_achieved(r) for r in (["achieved"], ["partly"], ["not_achieved"])}
    assert given == set(cld_review.codes(REVIEW_OUTCOMES_ACHIEVED))


def test_a_rating_that_is_not_one_of_the_three_is_refused():
    with pytest.raises(ValueError, match="'mostly'"):
        outcomes_achieved(["achieved", "mostly"])


def test_the_ratings_are_the_ones_a_review_records():
    assert cld_review.RATINGS == set(OutcomeRating.Rating.values)


@pytest.mark.parametrize("code_list", LISTS)
def test_each_list_has_unique_codes_and_words_for_every_code(code_list):
    codes = cld_review.codes(code_list)
    assert len(codes) == len(set(codes))
    assert all(code.strip() == code and code for code in codes)
    assert all(words for _code, words in code_list)


def test_review_reasons_are_planned_or_unplanned():
    reasons = cld_review.codes(REVIEW_REASONS)
    assert reasons[0] == cld_review.PLANNED
    assert all(r.startswith("Unplanned - ") for r in reasons[1:])


def test_a_value_is_shown_in_words_and_an_unknown_value_as_it_is():
    assert cld_review.label(METHODS_OF_REVIEW, "Carer only") == "The carer's review, without the person they care for"
    assert cld_review.label(METHODS_OF_REVIEW, "Face to face") == "Face to face"
