"""Every write to sign-ins: staff accounts and their roles, invitations and their redemption, and the role a user
acts in. Each is atomic and audited; bad input raises AccountError naming the field, before anything is written.

Invitations to a person's record (the person, someone who acts for them, their carer) are issued by people.actions,
which also registers how taking one up links the new sign-in to the record (`register_linker`)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from selfdirect.audit import actions as audit
from selfdirect.core.errors import DomainError
from selfdirect.core.roles import ORGANISATION_ROLES, PERSON_LINKED_ROLES, STAFF_ROLES, TEAM_ROLES, Role

from . import tokens
from .models import ApiToken, Invitation, Organisation, RoleGrant, Team, User
from .queries import held_roles, held_roles_of_account, locks_of

LINK_DAYS = 14  # an emailed link lasts two weeks
LETTER_DAYS = 28  # a letter goes by post and may wait for a visit: four weeks
CODE_ATTEMPTS = 5  # wrong tries at one letter's code before it stops working and a new letter is needed


class AccountError(DomainError):
    """Bad data for a sign-in; `field` names the field."""

    def __init__(self, field: str, message: str):
        super().__init__(message, field=field)


@dataclass(frozen=True)
class Grant:
    role: Role
    team: Team | None = None
    organisation: Organisation | None = None


# ---- staff accounts -------------------------------------------------------------------------------------------------

def _check_username(username: str, *, field="username") -> str:
    username = (username or "").strip()
    if not username:
        raise AccountError(field, "Enter a sign-in name")
    if len(username) > 150:
        raise AccountError(field, "Sign-in name must be 150 characters or less")
    try:
        User.username_validator(username)
    except ValidationError:
        raise AccountError(field, "Sign-in name must only include letters, numbers and @ . + - _") from None
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(field, "That sign-in name is taken. Choose another")
    return username


def _check_password(password: str, user=None, *, field="password") -> None:
    if not password:
        raise AccountError(field, "Enter a password")
    try:
        validate_password(password, user)
    except ValidationError as problem:
        raise AccountError(field, ". ".join(_password_message(e) for e in problem.error_list)) from None


def _password_message(error: ValidationError) -> str:
    """Django's password validators, said in GOV.UK style (the rules: settings.AUTH_PASSWORD_VALIDATORS)."""
    params = error.params or {}
    return {
        "password_too_short": f"Password must be {params.get('min_length')} characters or more",
        "password_too_long": f"Password must be {params.get('max_length')} characters or less",
        "password_too_common": "Password is too common and easy to guess. Choose another, for example three or "
                               "four random words together",
        "password_entirely_numeric": "Password must include letters, not only numbers",
        "password_too_similar": "Password must not be like your name, sign-in name or email address",
    }.get(error.code, " ".join(error.messages))


def _check_grants(grants: list[Grant]) -> list[Grant]:
    if not grants:
        raise AccountError("roles", "Select at least one role")
    seen = set()
    for grant in grants:
        if grant.role not in STAFF_ROLES:
            raise AccountError("roles", f"{grant.role.label} comes from an invitation from the person's record")
        if grant.role in seen:
            raise AccountError("roles", f"{grant.role.label} is selected twice")
        seen.add(grant.role)
        if grant.role in TEAM_ROLES and grant.team is None:
            raise AccountError(f"team_{grant.role.value}", f"Select the team for the {grant.role.label.lower()} role")
        if grant.role in ORGANISATION_ROLES and grant.organisation is None:
            raise AccountError("organisation", "Select the provider organisation")
    return grants


def _describe(grants) -> str:
    return ", ".join(
        g.role.label + (f" ({g.team})" if g.team else "") + (f" ({g.organisation})" if g.organisation else "")
        for g in grants)


def _set_acting(user, grant) -> None:
    user.role = Role(grant.role).value
    user.team_id = grant.team_id
    user.organisation_id = grant.organisation_id
    user.save(update_fields=["role", "team", "organisation"])


