"""What the database is told after a large write.

PostgreSQL plans each query from statistics of its tables that autovacuum gathers some time after rows change. Right
after a large write (the demo council's build writes thousands of rows a table in one transaction) those statistics
still describe the tables as they were, often nearly empty, and a join planned for a few rows ran for many minutes on
the rows actually there (a suite run on PostgreSQL stalled on one, 7 December 2026). PostgreSQL's documentation says
to run ANALYZE after a bulk load ("Populating a Database", section 14.4.9, "Run ANALYZE Afterwards"); ANALYZE in the
writing transaction counts that transaction's own new rows. SQLite's planner keeps no statistics unless asked, so
there is nothing to refresh."""

from __future__ import annotations

from django.db import connection, transaction

# Rows sampled for each column's statistics, in hundreds (PostgreSQL's default is 100, sampling 30,000 rows a table):
# what a plan needs after a bulk write is the tables' sizes, which any sample counts, so a small one keeps it quick.
STATISTICS_TARGET = 10


def refresh_statistics(*models) -> None:
    """ANALYZE the models' tables (every table, given none) on PostgreSQL; nothing on SQLite."""
    if connection.vendor != "postgresql":
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL default_statistics_target = {STATISTICS_TARGET}")
        if not models:
            cursor.execute("ANALYZE")
            return
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
