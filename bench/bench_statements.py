"""A year of statements for 20,000 direct payment holders: importing them (with a repeat import that must add
nothing) and reconciling them against reported spending and plan items. Baseline: reading the same CSV text with
Python's csv module and adding up the amounts, in the same run."""

import csv
import datetime
import io
import random
import time

from bench.timing import report


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


def _baseline(text):
    total = 0
    for row in csv.DictReader(io.StringIO(text)):
        total += int(row["Amount"].replace(".", ""))
    return total


def run(holders=20_000):
    from selfdirect.money import actions, queries, statements
    from selfdirect.money.models import StatementLine

    actor, text = _council(holders)
    lines = text.count("\n") - 1
    began = time.perf_counter()
    _baseline(text)
    baseline = time.perf_counter() - began
    mapping = statements.Mapping(account="Account")
    began = time.perf_counter()
    first = actions.import_statement(text, name="year.csv", actor=actor, mapping=mapping)
    imported = time.perf_counter() - began
    began = time.perf_counter()
    again = actions.import_statement(text, name="year-again.csv", actor=actor, mapping=mapping)
    repeated = time.perf_counter() - began
    began = time.perf_counter()
    matched = actions.reconcile()
    reconciled = time.perf_counter() - began
    assert first.imported == lines and again.imported == 0 and again.duplicates == lines
    assert StatementLine.objects.count() >= lines
    began = time.perf_counter()
    problems = queries.check()
    checked = time.perf_counter() - began
    assert problems == [], problems[:5]
    print(f"{holders} holders, {lines} statement lines; {matched} matched; baseline (csv read and sum) {baseline:.2f} s")
    report("import a year of statements", imported, baseline)
    report("import the same year again (all duplicates)", repeated, baseline)
    report("reconcile", reconciled, baseline)
    report("money check over the whole ledger", checked, baseline)
