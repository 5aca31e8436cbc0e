"""A CSV statement in the common shape read by DuckDB: the same lines, with the same fingerprints, as statements'
Python reader gives, several times faster (bench/bench_statements.py). Django-free.

DuckDB reads only what it can read exactly as the Python reader would; for anything else `read` returns None and the
caller reads the file in Python, which also names the line and column of anything wrong. The common shape:
- the file is UTF-8 (statements.load decided), one line a row: no blank line and no value running over two lines (the
  rows DuckDB reads are as many as the file's lines, less the header), each row as wide as the header;
- one signed amount column in the plain form (-12.50; up to 15 digits of pounds), no hours column;
- dates as 2026-12-07 or 07/12/2026 (or the mapping's date format, when it is one of those two), from the year 1000;
- descriptions, accounts and transaction ids in ASCII, no NUL anywhere in a row, no value longer than Python's csv
  reader takes, an account on every line;
- every quote opening a value at its start, closing it at its end, or doubled inside it (Python keeps a quote anywhere
  else, as in ' "Taxi"', as a character).

tests/money/test_fast_csv.py holds the two readers to the same answers on generated files, odd ones included."""

from __future__ import annotations

import csv
import datetime
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

from . import statements

# The ASCII characters Python's str.strip() and str.split() take as white space (str.isspace): a row is read here only
# when its text is ASCII.
_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "
_FORMATS = {None: ("iso", "dmy"), "%Y-%m-%d": ("iso",), "%d/%m/%Y": ("dmy",)}
_PATTERNS = {"iso": r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "dmy": r"[0-9]{2}/[0-9]{2}/[0-9]{4}"}
_CONVERT = {"iso": "try_cast(date_text AS DATE)", "dmy": "try_strptime(date_text, '%d/%m/%Y')::DATE"}
FETCH_ROWS = 10_000  # rows brought from DuckDB into Python at a time
MEMORY_LIMIT = "256MB"  # DuckDB's own, beyond which it works on disk
THREADS = 2  # DuckDB's threads once the rows are numbered (numbered in file order by one)
# A line whose quotes are all well placed: each quoted value opens at the value's start, closes at its end and doubles
# a quote inside it. Python's csv reader keeps a quote anywhere else as a character where DuckDB's drops it
# (' "Taxi"', '"Taxi" "Cab"'), so a line with a quote is read here only when it is one of these.
_VALUE = rb'(?:"(?:[^"\r\n]|"")*"|[^",\r\n]*)'
_QUOTED_LINE = re.compile(_VALUE + rb"(?:," + _VALUE + rb")*\r?\n?")


@dataclass
class Read:
    lines: Iterator[statements.Line]
    left_out: int


def _strip(column: str) -> str:
    return f"trim(coalesce({column}, ''), $space)"


def _header(file, start: int) -> list[str] | None:
    file.seek(start)
    first = file.readline().decode("utf-8").removeprefix("\ufeff")
    try:
        return [h.strip() for h in next(csv.reader([first]))]
    except (csv.Error, StopIteration):
        return None


def read(file, start: int, mapping: statements.Mapping, *, account: str, lines: int) -> Read | None:
    """The statement's lines, fingerprinted, in order, read by DuckDB; None when the file or the mapping is not in the
    common shape (the module's docstring), to be read in Python instead. `lines`: the file's physical lines.
    `account`: as statements.load takes it."""
    formats = _FORMATS.get(mapping.date_format)
    header = _header(file, start)
    if formats is None or not mapping.amount or header is None or lines < 2:
        return None
    wanted = [c for c in (mapping.date, mapping.description, mapping.amount, mapping.transaction_id, mapping.account) if c]
    named = wanted + [c for c in (mapping.debit, mapping.credit) if c]  # every column the Python reader asks for
    if any(c not in header for c in named) or (mapping.hours and mapping.hours in header):
        return None
    if not mapping.account and not account:
        return None
    import duckdb  # Lazy: a large module, needed only when a statement is imported

    col = {name: f"c{header.index(name)}" for name in wanted}
    folder, db, found = tempfile.mkdtemp(prefix="selfdirect-statement-"), None, None
    try:
        path = f"{folder}/statement.csv"
        if _copy(file, start, path):
            db = duckdb.connect(config={"threads": 1, "memory_limit": MEMORY_LIMIT, "temp_directory": folder,
                                        "autoinstall_known_extensions": False, "autoload_known_extensions": False})
            found = _read(db, path, header, col, mapping, account=account, lines=lines, formats=formats)
    except duckdb.Error:  # a row DuckDB's reader refuses (too narrow, too wide, a stray quote): Python names it
        found = None
    finally:
        if found is None:  # else closed once its lines are read (_lines)
            _close(db, folder)
    return None if found is None else Read(_lines(db, found[0], folder), found[1])


