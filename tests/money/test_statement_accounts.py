"""A statement with lines for several accounts (a prepaid card provider's export with a card column, an OFX file with
several statements): each line goes on its own account; asking for one account keeps its lines and counts the others
left out; a line for an account not known is refused by its line number; a malformed file writes nothing."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from selfdirect.money import actions, queries, statements
from selfdirect.money.models import JournalEntry, LedgerAccount, StatementImport, StatementLine
from tests.jobs import through_the_worker

D = datetime.date

OFX = """OFXHEADER:100
DATA:OFXSGML
<OFX><BANKMSGSRSV1>
<STMTTRNRS><STMTRS><BANKACCTFROM><ACCTID>DP-EX000001</BANKACCTFROM><BANKTRANLIST>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260203<TRNAMT>-45.50<FITID>A1<NAME>Drumming class
<STMTTRN><TRNTYPE>XFER<DTPOSTED>20260204<TRNAMT>-5.00<FITID>A2<NAME>To savings<BANKACCTTO><ACCTID>99999999</BANKACCTTO>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260205<TRNAMT>-12.00<FITID>A3<NAME>Corner shop
</BANKTRANLIST></STMTRS></STMTTRNRS>
<STMTTRNRS><STMTRS><BANKACCTFROM><ACCTID>DP-EX000002</BANKACCTFROM><BANKTRANLIST>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260206<TRNAMT>-20.00<FITID>B1<NAME>Sam Okafor
</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1>
<CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CCACCTFROM><ACCTID>DP-NOBODY</CCACCTFROM><BANKTRANLIST>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260207<TRNAMT>-7.00<FITID>C1<NAME>Betting shop
</BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>
"""

CARDS = ("Date,Description,Amount,Transaction ID,Card\n"
         "2026-02-03,CORNER CAFE,-8.40,T1,DP-EX000001\n"
         "2026-02-03,SAM OKAFOR,-20.00,T2,DP-EX000002\n"
         "2026-02-04,BUS FARE,-2.00,T3,DP-EX000002\n"
         "2026-02-04,SHOP,-1.00,T4,DP-EX999999\n")
CARD_LAYOUT = statements.Mapping(transaction_id="Transaction ID", account="Card")


def test_each_ofx_line_goes_on_the_account_its_statement_names():
    lines = statements.read(OFX, name="feb.ofx")
    assert [(line.line_number, line.account, line.transaction_id) for line in lines] == [
        (5, "DP-EX000001", "A1"), (6, "DP-EX000001", "A2"), (7, "DP-EX000001", "A3"), (10, "DP-EX000002", "B1"),
        (13, "DP-NOBODY", "C1")]  # a transfer's BANKACCTTO does not move the lines after it


def test_asking_for_one_account_keeps_its_lines_and_counts_the_others():
    statement = statements.load(OFX.encode(), name="feb.ofx", account="DP-EX000002")
    assert [line.transaction_id for line in statement] == ["B1"] and statement.left_out == 4
    statement = statements.load(CARDS.encode(), name="cards.csv", mapping=CARD_LAYOUT, account="DP-EX000002")
    assert [line.transaction_id for line in statement] == ["T2", "T3"] and statement.left_out == 2


def test_an_ofx_file_with_one_statement_goes_on_the_account_given_whatever_its_acctid():
    one = OFX.split("<STMTTRNRS>")[0] + "<STMTTRNRS>" + OFX.split("<STMTTRNRS>")[1] + "</BANKMSGSRSV1></OFX>\n"
    one = one.replace("DP-EX000001", "12345678")  # the bank's own account number
    statement = statements.load(one.encode(), name="bank.ofx", account="DP-EX000001")
    assert {line.account for line in statement} == {"DP-EX000001"} and statement.left_out == 0
    assert {line.account for line in statements.read(one, name="bank.ofx")} == {"12345678"}


def test_a_line_with_no_account_is_refused_naming_the_line():
    with pytest.raises(statements.StatementError, match="line 3, column 'Card': no account"):
        statements.read_csv(CARDS.replace("T2,DP-EX000002", "T2,"), CARD_LAYOUT)


@pytest.fixture
def two(council):
    """Elsie (DP-EX000001) and a second direct payment holder (DP-EX000002)."""
    return council.live_person(user=council.holder), council.live_person()


def balance(ref):
    return LedgerAccount.objects.get(reference=ref).balance_pence


def test_a_multi_account_ofx_puts_each_line_on_its_own_account_and_refuses_unknown_ones(council, two):
    report = actions.import_statement(OFX.encode(), name="feb.ofx", actor=council.finance)
    assert (report.imported, report.duplicates, report.left_out) == (4, 0, 0)
    assert report.refused == ["line 13: no direct payment account 'DP-NOBODY'"]
    by_account = {ref: sorted(StatementLine.objects.filter(account__reference=ref).values_list("transaction_id", flat=True))
                  for ref in ("DP-EX000001", "DP-EX000002")}
    assert by_account == {"DP-EX000001": ["A1", "A2", "A3"], "DP-EX000002": ["B1"]}
    assert (balance("DP-EX000001"), balance("DP-EX000002")) == (-6250, -2000)
    again = actions.import_statement(OFX.encode(), name="feb-again.ofx", actor=council.finance)
    assert (again.imported, again.duplicates) == (0, 4)
    assert queries.check() == []


def test_one_account_then_the_whole_file_adds_each_line_once(council, two):
    first = actions.import_statement(OFX.encode(), name="feb.ofx", actor=council.finance, account_ref="DP-EX000002")
    assert (first.imported, first.left_out, first.refused) == (1, 4, [])
    assert first.summary() == "1 line imported, 0 duplicates skipped, 0 refused, 4 lines for other accounts left out"
    assert list(StatementLine.objects.values_list("account__reference", flat=True)) == ["DP-EX000002"]
    whole = actions.import_statement(OFX.encode(), name="feb.ofx", actor=council.finance)
    assert (whole.imported, whole.duplicates, len(whole.refused)) == (3, 1, 1)
    cards = actions.import_statement(CARDS.encode(), name="cards.csv", actor=council.finance, mapping=CARD_LAYOUT,
                                     account_ref="DP-EX000002")
    assert (cards.imported, cards.left_out, cards.refused) == (2, 2, [])
    assert queries.check() == []


def test_a_mistake_anywhere_in_a_multi_account_file_writes_nothing(council, two):
    accounts_before = LedgerAccount.objects.count()
    with pytest.raises(statements.StatementError, match="line 13, TRNAMT"):
        actions.import_statement(OFX.replace("-7.00", "seven").encode(), name="feb.ofx", actor=council.finance)
    assert not StatementImport.objects.exists() and not StatementLine.objects.exists()
    assert not JournalEntry.objects.filter(kind="spending").exists() and LedgerAccount.objects.count() == accounts_before


def test_the_page_keeps_the_account_asked_for_and_says_how_many_lines_were_left_out(
        council, two, client, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(council.finance)
    body = through_the_worker(client, django_capture_on_commit_callbacks, "/finance/statements/", {
        "statement": SimpleUploadedFile("cards.csv", CARDS.encode()), "account": "DP-EX000002",
        "layout": "card"}).content.decode()
    assert "2 lines imported, 0 duplicates skipped, 0 refused, 2 lines for other accounts left out" in body
    assert set(StatementLine.objects.values_list("account__reference", flat=True)) == {"DP-EX000002"}
    body = through_the_worker(client, django_capture_on_commit_callbacks, "/finance/statements/", {
        "statement": SimpleUploadedFile("feb.ofx", OFX.encode()), "layout": "signed"}).content.decode()
    assert "Some lines were refused" in body and "line 13: no direct payment account &#39;DP-NOBODY&#39;" in body
    assert "4 lines imported" in body


def money(*args):
    out = io.StringIO()
    call_command("money", *args, stdout=out)
    return out.getvalue()


def test_the_command_keeps_the_account_asked_for_and_refuses_unknown_ones_by_line(council, two, tmp_path):
    statement = tmp_path / "feb.ofx"
    statement.write_bytes(OFX.encode())
    said = money("import-statement", str(statement), "--account", "DP-EX000001")
    assert "3 lines imported, 0 duplicates skipped, 0 refused, 2 lines for other accounts left out" in said
    said = money("import-statement", str(statement))
    assert "1 line imported, 3 duplicates skipped, 1 refused" in said
    assert "Refused: line 13: no direct payment account 'DP-NOBODY'" in said
