"""Every dashboard figure as a table of cells, Django-free: the same table is drawn on the page, downloaded as CSV or
Excel, shared outside the council with small numbers hidden, and drilled into to list the people behind a count."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from selfdirect.core.cells import safe_row
from selfdirect.core.disclosure import HIDDEN_COUNT, HIDDEN_FIGURE, SMALL, suppress, suppress_figure  # noqa: F401

# The small-numbers rule is core.disclosure's (one rule for every page and file): counts of 1 to 4 are hidden in
# anything shared outside the council, and figures worked out from fewer than 5 people.


@dataclass(frozen=True)
class Count:
    """How many people; with the cases behind the number when they were asked for (to drill into it). Working a
    dashboard out for a page counts only; a drill-down works it out again keeping the cases."""

    value: int = 0
    cases: tuple | None = None

    @classmethod
    def of(cls, cases, *, keep: bool = True) -> Count:
        return cls(len(cases), tuple(cases) if keep else None)

    def text(self) -> str:
        return str(self.value)


@dataclass(frozen=True)
class Figure:
    """A number worked out from `base` people (a share, a median, an average, an interval), already formatted; with
    `number`, the number itself that a chart is drawn from (a per cent, days, pounds), never parsed back from `shown`."""

    shown: str
    base: int
    number: float | None = field(default=None, compare=False)

    def text(self) -> str:
        return self.shown


@dataclass
class Table:
    key: str  # the table's name in a drill-down link and an Excel sheet
    caption: str
    header: list[str]
    rows: list[list] = field(default_factory=list)  # each row: a label, then Counts, Figures, strings or ints
    sheet: str = ""  # a short name for its Excel sheet (31 characters at most); the caption if it fits

    def cell(self, row: int, column: int):
        """The cell a drill-down link names, or None if it names nothing in this table."""
        if 0 <= row < len(self.rows) and 0 <= column < len(self.rows[row]):
            return self.rows[row][column]
        return None


def shown(cell, *, shared: bool) -> str | int:
    """The cell as written to a file: counts as numbers, and in a shared file small counts and figures worked out from
    small numbers hidden."""
    if isinstance(cell, Count):
        return suppress(cell.value) if shared else cell.value
    if isinstance(cell, Figure):
        return suppress_figure(cell.shown, cell.base) if shared else cell.shown
    return "" if cell is None else cell


def plain_rows(table: Table, *, shared: bool) -> list[list]:
    return [[shown(cell, shared=shared) for cell in row] for row in table.rows]


def csv_text(table: Table, *, shared: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(safe_row(table.header))
    writer.writerows(safe_row(row) for row in plain_rows(table, shared=shared))  # a name starting = is text, not a formula
    if shared:
        writer.writerow([])
        writer.writerow([f"{HIDDEN_COUNT}: between 1 and 4 people. {HIDDEN_FIGURE}: worked out from fewer than 5 people."])
    return out.getvalue()


def sheet_name(caption: str, used: set[str]) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet's name, and each must be different."""
    cleaned = "".join(ch for ch in caption if ch not in "[]:*?/\\").strip()
    if len(cleaned) > 31:  # cut at a word, not in the middle of one
        cleaned = cleaned[:32].rsplit(" ", 1)[0].rstrip(" ,;-–") if " " in cleaned[:32] else cleaned[:31]
    cleaned = cleaned or "Sheet"
    name, n = cleaned, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = cleaned[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def workbook(title: str, tables: list[Table], *, shared: bool, notes: list[str]) -> bytes:
    """An Excel workbook: a contents sheet saying what the figures are, then one sheet per table with a header row
    frozen, numbers stored as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    contents = book.active
    contents.title = "Contents"
    contents.append(safe_row([title]))
    contents["A1"].font = Font(bold=True, size=14)
    for note in notes:
        contents.append(safe_row([note]))
    if shared:
        contents.append([f"Shared outside the council: {HIDDEN_COUNT} means between 1 and 4 people; {HIDDEN_FIGURE} means a "
                         "figure worked out from fewer than 5 people."])
    contents.append([])
    contents.append(["Sheet", "Table"])
    used = {"contents"}
    for table in tables:
        name = sheet_name(table.sheet or table.caption, used)
        contents.append(safe_row([name, table.caption]))
        sheet = book.create_sheet(name)
        sheet.append(safe_row(table.header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in plain_rows(table, shared=shared):
            sheet.append(safe_row(row))
        sheet.freeze_panes = "B2"
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, *(len(str(c.value or "")) + 2 for c in column)))
    for sheet in book.worksheets:  # every string a string: openpyxl would store one starting = as a formula
        for cell in (c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)):
            cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def kind(cell) -> str:
    """How a page draws the cell: 'count' (a number of people, linkable), 'figure' or 'text'."""
    return "count" if isinstance(cell, Count) else "figure" if isinstance(cell, Figure) else "text"


def relabelled(table: Table, names: dict[int, dict], *, total_last: bool = True) -> Table:
    """The table with the label cells at these positions turned from ids or codes into names (a value with no name is
    kept), its rows in order of their labels, and a closing total row left last."""
    rows = [[names[i].get(cell, cell) if i in names else cell for i, cell in enumerate(row)] for row in table.rows]
    total = [rows.pop()] if total_last and rows else []
    width = max(names) + 1 if names else 1
    rows.sort(key=lambda row: tuple(str(c) for c in row[:width]))
    table.rows = rows + total
    return table
