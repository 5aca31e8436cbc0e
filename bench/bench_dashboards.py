"""The four dashboards for a council of 100,000 people with five years of history (`selfdirect demo --people 100000`):
whole page requests as a team manager (one team) and a commissioner (every team), for the default period (the last
twelve months) and for all five years; and what a drill-down costs (the same figures keeping the cases behind each
count). Baseline: one query reading every case's id and referral date, the least any dashboard could do.

BENCH_PEOPLE=20000 python -m bench bench_dashboards runs a smaller council."""

import datetime
import os
import time

from bench.timing import median_seconds, report

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "100000"))


def run(people=PEOPLE):
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from selfdirect.accounts.models import User
    from selfdirect.insight import dashboards
    from selfdirect.insight.records import Filters
    from selfdirect.journey.models import Case

    setup_test_environment()  # the test client's host and cookies
    started = time.perf_counter()
    call_command("demo", people=people, seed=1, stdout=open(os.devnull, "w"))
    print(f"built a council of {Case.objects.count()} cases with `selfdirect demo --people {people}` in "
          f"{time.perf_counter() - started:.0f} s (including working out every case's dashboard facts)")
    started = time.perf_counter()
    call_command("insight", "refresh", stdout=open(os.devnull, "w"))
    print(f"`selfdirect insight refresh` (every case's facts worked out again): {time.perf_counter() - started:.1f} s")
    baseline = median_seconds(lambda: list(Case.objects.values_list("pk", "referred_on")), repeat=5)
    print(f"baseline (read every case's id and referral date): {baseline * 1000:.1f} ms")
    today = timezone.localdate()
    five_years = {"start": (today - datetime.timedelta(days=5 * 365 + 30)).isoformat()}
    for username in ("manager", "commissioner"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for slug in dashboards.DASHBOARDS:
            for label, query in (("last twelve months", {}), ("five years", five_years)):
                def page(s=slug, c=client, q=query):
                    response = c.get(f"/insight/{s}/", q)
                    assert response.status_code == 200, response.status_code
                report(f"{slug} page as the {username}, {label}", median_seconds(page, repeat=3), baseline)
    everyone = Filters(today - datetime.timedelta(days=5 * 365 + 30), today)
    for slug in dashboards.DASHBOARDS:
        report(f"{slug}: five years keeping the cases (a drill-down)",
               median_seconds(lambda s=slug: dashboards.work_out(s, everyone, today=today, keep_cases=True), repeat=3), baseline)
