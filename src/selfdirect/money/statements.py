"""Reading account statements: CSV from a bank or prepaid card provider (a column mapping, several date formats,
debit and credit columns or one signed amount) and OFX. Django-free.

A file is bytes: UTF-8 (with or without a byte order mark) or, when it is not valid UTF-8, Windows-1252, decided from
the whole file before any line is read (`load` says which). A file may hold lines for several accounts (an account
column; an OFX file with several statements, each with its own ACCTID): each line goes on its own account, and asking
for one account keeps its lines and counts the others left out.

Read as a stream: the file is read once to decide its encoding and once, line by line, to parse it, so memory stays
within a fixed bound however long the file (`bench/bench_statement_memory.py` measures it). A CSV file in the common
shape is parsed by DuckDB instead (money.fast_csv), with the same lines and fingerprints; anything else by this module.

A malformed file is refused whole, naming the line and column. Each line gets a fingerprint so that importing the same
file twice, or two overlapping statements, adds nothing twice: the provider's transaction id where there is one, else
the line's content with its occurrence number among identical lines of the same statement (so two genuine equal
payments on one day both stay). Occurrences are counted in memory while a statement is small, then in a temporary file.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import functools
import hashlib
import io
import itertools
import re
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y", "%d/%m/%y", "%Y%m%d"]

UTF8, WINDOWS_1252 = "UTF-8", "Windows-1252"  # the encodings a file is read as, named as the page names them
_CODECS = {UTF8: "utf-8", WINDOWS_1252: "cp1252"}
CHUNK_BYTES = 1 << 20  # read a file this much at a time
OFX_PIECE_BYTES = 1 << 16  # and an OFX file's text this much at a time
BATCH = 2000  # lines fingerprinted together
# A CSV file at least this long is read by DuckDB when it can be (fast_csv): below it, DuckDB's start (about 35 ms, and
# 200 ms for its first use in a process) is more than Python takes to read the file (about 5 microseconds a line).
FAST_FROM_BYTES = 1 << 20


class StatementError(ValueError):
    """The whole file is refused; str() names the line and column."""


@dataclass(frozen=True)
class Mapping:
    """Which CSV column holds what. Either amount (signed: negative is money out) or debit and credit."""

    date: str = "Date"
    description: str = "Description"
    amount: str | None = "Amount"
    debit: str | None = None
    credit: str | None = None
    transaction_id: str | None = None
    account: str | None = None  # a column naming the account, for one file covering many cards
    date_format: str | None = None  # else each of DATE_FORMATS is tried
    hours: str | None = None  # a column of hours of support (a provider's statement of a fund), read if the file has it

    @classmethod
    def from_dict(cls, data: dict) -> Mapping:
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise StatementError(f"mapping: unknown key(s) {', '.join(sorted(unknown))}")
        not_names = sorted(key for key, value in data.items() if value is not None and not isinstance(value, str))
        if not_names:
            raise StatementError(f"mapping: {', '.join(repr(k) for k in not_names)} must be a column name (or null)")
        made = cls(**data)
        if not made.amount and not (made.debit and made.credit):
            raise StatementError("mapping: give 'amount', or both 'debit' and 'credit'")
        return made


@dataclass(slots=True)
class Line:
    line_number: int
    account: str
    posted_on: datetime.date
    amount_pence: int  # negative: money out of the account
    description: str
    transaction_id: str = ""
    fingerprint: str = field(default="")
    hours: Decimal | None = None  # the hours of support a line paid for, where the statement says


MAX_HOURS = Decimal("9999.99")  # what a line's hours are stored in (StatementLine.hours: six digits, two after the point)


def parse_hours(text: str) -> Decimal | None:
    """'7.5' or '12' to hours; an empty cell to None."""
    text = text.strip()
    if not text:
        return None
    try:
        hours = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number of hours") from None
    if not hours.is_finite() or hours < 0 or hours > MAX_HOURS or hours != hours.quantize(Decimal("0.01")):
        raise ValueError(f"{text!r} is not a number of hours (from 0 to {MAX_HOURS}, at most two decimal places)")
    return hours


def parse_date(text: str, fmt: str | None = None) -> datetime.date:
    return _date(text.strip(), fmt)


@functools.lru_cache(maxsize=4096)  # a statement has a few hundred different dates and strptime is slow
def _date(text: str, fmt: str | None) -> datetime.date:
    for candidate in [fmt] if fmt else DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, candidate).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date")


def date_examples(on: datetime.date = datetime.date(2026, 12, 31)) -> list[str]:
    """One day written in each of the formats a CSV's dates may take, for the page that says what is accepted."""
    return [on.strftime(fmt) for fmt in DATE_FORMATS]


