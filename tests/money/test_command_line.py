"""`selfdirect money ...` as finance runs it."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from selfdirect.accounts.models import RoleGrant, User
from selfdirect.audit.models import AuditEvent
from selfdirect.core.roles import Role
from selfdirect.money.models import LedgerAccount


@pytest.fixture(autouse=True)
def one_person_runs(settings):
    """These tests are about what a run pays and the other commands, made in one step as a council that chose one-person
    runs makes them; two-person runs (the default) are tests/money/test_two_person_runs.py's."""
    settings.PAYMENT_RUN_APPROVAL = "one_person"


def money(*args):
    out = io.StringIO()
    call_command("money", *args, stdout=out)
    return out.getvalue()


def test_pay_writes_the_same_file_however_often_it_is_run(council, tmp_path):
    council.live_person(user=council.holder)
    out = tmp_path / "run.csv"
    said = money("pay", "--run-date", "2026-03-20", "--out", str(out))
    assert "Made the payment run for 2026-03-20: 3 instalments" in said and "Catching up: EX000001" in said
    first = out.read_bytes()
    out.unlink()
    said = money("pay", "--run-date", "2026-03-20", "--out", str(out))
    assert said.startswith("Already made") and out.read_bytes() == first
    assert not (tmp_path / "run.csv.partial").exists()


def test_import_statement_reports_rows_duplicates_and_refusals(council, tmp_path):
    council.live_person(user=council.holder)
    statement = tmp_path / "statement.csv"
    statement.write_text("Posted,Payee,Out,In\n03/02/2026,SAM OKAFOR,120.00,\n04/02/2026,SAM OKAFOR,,\n")
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"date": "Posted", "description": "Payee", "amount": null, "debit": "Out", "credit": "In"}')
    with pytest.raises(CommandError, match="line 3, column 'Out/In': give a debit or a credit"):
        money("import-statement", str(statement), "--account", "DP-EX000001", "--mapping", str(mapping))
    statement.write_text("Posted,Payee,Out,In\n03/02/2026,SAM OKAFOR,120.00,\n")
    said = money("import-statement", str(statement), "--account", "DP-EX000001", "--mapping", str(mapping))
    assert "1 line imported, 0 duplicates skipped, 0 refused" in said
    said = money("import-statement", str(statement), "--account", "DP-EX000001", "--mapping", str(mapping))
    assert "0 lines imported, 1 duplicate skipped" in said
    said = money("import-statement", str(statement), "--account", "DP-NOBODY", "--mapping", str(mapping))
    assert "Refused: line 2: no direct payment account 'DP-NOBODY'" in said
    assert "1 statement lines matched" not in money("reconcile")


def test_check_exits_non_zero_naming_what_is_wrong(council, tmp_path):
    council.live_person(user=council.holder)
    money("pay", "--run-date", "2026-01-20", "--out", str(tmp_path / "run.csv"))
    assert "The ledger is sound" in money("check")
    LedgerAccount.objects.filter(key="direct_payment").update(balance_pence=5)
    with pytest.raises(CommandError, match="1 problem"):
        money("check")


def test_alerts_list_each_account_with_a_problem_audited_as_the_actor(council, tmp_path):
    council.live_person(user=council.holder)
    money("pay", "--run-date", "2026-06-01", "--out", str(tmp_path / "run.csv"))
    said = money("alerts", "--as-of", datetime.date(2026, 6, 1).isoformat(), "--actor", "finance")
    assert "DP-EX000001: No spending for" in said
    read = AuditEvent.objects.filter(person__la_person_id="EX000001", channel="cli", action="read",
                                     what="Listed with a direct payment alert")
    assert list(read.values_list("actor__username", flat=True)) == ["finance"]


def test_alerts_are_audited_before_they_are_printed(council, tmp_path, monkeypatch):
    """A failure part way through printing still leaves the read in the trail."""
    from selfdirect.money.management.commands.money import Command

    council.live_person(user=council.holder)
    money("pay", "--run-date", "2026-06-01", "--out", str(tmp_path / "run.csv"))

    class Broken(io.StringIO):
        def write(self, text):
            raise BrokenPipeError

    command = Command(stdout=Broken())
    with pytest.raises(BrokenPipeError):
        command.handle(action="alerts", as_of="2026-06-01", actor="finance")
    assert AuditEvent.objects.filter(person__la_person_id="EX000001", channel="cli", actor=council.finance,
                                     what="Listed with a direct payment alert").count() == 1


@pytest.mark.parametrize("actor", ["nobody", "worker", "commissioner", "holder", "manager", "finance.gone"])
def test_alerts_refuse_an_actor_who_may_not_read_them_and_print_nothing(council, tmp_path, actor):
    council.live_person(user=council.holder)
    money("pay", "--run-date", "2026-06-01", "--out", str(tmp_path / "run.csv"))
    User.objects.create_user(username="finance.gone", password="a-long-test-password", role=Role.FINANCE_OFFICER,
                             is_active=False)
    before = AuditEvent.objects.count()
    out = io.StringIO()
    with pytest.raises(CommandError, match=f"--actor: '{actor}' is not an active sign-in of a finance officer or "
                                           "administrator") as refused:
        call_command("money", "alerts", "--as-of", "2026-06-01", "--actor", actor, stdout=out)
    assert refused.value.returncode == 1 and out.getvalue() == ""
    assert AuditEvent.objects.count() == before  # nothing read


def test_alerts_act_in_a_role_the_sign_in_holds_that_may_read_them(council, tmp_path):
    """A worker who also holds the finance officer role reads them as finance, and the trail names her."""
    council.live_person(user=council.holder)
    money("pay", "--run-date", "2026-06-01", "--out", str(tmp_path / "run.csv"))
    RoleGrant.objects.create(user=council.worker, role=Role.FINANCE_OFFICER)
    assert "DP-EX000001: No spending for" in money("alerts", "--as-of", "2026-06-01", "--actor", "worker")
    assert AuditEvent.objects.filter(what="Listed with a direct payment alert", actor=council.worker).count() == 1


def test_the_entry_point_refuses_alerts_for_an_unknown_actor_with_exit_code_1(cli):
    result = cli("money", "alerts", "--actor", "nobody")
    assert result.returncode == 1 and result.stdout == ""
    assert "--actor: 'nobody' is not an active sign-in of a finance officer or administrator" in result.stderr


def test_the_selfdirect_entry_point_checks_an_empty_ledger(cli):
    result = cli("money", "check")
    assert result.returncode == 0, result.stderr
    assert "The ledger is sound" in result.stdout