def _copy(file, start: int, path: str) -> bool:
    """The statement, from where it starts, into a file DuckDB reads by its name; False (stopping there) at the first
    line with a quote the two readers would read differently."""
    rest = b""  # the part of a line a block ended in
    with open(path, "wb") as copy:
        file.seek(start)
        while block := file.read(statements.CHUNK_BYTES):
            copy.write(block)
            text = rest + block
            end = text.rfind(b"\n") + 1
            if not _quotes_well_placed(text[:end]):
                return False
            rest = text[end:]
    return _quotes_well_placed(rest)


def _quotes_well_placed(text: bytes) -> bool:
    if b'"' not in text:
        return True
    return all(_QUOTED_LINE.fullmatch(line) for line in text.splitlines(keepends=True) if b'"' in line)


def _close(db, folder) -> None:
    if db is not None:
        db.close()
    shutil.rmtree(folder, ignore_errors=True)


def _read(db, path, header, col, mapping, *, account, lines, formats) -> tuple[object, int] | None:
    """A cursor over the lines, and how many were left out; None where a row is not in the common shape."""
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header))) + "}"
    # NUL anywhere, or a value longer than Python's csv reader takes (it refuses the file)
    limit = int(csv.field_size_limit())
    nul = " OR ".join(f"contains(coalesce(c{i}, ''), chr(0)) OR length(coalesce(c{i}, '')) > {limit}"
                      for i in range(len(header)))
    account_text = _strip(col[mapping.account]) if mapping.account else "$account"
    txid = _strip(col[mapping.transaction_id]) if mapping.transaction_id else "''"
    dates = "CASE " + " ".join(f"WHEN regexp_full_match(date_text, '{_PATTERNS[f]}') THEN {_CONVERT[f]}" for f in formats) + " END"
    params = {"path": path, "space": _SPACE} | ({} if mapping.account else {"account": account})
    db.execute(f"""
        CREATE TEMP TABLE parsed AS
        SELECT n, date_text, amount_text, description, account, txid, {dates} AS posted_on, bad_text, ascii FROM (
            SELECT row_number() OVER () AS n, coalesce({col[mapping.date]}, '') AS date_text,
                   coalesce({col[mapping.amount]}, '') AS amount_text, {_strip(col[mapping.description])} AS description,
                   {account_text} AS account, {txid} AS txid, ({nul}) AS bad_text,
                   {" AND ".join(f"strlen(coalesce({c}, '')) = length(coalesce({c}, ''))" for c in sorted(set(col.values())))} AS ascii
            FROM read_csv($path, header = false, skip = 1, columns = {columns}, delim = ',', quote = '"', escape = '"',
                          auto_detect = false, strict_mode = true, null_padding = false))""", params)  # noqa: S608 (names made here)
    count, fit = db.execute(r"""
        SELECT count(*), count(*) FILTER (WHERE NOT bad_text AND posted_on IS NOT NULL AND year(posted_on) >= 1000
            AND regexp_full_match(amount_text, '-?[0-9]{1,15}\.[0-9]{2}') AND account <> '' AND ascii)
        FROM parsed""").fetchone()
    db.execute(f"SET threads = {THREADS}")  # the rows are numbered: the rest may be done in parallel
    if count != lines - 1 or fit != count:
        return None
    left_out = 0
    if mapping.account and account:
        left_out = db.execute("SELECT count(*) FROM parsed WHERE account <> $account", {"account": account}).fetchone()[0]
    cursor = db.execute(rf"""
        SELECT n + 1, account, strftime(posted_on, '%Y-%m-%d'), pence, description, txid,
               CASE WHEN txid <> '' THEN left(sha256('id|' || account || '|' || txid), 40)
                    ELSE left(sha256(content || '|' || row_number() OVER (PARTITION BY content, txid <> '' ORDER BY n)), 40)
               END
        FROM (SELECT *, 'row|' || account || '|' || strftime(posted_on, '%Y-%m-%d') || '|' || pence || '|'
                        || lower(regexp_replace(description, '[\t\n\x0b\x0c\r\x1c-\x20]+', ' ', 'g')) AS content
              FROM (SELECT *, CAST(replace(amount_text, '.', '') AS BIGINT) AS pence FROM parsed)
              {"WHERE account = $account" if mapping.account and account else ""})
        ORDER BY n""", {"account": account} if mapping.account and account else {})  # noqa: S608
    return cursor, left_out


def _lines(db, cursor, folder) -> Iterator[statements.Line]:
    import duckdb  # Lazy: imported by read already

    days: dict[str, datetime.date] = {}
    line = statements.Line
    try:
        while True:
            try:
                part = cursor.fetchmany(FETCH_ROWS)
            except duckdb.Error as problem:  # out of memory or disk part-way: the import is refused and writes nothing
                raise statements.StatementError(f"the file could not be read to the end ({problem}); nothing was "
                                                "imported: import it again") from None
            if not part:
                return
            for number, account, day, pence, description, txid, fingerprint in part:
                posted_on = days.get(day) or days.setdefault(day, datetime.date.fromisoformat(day))
                yield line(number, account, posted_on, pence, description, txid, fingerprint)
    finally:
        _close(db, folder)

