"""The finance home (`/finance/`: payment runs and the direct payment accounts with alerts) for 50 direct payment
accounts and for 500 (the most it reads), and its alerts worked out set-based against one account at a time (as
they were before issue 14). Each account has a plan, a year of instalments, statement lines and reported spending.
Baseline: the sign-in page (a template and no queries of people), in the same run."""

import datetime
import random

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.timing import median_seconds, report


def _accounts(first, count, *, actor, team, start):
    """`count` direct payment budgets written in bulk, numbered from `first`."""
    from selfdirect.journey.models import Case
    from selfdirect.money.models import (
        Instalment,
        JournalEntry,
        LedgerAccount,
        PaymentRun,
        SpendingRecord,
        StatementImport,
        StatementLine,
    )
    from selfdirect.people.models import Person
    from selfdirect.planning.models import PlanItem, SupportPlan

    rng = random.Random(first)
    refs = [f"F{i:07d}" for i in range(first, first + count)]
    Person.objects.bulk_create([Person(la_person_id=r, first_name="F", last_name=r, date_of_birth=datetime.date(1960, 1, 1),
                                       gender="Female", ethnicity="A", postcode="EX1 1AA", primary_support_reason="Unknown",
                                       client_group="physical_sensory", team=team) for r in refs])
    people = dict(Person.objects.filter(la_person_id__in=refs).values_list("id", "la_person_id"))
    Case.objects.bulk_create([Case(person_id=p, state="live", referred_on=start, route_of_access="x", referral_reason="x",
                                   support_started_on=start) for p in people])
    cases = dict(Case.objects.filter(person_id__in=people).values_list("id", "person_id"))
    SupportPlan.objects.bulk_create([SupportPlan(case_id=c, version=1, status="approved", delivery_option="direct_payment",
                                                 created_by=actor) for c in cases])
    plans = dict(SupportPlan.objects.filter(case_id__in=cases).values_list("case_id", "id"))
    weekly = {c: rng.randint(50, 400) * 100 for c in cases}
    PlanItem.objects.bulk_create([PlanItem(plan_id=plans[c], description="Personal assistant", supplier_kind="personal_assistant",
                                           unit="hour", unit_cost_pence=1500, quantity=1, period="weekly", weekly_cost_pence=weekly[c],
                                           delivery="direct_payment", arranged_with=f"PA {c}") for c in cases])
    items = dict(PlanItem.objects.filter(plan_id__in=plans.values()).values_list("plan__case_id", "id"))
    LedgerAccount.objects.bulk_create([LedgerAccount(case_id=c, key="direct_payment", reference=f"DP-{people[p]}",
                                                     balance_pence=weekly[c] * rng.randint(2, 12)) for c, p in cases.items()])
    accounts = dict(LedgerAccount.objects.filter(case_id__in=cases, key="direct_payment").values_list("case_id", "id"))
    run, _ = PaymentRun.objects.get_or_create(run_date=start, defaults={"created_by": actor, "report": {
        "paid": 0, "late": [], "suspended": [], "not_ready": [], "one_offs": 0, "lines": 0, "total_pence": 0, "charges": 0}})
    entries = JournalEntry.objects.bulk_create([JournalEntry(case_id=c, kind="instalment", on=start + datetime.timedelta(days=28 * n),
                                                             description="Four weeks", run=run, created_by=actor)
                                                for c in cases for n in range(13)])
    Instalment.objects.bulk_create([Instalment(case_id=e.case_id, period_number=(e.on - start).days // 28, period_starts_on=e.on,
                                               run=run, entry=e) for e in entries])
    statement = StatementImport.objects.create(file_name=f"bench-{first}.csv", file_sha256="x", imported_by=actor)
    lines, spending = [], []
    for c in cases:
        for n in range(rng.randint(0, 24)):
            day = start + datetime.timedelta(days=14 * n + 3)
            lines.append(StatementLine(account_id=accounts[c], statement=statement, line_number=n, posted_on=day,
                                       amount_pence=-weekly[c] * 2, description=f"PA {c} WAGES", fingerprint=f"{c}-{n}",
                                       matched_how=rng.choice(["", "plan item", "reported"]), outside_plan=rng.random() < 0.05))
            if rng.random() < 0.3:
                spending.append(SpendingRecord(case_id=c, spent_on=day, payee=f"PA {c}", hours=rng.randint(4, 10),
                                               amount_pence=rng.randint(4, 12) * 1500, item_id=items[c], entered_by=actor))
    StatementLine.objects.bulk_create(lines, batch_size=2000)
    SpendingRecord.objects.bulk_create(spending, batch_size=2000)


def run():
    from django.utils import timezone

    from selfdirect.accounts.models import Team, User
    from selfdirect.money import queries
    from selfdirect.money.models import LedgerAccount

    today = timezone.localdate()
    start = today - datetime.timedelta(days=364)  # a year of instalments, to today
    team = Team.objects.create(name="Finance bench team")
    actor = User.objects.create_user(username="bench.finance.home", password="a-long-bench-password", role="finance_officer")
    client = Client()
    baseline = median_seconds(lambda: client.get("/sign-in/"))
    client.force_login(actor)
    print(f"baseline (sign-in page) {baseline * 1000:.1f} ms")

    def page():
        response = client.get("/finance/")
        assert response.status_code == 200, response.status_code

    _accounts(0, 50, actor=actor, team=team, start=start)
    for count in (50, 500):
        if count == 500:
            _accounts(50, 450, actor=actor, team=team, start=start)
        with CaptureQueriesContext(connection) as captured:
            page()
        report(f"finance home, {count} direct payment accounts ({len(captured)} queries)", median_seconds(page, repeat=5), baseline)
    cases = [a.case for a in LedgerAccount.objects.filter(key="direct_payment").select_related("case").order_by("reference")[:500]]
    report("alerts for 500 accounts, set-based (queries.monitors)", median_seconds(lambda: queries.monitors(cases, today=today), repeat=5),
           baseline)
    report("alerts for 500 accounts, one account at a time (queries.monitor each)",
           median_seconds(lambda: [queries.monitor(c, today=today) for c in cases], repeat=3), baseline)
