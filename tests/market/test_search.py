"""The directory search's rules (market.search), without the database: what matches, and the line that says why."""

import datetime

import pytest

from selfdirect.market import search
from selfdirect.market.search import Offer, Opening, Price, Wanted

T = datetime.time


def day_centre(**changes) -> Offer:
    values = dict(
        name="Art and craft days",
        provider="Riverside Day Opportunities",
        terms=("Day opportunity",),
        areas=("Exeter", "Exmouth"),
        languages=("English", "Polish"),
        openings=(Opening(("TU",), T(10), T(15)),),
        prices=(Price(3500, "session", "weekday"), Price(4200, "session", "weekend")),
        ratings=("Good",),
        text="Painting and pottery at the Riverside hall",
    )
    values.update(changes)
    return Offer(**values)


def test_the_explanation_says_what_where_when_and_the_price_against_the_budget():
    found = search.match(
        day_centre(), Wanted(term="Day opportunity", area="Exeter", day="TU", highest_pence=4000, unit="session")
    )
    assert found.why == "Day opportunity in Exeter, open Tuesdays 10am to 3pm, £35.00 a session: within your £40.00"
    assert found.prices == (Price(3500, "session", "weekday"),)


def test_nothing_asked_matches_everything_and_names_what_it_is():
    assert search.match(day_centre(), Wanted()).why == "Day opportunity"


@pytest.mark.parametrize(
    "wanted",
    [
        Wanted(term="Transport"),
        Wanted(area="Barnstaple"),
        Wanted(day="MO"),
        Wanted(time=T(15)),  # it closes at 3pm
        Wanted(day="TU", time=T(9)),
        Wanted(language="Bengali"),
        Wanted(highest_pence=3499, unit="session"),
        Wanted(highest_pence=9999, unit="hour"),  # no price an hour is known
        Wanted(rating="Outstanding"),
        Wanted(words="swimming"),
    ],
)
def test_each_criterion_given_refuses_an_offer_that_does_not_meet_it(wanted):
    assert search.match(day_centre(), wanted) is None


@pytest.mark.parametrize(
    "wanted",
    [
        Wanted(area="exmouth"),
        Wanted(time=T(14, 59)),
        Wanted(day="TU", time=T(10)),
        Wanted(language="polish"),
        Wanted(highest_pence=3500, unit="session"),
        Wanted(rating="Good"),
        Wanted(rating="Requires improvement"),
        Wanted(words="POTTERY riverside"),
    ],
)
def test_each_criterion_given_keeps_an_offer_that_meets_it(wanted):
    assert search.match(day_centre(), wanted) is not None


def test_a_service_with_no_cqc_rating_does_not_meet_a_lowest_rating():
    assert search.match(day_centre(ratings=()), Wanted(rating="Requires improvement")) is None
    assert search.match(day_centre(ratings=("Good", "Inadequate")), Wanted(rating="Good")) is None  # every venue counts


def test_the_cheapest_fitting_price_is_the_one_explained():
    offer = day_centre(
        prices=(Price(3000, "hour", "weekend"), Price(2450, "hour", "weekday"), Price(5000, "hour", "night"))
    )
    found = search.match(offer, Wanted(highest_pence=3000, unit="hour"))
    assert found.why == "Day opportunity, £24.50 an hour: within your £30.00"
    assert [p.amount_pence for p in found.prices] == [2450, 3000]


def test_the_explanation_names_the_language_rating_and_words_asked_for():
    found = search.match(day_centre(), Wanted(language="polish", rating="Good", words="pottery"))
    assert found.why == "Day opportunity, in Polish, rated Good by CQC, mentions “pottery”"


def test_search_keeps_the_order_and_drops_what_does_not_match():
    offers = [day_centre(name="A"), day_centre(name="B", areas=("Bideford",)), day_centre(name="C")]
    assert [m.offer.name for m in search.search(offers, Wanted(area="Exeter"))] == ["A", "C"]


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (("TU",), "Tuesdays"),
        (("MO", "TU", "WE", "TH", "FR"), "Mondays to Fridays"),
        (("FR", "MO", "WE"), "Mondays, Wednesdays and Fridays"),
        (("SA", "SU"), "Saturdays and Sundays"),
        (tuple(search.DAYS), "every day"),
    ],
)
def test_days_read_as_a_person_says_them(days, text):
    assert search.days_text(days) == text


