"""Every dashboard table downloads as CSV and Excel, and hides small numbers when it is to be shared."""

import io

from selfdirect.insight import tables
from selfdirect.insight.tables import Count, Figure, Table


def _table():
    table = Table("t", "People by team", ["Team", "People", "Share", "Note"])
    table.rows = [["North", Count.of((1, 2, 3)), Figure("75.0%", 3), "a"],
                  ["South", Count.of(tuple(range(10, 22))), Figure("25.0%", 12), ""],
                  ["East", Count(), Figure("–", 0), ""]]
    return table


def test_small_numbers_are_hidden_in_shared_exports():
    assert [tables.suppress(n) for n in (0, 1, 4, 5, 12)] == ["0", "<5", "<5", "5", "12"]


def test_a_csv_for_the_council_keeps_every_number_and_a_shared_one_hides_counts_under_5_and_figures_made_from_them():
    inside = tables.csv_text(_table(), shared=False).splitlines()
    assert inside[:4] == ["Team,People,Share,Note", "North,3,75.0%,a", "South,12,25.0%,", "East,0,–,"]
    shared = tables.csv_text(_table(), shared=True).splitlines()
    assert shared[1:4] == ["North,<5,[c],a", "South,12,25.0%,", "East,0,–,"]
    assert "<5: between 1 and 4 people" in shared[-1]


def test_the_excel_workbook_has_a_contents_sheet_and_one_sheet_per_table_with_numbers_as_numbers():
    from openpyxl import load_workbook

    second = Table("u", "People by team", ["Team", "People"], [["North", Count.of((1,))]])  # same caption
    book = load_workbook(io.BytesIO(tables.workbook("Take-up", [_table(), second], shared=False, notes=["A note"])))
    assert book.sheetnames == ["Contents", "People by team", "People by team (2)"]
    sheet = book["People by team"]
    assert [c.value for c in sheet[1]] == ["Team", "People", "Share", "Note"]
    assert sheet["B3"].value == 12 and isinstance(sheet["B3"].value, int)
    assert book["Contents"]["A2"].value == "A note"
    shared = load_workbook(io.BytesIO(tables.workbook("Take-up", [_table()], shared=True, notes=[])))
    assert shared["People by team"]["B2"].value == "<5" and shared["People by team"]["C2"].value == "[c]"


def test_sheet_names_keep_within_excel_rules_and_are_cut_at_a_word():
    used = set()
    name = tables.sheet_name("Direct payments offered by client group: at equal needs [all]?", used)
    assert name == "Direct payments offered by" and not set(name) & set("[]:*?/\\")
    assert tables.sheet_name("Direct payments offered by", used) == "Direct payments offered by (2)"


def test_a_drill_down_link_that_names_no_cell_finds_nothing():
    table = _table()
    assert table.cell(0, 1).value == 3
    assert table.cell(9, 1) is None and table.cell(0, 9) is None and table.cell(-1, 0) is None
