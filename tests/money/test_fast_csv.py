"""DuckDB's reading of a CSV statement (money.fast_csv) gives exactly what the Python reader gives: the same lines, with
the same line numbers, dates, pence, descriptions, accounts, transaction ids and fingerprints, and the same lines left
out; and where it cannot be sure of that it leaves the file to the Python reader, which then gives the same answer or
refuses the file with the same message naming the line. Generated files mix the common shape with everything odd a
bank's export has: other date and amount forms, spaces, quotes, commas and new lines inside quotes, blank lines, rows
too wide or too narrow, letters beyond ASCII, CRLF, a byte order mark, NUL."""

import datetime

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from selfdirect.money import statements
from tests.hypo import examples

DATES = ["2026-02-03", "2026-12-31", "03/02/2026", "31/12/2026", "2026-02-30", "0999-01-01", "1000-01-01", " 2026-02-03",
         "2026-2-3", "03/02/26", "20260203", "3 Feb 2026", "", "03.02.2026", "31/02/2026", "9999-12-31"]
AMOUNTS = ["-12.50", "12.50", "-0.00", "-1234.56", "12.5", "-1,234.00", "(3.00)", "12.00 DR", "£4.00", " -9.00", "x", "",
           "-123456789012345.67", "-1234567890123456.00", "+1.00", "1e3"]
DESCRIPTIONS = ["Taxi", "TAXI ", "  Corner  shop\t", "Café", "PA\u00a0wages", '"Quoted, with comma"', '"Say ""hi"""',
                '"two\nlines"', "", "a\x00b", "x" * 310, "Tab\there", "Mixed Case Words", "\u2003em space",
                # quotes where Python's reader keeps them as characters and DuckDB's would not
                ' "Taxi"', '"Taxi" "Cab"', 'x""y', '"a"b"', 'b"', '"x" ', ' ""', '"a"""', "y" * 131_073]
ACCOUNTS = ["DP-EX1", "DP-EX2", " DP-EX1", "DP-EX2 ", "", "DP-É", ' "DP-EX1"']
IDS = ["", "T1", "T2", " T1 ", "Té", ' "T1"']


MILD = {"date": ["03.02.2026", "3 Feb 2026", "2026-2-3", "20260203"], "description": DESCRIPTIONS[1:5] + DESCRIPTIONS[7:],
        "amount": ["12.5", "-1,234.00", "(3.00)", "12.00 DR", "£4.00", " -9.00", "-0.5"]}  # odd, and read by Python


@st.composite
def statement_files(draw):
    with_account = draw(st.booleans())
    with_id = draw(st.booleans())
    header = ["Date", "Description", "Amount"] + (["Account"] if with_account else []) + (["Id"] if with_id else [])
    # 0: the common shape; 1: the common shape but for one odd value the Python reader takes; 2: anything
    shape = draw(st.sampled_from([0, 0, 1, 1, 2]))
    rows = []
    for _ in range(draw(st.integers(1, 12))):
        if shape < 2:
            row = [draw(st.sampled_from(DATES[:2] if shape == 0 else DATES[:4])), draw(st.sampled_from(DESCRIPTIONS[:3] + DESCRIPTIONS[5:7])),
                   draw(st.sampled_from(AMOUNTS[:4]))]
            row += [draw(st.sampled_from(ACCOUNTS[:2]))] if with_account else []
            row += [draw(st.sampled_from(IDS[:3]))] if with_id else []
        else:
            row = [draw(st.sampled_from(DATES)), draw(st.sampled_from(DESCRIPTIONS)), draw(st.sampled_from(AMOUNTS))]
            row += [draw(st.sampled_from(ACCOUNTS))] if with_account else []
            row += [draw(st.sampled_from(IDS))] if with_id else []
            if draw(st.integers(0, 9)) == 0:
                row = row[:-1] if draw(st.booleans()) else row + ["extra"]
        rows.append(row)
        if draw(st.integers(0, 3)) == 0:
            rows.append(list(row))  # the same line again: its occurrence counts
    if shape == 1:
        at, field = draw(st.integers(0, len(rows) - 1)), draw(st.sampled_from(sorted(MILD)))
        rows[at][{"date": 0, "description": 1, "amount": 2}[field]] = draw(st.sampled_from(MILD[field]))
    lines = [",".join(row) for row in rows]
    if shape == 2 and draw(st.integers(0, 4)) == 0:
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(["", ",,,", "  "])))
    ending = draw(st.sampled_from(["\n", "\r\n"])) if shape < 2 else draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = ending.join([",".join(header)] + lines) + (ending if draw(st.booleans()) else "")
    if draw(st.booleans()):
        text = "\ufeff" + text
    formats = [None, None, "%Y-%m-%d"] if shape < 2 else [None, None, "%Y-%m-%d", "%d/%m/%Y", "%Y%m%d"]
    mapping = statements.Mapping(account="Account" if with_account else None, transaction_id="Id" if with_id else None,
                                 date_format=draw(st.sampled_from(formats)))
    if shape == 2 and draw(st.integers(0, 4)) == 0:  # debit and credit columns the file lacks, beside its amount
        mapping = statements.Mapping(**{**mapping.__dict__, "debit": "Out", "credit": "In"})
    account = draw(st.sampled_from(["", "DP-EX1", "DP-EX2"])) if with_account else (
        "DP-EX1" if shape < 2 else draw(st.sampled_from(["DP-EX1", ""])))
    return text, mapping, account