_PLAIN_AMOUNT = re.compile(r"-?[0-9]+\.[0-9][0-9]")  # most lines' amounts: read without the general pattern
_AMOUNT = re.compile(r"^(?P<sign>[-+])?£?(?P<pounds>\d{1,3}(,\d{3})*|\d+)(\.(?P<pence>\d{1,2}))?(?P<cr>\s*(CR|DR))?$", re.I)


def parse_pence(text: str) -> int:
    """'1,234.50', '-12.3', '£5', '(12.00)' and '12.00 DR' to signed pence, without floats."""
    if _PLAIN_AMOUNT.fullmatch(text):
        return int(text.replace(".", ""))
    raw = text.strip().replace(" ", "")
    negative = False
    if raw.startswith("(") and raw.endswith(")"):
        raw, negative = raw[1:-1], True
    match = _AMOUNT.match(raw)
    if not match:
        raise ValueError(f"{text.strip()!r} is not an amount")
    pence = int(match["pounds"].replace(",", "")) * 100 + int((match["pence"] or "0").ljust(2, "0"))
    if match["sign"] == "-" or negative or (match["cr"] or "").strip().upper() == "DR":
        pence = -pence
    return pence


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of up to `size` items, in order (itertools.batched from Python 3.12)."""
    items = iter(items)
    while part := list(itertools.islice(items, size)):
        yield part


# CSV


def iter_csv(lines: Iterable[str], mapping: Mapping, *, account: str = "") -> Iterator[Line]:
    """Parse CSV text, one line at a time, as it is read: a generator. Lines are not yet fingerprinted.

    `account` is the account of every line when the mapping has no account column; with one, each line's own."""
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise StatementError("line 1: the file is empty") from None
    except csv.Error as problem:
        raise StatementError(f"line 1: {problem}") from None
    header = [h.strip() for h in header]
    wanted = [c for c in (mapping.date, mapping.description, mapping.amount, mapping.debit, mapping.credit,
                          mapping.transaction_id, mapping.account) if c]
    missing = [c for c in wanted if c not in header]
    if missing:
        raise StatementError(f"line 1: no column named {', '.join(repr(m) for m in missing)} (the columns are "
                             f"{', '.join(repr(h) for h in header)})")
    col = {name: header.index(name) for name in wanted}
    if mapping.hours and mapping.hours in header:  # an hours column is read where a file has one
        col[mapping.hours] = header.index(mapping.hours)
    # Each cell's index, looked up once: this loop runs once a line, and a year of statements is millions of lines.
    date_at, description_at, fmt = col[mapping.date], col[mapping.description], mapping.date_format
    amount_at = col[mapping.amount] if mapping.amount else None
    debit_at, credit_at = (None, None) if mapping.amount else (col[mapping.debit], col[mapping.credit])
    id_at = col[mapping.transaction_id] if mapping.transaction_id else None
    account_at = col[mapping.account] if mapping.account else None
    hours_at = col.get(mapping.hours) if mapping.hours else None
    width = len(header)
    number = 1
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as problem:
            raise StatementError(f"line {number}: {problem}") from None
        if not "".join(row).strip():
            continue
        if len(row) != width:
            raise StatementError(f"line {number}: {len(row)} columns, expected {width}")
        try:
            posted_on = parse_date(row[date_at], fmt)
        except ValueError as problem:
            raise StatementError(f"line {number}, column {mapping.date!r}: {problem}") from None
        try:
            if amount_at is not None:
                amount = parse_pence(row[amount_at].strip())
            else:
                debit, credit = row[debit_at].strip(), row[credit_at].strip()
                if bool(debit) == bool(credit):
                    raise ValueError("give a debit or a credit, not both or neither")
                amount = -abs(parse_pence(debit)) if debit else abs(parse_pence(credit))
        except ValueError as problem:
            column = mapping.amount or (mapping.debit + "/" + mapping.credit)
            raise StatementError(f"line {number}, column {column!r}: {problem}") from None
        if account_at is not None:
            line_account = row[account_at].strip()
            if not line_account:
                raise StatementError(f"line {number}, column {mapping.account!r}: no account")
        elif account:
            line_account = account
        else:
            raise StatementError(f"line {number}: no account (give --account, or map an account column)")
        try:
            hours = parse_hours(row[hours_at]) if hours_at is not None else None
        except ValueError as problem:
            raise StatementError(f"line {number}, column {mapping.hours!r}: {problem}") from None
        yield Line(number, line_account, posted_on, amount, row[description_at].strip(),
                   row[id_at].strip() if id_at is not None else "", "", hours)


