"""Stopping password guessing (ASVS 4.0.3 V2.2.1; NCSC "Password policy: updating your approach": throttling or
lockout). django-axes keeps the count of wrong tries per sign-in name and client address; this module is the one
place that says how Selfdirect uses it: how many tries, for how long a lock holds, the client's address, the limit
on one name from many addresses, and the wrong tries Selfdirect counts beyond passwords (codes from an authenticator
app, letter codes).

Two limits (ASVS V2.2.1: anti-automation against brute force and credential stuffing, which must not make locking
someone out trivial):

- **one name from one address**: the council's number of wrong tries (SIGN_IN_ATTEMPTS, 5) within the lock time;
- **one name from every address**: NAME_FACTOR times that number (20), counting at most the council's number from
  each address, so that one address alone never reaches it (an attacker with many addresses, a botnet or an IPv6
  range, gets no more tries by spreading them). It locks the name from every address except those it has signed in
  from (its password accepted) in the last KNOWN_ADDRESS_DAYS days (django-axes' access log), so that whoever spreads
  wrong tries over many addresses does not also lock its holder out where they usually sign in; from those, the
  first limit still holds.
  With the defaults (and the 30-minute lock) that is at most 40 wrong tries an hour on one name from new addresses,
  below V2.2.1's 100.

The client's address is the audit trail's (audit.context.client_address): REMOTE_ADDR, or behind the council's
trusted proxy (SELFDIRECT_PROXY_FORWARDED_FOR) the address that proxy saw, so that clients behind one proxy are not
locked out together and the lockout and the trail name the same address.

Every name is counted and locked alike whether or not a sign-in has it, so a lock says nothing about which names
exist (ASVS V2.2.1, V3.2.x: no account enumeration)."""

import datetime
from dataclasses import dataclass

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address, get_client_username, get_failure_limit
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Sum
from django.utils import timezone

from selfdirect.audit.context import client_address

# The letter-code page has no sign-in name: its wrong tries are counted against this one, which no sign-in can have
# (names hold no spaces), and from one address it allows LETTER_CODE_FACTOR times the council's number.
LETTER_CODE_NAME = "letter code"
LETTER_CODE_FACTOR = 4
FOREVER = datetime.timedelta(days=3650)
# One name from every address: this many times the council's number of wrong tries (see above)
NAME_FACTOR = 4
# An address a name signed in from within this many days is its holder's: the limit on the name alone spares it
KNOWN_ADDRESS_DAYS = 90


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the client's address as the audit trail has it (audit.context.client_address, which
    believes X-Forwarded-For only behind the council's proxy, settings.AUDIT_TRUST_FORWARDED_FOR)."""
    return client_address(getattr(request, "META", {}),
                          trust_forwarded_for=getattr(settings, "AUDIT_TRUST_FORWARDED_FOR", False)) or None


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


def name_limit() -> int:
    """Wrong tries at one name from every address together (each address counting at most SIGN_IN_ATTEMPTS)."""
    return settings.SIGN_IN_ATTEMPTS * NAME_FACTOR


@dataclass(frozen=True)
class NameTries:
    """The wrong tries at one name within the lock time, from every address: each address's count up to the
    council's number, how many addresses, and the last try."""

    failures: int
    addresses: int
    last_try: datetime.datetime | None

    @property
    def locked(self) -> bool:
        return self.failures >= name_limit()


def name_tries(username: str, *, since: datetime.datetime | None = None) -> NameTries:
    since = since or timezone.now() - lock_time()
    rows = (AccessAttempt.objects.filter(username=username, attempt_time__gte=since).values("ip_address")
            .annotate(failures=Sum("failures_since_start"), last_try=Max("attempt_time")))
    per_address = settings.SIGN_IN_ATTEMPTS
    return NameTries(failures=sum(min(r["failures"] or 0, per_address) for r in rows), addresses=len(rows),
                     last_try=max((r["last_try"] for r in rows), default=None))


def _known_address(username: str, ip_address: str | None) -> bool:
    """Whether the name has signed in from this address lately (django-axes' access log of sign-ins)."""
    if not ip_address:
        return False
    since = timezone.now() - datetime.timedelta(days=KNOWN_ADDRESS_DAYS)
    return AccessLog.objects.filter(username=username, ip_address=ip_address, attempt_time__gte=since).exists()


def name_locked_from(username: str | None, ip_address: str | None, *, since=None) -> bool:
    """Whether the limit on one name from every address refuses this address (never for the letter-code page's
    name: each letter has its own limit, and a lock on it would stop everyone's letters)."""
    if not username or username == LETTER_CODE_NAME:
        return False
    return name_tries(username, since=since).locked and not _known_address(username, ip_address)


class LockoutHandler(AxesDatabaseHandler):
    """AXES_HANDLER: django-axes' database handler, with the limit on one name from every address besides its own
    limit on one name from one address. axes asks `get_failures(...) >= failure limit` both before a try (is the
    name locked?) and after a wrong one (is it locked now?): a name locked from every address answers the limit."""

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if failures >= limit:
            return failures
        username = get_client_username(request, credentials)
        since = request.axes_attempt_time - lock_time(request) if getattr(request, "axes_attempt_time", None) else None
        if name_locked_from(username, getattr(request, "axes_ip_address", None), since=since):
            return limit
        return failures


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
