"""A worker's home: their work in order of urgency, paged; a team manager's: the team's, per worker."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from selfdirect.charging import actions as charging
from selfdirect.journey.models import Case, CaseEvent
from selfdirect.planning import actions as planning


def _people_in_order(body, names):
    """The names, in the order the work table shows them."""
    table = body[body.index('id="work"'):body.index('id="where-cases-are"')]
    found = {name: table.find(f">{name}<") for name in names}
    assert all(pos >= 0 for pos in found.values()), {n: p for n, p in found.items() if p < 0}
    return sorted(names, key=found.get)


def _back_date_step(person, days):
    """The case reached its step `days` ago (as if moved then)."""
    moment = timezone.now() - datetime.timedelta(days=days)
    CaseEvent.objects.filter(case__person=person).update(at=moment)


@pytest.fixture
def caseload(council):
    today = timezone.localdate()
    people = {}
    overdue = council.live_person(first_name="Olive")
    Case.objects.filter(person=overdue).update(next_review_on=today - datetime.timedelta(days=12))
    people["overdue"] = overdue
    returned = council.person(first_name="Rita")
    council.assess(returned)
    council.plan(returned)
    council.submit(returned)
    planning.return_plan(council.case(returned), actor=council.manager, comment="Add the contingency plan")
    people["returned"] = returned
    suggested = council.person(first_name="Sami")
    council.assess(suggested)
    case = council.case(suggested)
    planning.start_plan(case, actor=council.worker)
    for words in ["I want to garden", "I want to see my sister"]:
        planning.propose(case, actor=council.family, kind="outcome", details={"in_own_words": words})
    people["suggested"] = suggested
    asked = council.live_person(first_name="Fay")
    Case.objects.filter(person=asked).update(next_review_on=today + datetime.timedelta(days=60))  # not yet due
    charging.request_assessment(asked, actor=council.worker)
    people["asked"] = asked
    waiting_long = council.person(first_name="Walt")
    _back_date_step(waiting_long, 30)
    people["waiting_long"] = waiting_long
    people["waiting_short"] = council.person(first_name="Wes")
    people["other_team"] = council.person(first_name="Xena", team=council.south)
    managers_own = council.person(first_name="Mona")
    Case.objects.filter(person=managers_own).update(worker=council.manager)
    people["managers_own"] = managers_own
    return people


def test_the_worker_sees_their_work_most_urgent_first(council, caseload, signed_in):
    body = signed_in(council.worker).get("/").content.decode()
    order = ["Olive Evans", "Rita Evans", "Sami Evans", "Fay Evans", "Walt Evans", "Wes Evans"]
    assert _people_in_order(body, order) == order
    assert "Xena Evans" not in body  # another team's
    assert "Mona Evans" not in body  # allocated to the manager


def test_each_row_says_how_long_and_links_to_where_the_work_is_done(council, caseload, signed_in):
    body = signed_in(council.worker).get("/").content.decode()
    p = caseload
    assert "Overdue" in body and "12 days overdue" in body and "govuk-tag--red" in body
    assert f'href="/people/{p["overdue"].pk}/review/"' in body
    assert f'href="/people/{p["returned"].pk}/plan/"' in body and "Plan returned for changes" in body
    assert "2 suggestions from the person or their family" in body
    assert "Financial assessment asked for: with the finance team" in body
    assert f'href="/people/{p["asked"].pk}/charging/"' in body
    assert "30 days at this step" in body and "0 days at this step" in body
    assert f'href="/people/{p["waiting_long"].pk}/"' in body  # at referral: the record, where the assessment starts


def test_a_single_suggestion_links_straight_to_its_response_page(council, signed_in):
    person = council.person(first_name="Uma")
    council.assess(person)
    case = council.case(person)
    made = planning.propose(case, actor=council.family, kind="outcome", details={"in_own_words": "I want to swim"})
    body = signed_in(council.worker).get("/").content.decode()
    assert f'href="/people/{person.pk}/plan/suggestions/{made.pk}/"' in body and "1 suggestion from" in body


def test_a_case_is_listed_once_under_its_most_urgent_work(council, caseload, signed_in):
    body = signed_in(council.worker).get("/").content.decode()
    table = body[body.index('id="work"'):body.index('id="where-cases-are"')]
    assert table.count(">Rita Evans<") == 1 and table.count(">Sami Evans<") == 1


def test_the_manager_sees_the_team_per_worker_with_counts_and_a_filter(council, caseload, signed_in):
    client = signed_in(council.manager)
    body = client.get("/").content.decode()
    assert "Mona Evans" in body and "Olive Evans" in body and "Xena Evans" not in body
    assert "Worker (6)" in body and "Manager (1)" in body and "Everyone (7)" in body
    mine = client.get(f"/?worker={council.manager.pk}").content.decode()
    table = mine[mine.index('id="work"'):mine.index('id="where-cases-are"')]
    assert "Mona Evans" in table and "Olive Evans" not in table
    # at agreement, the manager's link is to agree the plan
    person = council.person(first_name="Abe")
    council.assess(person)
    council.plan(person)
    council.submit(person)
    assert f'href="/people/{person.pk}/plan/decision/"' in client.get("/").content.decode()
    assert f'href="/people/{person.pk}/plan/decision/"' not in signed_in(council.worker).get("/").content.decode()


def test_an_unallocated_case_shows_for_the_manager_only(council, signed_in):
    person = council.person(first_name="Nell")
    Case.objects.filter(person=person).update(worker=None)
    manager = signed_in(council.manager).get("/?worker=none").content.decode()
    assert "Nell Evans" in manager and "Not allocated (1)" in manager
    assert "Nell Evans" not in signed_in(council.worker).get("/").content.decode()


def test_the_work_is_paged(council, signed_in):
    for index in range(27):
        council.person(first_name=f"P{index:02d}")
    client = signed_in(council.worker)
    first = client.get("/").content.decode()
    assert "27 things to do" in first and "govuk-pagination" in first and 'href="?page=2#work"' in first
    second = client.get("/?page=2").content.decode()
    rows = lambda body: re.findall(r">(P\d\d) Evans<", body[body.index('id="work"'):body.index('id="where-cases-are"')])  # noqa: E731
    assert len(rows(first)) == 25 and len(rows(second)) == 2
    assert not set(rows(first)) & set(rows(second))


def test_the_home_page_asks_the_same_few_queries_however_big_the_caseload(council, signed_in):
    client = signed_in(council.worker)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    council.live_person(first_name="One")
    council.person(first_name="Two")
    small = count()
    for name in ["Three", "Four", "Five"]:
        charging.request_assessment(council.live_person(first_name=name), actor=council.worker)
    for name in ["Six", "Seven", "Eight"]:
        council.person(first_name=name)
    Case.objects.filter(state="live").update(next_review_on=timezone.localdate() - datetime.timedelta(days=3))
    assert count() == small


def test_the_step_counts_stay_on_the_home_page(council, caseload, signed_in):
    body = signed_in(council.worker).get("/").content.decode()
    assert "cases: where they are" in body and "Your team" in body
