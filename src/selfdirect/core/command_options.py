"""Reading the options management commands share, with messages that name the flag."""

import datetime

from django.core.management.base import CommandError


def date_option(text: str, flag: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{flag}: {text!r} is not a date like 2026-12-01", returncode=2) from None
