"""Peak memory importing a generated 10 MB and a 50 MB CSV statement (lines for 500 direct payment accounts, an account
column, every line different), each read from its file as a stream, then the 10 MB file again (which must add
nothing). Measured with tracemalloc: Python's own allocations, so SQLite's page cache (bounded by SQLite itself) and
the database driver's C buffers are not counted; the process's peak resident size is printed beside it.

Baseline, in the same run: the 10 MB import's peak. Memory within a fixed bound means the 50 MB file's peak is about
the same (a ratio near 1), not five times it; reading the 50 MB file whole, as the import did before, is shown for
scale."""

import csv
import datetime
import gc
import pathlib
import resource
import tempfile
import time
import tracemalloc

ACCOUNTS = 500


def _accounts():
    from selfdirect.accounts.models import Team, User
    from selfdirect.journey.models import Case
    from selfdirect.money.models import LedgerAccount
    from selfdirect.people.models import Person

    team = Team.objects.create(name="Statement memory bench team")
    actor = User.objects.create(username="bench.memory", role="finance_officer")
    start = datetime.date(2025, 1, 6)
    Person.objects.bulk_create([Person(la_person_id=f"M{i:07d}", first_name="M", last_name=str(i), date_of_birth=datetime.date(1960, 1, 1),
                                       gender="Female", ethnicity="A", postcode="EX1 1AA", primary_support_reason="Unknown",
                                       client_group="physical_sensory", team=team) for i in range(ACCOUNTS)])
    people = dict(Person.objects.filter(la_person_id__startswith="M").values_list("id", "la_person_id"))
    Case.objects.bulk_create([Case(person_id=p, state="live", referred_on=start, route_of_access="x", referral_reason="x",
                                   support_started_on=start) for p in people])
    cases = dict(Case.objects.filter(person_id__in=people).values_list("id", "person_id"))
    LedgerAccount.objects.bulk_create([LedgerAccount(case_id=c, key="direct_payment", reference=f"DP-{people[p]}")
                                       for c, p in cases.items()])
    return actor, sorted(f"DP-{ref}" for ref in people.values())


def _statement(path: pathlib.Path, megabytes: int, refs: list[str], tag: str) -> int:
    """A CSV statement of at least `megabytes` MB, written a line at a time; returns its number of lines."""
    start, lines = datetime.date(2020, 1, 1), 0
    with path.open("w", newline="", encoding="utf-8") as out:
        rows = csv.writer(out, lineterminator="\n")
        rows.writerow(["Date", "Description", "Amount", "Account"])
        while out.tell() < megabytes * 1_000_000:
            for _ in range(10_000):
                day = start + datetime.timedelta(days=(lines // len(refs)) % 3000)
                pence = 100 + lines % 49_900
                rows.writerow([day.isoformat(), f"{tag} PAYEE {lines % 9973} REF {lines}", f"-{pence // 100}.{pence % 100:02d}",
                               refs[lines % len(refs)]])
                lines += 1
    return lines


def _peak(fn):
    """What fn returns, its peak traced memory in bytes, and the seconds it took."""
    gc.collect()
    tracemalloc.start()
    began = time.perf_counter()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1], time.perf_counter() - began
    finally:
        tracemalloc.stop()


def _resident_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def run():
    from selfdirect.money import actions, statements

    actor, refs = _accounts()
    mapping = statements.Mapping(account="Account")
    folder = pathlib.Path(tempfile.mkdtemp(prefix="selfdirect-statements-"))

    def imported(path):
        with path.open("rb") as file:
            return actions.import_statement(file, name=path.name, actor=actor, mapping=mapping)

    figures = {}
    for megabytes, tag in ((10, "TEN"), (50, "FIFTY")):
        path = folder / f"statement-{megabytes}mb.csv"
        lines = _statement(path, megabytes, refs, tag)
        report, peak, seconds = _peak(lambda path=path: imported(path))
        assert report.imported == lines and report.duplicates == 0 and not report.refused, report.summary()
        figures[megabytes] = peak
        print(f"{path.stat().st_size / 1e6:.1f} MB statement, {lines:,} lines: imported in {seconds:.1f} s, peak "
              f"{peak / 1e6:.1f} MB traced; process peak resident size so far {_resident_mb():.0f} MB")
    again, peak_again, _ = _peak(lambda: imported(folder / "statement-10mb.csv"))
    assert again.imported == 0 and again.duplicates > 0, again.summary()
    _, whole, _ = _peak(lambda: (folder / "statement-50mb.csv").read_bytes())
    baseline = figures[10]
    print(f"baseline (the 10 MB import's peak) {baseline / 1e6:.1f} MB")
    for label, peak in (("50 MB import", figures[50]), ("10 MB again (all duplicates)", peak_again),
                        ("reading the 50 MB file whole, for scale", whole)):
        print(f"{label}: peak {peak / 1e6:.1f} MB, {peak / baseline:.2f}x the baseline")
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