def read_csv(text: str, mapping: Mapping, *, account: str = "") -> list[Line]:
    """A whole CSV statement's lines, fingerprinted; with an account column and `account`, only that account's."""
    return list(load(text, name="statement.csv", mapping=mapping, account=account, kind="csv"))


# OFX

_TAG = re.compile(r"<(/?)([A-Za-z0-9._]+)>([^<]*)")
_STATEMENT_BLOCKS = {"STMTRS", "CCSTMTRS"}  # a bank account's statement, a credit card's
_TRANSACTION_ENDS = {"STMTTRN", "BANKTRANLIST"} | _STATEMENT_BLOCKS  # closing tags that end a transaction


def iter_ofx(chunks: Iterable[str], *, account: str = "", override: bool = False) -> Iterator[Line]:
    """OFX 1.x (SGML) or 2.x (XML), from text in pieces of any size (lines, or a whole file on one line): each STMTTRN's
    DTPOSTED, TRNAMT, FITID, NAME and MEMO. A generator; lines are not yet fingerprinted.

    Each line is on the account its statement block (STMTRS or CCSTMTRS) names in ACCTID, else on `account`; with
    `override`, every line is on `account` (a file with one statement, named by the person importing it)."""
    buffer, line_number = "", 1
    seen_ofx = False
    block_account = ""
    txn: dict[str, str] | None = None
    txn_line = 0
    found = 0

    def finish():
        nonlocal txn, found
        if txn is None:
            return None
        body, number, txn = txn, txn_line, None
        if not seen_ofx:
            raise StatementError("line 1: not an OFX file (no <OFX> element)")
        found += 1
        try:
            posted_on = datetime.datetime.strptime(body.get("DTPOSTED", "")[:8], "%Y%m%d").date()
        except ValueError:
            raise StatementError(f"line {number}, DTPOSTED: {body.get('DTPOSTED', '')!r} is not a date") from None
        try:
            amount = parse_pence(body.get("TRNAMT", ""))
        except ValueError as problem:
            raise StatementError(f"line {number}, TRNAMT: {problem}") from None
        description = " ".join(x for x in (body.get("NAME", ""), body.get("MEMO", "")) if x)
        acct = account if override and account else (block_account or account)
        if not acct:
            raise StatementError(f"line {number}: no account (give --account)")
        return Line(number, acct, posted_on, amount, description, body.get("FITID", ""))

    for chunk in itertools.chain(chunks, [None]):
        buffer += chunk or ""
        # Tokens are complete up to the last "<": the rest waits for the next piece (a value may continue there).
        end = len(buffer) if chunk is None else buffer.rfind("<")
        if end < 0:
            end = len(buffer)
        at = 0
        for match in _TAG.finditer(buffer, 0, end):
            line_number += buffer.count("\n", at, match.start())
            at = match.start()
            closing, name, value = match.group(1), match.group(2).upper(), match.group(3)
            if closing:
                if name in _TRANSACTION_ENDS and (made := finish()):
                    yield made
                continue
            if name == "OFX":
                seen_ofx = True
            elif name in _STATEMENT_BLOCKS or name == "STMTTRN":
                if made := finish():
                    yield made
                if name == "STMTTRN":
                    txn, txn_line = {}, line_number
                else:
                    block_account = ""
            elif txn is not None:
                txn.setdefault(name, value.partition("\n")[0].partition("\r")[0].strip())
            elif name == "ACCTID":  # the account a statement block is for (one inside a transaction is a transfer's)
                block_account = value.partition("\n")[0].partition("\r")[0].strip()
        line_number += buffer.count("\n", at, end)
        buffer = buffer[end:]
    if made := finish():
        yield made
    if not seen_ofx:
        raise StatementError("line 1: not an OFX file (no <OFX> element)")
    if not found:
        raise StatementError("the OFX file has no transactions (STMTTRN)")


