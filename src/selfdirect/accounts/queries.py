"""Reads about sign-ins: the roles a user holds, accounts for the administrator's pages, open invitations."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max, Q, Sum
from django.utils import timezone

from selfdirect.core.roles import STAFF_ROLES, Role

from . import lockout, tokens
from .models import ApiToken, Invitation, Organisation, Team, User

_STAFF_ROLE_VALUES = frozenset(r.value for r in STAFF_ROLES)


@dataclass(frozen=True)
class Held:
    """One role a user holds, with the team or organisation it is held in."""

    role: Role
    team_id: int | None = None
    organisation_id: int | None = None

    @property
    def label(self) -> str:
        return self.role.label


def held_roles(user) -> list[Held]:
    """Every role the user holds: their grants, plus `user.role` for an account made the old way (one role, no grant).
    An inactive or signed-out user holds none."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    return held_roles_of_account(user)


def held_roles_named(user) -> list[tuple[str, str]]:
    """(role, the team or organisation it is held in) for each role an account holds, for the administrator's page."""
    held = held_roles_of_account(user)
    teams = dict(Team.objects.filter(pk__in={h.team_id for h in held if h.team_id}).values_list("pk", "name"))
    organisations = dict(Organisation.objects.filter(pk__in={h.organisation_id for h in held if h.organisation_id})
                         .values_list("pk", "name"))
    return [(h.label, teams.get(h.team_id) or organisations.get(h.organisation_id) or "") for h in held]


def held_roles_of_account(user) -> list[Held]:
    """The roles an account holds, active or not (for the administrator's pages)."""
    held = [Held(Role(g.role), g.team_id, g.organisation_id) for g in user.role_grants.all()]
    if user.role and Role(user.role) not in {h.role for h in held}:
        held.insert(0, Held(Role(user.role), user.team_id, user.organisation_id))
    return held


def acting(user) -> Held | None:
    """The role the user is acting in now, with the team or organisation they act in."""
    if user is None or not user.is_authenticated or not user.role:
        return None
    return Held(Role(user.role), user.team_id, user.organisation_id)


def holds(user, role: Role) -> bool:
    return any(h.role == role for h in held_roles(user))


def accounts(query: str = ""):
    found = User.objects.prefetch_related("role_grants").select_related("team", "organisation")
    if query:
        found = found.filter(Q(username__icontains=query) | Q(first_name__icontains=query)
                             | Q(last_name__icontains=query) | Q(email__icontains=query))
    return found.order_by("last_name", "first_name", "username")


def account(pk):
    """The account with this id (administrators only reach this), or None."""
    return User.objects.filter(pk=pk).prefetch_related("role_grants").first()


def open_invitations_for(person):
    return Invitation.objects.filter(person=person, used_at__isnull=True, voided_at__isnull=True,
                                     expires_at__gt=timezone.now())


# ---- signing in -----------------------------------------------------------------------------------------------------

def needs_second_factor(user) -> bool:
    """Staff sign in with a code from an authenticator app as well as a password: every sign-in that holds a role
    an administrator gives (core.roles.STAFF_ROLES). The people the records are about, their family and unpaid
    carers (the roles that come from an invitation) sign in with a password (docs/sign-ins.md)."""
    if user is None or not user.is_authenticated:
        return False
    return any(h.role in STAFF_ROLES for h in held_roles_of_account(user))


def acts_as_staff(user) -> bool:
    """Acting in a staff role now (no query: the role is on the account)."""
    return bool(getattr(user, "is_authenticated", False) and user.role in _STAFF_ROLE_VALUES)


def authenticator_of(user):
    """The sign-in's confirmed authenticator app (a django-otp TOTP device), or None."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def authenticator_link(user, key: str) -> str:
    """The otpauth:// link an authenticator app reads from the QR code, naming the council's service."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice(user=user, key=key).config_url


@dataclass(frozen=True)
class Lock:
    """A sign-in name locked from one client address, or (`addresses` > 1) from every address it has not signed in
    from lately, after wrong tries from that many addresses (accounts.lockout)."""

    ip_address: str
    failures: int
    last_try: datetime.datetime
    addresses: int = 1

    @property
    def where(self) -> str:
        if self.addresses > 1:
            return f"{self.addresses} addresses, so from every address it has not signed in from lately"
        return self.ip_address


def locks_of(user) -> list[Lock]:
    """The addresses this sign-in's name is locked from now (django-axes' count, within the lock time), and the lock
    on the name from every address, if its wrong tries from all addresses reached that limit."""
    from axes.models import AccessAttempt

    since = timezone.now() - lockout.lock_time()
    rows = (AccessAttempt.objects.filter(username=user.username, attempt_time__gte=since).values("ip_address")
            .annotate(failures=Sum("failures_since_start"), last_try=Max("attempt_time")).order_by("-last_try"))
    locks = [Lock(r["ip_address"] or "unknown", r["failures"], r["last_try"]) for r in rows
             if r["failures"] >= settings.SIGN_IN_ATTEMPTS]
    tried = lockout.name_tries(user.username, since=since)
    if tried.locked:
        locks.append(Lock("", tried.failures, tried.last_try, addresses=tried.addresses))
    return locks


# ---- API tokens -----------------------------------------------------------------------------------------------------

def live_token(key: str):
    """The token with this key, with its user, if it still works (not revoked, not expired, the sign-in active, and,
    for a sign-in that holds a staff role, made after the code from its authenticator app); else None with the reason:
    (token, problem)."""
    token = ApiToken.objects.select_related("user").filter(key_hash=tokens.api_key_hash(key)).first()
    if token is None:
        return None, "The token is not right"
    if token.revoked_at is not None:
        return None, "The token has been revoked"
    if token.expires_at <= timezone.now():
        return None, "The token has expired. Ask for a new one at /api/v1/token/"
    if not token.user.is_active:
        return None, "The sign-in has been deactivated"
    # A token asked for with a password alone (or from a session that had not entered a code) does not let a staff
    # sign-in past its second step (ASVS 4.0.3 V4.3.1, V2.8.x), whenever the sign-in became staff
    if not token.second_step and needs_second_factor(token.user):
        return None, ("This token was made without the code from your authenticator app, which your sign-in now "
                      "needs. Ask for a new token at /api/v1/token/ with your code")
    return token, ""


def tokens_of(user):
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token(pk, *, user=None):
    """The API token with this id (of this user, when given), with its user, or None."""
    found = ApiToken.objects.select_related("user").filter(pk=pk)
    return (found.filter(user=user) if user is not None else found).first()
