"""Calendar arithmetic the rules share, done by kept libraries (dateutil, NumPy). Django-free."""

import datetime

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