def read_ofx(text: str, *, account: str = "") -> list[Line]:
    """A whole OFX statement's lines, fingerprinted (see `load` for what `account` does)."""
    return list(load(text, name="statement.ofx", account=account, kind="ofx"))


# Fingerprints


def _content(line: Line) -> str:
    return f"row|{line.account}|{line.posted_on.isoformat()}|{line.amount_pence}|{' '.join(line.description.split()).lower()}"


class _Occurrences:
    """How often each line's content has been seen so far in one statement, so memory stays bounded however long it is.

    Counted in a dict while the statement is small. Past `in_memory` different contents the dict is written, sorted,
    to a temporary SQLite file (on disk, with SQLite's own bounded cache) each time it fills, and a Bloom filter of a
    fixed size (BLOOM_BYTES) remembers what was written: a content it has never had is certainly new, so only the
    few it may have had (a genuine repeat, or by chance: about one in 300 once half a million have been written) are
    looked up in the file. A long statement of different lines, the usual kind, is then written once and hardly read."""

    BLOOM_BYTES = 1 << 21  # 2 MB: 16 million bits, two of them set for each content written

    def __init__(self, in_memory: int = 20_000):
        self.limit, self.seen, self.db = in_memory, {}, None
        self.bloom = bytearray()

    # The filter's two hashes are two 24-bit slices of hash(): a str keeps its hash once computed (the dict has
    # computed it), and the filter lives no longer than this process, so Python's per-process salt does not matter.

    def _write(self):
        if self.db is None:
            self.db = sqlite3.connect("")  # "": a private temporary database on disk, deleted when closed
            self.db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                                  "CREATE TABLE seen (k BLOB PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;")
            self.bloom = bytearray(self.BLOOM_BYTES)
        bloom = self.bloom
        for content in self.seen:
            h = hash(content)
            bloom[(h >> 3) & 0x1FFFFF] |= 1 << (h & 7)
            bloom[(h >> 35) & 0x1FFFFF] |= 1 << ((h >> 32) & 7)
        rows = sorted((_digest(content), n) for content, n in self.seen.items())  # in key order: SQLite's pages in turn
        for start in range(0, len(rows), 400):  # 400 rows a statement: faster than executemany's one at a time
            part = rows[start:start + 400]
            self.db.execute(f"INSERT INTO seen VALUES {','.join(['(?, ?)'] * len(part))} "  # noqa: S608
                            "ON CONFLICT (k) DO UPDATE SET n = excluded.n", [value for row in part for value in row])
        self.seen = {}

    def _may_have(self, contents: list[str]) -> list[str]:
        """Those of the contents, not counted in memory, that may have been written (the rest certainly were not)."""
        bloom, seen, maybe = self.bloom, self.seen, []
        for content in contents:
            if content not in seen:
                h = hash(content)
                if bloom[(h >> 3) & 0x1FFFFF] >> (h & 7) & 1 and bloom[(h >> 35) & 0x1FFFFF] >> ((h >> 32) & 7) & 1:
                    maybe.append(content)
        return maybe

    def number(self, contents: list[str]) -> list[int]:
        """Each content's occurrence number (1 for its first), counting these contents in order."""
        seen = self.seen
        if self.db is not None:
            maybe = {_digest(c): c for c in self._may_have(contents)}
            for part in batched(list(maybe), 500):
                for key, n in self.db.execute(f"SELECT k, n FROM seen WHERE k IN ({','.join('?' * len(part))})", part):  # noqa: S608
                    seen[maybe[key]] = n
        numbers = []
        for content in contents:
            n = seen[content] = seen.get(content, 0) + 1
            numbers.append(n)
        if len(seen) > self.limit:
            self._write()
        return numbers

    def close(self):
        if self.db is not None:
            self.db.close()
            self.db = None
        self.bloom = bytearray()


def _digest(content: str) -> bytes:
    return hashlib.blake2b(content.encode(), digest_size=16).digest()