@transaction.atomic
def create_staff(*, actor, username, first_name, last_name, email, grants: list[Grant], base_url: str,
                 channel="web") -> tuple[User, Invitation]:
    """A staff (or partner) account with its roles, acting in the first; an email link lets them set a password."""
    username = _check_username(username)
    if not (first_name or "").strip():
        raise AccountError("first_name", "Enter the first name")
    if not (last_name or "").strip():
        raise AccountError("last_name", "Enter the last name")
    if not (email or "").strip():
        raise AccountError("email", "Enter an email address, so they can set their password")
    grants = _check_grants(grants)
    user = User.objects.create_user(username=username, email=email.strip(), first_name=first_name.strip(),
                                    last_name=last_name.strip(), password=None, role=grants[0].role,
                                    team=grants[0].team, organisation=grants[0].organisation)
    for grant in grants:
        RoleGrant.objects.create(user=user, role=grant.role, team=grant.team, organisation=grant.organisation,
                                 granted_by=actor)
    audit.record(actor=actor, action=audit.Action.CREATE, channel=channel,
                 what=f"Created the sign-in {username} as {_describe(grants)}")
    invitation, _ = issue_invitation(kind=Invitation.Kind.STAFF, delivery=Invitation.Delivery.EMAIL, actor=actor,
                           name=user.display_name, email=user.email, account=user, base_url=base_url, channel=channel)
    return user, invitation


@transaction.atomic
def create_first_administrator(*, username, first_name, last_name, email, password, channel="cli") -> User:
    """The council's first administrator, on a new installation, from the command line: refused once any
    administrator exists (from then on administrators add sign-ins in the product)."""
    if RoleGrant.objects.filter(role=Role.ADMINISTRATOR).exists() or User.objects.filter(role=Role.ADMINISTRATOR).exists():
        raise AccountError("username", "There is already an administrator: sign in as them and add sign-ins at /accounts/")
    username = _check_username(username)
    for field, value, label in (("first_name", first_name, "first name"), ("last_name", last_name, "last name"),
                                ("email", email, "email address")):
        if not (value or "").strip():
            raise AccountError(field, f"Enter the {label}")
    _check_password(password, field="password")
    user = User.objects.create_user(username=username, email=email.strip(), first_name=first_name.strip(),
                                    last_name=last_name.strip(), password=password, role=Role.ADMINISTRATOR)
    RoleGrant.objects.create(user=user, role=Role.ADMINISTRATOR)
    audit.record(actor=user, action=audit.Action.CREATE, channel=channel,
                 what=f"Created the first administrator, {username}")
    return user


@transaction.atomic
def set_roles(user, *, actor, grants: list[Grant], channel="web") -> User:
    """Replace the staff roles a user holds. Roles that came with an invitation (budget holder, family member, carer)
    are kept as they are."""
    kept = [g for g in held_roles(user) if g.role in PERSON_LINKED_ROLES]
    if grants or not kept:
        grants = _check_grants(grants)
    held_before = {h.role for h in held_roles_of_account(user)}
    _materialise_legacy_role(user)
    RoleGrant.objects.filter(user=user).exclude(role__in=[r.value for r in PERSON_LINKED_ROLES]).delete()
    for grant in grants:
        RoleGrant.objects.create(user=user, role=grant.role, team=grant.team, organisation=grant.organisation,
                                 granted_by=actor)
    remaining = list(RoleGrant.objects.filter(user=user))
    current = next((g for g in remaining if g.role == user.role), None)
    _set_acting(user, current or remaining[0])
    audit.record(actor=actor, action=audit.Action.CHANGE, channel=channel,
                 what=f"Set the roles of {user.username}: {_describe(grants) or 'none besides linked roles'}")
    _end_tokens_on_staff_role(user, [g.role for g in grants if g.role not in held_before], actor=actor,
                              channel=channel)
    return user


