"""Stopping password guessing (ASVS 4.0.3 V2.2.1; NCSC "Password policy: updating your approach": throttling or
lockout). django-axes keeps the count of wrong tries per sign-in name and client address; this module is the one
place that says how Selfdirect uses it: how many tries, for how long a lock holds, and the wrong tries Selfdirect
counts beyond passwords (codes from an authenticator app, letter codes).

Every name is counted and locked alike whether or not a sign-in has it, so a lock says nothing about which names
exist (ASVS V2.2.1, V3.2.x: no account enumeration)."""

import datetime

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.signals import user_login_failed

# The letter-code page has no sign-in name: its wrong tries are counted against this one, which no sign-in can have
# (names hold no spaces), and from one address it allows LETTER_CODE_FACTOR times the council's number.
LETTER_CODE_NAME = "letter code"
LETTER_CODE_FACTOR = 4
FOREVER = datetime.timedelta(days=3650)


def failure_limit(request, credentials) -> int:
    """AXES_FAILURE_LIMIT: the council's number of wrong tries (SELFDIRECT_SIGN_IN_ATTEMPTS)."""
    limit = settings.SIGN_IN_ATTEMPTS
    if (credentials or {}).get("username") == LETTER_CODE_NAME:
        return limit * LETTER_CODE_FACTOR
    return limit


def lock_time(request=None) -> datetime.timedelta:
    """AXES_COOLOFF_TIME: how long a lock holds (SELFDIRECT_SIGN_IN_LOCK_MINUTES; 0 until an administrator unlocks)."""
    minutes = settings.SIGN_IN_LOCK_MINUTES
    return datetime.timedelta(minutes=minutes) if minutes > 0 else FOREVER


def lock_minutes() -> int | None:
    """For the locked page: the minutes a lock holds, or None when only an administrator ends it."""
    return settings.SIGN_IN_LOCK_MINUTES if settings.SIGN_IN_LOCK_MINUTES > 0 else None


def _request(request):
    return getattr(request, "_request", request)  # the Django request inside a REST framework one


def is_locked(request, username: str) -> bool:
    return not AxesProxyHandler.is_allowed(_request(request), {"username": username})


def count_failure(request, username: str) -> bool:
    """Count one wrong try (a code, not a password: authenticate() counts those) and say whether the name is now
    locked from this address."""
    request = _request(request)
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    return bool(getattr(request, "axes_locked_out", False))


def clear_failures(request, username: str) -> None:
    """A full sign-in (the password, and the code for staff) starts the count again for this name and address."""
    AxesProxyHandler.reset_attempts(username=username, ip_address=get_client_ip_address(_request(request)))
