"""A statement is read as a stream: the parser is a generator that reads only as far as it is asked, a file of any
size is written a batch at a time, and the fingerprints (so what a repeat import skips) do not depend on how the file
was cut up. Memory itself is measured by bench/bench_statement_memory.py, not here."""

import datetime
import inspect
import io

import pytest

from selfdirect.money import actions, queries, statements
from selfdirect.money.models import JournalEntry, StatementImport, StatementLine

D = datetime.date

TEXT = ("Date,Description,Amount\n"
        + "".join(f"2026-02-{day:02d},Taxi,-9.00\n2026-02-{day:02d},Taxi,-9.00\n2026-02-{day:02d},Shop {day},-1.{day:02d}\n"
                  for day in range(1, 11)))


def test_the_parser_is_a_generator_that_reads_only_as_far_as_it_is_asked():
    pulled = []

    def source():
        for text in io.StringIO(TEXT):
            pulled.append(text)
            yield text

    lines = statements.iter_csv(source(), statements.Mapping(), account="A")
    assert inspect.isgenerator(lines) and pulled == []
    assert next(lines).description == "Taxi" and len(pulled) == 2  # the header and the first line, no more
    ofx = statements.iter_ofx(iter(["<OFX><STMTTRN><DTPOSTED>20260201<TRNAMT>-1.00<NAME>A", "<STMTTRN><DTPOSTED>"]),
                              account="A")
    assert inspect.isgenerator(ofx) and next(ofx).description == "A"
    assert inspect.isgenerator(iter(statements.load(TEXT.encode(), name="s.csv", account="A")))


@pytest.mark.parametrize("given", ["bytes", "binary file", "byte lines", "unseekable file", "text"])
def test_a_statement_is_read_from_bytes_a_file_or_an_iterator_of_byte_lines(given):
    class Unseekable(io.RawIOBase):
        def __init__(self):
            self.inner = io.BytesIO(TEXT.encode())

        def readable(self):
            return True

        def readinto(self, buffer):
            return self.inner.readinto(buffer)

    source = {"bytes": TEXT.encode(), "binary file": io.BytesIO(TEXT.encode()), "byte lines": iter(io.BytesIO(TEXT.encode())),
              "unseekable file": Unseekable(), "text": TEXT}[given]
    lines = list(statements.load(source, name="s.csv", account="A"))
    assert [line.fingerprint for line in lines] == [line.fingerprint for line in statements.read_csv(TEXT, statements.Mapping(), account="A")]
    assert len(lines) == 30 and len({line.fingerprint for line in lines}) == 30  # equal payments on one day both stay


def test_fingerprints_are_the_same_when_the_count_of_equal_lines_moves_to_disk():
    parsed = list(statements.iter_csv(io.StringIO(TEXT), statements.Mapping(), account="A"))
    in_memory = [line.fingerprint for line in statements.fingerprinted(parsed)]
    for line in parsed:
        line.fingerprint = ""
    on_disk = [line.fingerprint for line in statements.fingerprinted(parsed, in_memory=3)]
    assert on_disk == in_memory and len(set(on_disk)) == 30


def test_an_ofx_file_cut_anywhere_reads_the_same():
    ofx = ("OFXHEADER:100\n<OFX><STMTRS><BANKACCTFROM><ACCTID>A</BANKACCTFROM><BANKTRANLIST>\n"
           "<STMTTRN><DTPOSTED>20260201<TRNAMT>-45.50<FITID>1<NAME>Drumming class<MEMO>Weekly\n"
           "<STMTTRN><DTPOSTED>20260202<TRNAMT>800.00<FITID>2<NAME>Exampleshire Council\n</BANKTRANLIST></STMTRS></OFX>")
    whole = [(line.line_number, line.description, line.amount_pence) for line in statements.iter_ofx([ofx])]
    assert whole == [(3, "Drumming class Weekly", -4550), (4, "Exampleshire Council", 80000)]
    for size in (1, 2, 5, 13):
        pieces = [ofx[i:i + size] for i in range(0, len(ofx), size)]
        assert [(line.line_number, line.description, line.amount_pence) for line in statements.iter_ofx(pieces)] == whole


def test_a_file_longer_than_a_batch_imports_once_and_a_mistake_in_a_later_batch_writes_nothing(council, monkeypatch):
    council.live_person(user=council.holder)
    monkeypatch.setattr(actions, "STATEMENT_BATCH", 4)
    monkeypatch.setattr(statements, "BATCH", 3)
    first = actions.import_statement(TEXT.encode(), name="feb.csv", actor=council.finance, account_ref="DP-EX000001")
    assert (first.imported, first.duplicates) == (30, 0)
    (entry,) = JournalEntry.objects.filter(kind="spending")  # one account, one month
    assert StatementLine.objects.filter(entry=entry).count() == 30 and queries.check() == []
    again = actions.import_statement(io.BytesIO(TEXT.encode()), name="feb.csv", actor=council.finance, account_ref="DP-EX000001")
    assert (again.imported, again.duplicates) == (0, 30)
    lines, entries = StatementLine.objects.count(), JournalEntry.objects.count()
    bad = TEXT.replace("Date,Description,Amount\n", "Date,Description,Amount\n2026-03-01,New,-1.00\n") + "2026-03-02,Late,lots\n"
    with pytest.raises(statements.StatementError, match="line 33, column 'Amount'"):
        actions.import_statement(bad.encode(), name="march.csv", actor=council.finance, account_ref="DP-EX000001")
    assert (StatementLine.objects.count(), JournalEntry.objects.count(), StatementImport.objects.count()) == (lines, entries, 2)


def test_the_same_transaction_id_twice_in_one_file_is_imported_once(council):
    council.live_person(user=council.holder)
    text = "Date,Description,Amount,Id\n2026-02-03,Taxi,-9.00,T1\n2026-02-03,Taxi,-9.00,T1\n"
    report = actions.import_statement(text.encode(), name="s.csv", actor=council.finance, account_ref="DP-EX000001",
                                      mapping=statements.Mapping(transaction_id="Id"))
    assert (report.imported, report.duplicates) == (1, 1)
