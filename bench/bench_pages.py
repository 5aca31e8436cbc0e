"""The pages a worker uses most, against the sign-in page (the baseline: a template and no queries of people)."""

import datetime

from django.test import Client

from bench.timing import median_seconds, report


def run(people=2000):
    from selfdirect.accounts.models import User
    from selfdirect.people.models import Person
    from selfdirect.site import demo

    demo.build(people=people, seed=1, today=datetime.date(2026, 11, 23))
    client = Client()
    baseline = median_seconds(lambda: client.get("/sign-in/"))
    client.force_login(User.objects.get(username="worker"))
    person = Person.objects.get(user__username="holder")
    print(f"council of {people} people; baseline (sign-in page) {baseline * 1000:.1f} ms")
    report("worker home (caseload counts)", median_seconds(lambda: client.get("/")), baseline)
    report("people list, first page", median_seconds(lambda: client.get("/people/")), baseline)
    report("person record", median_seconds(lambda: client.get(f"/people/{person.pk}/")), baseline)
