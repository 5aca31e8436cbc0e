"""The what-if for a council of 100,000 open cases: reading the caseload's points and budgets, and working out who
rises and falls under a new price per point. Baseline: one query that counts the same rows."""

import datetime
import random

from bench.timing import median_seconds, report


def _council(people):
    from django.db import connection

    from selfdirect.accounts.models import Team, User
    from selfdirect.allocation import queries
    from selfdirect.allocation.models import IndicativeBudget
    from selfdirect.assessment.models import SelfAssessment
    from selfdirect.journey.models import Case
    from selfdirect.people.models import Person

    rng = random.Random(1)
    team = Team.objects.create(name="Bench team")
    actor = User.objects.create(username="bench", role="finance_officer")
    table = queries.current_table()
    Person.objects.bulk_create([Person(la_person_id=f"B{i:07d}", first_name="B", last_name=str(i), date_of_birth=datetime.date(1950, 1, 1),
                                       gender="Female", ethnicity="A", postcode="EX1 1AA", primary_support_reason="Unknown",
                                       client_group="older_people", team=team) for i in range(people)], batch_size=5000)
    person_ids = list(Person.objects.values_list("id", flat=True))
    Case.objects.bulk_create([Case(person_id=p, state="live", referred_on=datetime.date(2025, 1, 1), route_of_access="x",
                                   referral_reason="x") for p in person_ids], batch_size=5000)
    case_ids = list(Case.objects.values_list("id", flat=True))
    SelfAssessment.objects.bulk_create([SelfAssessment(case_id=c, questionnaire="adult-v1", kind="agreed", answers={},
                                                       points=rng.randint(0, 100), by_domain={}, completed_by=actor)
                                        for c in case_ids], batch_size=5000)
    saq = dict(SelfAssessment.objects.values_list("case_id", "id"))
    points = dict(SelfAssessment.objects.values_list("case_id", "points"))
    IndicativeBudget.objects.bulk_create([IndicativeBudget(case_id=c, self_assessment_id=saq[c], table=table, points=points[c],
                                                           weekly_pence=points[c] * 650, lines=[], created_by=actor)
                                          for c in case_ids], batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE") if connection.vendor == "sqlite" else None


def run(people=100_000):
    from selfdirect.allocation import queries, ras
    from selfdirect.allocation.caseload import caseload_arrays
    from selfdirect.allocation.models import IndicativeBudget

    _council(people)
    baseline = median_seconds(lambda: IndicativeBudget.objects.count(), repeat=5)
    points, weekly = caseload_arrays()
    table = queries.current_table().rules
    proposed = ras.Table(**{**table.__dict__, "price_per_point_pence": 700})
    print(f"{len(points)} open cases; baseline (count the rows) {baseline * 1000:.1f} ms")
    report("read the caseload (two columns)", median_seconds(caseload_arrays, repeat=5), baseline)
    report("what-if over the caseload", median_seconds(lambda: ras.what_if(points, weekly, proposed), repeat=5), baseline)
    report("read + what-if (one page request's work)",
           median_seconds(lambda: ras.what_if(*caseload_arrays(), proposed), repeat=5), baseline)
