"""Calendar arithmetic the rules share. Django-free."""

import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day some months later; the last day of the month when that month is shorter (31 Aug + 6 = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")
