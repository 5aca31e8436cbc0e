"""Writing many rows at once, the way each database takes them fastest: `COPY` on PostgreSQL, INSERTs of hundreds of
rows each on SQLite. For the ledger's largest writes (a year of statements is millions of rows: a line, a journal entry
and two postings for each payment out), where a model instance for each row would be most of the time. Called only
from money.actions, inside its transaction.

Rows are tuples in the order of the columns named; values as the driver takes them (date_value for dates,
connection.ops.adapt_datetimefield_value for datetimes)."""

from __future__ import annotations

import contextlib
import datetime
import gc
import json
import sqlite3
from collections.abc import Iterator

from django.db import connection

from .models import LedgerAccount

ROWS_PER_STATEMENT = 500  # rows one INSERT writes on SQLite (within its limit of parameters)
LARGE_CACHE_KIB = 65_536  # SQLite's page cache while a large write runs (its default is 2 MB)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def date_value(day: datetime.date):
    """A date as the database is given it in bulk: ISO text for SQLite (so that the driver's adapter, a Python function,
    is not called for each row), the date itself for PostgreSQL's COPY."""
    return day if _postgres() else day.isoformat()


def next_ids(model, count: int) -> list[int]:
    """`count` new primary keys for rows of `model` about to be written with them (so that rows referring to them can
    be written in the same batch): from the table's sequence on PostgreSQL; on SQLite after the largest the table has
    ever had, which is safe because SQLite lets one connection write at a time and the caller has already written in
    its transaction (so holds the lock until it commits)."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if _postgres():
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [connection.ops.quote_name(table), count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608 (a model's table)
                       f"coalesce((SELECT max(id) FROM {connection.ops.quote_name(table)}), 0))", [table])
        last = cursor.fetchone()[0]
    return list(range(last + 1, last + 1 + count))


class Ids:
    """New primary keys for rows of one model that are written later in the same transaction, taken a few at a time:
    next_ids, except that on SQLite (where next_ids reads the table, which does not have these rows yet) each take
    starts after the last one handed out."""

    POOL = 1024  # ids taken at a time by next()

    def __init__(self, model):
        self.model, self.last, self.pool = model, None, iter(())

    def take(self, count: int) -> list[int]:
        if count <= 0:
            return []
        if _postgres() or self.last is None:
            ids = next_ids(self.model, count)
        else:
            ids = list(range(self.last + 1, self.last + 1 + count))
        self.last = ids[-1]
        return ids

    def next(self) -> int:
        """One new id, from ids taken POOL at a time (those never handed out are left unused: a gap in the ids)."""
        pk = next(self.pool, None)
        if pk is None:
            self.pool = iter(self.take(self.POOL))
            pk = next(self.pool)
        return pk


def _rows_per_statement(width: int) -> int:
    """As many rows as the database's limit of parameters allows, up to ROWS_PER_STATEMENT (SQLite's limit is 32,766
    since 3.32, which Django's max_query_params does not say)."""
    if _postgres():
        limit = 65_535
    else:
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return max(1, min(ROWS_PER_STATEMENT, limit // width))


def insert(model, columns: tuple[str, ...], rows: list[tuple], *, new_only: bool = False) -> None:
    """Rows into the model's table: one `COPY ... FROM STDIN` on PostgreSQL; on SQLite INSERTs of ROWS_PER_STATEMENT
    rows each (several times faster than `executemany`, which runs the statement once for each row, opening the table
    and its indexes each time). `new_only`: a row that a unique constraint says is there already is left out (ON
    CONFLICT DO NOTHING, so two writers opening the same rows at once do not fail), on PostgreSQL by INSERTs too."""
    if not rows:
        return
    table, names = connection.ops.quote_name(model._meta.db_table), ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if _postgres() and not new_only:
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        mark = "%s" if _postgres() else "?"
        per, one, statements = _rows_per_statement(len(columns)), f"({', '.join([mark] * len(columns))})", {}
        for start in range(0, len(rows), per):
            part = rows[start:start + per]
            if len(part) not in statements:
                statements[len(part)] = (f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(part))}"  # noqa: S608
                                         + (" ON CONFLICT DO NOTHING" if new_only else ""))
            values = [value for row in part for value in row]
            if _postgres():
                cursor.execute(statements[len(part)], values)
            else:
                _sqlite_execute(statements[len(part)], values)