def fingerprinted(lines: Iterable[Line], *, in_memory: int = 20_000) -> Iterator[Line]:
    """The lines, in order, each with its fingerprint: a generator (it reads BATCH lines ahead)."""
    occurrences = _Occurrences(in_memory)
    sha256 = hashlib.sha256
    try:
        for part in batched(lines, BATCH):
            counted = [line for line in part if not line.transaction_id]
            contents = [_content(line) for line in counted]
            for line, content, n in zip(counted, contents, occurrences.number(contents), strict=True):
                line.fingerprint = sha256(f"{content}|{n}".encode()).hexdigest()[:40]
            for line in part:
                if line.transaction_id:
                    line.fingerprint = sha256(f"id|{line.account}|{line.transaction_id}".encode()).hexdigest()[:40]
            yield from part
    finally:
        occurrences.close()


def fingerprint(lines: list[Line]) -> list[Line]:
    return list(fingerprinted(lines))


# A file


def _binary(source) -> tuple[object, int]:
    """A seekable binary file holding the source, and where in it the statement starts. Text (from the API) is
    taken as UTF-8; an iterator of byte lines, or a file that cannot seek, is spooled to a temporary file."""
    if isinstance(source, str):
        return io.BytesIO(source.encode("utf-8")), 0
    if isinstance(source, bytes | bytearray | memoryview):
        return io.BytesIO(source), 0
    if hasattr(source, "read") and getattr(source, "seekable", lambda: False)():
        return source, source.tell()
    spool = tempfile.SpooledTemporaryFile(max_size=4 * CHUNK_BYTES)  # noqa: SIM115 - closed with its Statement
    if hasattr(source, "read"):
        while block := source.read(CHUNK_BYTES):
            spool.write(block)
    else:
        for block in source:
            spool.write(block)
    spool.seek(0)
    return spool, 0


_OFX_MARKS = re.compile(rb"<(OFX|STMTRS|CCSTMTRS)>", re.I)


@dataclass
class Statement:
    """A statement file, surveyed (`load`): iterate it for its lines, parsed as they are read and fingerprinted.

    With `account` on a file that names each line's account (an account column; an OFX file with several statement
    blocks), only that account's lines are given and `left_out` counts the others once iterated."""

    file: object
    start: int
    kind: str  # "csv" or "ofx"
    encoding: str  # UTF8 or WINDOWS_1252
    sha256: str
    ofx_blocks: int
    mapping: Mapping
    account: str
    left_out: int = 0
    physical_lines: int = 0
    fast: bool = True
    read_by: str = ""  # once iterated: "DuckDB" or "Python"

    def __iter__(self) -> Iterator[Line]:
        return self._lines()

    def _parsed(self) -> Iterator[Line]:
        self.file.seek(self.start)
        codec = _CODECS[self.encoding]
        if self.kind == "ofx":
            decoder = codecs.getincrementaldecoder(codec)()
            pieces = (decoder.decode(block) for block in iter(lambda: self.file.read(OFX_PIECE_BYTES), b""))
            first = next(pieces, "").removeprefix("\ufeff")
            # One statement block: --account names it, whatever its ACCTID (a bank's own number, say)
            return iter_ofx(itertools.chain([first], pieces), account=self.account, override=self.ofx_blocks <= 1)
        raw = iter(self.file.readline, b"")
        first = [line.decode(codec).removeprefix("\ufeff") for line in itertools.islice(raw, 1)]
        return iter_csv(itertools.chain(first, (line.decode(codec) for line in raw)), self.mapping, account=self.account)

    def _lines(self) -> Iterator[Line]:
        self.left_out = 0
        if self.fast and self.kind == "csv" and self.encoding == UTF8:
            from . import fast_csv  # Lazy: fast_csv reads this module's Line and Mapping

            read = fast_csv.read(self.file, self.start, self.mapping, account=self.account, lines=self.physical_lines)
            if read is not None:
                self.read_by, self.left_out = "DuckDB", read.left_out
                yield from read.lines
                return
        self.read_by = "Python"
        yield from fingerprinted(self._kept())

    def _kept(self) -> Iterator[Line]:
        for line in self._parsed():
            if self.account and line.account != self.account:
                self.left_out += 1
            else:
                yield line


@dataclass(frozen=True)
class _Surveyed:
    kind: str
    encoding: str
    sha256: str
    ofx_blocks: int
    lines: int  # physical lines, the last counted whether or not it ends with a newline
    size: int  # bytes