def _read(text, mapping, account, fast):
    data = text if isinstance(text, bytes) else text.encode()
    statement = statements.load(data, name="s.csv", mapping=mapping, account=account, fast=fast)
    try:
        lines = [(line.line_number, line.account, line.posted_on, line.amount_pence, line.description,
                  line.transaction_id, line.fingerprint, line.hours) for line in statement]
    except statements.StatementError as problem:
        return ("refused", str(problem)), statement.read_by
    return (lines, statement.left_out), statement.read_by


@given(statement_files())
@hypothesis_settings(max_examples=examples(300), suppress_health_check=[HealthCheck.too_slow])
def test_duckdb_reads_a_file_as_the_python_reader_does_or_leaves_it_to_python(drawn):
    text, mapping, account = drawn
    fast, read_by = _read(text, mapping, account, fast=True)
    slow, _ = _read(text, mapping, account, fast=False)
    assert fast == slow
    if fast[0] == "refused":
        assert read_by == "Python"  # a file with a mistake is always read, and refused, by Python, which names the line


def _common(n=40):
    rows = "".join(f"2026-02-{d % 28 + 1:02d},Shop {d % 7},-{d}.{d % 100:02d},DP-EX{d % 3}\n" for d in range(n))
    return "Date,Description,Amount,Account\n" + rows + "2026-02-01,Shop 1,-1.01,DP-EX1\n" * 3


def test_a_file_in_the_common_shape_is_read_by_duckdb_and_the_lines_are_the_same():
    mapping = statements.Mapping(account="Account")
    fast, read_by = _read(_common(), mapping, "", fast=True)
    assert read_by == "DuckDB"
    assert fast == _read(_common(), mapping, "", fast=False)[0]
    lines, left_out = fast
    assert len(lines) == 43 and left_out == 0 and len({line[6] for line in lines}) == 43  # three equal lines, three prints
    assert lines[1][:5] == (3, "DP-EX1", datetime.date(2026, 2, 2), -101, "Shop 1")
    one, left_out = _read(_common(), mapping, "DP-EX1", fast=True)[0]
    assert {line[1] for line in one} == {"DP-EX1"} and len(one) + left_out == 43
    assert one == [line for line in lines if line[1] == "DP-EX1"]  # fingerprints do not depend on the other accounts


@pytest.mark.parametrize(("change", "why"), [
    (lambda t: t.replace("\n2026-02-02", "\n\n2026-02-02", 1), "a blank line"),
    (lambda t: t.replace("Shop 3", '"Shop\n3"', 1), "a value over two lines"),
    (lambda t: t.replace("Shop 3", "Café", 1), "letters beyond ASCII"),
    (lambda t: t.replace("-3.03", "-3.3", 1), "an amount in another form"),
    (lambda t: t.replace("2026-02-04", "04 Feb 2026", 1), "a date in another form"),
    (lambda t: t.replace(",Shop 3,", ', "Shop 3",', 1), "a space before a quoted value"),
    (lambda t: t.replace(",Shop 3,", ',"Shop" "3",', 1), "two quoted pieces in one value"),
    (lambda t: t.replace(",DP-EX1\n", ', "DP-EX1"\n', 1), "a quoted account after a space"),
    (lambda t: t.replace(",Shop 3,", "," + "x" * 131_073 + ",", 1), "a value longer than Python's csv reader takes"),
])
def test_an_odd_file_is_left_to_the_python_reader(change, why):
    text = change(_common())
    assert text != _common(), why
    fast, read_by = _read(text, statements.Mapping(account="Account"), "", fast=True)
    assert read_by == "Python" and fast == _read(text, statements.Mapping(account="Account"), "", fast=False)[0]


def test_a_mapping_naming_columns_the_file_lacks_is_refused_by_python_even_beside_an_amount():
    mapping = statements.Mapping.from_dict({"debit": "Out", "credit": "In"})  # keeps the default amount column
    fast, read_by = _read(_common(), mapping, "DP-EX1", fast=True)
    assert read_by == "Python" and fast[0] == "refused" and "no column named 'Out', 'In'" in fast[1]


def test_windows_1252_debits_and_credits_and_hours_are_read_by_python():
    debit_credit = "Date,Description,Paid out,Paid in\n2026-02-03,Taxi,9.00,\n"
    assert _read(debit_credit, statements.Mapping(amount=None, debit="Paid out", credit="Paid in"), "DP-EX1", True)[1] == "Python"
    windows = "Date,Description,Amount\n2026-02-03,Shop,-9.00\n2026-02-04,Caf\xe9,-9.00\n".encode("cp1252")
    assert statements.load(windows, name="s.csv").encoding == statements.WINDOWS_1252
    assert _read(windows, statements.Mapping(), "DP-EX1", True)[1] == "Python"
    hours = "Date,Description,Amount,Hours\n2026-02-03,Visit,-15.00,1\n"
    assert _read(hours, statements.Mapping(hours="Hours"), "DP-EX1", True)[1] == "Python"


def test_by_default_duckdb_reads_only_a_file_long_enough_to_be_worth_its_start(monkeypatch):
    text, mapping = _common().encode(), statements.Mapping(account="Account")
    assert len(text) < statements.FAST_FROM_BYTES
    small = statements.load(text, name="s.csv", mapping=mapping)
    lines = list(small)
    assert small.read_by == "Python"
    monkeypatch.setattr(statements, "FAST_FROM_BYTES", len(text))
    large = statements.load(text, name="s.csv", mapping=mapping)
    assert list(large) == lines and large.read_by == "DuckDB"