def _end_tokens_on_staff_role(user, gained, *, actor, channel) -> int:
    """A sign-in given a staff role it did not hold: every API token of it that still works stops working (audited
    when there was one). A token made before reaches whatever the new role reaches, and was perhaps made with a
    password alone; a new one needs the code from an authenticator app (ASVS 4.0.3 V4.3.1, V2.8.x)."""
    gained = [Role(role) for role in gained if Role(role) in STAFF_ROLES]
    if not gained:
        return 0
    now = timezone.now()
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now).update(
        revoked_at=now, revoked_by=actor)
    if count:
        audit.record(actor=actor, action=audit.Action.CHANGE, channel=channel,
                     why="Given the role " + ", ".join(role.label for role in gained),
                     what=f"Revoked {count} API token{'' if count == 1 else 's'} of the sign-in {user.username}")
    return count


def _end_sessions(user, *, tokens_too=True) -> None:
    from django.contrib.sessions.models import Session

    if tokens_too:
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if settings.SESSION_ENGINE.endswith(".db") or settings.SESSION_ENGINE.endswith("cached_db"):
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            if session.get_decoded().get("_auth_user_id") == str(user.pk):
                session.delete()


@transaction.atomic
def deactivate(user, *, actor, reason: str = "", channel="web") -> User:
    """The account can no longer sign in; any sessions and API tokens it has end now."""
    if user.pk == actor.pk:
        raise AccountError("account", "You cannot deactivate your own account")
    if not user.is_active:
        raise AccountError("account", "This account is already deactivated")
    user.is_active = False
    user.save(update_fields=["is_active"])
    _end_sessions(user)
    void_open_invitations(reason="The sign-in was deactivated", account=user)  # its set-password link stops working
    audit.record(actor=actor, action=audit.Action.CHANGE, what=f"Deactivated the sign-in {user.username}", why=reason,
                 channel=channel)
    return user


@transaction.atomic
def reactivate(user, *, actor, channel="web") -> User:
    if user.is_active:
        raise AccountError("account", "This account is already active")
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record(actor=actor, action=audit.Action.CHANGE, what=f"Reactivated the sign-in {user.username}",
                 channel=channel)
    return user


def _materialise_legacy_role(user) -> None:
    """An account made the old way holds `user.role` without a grant; give it one before roles change."""
    if user.role and not RoleGrant.objects.filter(user=user, role=user.role).exists():
        RoleGrant.objects.create(user=user, role=user.role, team_id=user.team_id,
                                 organisation_id=user.organisation_id)


@transaction.atomic
def act_as(user, role, *, channel="web") -> User:
    """Switch the role the user is acting in (and its team or organisation) to another role they hold."""
    try:
        role = Role(role)
    except ValueError:
        raise AccountError("role", "Select the role you want to act in") from None
    if role not in {h.role for h in held_roles(user)}:
        raise AccountError("role", "Select one of the roles you hold")
    _materialise_legacy_role(user)
    grant = RoleGrant.objects.get(user=user, role=role)
    before = user.role_label
    _set_acting(user, grant)
    audit.record(actor=user, action=audit.Action.CHANGE, channel=channel,
                 what=f"Changed role from {before} to {role.label}")
    return user


def _add_grant(user, role: Role, *, actor) -> None:
    if not RoleGrant.objects.filter(user=user, role=role).exists():
        _materialise_legacy_role(user)
        RoleGrant.objects.create(user=user, role=role, granted_by=actor)


# ---- invitations ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Issued:
    invitation: Invitation
    secret: str  # the link token or letter code: shown or sent once, never stored

    @property
    def code_display(self) -> str:
        return tokens.format_code(self.secret)


def void_open_invitations(*, reason, **target) -> int:
    """Stop every open invitation for this target (kind, person, representative, carer or account) working."""
    return Invitation.objects.filter(used_at__isnull=True, voided_at__isnull=True, **target).update(
        voided_at=timezone.now(), void_reason=reason)


