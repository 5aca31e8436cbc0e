"""The payment file (money.payment_files): written with the csv module, every name reads back exactly as written, and the
same lines always make the same bytes. Without a database, but for the last test, which runs `money check` over a stored
file."""

import ast
import csv
import datetime
import hashlib
import io
import pathlib
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from selfdirect.core.money import Money
from selfdirect.money import actions, payment_files, queries
from selfdirect.money.models import PaymentRun
from selfdirect.money.payments import render_file
from tests.hypo import examples

SRC = pathlib.Path(__file__).resolve().parents[2] / "src" / "selfdirect" / "money"


def line(payee="E Evans DP account", sort_code="309950", account_number="12345678", amount_pence=80000,
         reference="SD260120EX000001"):
    return SimpleNamespace(payee=payee, sort_code=sort_code, account_number=account_number, amount_pence=amount_pence,
                           reference=reference)


def rows(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def test_a_header_row_then_a_row_a_line_quoted_only_where_needed():
    text = payment_files.payment_csv([line(), line(payee='Sam "Sammy" Okafor, DP', amount_pence=12345)])
    assert text == ("payee,sort_code,account_number,amount,reference\r\n"
                    "E Evans DP account,309950,12345678,800.00,SD260120EX000001\r\n"
                    '"Sam ""Sammy"" Okafor, DP",309950,12345678,123.45,SD260120EX000001\r\n')
    assert render_file([line()]) == payment_files.payment_csv([line()])  # the run's file is this one


def test_commas_quotes_and_line_breaks_in_a_name_read_back_exactly():
    awkward = ['O\'Brien, "Pat"', "Line one\nLine two", "Carriage\r\nreturn", "lone\rreturn", "\"", ",", " padded ",
               "=SUM(A1)", "£ €", ""]
    text = payment_files.payment_csv([line(payee=name) for name in awkward])
    assert [row[0] for row in rows(text)[1:]] == awkward


payees = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)  # any name a person has (no lone surrogates)
lines = st.lists(st.builds(line, payee=payees, sort_code=st.from_regex(r"\A[0-9]{6}\Z"),
                           account_number=st.from_regex(r"\A[0-9]{8}\Z"), amount_pence=st.integers(1, 10**9),
                           reference=st.from_regex(r"\A[A-Z0-9]{1,18}\Z")), max_size=8)


@settings(max_examples=examples(300))
@given(lines)
def test_every_line_round_trips_through_csv_reader(given_lines):
    text = payment_files.payment_csv(given_lines)
    assert rows(text) == [list(payment_files.COLUMNS)] + [
        [gl.payee, gl.sort_code, gl.account_number, Money(gl.amount_pence).pounds_text(), gl.reference]
        for gl in given_lines]
    assert payment_files.payment_csv(given_lines) == text  # the same lines, the same bytes
    assert payment_files.is_file_of(text, given_lines)


def test_the_file_of_other_lines_is_not_theirs():
    text = payment_files.payment_csv([line()])
    assert not payment_files.is_file_of(text, [line(amount_pence=80001)])
    assert not payment_files.is_file_of(text.replace("800.00", "8000.00"), [line()])


def test_a_file_written_before_the_csv_module_is_still_recognised_as_its_runs():
    before = ("payee,sort_code,account_number,amount,reference\n"
              "\"Sam 'Sammy' Okafor\",309950,12345678,800.00,SD260120EX000001\n")
    assert payment_files.is_file_of(before, [line(payee='Sam "Sammy" Okafor')])
    assert not payment_files.is_file_of(before, [line(payee="Someone else")])


def test_the_payment_file_and_bacs_modules_import_no_django():
    for name in ("payment_files.py", "bacs.py"):
        for node in ast.walk(ast.parse((SRC / name).read_text())):
            modules = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                       [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(m.split(".")[0] in {"django", "rest_framework"} for m in modules), name


def test_money_check_accepts_a_run_paid_before_the_csv_module_and_still_finds_a_changed_one(council):
    council.live_person(user=council.holder)
    run, _ = actions.pay(datetime.date(2026, 1, 20), actor=council.finance)
    assert queries.check() == []
    old = payment_files._before_the_csv_module(list(run.lines.all()))
    assert old != run.file_text  # the old file quoted every payee
    PaymentRun.objects.filter(pk=run.pk).update(file_text=old, file_sha256=hashlib.sha256(old.encode()).hexdigest())
    assert queries.check() == []
    changed = old.replace("800.00", "8000.00")
    PaymentRun.objects.filter(pk=run.pk).update(file_text=changed,
                                                file_sha256=hashlib.sha256(changed.encode()).hexdigest())
    assert any("payment file does not match" in problem for problem in queries.check())
