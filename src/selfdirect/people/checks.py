"""Checks on a person's identifiers. Django-free; each function's error text is the message a user sees."""

import datetime
import re

_POSTCODE = re.compile(
    r"^(GIR0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRV-Y])[0-9][ABD-HJLNP-UW-Z]{2})$"
)


class CheckFailed(ValueError):
    """A value failed a check; str() is the message to show."""


def normalise_nhs_number(raw: str) -> str:
    """Ten digits, spaces and dashes removed, checked with the modulus 11 check digit."""
    digits = re.sub(r"[\s-]", "", raw or "")
    if not digits.isdigit() or len(digits) != 10:
        raise CheckFailed("NHS number must be 10 digits, like 485 777 3456")
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        raise CheckFailed("NHS number is not valid: its check digit does not match. Check it against a letter from the NHS")
    return digits


def format_nhs_number(digits: str) -> str:
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if digits and len(digits) == 10 else digits


def normalise_postcode(raw: str) -> str:
    """A UK postcode in capitals with one space before the last three characters."""
    compact = re.sub(r"\s+", "", (raw or "").upper())
    if not _POSTCODE.match(compact):
        raise CheckFailed("Postcode must be a UK postcode, like EX1 2AB")
    return f"{compact[:-3]} {compact[-3:]}"


def check_date_of_birth(value: datetime.date, *, today: datetime.date) -> datetime.date:
    if value > today:
        raise CheckFailed("Date of birth must be in the past")
    if today.year - value.year > 125:
        raise CheckFailed("Date of birth must be within the last 125 years")
    return value


def age_on(date_of_birth: datetime.date, on: datetime.date) -> int:
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


# The bands used in fairness and take-up reports: (youngest age in the band, its name), oldest band first.
AGE_BANDS = [(85, "85+"), (75, "75-84"), (65, "65-74"), (25, "25-64"), (0, "18-24")]


def age_band(age: int) -> str:
    return next(name for youngest, name in AGE_BANDS if age >= youngest)