def issue_invitation(*, kind, delivery, actor, name, email="", base_url="", channel="web", person=None,
                     representative=None, carer=None, account=None) -> tuple[Invitation, str]:
    """Make an invitation (voiding any open one for the same target), audit it and email its link; returns it with its
    secret, which is not kept. Call inside the caller's transaction."""
    target = {"kind": kind, "person": person, "representative": representative, "carer": carer, "account": account}
    replaced = void_open_invitations(reason="A new invitation was issued", **target)
    now = timezone.now()
    if delivery == Invitation.Delivery.EMAIL:
        secret, code_ref, days = tokens.new_link_token(), "", LINK_DAYS
    else:
        open_refs = set(Invitation.objects.filter(used_at__isnull=True, voided_at__isnull=True,
                                                  expires_at__gt=now).values_list("code_ref", flat=True))
        secret = tokens.new_letter_code()
        while tokens.split_code(secret)[0] in open_refs:  # the first group finds one open invitation only
            secret = tokens.new_letter_code()
        code_ref, days = tokens.split_code(secret)[0], LETTER_DAYS
    hashed = tokens.keyed_hash(tokens.split_code(secret)[1] if code_ref else secret, settings.SECRET_KEY)
    invitation = Invitation.objects.create(
        delivery=delivery, email=email, name=name, code_ref=code_ref, secret_hash=hashed,
        expires_at=now + datetime.timedelta(days=days), created_by=actor, **target)
    how = "an email link" if delivery == Invitation.Delivery.EMAIL else "a letter with a code"
    audit.record(actor=actor, action=audit.Action.CREATE, person=person, channel=channel,
                 what=f"Invited {name} to sign in ({invitation.get_kind_display().lower()}) by {how}"
                      + (" and voided the earlier invitation" if replaced else ""))
    if delivery == Invitation.Delivery.EMAIL:
        link = f"{base_url.rstrip('/')}/invitation/{secret}/"
        send_mail(
            subject=f"Set up your sign-in to {settings.SERVICE_NAME}",
            message=(f"Dear {name},\n\n{settings.COUNCIL_NAME} has set up a sign-in for you to "
                     f"{settings.SERVICE_NAME}.\n\nOpen this link to choose your sign-in name and password:\n{link}\n\n"
                     f"The link works once, until {timezone.localtime(invitation.expires_at):%-d %B %Y}. If you did "
                     f"not expect this email, you can ignore it, or phone adult social care on 01234 567890.\n"),
            from_email=None, recipient_list=[email])
    return invitation, secret


@dataclass(frozen=True)
class Found:
    invitation: Invitation | None
    problem: str = ""


def find_by_link(token: str) -> Found:
    invitation = Invitation.objects.filter(secret_hash=tokens.keyed_hash(token or "", settings.SECRET_KEY),
                                           code_ref="").select_related("account").first()
    if invitation is None or not invitation.is_open(timezone.now()):
        return Found(None, "This link has already been used, has been replaced by a newer one or has expired. Phone "
                           "adult social care on 01234 567890 for a new one")
    return Found(invitation)


@transaction.atomic
def check_letter_code(typed: str) -> Found:
    """The open invitation a letter code belongs to. A wrong code counts against the invitation its first group names;
    after CODE_ATTEMPTS wrong tries that letter stops working (and the refusal is audited)."""
    code = tokens.normalise_code(typed)
    if not code:
        return Found(None, "Enter the code from your letter")
    if not tokens.looks_like_a_code(code):
        return Found(None, "Enter the code exactly as it is printed in your letter: 12 letters and numbers")
    ref, secret = tokens.split_code(code)
    now = timezone.now()
    invitation = Invitation.objects.select_for_update().filter(
        code_ref=ref, used_at__isnull=True, voided_at__isnull=True, expires_at__gt=now).first()
    # One message for every refusal, so that a guess learns nothing about which letters exist
    wrong = ("The code is not right, or it has been used, or the letter has been replaced or has expired. Check the "
             "code and try again. If you have already used it, sign in with the sign-in name you chose")
    if invitation is None:
        return Found(None, wrong)
    if invitation.secret_hash != tokens.keyed_hash(secret, settings.SECRET_KEY):
        invitation.attempts += 1
        if invitation.attempts >= CODE_ATTEMPTS:
            invitation.voided_at, invitation.void_reason = now, "Too many wrong codes"
        invitation.save(update_fields=["attempts", "voided_at", "void_reason"])
        audit.record(actor=None, action=audit.Action.REFUSED, person=invitation.person,
                     what=f"A wrong letter code was tried for the invitation of {invitation.name}")
        if invitation.voided_at:
            return Found(None, "The code has been tried too many times and no longer works. Phone adult social care "
                               "on 01234 567890 for a new letter")
        return Found(None, wrong)
    return Found(invitation)


