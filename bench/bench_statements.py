"""A year of statements for 20,000 direct payment holders (520,000 lines, `BENCH_HOLDERS` to change it): importing
them, importing them again (which must add nothing), and reconciling them against reported spending and plan items;
then `money check` over the ledger, which must find nothing wrong.

Baseline, in the same run and the same database: a bare bulk insert of the same rows (the columns a statement line has:
account, statement, line number, date, amount, description, transaction id, fingerprint) into a scratch table of the
same columns, with nothing else (no index but its key, no foreign key): one `executemany` on SQLite, one `COPY ... FROM
STDIN` on PostgreSQL. The rows are read and fingerprinted before the clock starts, and the median of three runs is
taken. The issue asks for the import, the repeat import and the reconciliation each within 5 times it; each line says
whether it is. DuckDB's scan of the same CSV file (count and sum, no extension; the median of three) is reported beside
it, for scale.

On PostgreSQL, give a fresh database (the data is made with fixed references):
    (eval "$(scripts/postgres-cluster.sh start)" && dropdb -h 127.0.0.1 -p 54329 -U postgres --if-exists bench &&
     createdb -h 127.0.0.1 -p 54329 -U postgres bench &&
     DATABASE_URL=postgres://postgres@127.0.0.1:54329/bench .venv/bin/python -m bench bench_statements)"""

import csv
import datetime
import io
import os
import pathlib
import random
import statistics
import tempfile
import time

from django.db import connection, transaction

HOLDERS = int(os.environ.get("BENCH_HOLDERS", "20000"))
WITHIN = 5  # the bound, in times the baseline
SCRATCH = "bench_statement_scratch"
COLUMNS = ("account_id", "statement_id", "line_number", "posted_on", "amount_pence", "description", "transaction_id",
           "fingerprint")


def _council(holders):
    from selfdirect.accounts.models import Team, User
    from selfdirect.journey.models import Case
    from selfdirect.money.models import LedgerAccount, SpendingRecord
    from selfdirect.people.models import Person
    from selfdirect.planning.models import PlanItem, SupportPlan

    rng = random.Random(6)
    team = Team.objects.create(name="Statement bench team")
    actor = User.objects.create(username="bench.finance", role="finance_officer")
    start = datetime.date(2025, 1, 6)
    Person.objects.bulk_create([Person(la_person_id=f"S{i:07d}", first_name="S", last_name=str(i), date_of_birth=datetime.date(1960, 1, 1),
                                       gender="Female", ethnicity="A", postcode="EX1 1AA", primary_support_reason="Unknown",
                                       client_group="physical_sensory", team=team) for i in range(holders)], batch_size=5000)
    people = dict(Person.objects.filter(la_person_id__startswith="S").values_list("id", "la_person_id"))
    Case.objects.bulk_create([Case(person_id=p, state="live", referred_on=start, route_of_access="x", referral_reason="x",
                                   support_started_on=start) for p in people], batch_size=5000)
    cases = dict(Case.objects.filter(person_id__in=people).values_list("id", "person_id"))
    SupportPlan.objects.bulk_create([SupportPlan(case_id=c, version=1, status="approved", delivery_option="direct_payment",
                                                 created_by=actor) for c in cases], batch_size=5000)
    plans = dict(SupportPlan.objects.filter(case_id__in=cases).values_list("case_id", "id"))
    weekly = {c: rng.randint(50, 400) * 100 for c in cases}
    PlanItem.objects.bulk_create([PlanItem(plan_id=plans[c], description="Personal assistant", supplier_kind="personal_assistant",
                                           unit="hour", unit_cost_pence=1500, quantity=1, period="weekly", weekly_cost_pence=weekly[c],
                                           delivery="direct_payment", arranged_with=f"PA {c}") for c in cases], batch_size=5000)
    items = dict(PlanItem.objects.filter(plan_id__in=plans.values()).values_list("plan__case_id", "id"))
    LedgerAccount.objects.bulk_create([LedgerAccount(case_id=c, key="direct_payment", reference=f"DP-{people[p]}")
                                       for c, p in cases.items()], batch_size=5000)
    buffer = io.StringIO()
    rows = csv.writer(buffer, lineterminator="\n")
    rows.writerow(["Date", "Description", "Amount", "Account"])
    reported = []
    for c, p in cases.items():
        for period in range(13):
            day = start + datetime.timedelta(days=28 * period + 2)
            pence = weekly[c] * 4
            rows.writerow([day.isoformat(), f"PA {c} WAGES", f"-{pence // 100}.{pence % 100:02d}", f"DP-{people[p]}"])
            rows.writerow([(day + datetime.timedelta(days=9)).isoformat(), "CORNER SHOP", "-12.50", f"DP-{people[p]}"])
            if rng.random() < 0.5:
                reported.append(SpendingRecord(case_id=c, spent_on=day, payee=f"PA {c}", amount_pence=pence, item_id=items[c],
                                               entered_by=actor))
    SpendingRecord.objects.bulk_create(reported, batch_size=5000)
    return actor, buffer.getvalue()


