"""Reading account statements: CSV from a bank or prepaid card provider (a column mapping, several date formats,
debit and credit columns or one signed amount) and OFX. Django-free.

A malformed file is refused whole, naming the line and column. Each line gets a fingerprint so that importing the same
file twice, or two overlapping statements, adds nothing twice: the provider's transaction id where there is one, else
the line's content with its occurrence number among identical lines of the same statement (so two genuine equal
payments on one day both stay).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from dataclasses import dataclass, field

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y", "%d/%m/%y", "%Y%m%d"]


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

    @classmethod
    def from_dict(cls, data: dict) -> Mapping:
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise StatementError(f"mapping: unknown key(s) {', '.join(sorted(unknown))}")
        made = cls(**data)
        if not made.amount and not (made.debit and made.credit):
            raise StatementError("mapping: give 'amount', or both 'debit' and 'credit'")
        return made


@dataclass
class Line:
    line_number: int
    account: str
    posted_on: datetime.date
    amount_pence: int  # negative: money out of the account
    description: str
    transaction_id: str = ""
    fingerprint: str = field(default="")


def parse_date(text: str, fmt: str | None = None) -> datetime.date:
    text = text.strip()
    for candidate in [fmt] if fmt else DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, candidate).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date")


_AMOUNT = re.compile(r"^(?P<sign>[-+])?£?(?P<pounds>\d{1,3}(,\d{3})*|\d+)(\.(?P<pence>\d{1,2}))?(?P<cr>\s*(CR|DR))?$", re.I)


def parse_pence(text: str) -> int:
    """'1,234.50', '-12.3', '£5', '(12.00)' and '12.00 DR' to signed pence, without floats."""
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


def read_csv(text: str, mapping: Mapping, *, account: str = "") -> list[Line]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        raise StatementError("line 1: the file is empty") from None
    header = [h.strip() for h in header]
    wanted = [c for c in (mapping.date, mapping.description, mapping.amount, mapping.debit, mapping.credit,
                          mapping.transaction_id, mapping.account) if c]
    missing = [c for c in wanted if c not in header]
    if missing:
        raise StatementError(f"line 1: no column named {', '.join(repr(m) for m in missing)} (the columns are "
                             f"{', '.join(repr(h) for h in header)})")
    col = {name: header.index(name) for name in wanted}
    lines = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise StatementError(f"line {number}: {len(row)} columns, expected {len(header)}")

        def cell(name, row=row):
            return row[col[name]].strip()

        try:
            posted_on = parse_date(cell(mapping.date), mapping.date_format)
        except ValueError as problem:
            raise StatementError(f"line {number}, column {mapping.date!r}: {problem}") from None
        try:
            if mapping.amount:
                amount = parse_pence(cell(mapping.amount))
            else:
                debit, credit = cell(mapping.debit), cell(mapping.credit)
                if bool(debit) == bool(credit):
                    raise ValueError("give a debit or a credit, not both or neither")
                amount = -abs(parse_pence(debit)) if debit else abs(parse_pence(credit))
        except ValueError as problem:
            column = mapping.amount or (mapping.debit + "/" + mapping.credit)
            raise StatementError(f"line {number}, column {column!r}: {problem}") from None
        line_account = cell(mapping.account) if mapping.account else account
        if not line_account:
            raise StatementError(f"line {number}: no account (give --account, or map an account column)")
        lines.append(Line(number, line_account, posted_on, amount, cell(mapping.description),
                          cell(mapping.transaction_id) if mapping.transaction_id else ""))
    return fingerprint(lines)


_OFX_TRN = re.compile(r"<STMTTRN>(.*?)(?:</STMTTRN>|(?=<STMTTRN>)|(?=</BANKTRANLIST>))", re.S | re.I)


def read_ofx(text: str, *, account: str = "") -> list[Line]:
    """OFX 1.x (SGML) or 2.x (XML): each STMTTRN's DTPOSTED, TRNAMT, FITID, NAME and MEMO."""
    if "<OFX>" not in text.upper():
        raise StatementError("line 1: not an OFX file (no <OFX> element)")
    lines = []
    for match in _OFX_TRN.finditer(text):
        number = text.count("\n", 0, match.start()) + 1

        body = match.group(1)

        def tag(name, within=body):
            found = re.search(rf"<{name}>([^<\r\n]*)", within, re.I)
            return found.group(1).strip() if found else ""

        try:
            posted_on = datetime.datetime.strptime(tag("DTPOSTED")[:8], "%Y%m%d").date()
        except ValueError:
            raise StatementError(f"line {number}, DTPOSTED: {tag('DTPOSTED')!r} is not a date") from None
        try:
            amount = parse_pence(tag("TRNAMT"))
        except ValueError as problem:
            raise StatementError(f"line {number}, TRNAMT: {problem}") from None
        description = " ".join(x for x in (tag("NAME"), tag("MEMO")) if x)
        acct = account or tag("ACCTID", text)
        if not acct:
            raise StatementError(f"line {number}: no account (give --account)")
        lines.append(Line(number, acct, posted_on, amount, description, tag("FITID")))
    if not lines:
        raise StatementError("the OFX file has no transactions (STMTTRN)")
    return fingerprint(lines)


def fingerprint(lines: list[Line]) -> list[Line]:
    seen: dict[str, int] = {}
    for line in lines:
        if line.transaction_id:
            key = f"id|{line.account}|{line.transaction_id}"
        else:
            content = f"row|{line.account}|{line.posted_on.isoformat()}|{line.amount_pence}|{' '.join(line.description.split()).lower()}"
            seen[content] = seen.get(content, 0) + 1
            key = f"{content}|{seen[content]}"
        line.fingerprint = hashlib.sha256(key.encode()).hexdigest()[:40]
    return lines


def read(text: str, *, name: str, mapping: Mapping | None = None, account: str = "") -> list[Line]:
    if name.lower().endswith((".ofx", ".qfx")) or text.lstrip().upper().startswith(("OFXHEADER", "<?XML")):
        return read_ofx(text, account=account)
    return read_csv(text, mapping or Mapping(), account=account)
