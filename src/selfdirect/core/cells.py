"""Cells of CSV and Excel files meant for people. Django-free: insight's tables read it."""

# A spreadsheet program reads a cell starting with one of these as a formula (=HYPERLINK(...), +1+cmd|..., @SUM(...)),
# the tab and carriage return because some programs skip them first (OWASP), the null character too (ASVS 5.0 V1.2.10).
# OWASP's advice: start such a cell with a single quote so that it is shown as text.
# https://owasp.org/www-community/attacks/CSV_Injection
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def safe_cell(value):
    """The value as it goes into a CSV or Excel file meant for people: a string that would start a formula gets a
    leading apostrophe; other strings, numbers, dates and None are returned as they are. Files read by machines (the
    payment file, the CLD return) keep the format their reader expects and do not pass through here."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row) -> list:
    return [safe_cell(value) for value in row]
