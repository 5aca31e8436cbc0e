"""`selfdirect money ...` as finance runs it."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from selfdirect.money.models import LedgerAccount


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


def test_alerts_list_each_account_with_a_problem(council, tmp_path):
    council.live_person(user=council.holder)
    money("pay", "--run-date", "2026-06-01", "--out", str(tmp_path / "run.csv"))
    said = money("alerts", "--as-of", datetime.date(2026, 6, 1).isoformat())
    assert "DP-EX000001: No spending for" in said
    from selfdirect.audit.models import AuditEvent

    assert AuditEvent.objects.filter(person__la_person_id="EX000001", channel="cli", action="read",
                                     what="Listed with a direct payment alert").count() == 1


def test_the_selfdirect_entry_point_checks_an_empty_ledger(cli):
    result = cli("money", "check")
    assert result.returncode == 0, result.stderr
    assert "The ledger is sound" in result.stdout
