"""Files meant for people (the dashboards' CSV and Excel downloads, on the page and from the command line) never carry a
formula: a free-text cell starting with =, +, -, @, a tab or a carriage return is written with a leading apostrophe, as
text, while counts stay numbers. Files read by machines (the payment file) keep their own format, byte for byte
(docs/security.md, "Formula injection")."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from selfdirect.core.cells import FORMULA_STARTS, safe_cell
from selfdirect.core.downloads import csv_text
from selfdirect.insight import tables
from selfdirect.insight.tables import Count, Table
from selfdirect.money import actions as money
from selfdirect.planning.models import DirectPaymentSetup

LINK = '=HYPERLINK("http://x","y")'
TEAM_NAMES = ["+North", "-North", "@North", "\tNorth", "\rNorth"]
PERIOD = {"start": "2020-01-01", "end": (datetime.date.today() + datetime.timedelta(days=1)).isoformat()}


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _cells(book) -> list:
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


@pytest.mark.parametrize("text", [LINK, "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\0=1"])
def test_a_cell_that_would_start_a_formula_gets_a_leading_apostrophe(text):
    assert text.startswith(FORMULA_STARTS)
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["North", "", "Mrs O'Brien", "a=b", "5 - 3", 12, -3, 2.5, None, datetime.date(2026, 1, 5)])
def test_other_cells_numbers_dates_and_none_are_untouched(value):
    assert safe_cell(value) is value


def test_the_shared_csv_helper_neutralises_each_cell():
    assert _rows(csv_text(["Name", "Amount"], [[LINK, 12], ["\rx", -3]])) == [["Name", "Amount"], ["'" + LINK, "12"], ["'\rx", "-3"]]


def _table():
    return Table("t", "People by team", ["Team", "People"], [[name, Count(n)] for n, name in enumerate([LINK, *TEAM_NAMES], 1)])


def test_a_dashboard_table_as_csv_and_excel_has_no_formula_and_keeps_counts_as_numbers():
    for shared in (False, True):
        rows = _rows(tables.csv_text(_table(), shared=shared))
        assert [row[0] for row in rows[1:7]] == ["'" + name for name in [LINK, *TEAM_NAMES]]
    book = load_workbook(io.BytesIO(tables.workbook("Take-up", [_table()], shared=False, notes=[LINK])))
    assert not [c.coordinate for c in _cells(book) if c.data_type == "f"]
    sheet = book["People by team"]
    # XML keeps a carriage return in a cell as a line feed: still text after the apostrophe
    assert [sheet.cell(row, 1).value for row in range(2, 8)] == ["'" + name.replace("\r", "\n") for name in [LINK, *TEAM_NAMES]]
    assert {sheet.cell(row, 1).data_type for row in range(2, 8)} == {"s"}
    assert [sheet.cell(row, 2).value for row in range(2, 8)] == [1, 2, 3, 4, 5, 6]
    assert {sheet.cell(row, 2).data_type for row in range(2, 8)} == {"n"}
    assert book["Contents"]["A2"].value == "'" + LINK


def _live_person_with_a_formula_worker(council):
    council.worker.first_name, council.worker.last_name = LINK, ""
    council.worker.save()
    council.live_person()


def test_a_managers_download_names_a_formula_worker_and_team_as_text(council, client):
    _live_person_with_a_formula_worker(council)
    client.force_login(council.manager)
    for name in TEAM_NAMES:
        council.north.name = name
        council.north.save()
        by_worker = _rows(client.get("/insight/take-up/", {**PERIOD, "format": "csv", "table": "take-up-by-worker"}).content.decode())
        assert by_worker[1][:2] == ["'" + LINK, "1"]
        by_team = _rows(client.get("/insight/take-up/", {**PERIOD, "format": "csv", "table": "take-up-by-team"}).content.decode())
        assert by_team[1][:2] == ["'" + name, "1"]
        per_worker = _rows(client.get("/insight/choice-offered/", {**PERIOD, "format": "csv"}).content.decode())
        assert ["'" + name, "'" + LINK] in [row[:2] for row in per_worker]
    response = client.get("/insight/take-up/", {**PERIOD, "format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    assert not [c.coordinate for c in _cells(book) if c.data_type == "f"]
    by_worker = book["Take-up by worker"]
    assert (by_worker["A2"].value, by_worker["A2"].data_type) == ("'" + LINK, "s")
    assert (by_worker["B2"].value, by_worker["B2"].data_type) == (1, "n")
    by_team = book["Take-up by team"]
    assert (by_team["A2"].value, by_team["A2"].data_type) == ("'\nNorth", "s")  # XML reads a carriage return back as a line feed


def test_the_command_line_export_names_a_formula_worker_as_text(council, tmp_path):
    _live_person_with_a_formula_worker(council)
    out = tmp_path / "take-up.xlsx"
    call_command("insight", "export", "take-up", "--start", PERIOD["start"], "--end", PERIOD["end"], "--out", str(out))
    book = load_workbook(out)
    assert not [c.coordinate for c in _cells(book) if c.data_type == "f"]
    sheet = book["Take-up by worker"]
    assert (sheet["A2"].value, sheet["A2"].data_type, sheet["B2"].value, sheet["B2"].data_type) == ("'" + LINK, "s", 1, "n")
    csv_file = tmp_path / "by-worker.csv"
    call_command("insight", "export", "take-up", "--start", PERIOD["start"], "--end", PERIOD["end"],
                 "--table", "take-up-by-worker", "--out", str(csv_file))
    assert _rows(csv_file.read_text())[1][:2] == ["'" + LINK, "1"]


def test_the_payment_file_is_read_by_the_bank_and_keeps_its_own_format_byte_for_byte(council, client):
    person = council.live_person(first_name=LINK, last_name="-Evans")
    DirectPaymentSetup.objects.filter(case__person=person).update(account_name="")  # the payee is then the person's name
    money.pay(datetime.date(2026, 2, 3), actor=council.finance)
    run = person.cases.get().instalments.get().run
    client.force_login(council.finance)
    body = client.get(f"/finance/runs/{run.pk}.csv").content
    assert body == run.file_text.encode("utf-8")
    assert '\n"=HYPERLINK(""http://x"",""y"") -Evans",309950,12345678,800.00,' in body.decode()  # RFC 4180 quoting