def _survey(file, start: int, *, name: str, kind: str | None) -> _Surveyed:
    """One pass over the bytes: the kind of file, the encoding it is read as, its SHA-256, how many lines it has and
    (OFX) how many statement blocks. Refuses a file that is neither UTF-8 nor Windows-1252, naming the line."""
    digest = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    bad_utf8_line, lines_before = 0, 0
    marks, tail = {"OFX": 0, "BLOCKS": 0}, b""
    bom, first, last_byte, size = False, True, b"\n", 0
    while block := file.read(CHUNK_BYTES):
        last_byte, size = block[-1:], size + len(block)
        if first:
            first = False
            if block.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                raise StatementError("line 1: the file is in UTF-16 (a spreadsheet's \"Unicode text\"); save it as "
                                     "CSV UTF-8 and import that")
            bom = block.startswith(codecs.BOM_UTF8)
            head = block[:256].removeprefix(codecs.BOM_UTF8).lstrip().upper()
            ofx = name.lower().endswith((".ofx", ".qfx")) or head.startswith((b"OFXHEADER", b"<?XML"))
            kind = kind or ("ofx" if ofx else "csv")
        digest.update(block)
        if not bad_utf8_line:
            try:
                utf8.decode(block)
            except UnicodeDecodeError as problem:
                bad_utf8_line = lines_before + block.count(b"\n", 0, max(problem.start, 0)) + 1
        if kind == "ofx":
            window = tail + block
            for match in _OFX_MARKS.finditer(window):
                if match.end() > len(tail):  # a mark wholly in the tail was counted with the block before
                    marks["OFX" if match.group(1).upper() == b"OFX" else "BLOCKS"] += 1
            tail = window[-9:]
        lines_before += block.count(b"\n")
    if not bad_utf8_line:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            bad_utf8_line = max(lines_before, 1)
    kind = kind or "csv"
    if kind == "ofx" and not marks["OFX"]:
        raise StatementError("line 1: not an OFX file (no <OFX> element)")
    lines = lines_before + (last_byte != b"\n")
    if not bad_utf8_line:
        return _Surveyed(kind, UTF8, digest.hexdigest(), marks["BLOCKS"], lines, size)
    if bom:
        raise StatementError(f"line {bad_utf8_line}: the file says it is UTF-8 (it starts with a byte order mark) but "
                             "this line is not; save it again as CSV UTF-8")
    file.seek(start)
    lines_before = 0
    while block := file.read(CHUNK_BYTES):
        try:
            block.decode("cp1252")
        except UnicodeDecodeError as problem:
            line = lines_before + block.count(b"\n", 0, problem.start) + 1
            raise StatementError(f"line {line}: byte 0x{block[problem.start]:02X} is not a character in UTF-8 or "
                                 "Windows-1252; save the file as CSV UTF-8 and import it again") from None
        lines_before += block.count(b"\n")
    return _Surveyed(kind, WINDOWS_1252, digest.hexdigest(), marks["BLOCKS"], lines, size)


def load(source, *, name: str, mapping: Mapping | None = None, account: str = "", kind: str | None = None,
         fast: bool | None = None) -> Statement:
    """Survey a statement: its bytes (or a binary file, or an iterator of its byte lines, or text) are read once to
    decide how to read them, and nothing is parsed until the Statement is iterated.

    `account`: for a file that does not name its lines' accounts, every line's account; for one that does (a mapped
    account column; an OFX file with several statement blocks), the one account whose lines are wanted. `fast`: whether
    a CSV file in the common shape is read by DuckDB (fast_csv): by default when it is at least FAST_FROM_BYTES long;
    True for any size; False reads every file in Python."""
    file, start = _binary(source)
    surveyed = _survey(file, start, name=name, kind=kind)
    return Statement(file=file, start=start, kind=surveyed.kind, encoding=surveyed.encoding, sha256=surveyed.sha256,
                     ofx_blocks=surveyed.ofx_blocks, mapping=mapping or Mapping(), account=account.strip(),
                     physical_lines=surveyed.lines, fast=surveyed.size >= FAST_FROM_BYTES if fast is None else fast)


def read(text, *, name: str, mapping: Mapping | None = None, account: str = "") -> list[Line]:
    """A whole statement's lines, fingerprinted (see `load`)."""
    return list(load(text, name=name, mapping=mapping, account=account))
