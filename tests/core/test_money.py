from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selfdirect.core.money import Money, parse_pounds, round_half_away, to_weekly_pence, weekly_cost_pence


def test_it_formats_pounds_with_thousands_separators_and_pence():
    assert Money(123456).format() == "£1,234.56"
    assert Money(5).format() == "£0.05"
    assert Money(-250).format() == "-£2.50"


def test_it_formats_without_the_symbol_or_without_grouping():
    assert Money(123456).format(symbol=False) == "1,234.56"
    assert Money(123456).format(grouping=False) == "£1234.56"
    assert Money(-123456).format(symbol=False, grouping=False) == "-1234.56"
    assert Money(123456).pounds_text() == "1234.56" and Money(-5).pounds_text() == "-0.05"


@given(st.integers(min_value=0, max_value=10**12))
def test_formatting_gives_what_two_decimal_places_of_pounds_gave(pence):
    # The strings the house showed before every sum went through Money (float pounds to two places) are unchanged.
    assert Money(pence).format() == f"£{pence / 100:,.2f}"
    assert Money(pence).format(symbol=False) == f"{pence / 100:,.2f}"
    assert Money(pence).format(grouping=False) == f"£{pence / 100:.2f}"
    assert Money(pence).pounds_text() == f"{pence / 100:.2f}" == f"{pence // 100}.{pence % 100:02d}"


def test_a_figure_in_fractions_of_a_penny_becomes_the_nearest_penny_half_away_from_zero():
    assert Money.nearest(1234.5) == Money(1235)
    assert Money.nearest(-1234.5) == Money(-1235)
    assert Money.nearest(1234.49) == Money(1234)
    assert Money.nearest(Fraction(7, 3)) == Money(2)
    assert Money.nearest("12.5") == Money(13)
    assert Money.nearest(250) == Money(250)


def test_a_chart_is_given_pounds_as_a_number():
    assert Money(123456).pounds() == 1234.56
    assert Money(-250).pounds() == -2.5


def test_it_converts_a_weekly_sum_to_other_periods():
    weekly = Money(10000)
    assert weekly.annual() == Money(520000)
    assert weekly.four_weekly() == Money(40000)
    assert weekly.monthly() == Money(43333)  # 520000 / 12 = 43333.33, rounded once


def test_it_rounds_halves_away_from_zero():
    assert round_half_away(Fraction(1, 2)) == 1
    assert round_half_away(Fraction(-1, 2)) == -1
    assert round_half_away(Fraction(149, 100)) == 1


def test_it_turns_other_periods_into_weekly_amounts():
    assert to_weekly_pence(52000, "annual") == 1000
    assert to_weekly_pence(4000, "four_weekly") == 1000
    assert to_weekly_pence(43333, "monthly") == 10000  # 43333 x 12 / 52 = 9999.92
    assert to_weekly_pence(2001, "fortnightly") == 1001


def test_it_refuses_an_unknown_period():
    with pytest.raises(ValueError, match="unknown period"):
        to_weekly_pence(100, "daily")


def test_it_parses_pounds_typed_by_a_person():
    assert parse_pounds("£1,234.5") == 123450
    assert parse_pounds("12") == 1200
    assert parse_pounds("-3.07") == -307
    for bad in ["", "12.345", "abc", "1.2.3"]:
        with pytest.raises(ValueError):
            parse_pounds(bad)


def test_it_holds_only_whole_pence():
    with pytest.raises(TypeError):
        Money(1.5)


@given(st.integers(min_value=0, max_value=10**9), st.fractions(min_value=Fraction(1, 100), max_value=200))
def test_item_weekly_cost_is_within_half_a_penny_of_the_exact_figure(unit, quantity):
    quantity = Fraction(round(quantity * 100), 100) or Fraction(1, 100)
    exact = unit * quantity * 12 / 52
    assert abs(weekly_cost_pence(unit, quantity, "monthly") - exact) <= Fraction(1, 2)


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=-(10**9), max_value=10**9))
def test_adding_money_adds_pence(a, b):
    assert (Money(a) + Money(b)).pence == a + b
    assert (Money(a) - Money(b)).pence == a - b
