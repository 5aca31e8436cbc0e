import datetime

import pytest

from selfdirect.people.checks import (
    CheckFailed,
    age_band,
    check_date_of_birth,
    normalise_nhs_number,
    normalise_postcode,
)


@pytest.mark.parametrize("raw", ["943 476 5919", "9434765919", "943-476-5919"])
def test_it_accepts_an_nhs_number_whose_check_digit_matches(raw):
    assert normalise_nhs_number(raw) == "9434765919"


@pytest.mark.parametrize("raw", ["9434765918", "943476591", "94347659190", "abcdefghij"])
def test_it_refuses_an_nhs_number_with_a_wrong_check_digit_or_length(raw):
    with pytest.raises(CheckFailed, match="NHS number"):
        normalise_nhs_number(raw)


def test_it_refuses_an_nhs_number_whose_check_digit_would_be_ten():
    # 123456789: 1x10+2x9+...+9x2 = 210; 210 % 11 = 1; 11 - 1 = 10, so no tenth digit can be right.
    for last in range(10):
        with pytest.raises(CheckFailed):
            normalise_nhs_number(f"123456789{last}")


@pytest.mark.parametrize(("raw", "expected"), [("ex12ab", "EX1 2AB"), ("SW1A 1AA", "SW1A 1AA"), (" m1 1ae ", "M1 1AE"),
                                               ("b33 8th", "B33 8TH"), ("cr2 6xh", "CR2 6XH"), ("dn55 1pt", "DN55 1PT")])
def test_it_normalises_uk_postcodes(raw, expected):
    assert normalise_postcode(raw) == expected


@pytest.mark.parametrize("raw", ["", "12345", "EX1", "QX1 2AB", "EX1 2CI", "90210"])
def test_it_refuses_what_is_not_a_uk_postcode(raw):
    with pytest.raises(CheckFailed, match="UK postcode"):
        normalise_postcode(raw)


def test_it_refuses_a_date_of_birth_in_the_future():
    today = datetime.date(2026, 11, 23)
    with pytest.raises(CheckFailed, match="past"):
        check_date_of_birth(datetime.date(2026, 11, 24), today=today)
    assert check_date_of_birth(today, today=today) == today


@pytest.mark.parametrize(("age", "band"), [(18, "18-24"), (24, "18-24"), (25, "25-64"), (64, "25-64"), (65, "65-74"),
                                           (75, "75-84"), (84, "75-84"), (85, "85+"), (101, "85+")])
def test_ages_fall_into_the_reporting_bands(age, band):
    assert age_band(age) == band
