"""The payment file of a run, as the bank (or the council's finance system) reads it: a CSV file written with Python's csv
module (RFC 4180: quoted only where needed, lines ending CR LF), one row a payment line under a header row. Django-free.

Read by a machine, not by people, so it keeps its own columns and characters byte for byte: a payee named
`=HYPERLINK(...)` is written as given (no core.cells.safe_cell apostrophe; docs/security.md, "Files read by machines").
A payee's comma, double quote or line break is quoted as RFC 4180 says, so every name reads back exactly as written
(tests/money/test_payment_file.py).

The same lines always make the same text, byte for byte: a run re-written, or checked by `money check`, compares equal.
"""

from __future__ import annotations

import csv
import io

from selfdirect.core.money import Money

COLUMNS = ("payee", "sort_code", "account_number", "amount", "reference")
# RFC 4180's line ending, and the csv module's: with it the module quotes a field holding a carriage return or a line
# feed, so a name with either reads back whole (with "\n" alone, a lone carriage return went out unquoted and split the
# row: tests/money/test_payment_file.py found it).
LINE_END = "\r\n"


def payment_csv(lines) -> str:
    """The file for payment lines (each with payee, sort_code, account_number, amount_pence and reference)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=LINE_END)  # QUOTE_MINIMAL: a field is quoted only when it needs to be
    writer.writerow(COLUMNS)
    for line in lines:
        writer.writerow((line.payee, line.sort_code, line.account_number, Money(line.amount_pence).pounds_text(),
                         line.reference))
    return out.getvalue()


def _before_the_csv_module(lines) -> str:
    """The file as runs paid before the csv module wrote it (every payee quoted, its double quotes turned into single
    ones), kept only so `money check` still recognises those runs' stored files: it writes nothing new."""
    rows = [",".join(COLUMNS)]
    for line in lines:
        payee = line.payee.replace('"', "'")
        rows.append(f'"{payee}",{line.sort_code},{line.account_number},{Money(line.amount_pence).pounds_text()},'
                    f"{line.reference}")
    return "\n".join(rows) + "\n"


def is_file_of(text: str, lines) -> bool:
    """Whether `text` is the payment file of these lines: as written now, or as a run paid before the csv module was."""
    return text == payment_csv(lines) or text == _before_the_csv_module(lines)
