"""The `--actor` option of management commands that read people's data: the sign-in the command acts as, refused
unless it may read what the command prints (the same core.permissions rule as the page), so that every read from the
command line is audited under a named person (OWASP ASVS 4.0.3 V8.3.5, access to sensitive data audited; V7.1.4, who
did it; V4.1.3, least privilege)."""

from django.core.management.base import CommandError

from .models import User
from .queries import held_roles

REFUSED = 1  # the exit code of a command refused for its actor (README.md, "Command line and API")


def actor_option(username: str, rule, *, needs: str, flag: str = "--actor") -> User:
    """The active sign-in `username`, acting in the first role it holds that `rule` (a core.permissions predicate)
    allows; else the command stops, before it reads or prints anything, with exit code 1 and a message naming the flag
    and who may (`needs`, e.g. "a finance officer or administrator")."""
    user = User.objects.filter(username=username).first()
    for held in held_roles(user) if user is not None else []:  # an inactive sign-in holds none
        user.role, user.team_id, user.organisation_id = held.role.value, held.team_id, held.organisation_id
        if rule(user):
            return user
    raise CommandError(f"{flag}: {username!r} is not an active sign-in of {needs}, so nothing was read or printed",
                       returncode=REFUSED)