@pytest.mark.parametrize(
    ("moment", "text"),
    [(T(10), "10am"), (T(15, 30), "3:30pm"), (T(12), "midday"), (T(0), "midnight"), (T(9, 5), "9:05am")],
)
def test_times_read_the_gov_uk_way(moment, text):
    assert search.time_text(moment) == text


def test_a_price_reads_with_its_unit_and_band():
    assert search.price_text(Price(2450, "hour", "weekday")) == "£24.50 an hour, weekdays"
    assert search.price_text(Price(120000, "week", "bank_holiday")) == "£1,200.00 a week, bank holidays"


def test_byday_is_read_leaving_out_what_is_not_a_day():
    assert search.parse_days("MO, tu,XX,SU") == ("MO", "TU", "SU")


def test_ratings_are_ordered_worst_to_best():
    assert search.rating_at_least("Outstanding", "Good")
    assert not search.rating_at_least("Requires improvement", "Good")
    assert not search.rating_at_least("Not yet rated", "Inadequate")
    assert search.rating_at_least("Not yet rated", "")


# ---- the search form and the provider's price form: what a price may look like ---------------------------------------


def _search_form(data):
    from selfdirect.market.forms import SearchForm

    return SearchForm(data)


@pytest.mark.parametrize(
    ("typed", "pence"),
    [("25", 2500), ("25.5", 2550), ("25.50", 2550), ("£25.50", 2550), ("1,250.00", 125000), ("100,000", 10_000_000)],
)
def test_a_highest_price_is_read_in_the_shapes_people_write(typed, pence):
    form = _search_form({"highest": typed, "unit": "session"})
    assert form.is_valid(), form.errors
    assert form.wanted() == Wanted(highest_pence=pence, unit="session")


@pytest.mark.parametrize("typed", ["25,50", "2,5", "1,2345", "25.505", "-5", "lots", "£", "25.", ".5"])
def test_a_highest_price_in_any_other_shape_is_named_with_an_example_like_the_hint(typed):
    form = _search_form({"highest": typed, "unit": "hour"})
    assert not form.is_valid()
    assert form.errors["highest"] == ["Highest price you can pay must be an amount in pounds and pence, like 25.00"]
    assert "like 25.00" in form.fields["highest"].help_text


def test_a_price_too_large_has_its_own_message():
    form = _search_form({"highest": "100,000.01", "unit": "week"})
    assert form.errors["highest"] == ["Highest price you can pay must be £100,000 or less"]


def test_a_highest_price_without_what_it_is_for_is_named_and_a_unit_alone_is_ignored():
    form = _search_form({"highest": "40"})
    assert form.errors["unit"] == ["Select what the price is for: an hour, a session, a day or a week"]
    alone = _search_form({"unit": "day"})
    assert alone.is_valid() and alone.wanted() == Wanted()
    assert not search.asks_anything(alone.wanted())
    assert _search_form({}).fields["unit"].choices[0] == ("", "Choose")
    assert _search_form({}).fields["unit"].initial is None


@pytest.mark.parametrize(("typed", "error"), [("25,50", "like 25.00"), ("200000", "£100,000 or less")])
def test_the_providers_price_form_follows_the_same_rules_and_words(typed, error):
    from selfdirect.market.forms import PriceForm

    form = PriceForm(
        {
            "unit": "hour",
            "band": "weekday",
            "amount_pence": typed,
            "starts_on_0": "1",
            "starts_on_1": "4",
            "starts_on_2": "2027",
        }
    )
    assert not form.is_valid()
    assert error in form.errors["amount_pence"][0] and form.errors["amount_pence"][0].startswith("Price must")
    assert form.fields["amount_pence"].help_text == "In pounds, like 25.00"
