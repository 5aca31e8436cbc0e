"""Calendar arithmetic the rules share, done by kept libraries (dateutil, NumPy, holidays). Django-free."""

import datetime
from functools import cache

import holidays
import numpy
from dateutil.relativedelta import relativedelta


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day some months later; the last day of the month when that month is shorter (31 Aug + 6 = 28 Feb)."""
    return day + relativedelta(months=months)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days (Monday to Friday) after `start` up to and including `end`: asked for on a Friday, it is one
    working day old on the Monday. Bank holidays are counted as working days (no calendar of them is shipped)."""
    if end <= start:
        return 0
    one = datetime.timedelta(days=1)
    return int(numpy.busday_count(start + one, end + one))


SATURDAY = 5


@cache
def bank_holidays(year: int) -> frozenset[datetime.date]:
    """The weekdays that are bank holidays in England and Wales in a year, as GOV.UK lists them
    (www.gov.uk/bank-holidays): the `holidays` library's calendar for England (subdivision ENG, the same days as
    Wales), which follows the Banking and Financial Dealings Act 1971, the common-law holidays, each year's royal
    proclamations (substitute days, and days moved or added, such as the coronation on 8 May 2023). A holiday that falls
    at a weekend is left out: its substitute weekday is listed instead."""
    return frozenset(day for day in holidays.country_holidays("GB", subdiv="ENG", years=year) if day.weekday() < SATURDAY)


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday, and not a bank holiday in England and Wales."""
    return day.weekday() < SATURDAY and day not in bank_holidays(day.year)


def next_working_day(day: datetime.date) -> datetime.date:
    """The day itself if it is a working day, else the next working day (a weekend or bank holiday moves on)."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day