def _rows(text, mapping):
    """The statement's rows as the baseline writes them: read and fingerprinted as the import reads them."""
    from selfdirect.money import statements
    from selfdirect.money.models import LedgerAccount

    ids = dict(LedgerAccount.objects.filter(reference__startswith="DP-").values_list("reference", "pk"))
    postgres = connection.vendor == "postgresql"
    return [(ids[line.account], 0, line.line_number, line.posted_on if postgres else line.posted_on.isoformat(),
             line.amount_pence, line.description, line.transaction_id, line.fingerprint)
            for line in statements.load(text, name="year.csv", mapping=mapping)]


def _bare_insert(rows) -> float:
    """Seconds to write the rows into a fresh scratch table of the same columns, committed."""
    postgres = connection.vendor == "postgresql"
    key = "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" if postgres else "integer PRIMARY KEY AUTOINCREMENT"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
        cursor.execute(f"CREATE TABLE {SCRATCH} (id {key}, account_id bigint NOT NULL, statement_id bigint NOT NULL, "
                       "line_number integer NOT NULL, posted_on date NOT NULL, amount_pence bigint NOT NULL, "
                       "description varchar(300) NOT NULL, transaction_id varchar(80) NOT NULL, "
                       "fingerprint varchar(40) NOT NULL)")
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if postgres:
            with cursor.copy(f"COPY {SCRATCH} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {SCRATCH} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})",  # noqa: S608
                               rows)
    seconds = time.perf_counter() - began
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {SCRATCH}")
    return seconds


def _duckdb_scan(path) -> float:
    import duckdb  # Lazy: only this bench needs it, for scale

    scan = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    began = time.perf_counter()
    scan.execute("SELECT count(*), sum(Amount) FROM read_csv(?, header = true)", [str(path)]).fetchall()
    return time.perf_counter() - began


def _timed(fn):
    began = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - began


def run(holders=HOLDERS):
    from selfdirect.money import actions, queries, statements
    from selfdirect.money.models import StatementLine

    actor, text = _council(holders)
    lines = text.count("\n") - 1
    mapping = statements.Mapping(account="Account")
    rows = _rows(text, mapping)
    baseline = statistics.median(_bare_insert(rows) for _ in range(3))
    del rows
    folder = pathlib.Path(tempfile.mkdtemp(prefix="selfdirect-statements-"))
    path = folder / "year.csv"
    path.write_text(text)
    scan = statistics.median(_duckdb_scan(path) for _ in range(3))
    path.unlink()
    folder.rmdir()
    first, imported = _timed(lambda: actions.import_statement(text, name="year.csv", actor=actor, mapping=mapping))
    again, repeated = _timed(lambda: actions.import_statement(text, name="year-again.csv", actor=actor, mapping=mapping))
    matched, reconciled = _timed(actions.reconcile)
    assert first.imported == lines and again.imported == 0 and again.duplicates == lines
    assert StatementLine.objects.count() >= lines
    problems, checked = _timed(queries.check)
    assert problems == [], problems[:5]
    how = "COPY" if connection.vendor == "postgresql" else "executemany"
    print(f"{connection.vendor}: {holders:,} holders, {lines:,} statement lines (read by {first.read_by}), {matched:,} matched")
    print(f"baseline (a bare bulk insert of the same rows, {how}): {baseline:.2f} s")
    print(f"DuckDB's scan of the same CSV: {scan:.2f} s, {scan / baseline:.2f}x the baseline")
    for label, seconds in (("import a year of statements", imported),
                           ("import the same year again (all duplicates)", repeated), ("reconcile", reconciled)):
        ratio = seconds / baseline
        print(f"{label}: {seconds:.2f} s, {ratio:.1f}x the baseline, {seconds / scan:.0f}x DuckDB's scan: "
              f"{'within' if ratio <= WITHIN else 'NOT within'} {WITHIN}x")
    print(f"money check over the whole ledger: {checked:.2f} s, {checked / baseline:.1f}x the baseline")
