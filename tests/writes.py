"""Catching a write: what the "a GET changes nothing" tests (tests/audit/test_get_changes_nothing.py) and the "a
refused request changes nothing" walk (tests/site/test_every_url.py) share.

Two nets, so that neither an UPDATE (which leaves every count as it was) nor a delete and an insert slips through:

- `watch()` sees every SQL statement sent through Django's connection while a request is answered, and keeps each
  INSERT, UPDATE, DELETE, REPLACE (SQLite's `INSERT OR ...`, `UPDATE OR ...` too), TRUNCATE or any other statement
  that is not a plain read (DDL, a PRAGMA) whose table is not allowed, word for word;
- `digest()` is every row of every table but the allowed ones, so a write that does not pass through Django's cursor
  wrapper (a trigger, the raw DB-API connection) still shows as a table whose rows differ.

RFC 9110 section 9.2.1: GET is safe; the CSRF defence of ASVS 4.0.3 V4.2.2 (Django's, which checks only unsafe
methods) rests on it. A safe method may still log and keep caches (the same section), which is what the tables below
are."""

from __future__ import annotations

import contextlib
import hashlib
import re

from django.db import connection

# What any request may write, each with why: bookkeeping of the request itself, never a record of the domain.
BOOKKEEPING = {
    # The audit trail: opening a person's record, or being refused, is itself an event (ASVS 4.0.3 V7.1.3, V8.3.5;
    # audit.middleware). Appended to only (APPEND_ONLY): a request that changed or removed an event is caught.
    "audit_auditevent": "reading a person's record, or being refused, is audited",
    # The session: the last-seen time for the idle end (ASVS V3.3.2, accounts.middleware, written once a minute),
    # the role acted in, flash messages, and signing out flushing it.
    "django_session": "the session's own bookkeeping (last seen, role acted in, messages, signing out)",
}
APPEND_ONLY = {"audit_auditevent"}  # of the allowed tables, those a plain INSERT alone may write

# Not allowed, though signing in writes them: django-axes' tables (axes_accessattempt, axes_accesslog,
# axes_accessfailurelog: failed and successful sign-ins) and django-otp's device (otp_totp_totpdevice: the last code
# used, the throttle). Only a POST of a password or a code writes them; no GET does, nor a refused request. Nor may
# a GET take the audit trail's purge permit (audit_purgepermit).

# What a GET of a dashboard may write: insight's facts, a cache derived wholly from the records (insight.facts). An
# action marks the cases it changes stale in its own transaction; the first read after works them out again
# (insight.records._facts calls facts.ensure_fresh). Working them out at each write instead would put that cost on
# every action and on the payment run (every live case), which is why they are refreshed on reading; the rows hold
# nothing a record does not, and dropping them all loses nothing (`selfdirect insight refresh` rebuilds them).
DERIVED = {
    "insight_casefacts": "insight's facts, worked out from the records on the first read after a change",
    "insight_stalecase": "the marks of cases whose facts are out of date, cleared when they are worked out",
    "insight_factsbuilt": "the note that the facts have been worked out once, and the refreshers' lock",
}

_READS = {"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "END", "SET", "SHOW", "EXPLAIN", "VALUES"}
_NAME = r"""["`\[]?(\w+)["`\]]?"""
_AT_START = re.compile(
    r"""^(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?(?:\s+ONLY)?|DELETE\s+FROM(?:\s+ONLY)?
         |TRUNCATE(?:\s+TABLE)?(?:\s+ONLY)?)\s+""" + _NAME, re.IGNORECASE | re.VERBOSE)
_ANYWHERE = re.compile(r"(?<!DO\s)(?<!FOR\s)\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|"
                       r"DELETE\s+FROM)\s+" + _NAME, re.IGNORECASE)
_PLAIN_INSERT = re.compile(r"INSERT\s+INTO\b", re.IGNORECASE)
_UPSERT = re.compile(r"\bON\s+CONFLICT\b", re.IGNORECASE)
_COMMENTS = re.compile(r"/\*.*?\*/|--[^\n]*", re.DOTALL)


def written_tables(sql: str) -> list[tuple[str, str]]:
    """The tables a statement writes to, each with "insert" (a plain INSERT, which adds rows and nothing else) or
    "change" (any other write: UPDATE, DELETE, REPLACE, `INSERT OR ...`, an upsert, TRUNCATE). None for a read; the
    table "?" for a statement that is not a read and names no table this can tell (DDL, a PRAGMA), which no allow-list
    holds."""
    text = _COMMENTS.sub(" ", sql).strip()
    first = text.split(None, 1)[0].upper() if text else ""
    if first in _READS:
        return []
    kind = "insert" if _PLAIN_INSERT.match(text) and not _UPSERT.search(text) else "change"
    if first == "WITH":  # a common table expression, then a SELECT or a write
        return [("change", name.lower()) for name in _ANYWHERE.findall(text)]
    found = _AT_START.match(text)
    return [(kind, found.group(1).lower() if found else "?")]


class Writes(list):
    """The statements seen writing outside the allowed tables, each as (table, statement); and, in `allowed`, the
    allowed tables written to."""

    def __init__(self):
        super().__init__()
        self.allowed: set[str] = set()

    def __str__(self):
        return "\n".join(f"    {table}: {sql}" for table, sql in self)


@contextlib.contextmanager
def watch(allowed):
    """Every statement sent to the database in the block that writes to a table not in `allowed` (or does more than
    add rows to an APPEND_ONLY one)."""
    seen = Writes()

    def wrapper(execute, sql, params, many, context):
        for kind, table in written_tables(sql):
            if table in allowed and (kind == "insert" or table not in APPEND_ONLY):
                seen.allowed.add(table)
            else:
                seen.append((table, sql))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


def digest(allowed) -> dict[str, str]:
    """A fingerprint of every row of every table but the allowed ones, by table."""
    quote = connection.ops.quote_name
    found = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in allowed:
                continue
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (a table name from the database itself)
            rows = sorted(repr(row) for row in cursor.fetchall())
            found[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return found


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """The tables whose rows differ between two digests."""
    return sorted(table for table in before.keys() | after.keys() if before.get(table) != after.get(table))
