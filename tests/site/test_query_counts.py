"""No list page asks more queries for more rows (issue 14): each page is read with one round of rows and again with
two, and asks the same number of queries both times. The rows are made with the pages' own actions, through the
`council` fixture; the money pages and the payment run are in tests/money/test_query_counts.py."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from selfdirect.accounts.models import User
from selfdirect.charging import actions as charging
from selfdirect.core.roles import Role
from selfdirect.journey.models import Case
from selfdirect.people import actions as people_actions
from selfdirect.people.access import ADVISER_RELATIONSHIP
from selfdirect.planning import actions as planning
from selfdirect.planning import queries as plans

NAME = "Rowan"  # every person the rows add is called this, so a page's rows can be counted in its text
_numbers = itertools.count(1)


def add_rows(council) -> list:
    """One round of rows for every list page: a person at each step of the journey (referral; assessed; a plan waiting
    for the manager; a plan returned; suggestions from the family waiting), a live budget that shares its plan and
    has a financial assessment asked for and a review overdue, an approved direct payment for something the rules
    say no to, with the worker's reason; family and an adviser acting for three of them; and a sign-in. Returns the people made."""
    made = [council.person(last_name=NAME, consents=("research",))]
    assessed = council.person(last_name=NAME)
    council.assess(assessed)
    made.append(assessed)
    waiting = council.person(last_name=NAME)
    council.assess(waiting)
    council.plan(waiting)
    council.submit(waiting)
    made.append(waiting)
    returned = council.person(last_name=NAME)
    council.assess(returned)
    council.plan(returned)
    council.submit(returned)
    planning.return_plan(council.case(returned), actor=council.manager, comment="Add the contingency plan")
    made.append(returned)
    suggested = council.person(last_name=NAME)
    council.assess(suggested)
    planning.start_plan(council.case(suggested), actor=council.worker)
    planning.propose(council.case(suggested), actor=council.family, kind="outcome", details={"in_own_words": "I want to garden"})
    made.append(suggested)
    live = council.live_person(last_name=NAME, consents=("research", "plan_examples"))
    charging.request_assessment(live, actor=council.worker)
    Case.objects.filter(person=live).update(next_review_on=timezone.localdate() - datetime.timedelta(days=3))
    plan = plans.approved_plan_for(council.case(live))
    planning.share_example(plan, actor=council.worker, title=f"Help at home {next(_numbers)}", outcome="I want to stay at home",
                           how_met="Help with personal care")
    made.append(live)
    rent = council.person(last_name=NAME)
    council.assess(rent)
    council.plan(rent, quantity="12")
    planning.add_item(council.case(rent), actor=council.worker, description="Rent for my flat", supplier_kind="other",
                      unit="week", unit_cost_pence=6000, quantity="1", period="weekly")
    council.submit(rent)
    council.approve(rent)
    case = council.case(rent)
    refused = [i for i in plans.approved_plan_for(case).items.all() if i.description == "Rent for my flat"]
    planning.organise_money(case, actor=council.worker, delivery_option="direct_payment",
                            reasons={refused[0].pk: "Tenancy at risk while housing benefit is decided"})
    made.append(rent)
    for person, user, relationship in ((live, council.family, "Son or daughter"), (suggested, council.family, "Son or daughter"),
                                       (waiting, council.adviser, ADVISER_RELATIONSHIP)):
        people_actions.add_representative(person, actor=council.worker, name="Frank Rowan", relationship=relationship,
                                          kind="consent", scope="welfare_and_property", evidence_reference="Consent form", user=user,
                                          starts_on=datetime.date(2026, 1, 1))
    User.objects.create_user(username=f"rowan.worker.{next(_numbers)}", password="a-long-test-password",
                             role=Role.SOCIAL_WORKER, team=council.north)
    return made


def rows_in(body: str) -> int:
    return body.count(NAME)


def users_in(body: str) -> int:
    return body.count("rowan.worker")


def records_in(body: str) -> int:
    return body.count("EX0")  # the audit trail names each person by their record number


def examples_in(body: str) -> int:
    return body.count("Help at home ")


# (who, page, how its rows are counted in its text, or None for a page of figures only)
PAGES = [
    ("worker", "/", rows_in),
    ("manager", "/", rows_in),
    ("admin", "/", rows_in),
    ("finance", "/", rows_in),
    ("commissioner", "/", None),
    ("researcher", "/", None),  # their research projects, never people (issue 15, finding 1)
    ("provider", "/", rows_in),
    ("family", "/", rows_in),
    ("adviser", "/", rows_in),
    ("worker", "/people/", rows_in),
    ("finance", "/people/", rows_in),
    ("manager", f"/people/?q={NAME}", rows_in),
    ("manager", "/audit/?action=create", records_in),
    ("admin", "/audit/?action=create", records_in),
    ("commissioner", "/insight/take-up/", None),
    ("commissioner", "/insight/journey-times/", None),
    ("commissioner", "/insight/choice-offered/", None),
    ("commissioner", "/insight/money/", None),
    ("manager", "/insight/take-up/", None),
    ("finance", "/finance/assessment-requests/", rows_in),
    ("admin", "/accounts/", users_in),
    ("manager", "/plans/choices/", rows_in),
    ("commissioner", "/plans/choices/", None),
    ("admin", "/allocation/", None),
    ("admin", "/allocation/fairness/", None),
    ("worker", "/plans/examples/", examples_in),
    ("admin", "/dashboards/", None),
]


def read(client, user, url) -> tuple[int, str]:
    client.force_login(user)
    assert client.get(url).status_code == 200  # a first read may write what later ones reuse (stale insight facts)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize(("who", "url", "count_rows"), PAGES, ids=[f"{who} {url}" for who, url, _ in PAGES])
def test_a_list_page_asks_the_same_queries_for_twice_the_rows(council, client, who, url, count_rows):
    user = getattr(council, who)
    people = add_rows(council)
    once, body = read(client, user, url)
    people += add_rows(council)
    twice, body_twice = read(client, user, url)
    if count_rows is not None:
        assert count_rows(body_twice) > count_rows(body) > 0, "the page should list the rows it was given"
    assert twice == once
