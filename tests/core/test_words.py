from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selfdirect.core.words import counted, plural, quantity_of


@pytest.mark.parametrize(("n", "said"), [(0, "0 lines"), (1, "1 line"), (2, "2 lines"), (1234, "1,234 lines")])
def test_counted_says_one_line_and_many_lines(n, said):
    assert counted(n, "line") == said


def test_counted_takes_an_irregular_plural():
    assert counted(1, "person", "people") == "1 person" and counted(3, "person", "people") == "3 people"


@pytest.mark.parametrize(("unit", "many"), [("hour", "hours"), ("session", "sessions"), ("class", "classes"),
                                            ("day", "days"), ("activity", "activities"), ("bus", "buses"),
                                            ("hours", "hours"), ("box", "boxes")])
def test_plural_of_units(unit, many):
    assert plural(unit) == many


@pytest.mark.parametrize(("quantity", "said"), [(Decimal("6.00"), "6 hours"), (Decimal("1.00"), "1 hour"),
                                                (Decimal("2.50"), "2.5 hours"), (Decimal("10"), "10 hours"),
                                                (Decimal("0.25"), "0.25 hours")])
def test_quantity_of_a_unit(quantity, said):
    assert quantity_of(quantity, "hour") == said


@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False))
def test_a_quantity_reads_back_as_the_same_number(quantity):
    number, _ = quantity_of(quantity, "hour").split(" ")
    assert Decimal(number) == quantity


def test_a_label_reads_inside_a_sentence_with_acronyms_kept():
    from selfdirect.core.words import in_sentence

    assert in_sentence("First name") == "first name"
    assert in_sentence("NHS number") == "NHS number"
    assert in_sentence("GP practice name") == "GP practice name"
    assert in_sentence("I want to cook") == "I want to cook"
    assert in_sentence("The last 3 months") == "the last 3 months"
    assert in_sentence("") == ""
