"""`selfdirect accounts`: the first administrator of a new installation, then staff sign-ins from the command line,
each refused with the option named and audited like the pages."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from selfdirect.accounts.models import User
from selfdirect.audit.models import AuditEvent
from selfdirect.core.roles import Role


def run(*args, stdin=""):
    out = io.StringIO()
    import sys

    saved, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        call_command("accounts", *args, stdout=out)
    finally:
        sys.stdin = saved
    return out.getvalue()


FIRST = ["first-admin", "--username", "head.of.service", "--first-name", "Hana", "--last-name", "Head",
         "--email", "hana@example.org", "--password-stdin"]


def test_a_new_installation_gets_its_first_administrator_once(db):
    out = run(*FIRST, stdin="a long enough passphrase\n")
    assert "Created the administrator head.of.service" in out
    hana = User.objects.get(username="head.of.service")
    assert hana.role == Role.ADMINISTRATOR and hana.check_password("a long enough passphrase")
    assert AuditEvent.objects.filter(what="Created the first administrator, head.of.service").exists()
    with pytest.raises(CommandError, match="There is already an administrator"):
        run(*FIRST[:2], "someone.else", *FIRST[3:], stdin="a long enough passphrase\n")


def test_a_weak_first_password_is_refused_in_govuk_style_and_nothing_is_made(db):
    with pytest.raises(CommandError, match="--password: Password must be 12 characters or more"):
        run(*FIRST, stdin="short\n")
    assert not User.objects.exists()


def test_an_administrator_adds_a_manager_who_also_carries_cases_and_deactivates_a_sign_in(council):
    out = run("add-staff", "--username", "pat.lee", "--first-name", "Pat", "--last-name", "Lee",
              "--email", "pat@example.org", "--role", "team_manager:North locality team",
              "--role", "social_worker:South locality team", "--actor", "admin")
    assert "Added pat.lee" in out and len(mail.outbox) == 1 and mail.outbox[0].to == ["pat@example.org"]
    pat = User.objects.get(username="pat.lee")
    assert {(g.role, g.team.name) for g in pat.role_grants.all()} == {
        ("team_manager", "North locality team"), ("social_worker", "South locality team")}
    listed = run("list")
    (line,) = [line for line in listed.splitlines() if line.startswith("pat.lee ")]
    assert "active" in line and "Team manager" in line and "Social worker or care manager" in line
    run("deactivate", "pat.lee", "--actor", "admin", "--reason", "Left the council")
    assert not User.objects.get(username="pat.lee").is_active
    assert "pat.lee                  deactivated" in run("list")


@pytest.mark.parametrize(("args", "message"), [
    (["--role", "wizard"], "--role: 'wizard' is not a staff role"),
    (["--role", "social_worker:Nowhere team"], "--role: social_worker needs a team that exists"),
    (["--role", "budget_holder"], "--roles: Budget holder comes from an invitation"),
])
def test_bad_roles_are_refused_naming_the_option(council, args, message):
    with pytest.raises(CommandError, match=message):
        run("add-staff", "--username", "new.one", "--first-name", "New", "--last-name", "One",
            "--email", "n@example.org", "--actor", "admin", *args)
    assert not User.objects.filter(username="new.one").exists()


def test_only_an_administrator_may_act(council):
    with pytest.raises(CommandError, match="--actor: worker is not an active administrator"):
        run("deactivate", "manager", "--actor", "worker")
    assert User.objects.get(username="manager").is_active