# How taking up an invitation links the sign-in to what it was for, by kind: the apps above accounts that own those
# records register it (people: the person, a representative, a carer). A staff invitation links nothing.
Linker = Callable[[Invitation, User], Role]
_linkers: dict[str, Linker] = {}


def register_linker(kind, link: Linker) -> None:
    """`link(invitation, user)` links the sign-in to the record the invitation is for and returns the role it gives,
    or raises AccountError. It runs inside the transaction that takes up the invitation."""
    _linkers[Invitation.Kind(kind).value] = link


def _link(invitation, user) -> Role:
    """Link the sign-in to what the invitation was for, and say which role that gives."""
    try:
        link = _linkers[invitation.kind]
    except KeyError:
        raise LookupError(f"No app links invitations of the kind {invitation.kind!r}") from None
    return link(invitation, user)


def _check_open(invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_open(timezone.now()):
        raise AccountError("code", "This invitation has already been used, replaced or has expired")
    return locked


@transaction.atomic
def redeem_new(invitation, *, username: str, password: str, channel="web") -> User:
    """Make the invited person's own sign-in and link it; the invitation is used up."""
    invitation = _check_open(invitation)
    if invitation.kind == Invitation.Kind.STAFF:
        user = invitation.account
        if not user.is_active:
            raise AccountError("password", "This sign-in has been deactivated. Ask an administrator")
        _check_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
        what = f"Set the password of the sign-in {user.username} from the emailed link"
    else:
        username = _check_username(username)
        first, _, last = invitation.name.partition(" ")
        probe = User(username=username, first_name=first, last_name=last, email=invitation.email)
        _check_password(password, probe)
        user = User.objects.create_user(username=username, password=password, first_name=first, last_name=last,
                                        email=invitation.email)
        role = _link(invitation, user)
        RoleGrant.objects.create(user=user, role=role, granted_by=invitation.created_by)
        _set_acting(user, RoleGrant.objects.get(user=user, role=role))
        what = f"Made the sign-in {username} ({role.label}) from an invitation"
    invitation.used_at, invitation.used_by = timezone.now(), user
    invitation.save(update_fields=["used_at", "used_by"])
    audit.record(actor=user, action=audit.Action.CREATE, person=invitation.person, what=what, channel=channel)
    return user


@transaction.atomic
def redeem_existing(invitation, *, user, channel="web") -> User:
    """Add what the invitation is for to a sign-in the person already has (one sign-in, several roles)."""
    invitation = _check_open(invitation)
    if invitation.kind == Invitation.Kind.STAFF:
        raise AccountError("code", "This link sets the password of a new staff account. Sign out to use it")
    held_before = {h.role for h in held_roles_of_account(user)}
    role = _link(invitation, user)
    _add_grant(user, role, actor=invitation.created_by)
    if role not in held_before:  # an independent adviser's role is a staff role: the sign-in's tokens end
        _end_tokens_on_staff_role(user, [role], actor=user, channel=channel)
    _set_acting(user, RoleGrant.objects.get(user=user, role=role))
    invitation.used_at, invitation.used_by = timezone.now(), user
    invitation.save(update_fields=["used_at", "used_by"])
    audit.record(actor=user, action=audit.Action.CHANGE, person=invitation.person, channel=channel,
                 what=f"Added the role {role.label} to the sign-in {user.username} from an invitation")
    return user


# ---- signing in: locks, authenticator apps, passwords, API tokens ----------------------------------------------------

@transaction.atomic
def unlock(user, *, actor, channel="web") -> int:
    """End every lock on this sign-in's name (from any address) and its count of wrong tries."""
    if not locks_of(user):
        raise AccountError("account", "This sign-in is not locked")
    from axes.handlers.proxy import AxesProxyHandler

    removed = AxesProxyHandler.reset_attempts(username=user.username)
    audit.record(actor=actor, action=audit.Action.CHANGE, what=f"Unlocked the sign-in {user.username}", channel=channel)
    return removed


def _notify(user, subject: str, what_happened: str) -> None:
    """Tell the holder of a sign-in that its way of signing in changed (ASVS 4.0.3 V2.2.3, V2.5.x)."""
    if not user.email:
        return
    send_mail(subject=subject, recipient_list=[user.email], from_email=None, message=(
        f"Dear {user.display_name},\n\n{what_happened}\n\nIf this was not you, phone adult social care on "
        f"01234 567890 or tell your administrator at once.\n"))


def _verify_code(key_hex: str, code: str) -> bool:
    from django_otp.oath import TOTP

    typed = tokens.normalise_otp(code)
    if not (len(typed) == 6 and typed.isdigit()):
        return False
    return TOTP(bytes.fromhex(key_hex)).verify(int(typed), tolerance=1)


def new_authenticator_key() -> str:
    """A new secret for an authenticator app (20 random bytes, as hex): shown at set-up, kept only once confirmed."""
    from django_otp.util import random_hex

    return random_hex(20)


@transaction.atomic
def set_up_authenticator(user, *, key: str, code: str, channel="web"):
    """Keep the authenticator app whose code proves it holds `key` (any earlier app of the sign-in stops working)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not tokens.normalise_otp(code):
        raise AccountError("code", "Enter the 6-digit code from your authenticator app")
    if not _verify_code(key, code):
        raise AccountError("code", "The code is not right. Enter the 6-digit code your app shows now")
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", key=key, confirmed=True)
    device.verify_token(tokens.normalise_otp(code))  # the code is used up: it cannot sign in a second time
    audit.record(actor=user, action=audit.Action.CREATE, channel=channel,
                 what=f"Set up an authenticator app for the sign-in {user.username}")
    _notify(user, f"An authenticator app was set up for {settings.SERVICE_NAME}",
            f"An authenticator app was set up for your sign-in {user.username} to {settings.SERVICE_NAME} on "
            f"{timezone.localtime():%-d %B %Y at %H:%M}. You will enter its code each time you sign in.")
    return device


def check_authenticator_code(user, device, code: str) -> tuple[bool, str, bool]:
    """Whether the code from the sign-in's app is right (it is then used up: a code works once, ASVS 4.0.3 V2.8.4),
    what is wrong if not, and whether the try counts towards the lock (a code that could not be right, such as a
    blank, does not). Not audited: wrong codes are counted (accounts.lockout) like wrong passwords."""
    typed = tokens.normalise_otp(code)
    if not typed:
        return False, "Enter the 6-digit code from your authenticator app", False
    if not (len(typed) == 6 and typed.isdigit()):
        return False, "Enter the 6 numbers your authenticator app shows, for example 123456", False
    allowed, _ = device.verify_is_allowed()
    if not allowed:  # django-otp's own pause after wrong codes
        return False, "Wait a few seconds, then enter the new code your app shows", False
    with transaction.atomic():
        if device.verify_token(typed):
            return True, "", False
    return False, "The code is not right. Enter the 6-digit code your app shows now", True


@transaction.atomic
def reset_authenticator(user, *, actor, channel="web") -> None:
    """The sign-in's app stops working (it was lost); at the next sign-in they set up a new one."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not TOTPDevice.objects.filter(user=user).exists():
        raise AccountError("account", "This sign-in has no authenticator app set up")
    TOTPDevice.objects.filter(user=user).delete()
    # Sessions that entered a code from the lost app end, and so do the API tokens made with its codes: whoever holds
    # the app (or a token made with it) must not outlast the reset (ASVS 4.0.3 V2.8.x, V3.3.x)
    _end_sessions(user)
    audit.record(actor=actor, action=audit.Action.CHANGE, channel=channel,
                 what=f"Reset the authenticator app of the sign-in {user.username}")
    _notify(user, f"Your authenticator app for {settings.SERVICE_NAME} was reset",
            f"The authenticator app of your sign-in {user.username} was reset by an administrator, and your API "
            f"tokens stopped working. The next time you sign in you will set up an app again.")


@transaction.atomic
def demo_authenticator(user, *, key: str = ""):
    """The demo council only (settings.DEMO_MODE): an app set up for a demo staff sign-in, its secret printed by
    `selfdirect demo` so that anyone trying the demo can add it to an authenticator app. `key` (hex) keeps the secret
    the sign-in of the same name had before the demo was rebuilt from its page (site.jobs), so the app added for it
    still works."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not getattr(settings, "DEMO_MODE", False):
        raise AccountError("account", "Authenticator apps are set up for people only outside demo mode")
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name="Demo authenticator app", confirmed=True, **({"key": key} if key else {}))


@transaction.atomic
def change_password(user, *, current: str, new: str, again: str, channel="web") -> User:
    """Needs the current password (ASVS V2.1.6). Every other session of the sign-in ends with the old password
    (Django's session hash; V3.3.3); the caller keeps its own (update_session_auth_hash)."""
    if not current:
        raise AccountError("current_password", "Enter your current password")
    if not user.check_password(current):
        raise AccountError("current_password", "The current password is not right")
    if new and again and new != again:
        raise AccountError("password_again", "The passwords do not match. Type the same password twice")
    _check_password(new, user)
    if not again:
        raise AccountError("password_again", "Type the password again")
    user.set_password(new)
    user.save(update_fields=["password"])
    audit.record(actor=user, action=audit.Action.CHANGE, channel=channel,
                 what=f"Changed the password of the sign-in {user.username}")
    _notify(user, f"Your password for {settings.SERVICE_NAME} was changed",
            f"The password of your sign-in {user.username} was changed on {timezone.localtime():%-d %B %Y at %H:%M}.")
    return user


@transaction.atomic
def issue_token(user, *, actor, name: str = "", second_step: bool = False, channel="web") -> tuple[ApiToken, str]:
    """A new API token for the sign-in; returns it with its key, which is shown once and never kept. `second_step`:
    the code from the sign-in's authenticator app was given with the request, or the session asking had entered it
    (without it, the token does not work for a sign-in that holds a staff role: queries.live_token)."""
    name = (name or "").strip() or "API token"
    if len(name) > 100:
        raise AccountError("name", "Name must be 100 characters or less")
    if not user.is_active:
        raise AccountError("account", "This sign-in has been deactivated")
    key = tokens.new_api_key()
    token = ApiToken.objects.create(
        user=user, name=name, key_prefix=key[:tokens.API_KEY_PREFIX_LENGTH], key_hash=tokens.api_key_hash(key),
        created_by=actor, expires_at=timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS),
        second_step=second_step)
    audit.record(actor=actor, action=audit.Action.CREATE, channel=channel,
                 what=f"Made an API token ({name}) for the sign-in {user.username}")
    return token, key


@transaction.atomic
def revoke_token(token: ApiToken, *, actor, channel="web") -> ApiToken:
    if token.revoked_at is not None:
        raise AccountError("token", "This token has already been revoked")
    token.revoked_at, token.revoked_by = timezone.now(), actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(actor=actor, action=audit.Action.CHANGE, channel=channel,
                 what=f"Revoked the API token ({token.name}) of the sign-in {token.user.username}")
    return token


@transaction.atomic
def revoke_tokens_of(user, *, actor, channel="web") -> int:
    """Every token of the sign-in that still works stops working."""
    now = timezone.now()
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now).update(
        revoked_at=now, revoked_by=actor)
    audit.record(actor=actor, action=audit.Action.CHANGE, channel=channel,
                 what=f"Revoked {count} API token{'' if count == 1 else 's'} of the sign-in {user.username}")
    return count
