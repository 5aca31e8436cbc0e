import getpass
import sys

from django.core.management.base import BaseCommand, CommandError

from selfdirect.accounts import actions
from selfdirect.accounts.models import Organisation, Team, User
from selfdirect.accounts.queries import held_roles, held_roles_of_account
from selfdirect.core.roles import ORGANISATION_ROLES, STAFF_ROLES, TEAM_ROLES, Role


class Command(BaseCommand):
    help = ("Sign-ins from the command line: the first administrator of a new installation, then staff sign-ins, "
            "deactivation and a list. Administrators do the same in the product at /accounts/.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        first = sub.add_parser("first-admin", help="Create the first administrator (refused once one exists)")
        for name in ("username", "first-name", "last-name", "email"):
            first.add_argument(f"--{name}", required=True)
        first.add_argument("--password-stdin", action="store_true",
                           help="Read the password from standard input (else you are asked for it)")
        staff = sub.add_parser("add-staff", help="Add a staff sign-in; an email link lets them set their password")
        for name in ("username", "first-name", "last-name", "email"):
            staff.add_argument(f"--{name}", required=True)
        staff.add_argument("--role", action="append", required=True, metavar="ROLE[:TEAM OR ORGANISATION]",
                           help="A role, with the team for casework roles or the organisation for providers; "
                                "repeat for several roles, e.g. --role team_manager:'North locality team'")
        staff.add_argument("--actor", required=True, help="Sign-in name of the administrator making the change")
        staff.add_argument("--base-url", default="http://127.0.0.1:8000/", help="Address the emailed link starts with")
        off = sub.add_parser("deactivate", help="Stop a sign-in working; its sessions and API tokens end now")
        off.add_argument("username")
        off.add_argument("--actor", required=True)
        off.add_argument("--reason", default="")
        sub.add_parser("list", help="Every sign-in with its roles and whether it is active")
        unlock = sub.add_parser("unlock", help="Unlock a sign-in locked after too many wrong passwords or codes")
        unlock.add_argument("username")
        unlock.add_argument("--actor", help="Sign-in name of the administrator (else recorded as the command line)")
        reset = sub.add_parser("reset-two-factor",
                               help="Reset a sign-in's authenticator app (lost phone): it sets up a new one at its "
                                    "next sign-in")
        reset.add_argument("username")
        reset.add_argument("--actor", help="Sign-in name of the administrator (else recorded as the command line)")

    def handle(self, *args, action, **options):
        try:
            getattr(self, "handle_" + action.replace("-", "_"))(**options)
        except actions.AccountError as problem:
            raise CommandError(f"--{problem.field.replace('_', '-')}: {problem}", returncode=2) from None

    def _administrator(self, username):
        actor = User.objects.filter(username=username, is_active=True).first()
        if actor is None or not any(h.role == Role.ADMINISTRATOR for h in held_roles(actor)):
            raise CommandError(f"--actor: {username} is not an active administrator", returncode=2)
        actor.role = Role.ADMINISTRATOR
        return actor

    def handle_first_admin(self, *, username, first_name, last_name, email, password_stdin, **_):
        password = sys.stdin.readline().rstrip("\n") if password_stdin else getpass.getpass("Password: ")
        user = actions.create_first_administrator(username=username, first_name=first_name, last_name=last_name,
                                                  email=email, password=password)
        self.stdout.write(f"Created the administrator {user.username}. Sign in and add sign-ins at /accounts/.")

    def handle_add_staff(self, *, username, first_name, last_name, email, role, actor, base_url, **_):
        grants = []
        for given in role:
            name, _, where = given.partition(":")
            try:
                held = Role(name.strip())
            except ValueError:
                choices = ", ".join(r.value for r in STAFF_ROLES)
                raise CommandError(f"--role: {name!r} is not a staff role (one of {choices})", returncode=2) from None
            team = organisation = None
            if held in TEAM_ROLES:
                team = Team.objects.filter(name=where.strip()).first()
                if team is None:
                    raise CommandError(f"--role: {held.value} needs a team that exists, as {held.value}:TEAM NAME",
                                       returncode=2)
            if held in ORGANISATION_ROLES:
                organisation = Organisation.objects.filter(name=where.strip()).first()
                if organisation is None:
                    raise CommandError(f"--role: {held.value} needs an organisation that exists, as "
                                       f"{held.value}:ORGANISATION NAME", returncode=2)
            grants.append(actions.Grant(held, team=team, organisation=organisation))
        user, _ = actions.create_staff(actor=self._administrator(actor), username=username, first_name=first_name,
                                       last_name=last_name, email=email, grants=grants, base_url=base_url,
                                       channel="cli")
        self.stdout.write(f"Added {user.username}; an email with a link to set a password went to {user.email}.")

    def handle_deactivate(self, *, username, actor, reason, **_):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"username: there is no sign-in called {username}", returncode=2)
        actions.deactivate(user, actor=self._administrator(actor), reason=reason, channel="cli")
        self.stdout.write(f"Deactivated {username}: it can no longer sign in.")

    def _account(self, username):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"username: there is no sign-in called {username}", returncode=2)
        return user

    def handle_unlock(self, *, username, actor, **_):
        """Whoever runs the command at the server's command line may unlock (the audit row says so, channel cli)."""
        user = self._account(username)
        actions.unlock(user, actor=self._administrator(actor) if actor else None, channel="cli")
        self.stdout.write(f"Unlocked {username}: it can sign in again.")

    def handle_reset_two_factor(self, *, username, actor, **_):
        user = self._account(username)
        actions.reset_authenticator(user, actor=self._administrator(actor) if actor else None, channel="cli")
        self.stdout.write(f"Reset: {username} sets up a new authenticator app when they next sign in.")

    def handle_list(self, **_):
        for user in User.objects.order_by("username"):
            roles = ", ".join(h.role.label for h in held_roles_of_account(user)) or "no role"
            self.stdout.write(f"{user.username:<24} {'active' if user.is_active else 'deactivated':<12} {roles}")