def _sqlite_execute(sql: str, params: list) -> None:
    """A statement with "?" placeholders given straight to SQLite's driver: Django's cursor turns each "%s" into "?"
    with a regular expression over the whole text, which for a statement of hundreds of rows took longer than SQLite
    took to write them. Errors come out as Django's, as from its cursor."""
    connection.ensure_connection()
    with connection.wrap_database_errors:
        connection.connection.execute(sql, params)


def update(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Set `columns` of rows of the model's table picked by id: each row is (id, *values). `executemany` on SQLite; on
    PostgreSQL the values are copied into a temporary table and one UPDATE joins it."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if _postgres():
            cursor.execute(f"CREATE TEMPORARY TABLE bulk_update ON COMMIT DROP AS SELECT id, {', '.join(quote(c) for c in columns)} "  # noqa: S608
                           f"FROM {table} WITH NO DATA")
            with cursor.copy(f"COPY bulk_update (id, {', '.join(quote(c) for c in columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(f"UPDATE {table} SET {', '.join(f'{quote(c)} = bulk_update.{quote(c)}' for c in columns)} "  # noqa: S608
                           f"FROM bulk_update WHERE {table}.id = bulk_update.id")
            cursor.execute("DROP TABLE bulk_update")
        else:
            cursor.executemany(f"UPDATE {table} SET {', '.join(f'{quote(c)} = %s' for c in columns)} WHERE id = %s",  # noqa: S608
                               [(*row[1:], row[0]) for row in rows])


def rows(values_list) -> Iterator[tuple]:
    """The rows of a values_list queryset as the driver gives them, a few thousand at a time: its SQL run on a cursor,
    without Django's handling of each row (so no converters: ask for dates cast to text)."""
    sql, params = values_list.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while part := cursor.fetchmany(5000):
            yield from part


def existing(model, column: str, values) -> set:
    """Which of the values (text) the column already holds: one query (the values sorted, so an index is read in
    order)."""
    values = sorted(values)
    if not values:
        return set()
    table, name = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(column)
    with connection.cursor() as cursor:
        if _postgres():
            # A probe of the index for each value (LIMIT 1 keeps the planner from joining the whole table instead,
            # which it chose while an import was growing the table faster than its statistics).
            cursor.execute(f"SELECT v.value FROM unnest(%s::text[]) AS v(value), LATERAL (SELECT 1 FROM {table} "  # noqa: S608
                           f"WHERE {name} = v.value LIMIT 1) AS found", [values])
        else:
            # One JSON text rather than a parameter for each value: SQLite reads it faster than it binds thousands.
            cursor.execute(f"SELECT {name} FROM {table} WHERE {name} IN (SELECT value FROM json_each(%s))",  # noqa: S608
                           [json.dumps(values)])
        return {row[0] for row in cursor.fetchall()}


def add_to_balances(added: dict[int, int]) -> None:
    """Add pence to ledger accounts' cached balances (account id: pence): one statement on PostgreSQL; on SQLite one
    for each account, in one `executemany`."""
    pairs = sorted((pk, pence) for pk, pence in added.items() if pence)
    if not pairs:
        return
    table = connection.ops.quote_name(LedgerAccount._meta.db_table)
    with connection.cursor() as cursor:
        if _postgres():
            cursor.execute(f"UPDATE {table} SET balance_pence = {table}.balance_pence + added.pence "  # noqa: S608
                           f"FROM unnest(%s::bigint[], %s::bigint[]) AS added(id, pence) WHERE {table}.id = added.id",
                           [[pk for pk, _ in pairs], [pence for _, pence in pairs]])
        else:
            cursor.executemany(f"UPDATE {table} SET balance_pence = balance_pence + %s WHERE id = %s",  # noqa: S608
                               [(pence, pk) for pk, pence in pairs])


@contextlib.contextmanager
def large_cache():
    """On SQLite, a larger page cache while a large write runs: the unique index of fingerprints is written in no
    particular order, and with the default 2 MB cache most of its pages are read again for each batch."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{LARGE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


@contextlib.contextmanager
def without_cycle_collection():
    """Python's cycle collector paused while a large import or reconciliation runs. It runs after every few hundred
    objects made, and each full pass visits every object alive, so with hundreds of thousands alive (a year's lines
    read, the entries being gathered) it took most of the time the import spent in Python (bench_statements). The rows
    made hold no reference cycles; reference counting frees them as before, and the collector is started again after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()

