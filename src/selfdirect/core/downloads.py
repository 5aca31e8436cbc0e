"""Files a page hands over: CSV downloads built the same way everywhere, and the one rule that keeps a spreadsheet
meant for people from running a formula hidden in a name or a reason (docs/security.md, "Formula injection")."""

import csv
import io

from django.http import HttpResponse

from .cells import safe_row


def csv_text(header: list, rows) -> str:
    """A CSV file meant for people, every cell neutralised by safe_cell."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(row) for row in rows)
    return out.getvalue()


def csv_download(text: str, filename: str) -> HttpResponse:
    """The text as given, as an attachment: the caller has already made it safe for people (csv_text) or it is a file
    for a machine in that machine's own format (a payment file, the CLD return), which is passed on byte for byte."""
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
