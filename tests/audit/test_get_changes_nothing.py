"""A GET never changes a record (issue 15, finding 7): it writes only the audit trail. Every URL pattern in the URL
configuration, pages and API, is asked for with GET by each role, with the identifiers of a council's records at each
step of the journey filled in; the number of rows in every table but the audit trail's and the sessions' is the same
after as before. (Opening a plan page used to start a draft plan.) RFC 9110 section 9.2.1: GET is safe; the CSRF
defence of ASVS 4.0.3 V4.2.2 (Django's, which checks only unsafe methods) rests on it."""

import datetime
import re

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

from selfdirect.charging import actions as charging
from selfdirect.insight import facts
from selfdirect.money import actions as money
from selfdirect.money.models import StatementLine
from selfdirect.people import actions as people_actions
from selfdirect.planning import actions as planning
from tests.charging.inputs import assessment_input

# What a GET may write: the audit trail (and its purge permit, which is never left behind) and the session.
MAY_CHANGE = {"audit_auditevent", "audit_purgepermit", "django_session"}


def routes() -> list[str]:
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    return sorted(set(walk(get_resolver().url_patterns)))


@pytest.fixture
def journey(council):
    """People at each step a worker's pages show (a first plan not yet started, a plan with a suggestion waiting, a
    plan waiting for agreement, a live direct payment paid, with a statement, spending, a financial assessment, a
    request to finance and a family member acting), and the identifiers of their records by URL parameter."""
    live = council.live_person(user=council.holder)
    case = council.case(live)
    people_actions.add_representative(live, actor=council.worker, name="Frank Evans", relationship="Son or daughter",
                                      legal_basis="consent", evidence="Consent form", user=council.family,
                                      starts_on=datetime.date(2026, 1, 1))
    assessment = charging.record_assessment(live, assessment_input(live), actor=council.finance)
    asked = charging.request_assessment(live, actor=council.worker)
    run, _ = money.pay(datetime.date(2026, 1, 20), actor=council.finance)
    item = case.plans.get().items.get()
    spent = money.record_spending(case, actor=council.finance, spent_on=datetime.date(2026, 2, 2), payee="Sam Okafor",
                                  amount_pence=2000, item=item, hours=1)
    money.import_statement("Date,Description,Amount\n2026-02-04,BETTING SHOP,-10.00\n", name="s.csv",
                           actor=council.finance, account_ref=money.account_reference(case))
    first_plan = council.person(first_name="Fay")
    council.assess(first_plan)  # at the planning step, no plan started
    suggested = council.person(first_name="Sue", user=council.other_holder)
    council.assess(suggested)
    proposal = planning.propose(council.case(suggested), actor=council.other_holder, kind="outcome",
                                details={"in_own_words": "I want to garden"})
    waiting = council.person(first_name="Wyn")
    council.assess(waiting)
    council.plan(waiting)
    council.submit(waiting)
    facts.ensure_fresh()  # the dashboards' facts, worked out once: a GET then finds nothing stale to work out
    ids = {"rep_pk": live.representatives.get().pk, "item_pk": item.pk, "request_pk": asked.pk,
           "assessment_pk": assessment.pk, "record_pk": spent.pk, "run_pk": run.pk,
           "line_pk": StatementLine.objects.get().pk, "proposal_pk": proposal.pk, "token_pk": 1,
           "token": "not-a-real-token", "step": "about", "name": "ethnicity", "slug": "take-up",
           "domain": "personal_care"}
    return {"people": [live, first_plan, suggested, waiting], "ids": ids}


def paths(journey, people) -> list[str]:
    found = []
    for route in routes():
        if "<" not in route:
            found.append("/" + route)
            continue
        for person in (people if "<int:pk>" in route else people[:1]):
            def value(match, person=person):
                name = match.group(2)
                return str(person.pk) if name == "pk" else str(journey["ids"].get(name, 1))

            found.append("/" + re.sub(r"<(\w+:)?(\w+)>", value, route))
    return found


def row_counts() -> dict[str, int]:
    tables = [t for t in connection.introspection.table_names() if t not in MAY_CHANGE]
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {quote(t)}" for t in tables)  # noqa: S608 (table names)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


# Each role with the people whose pages it is walked over: casework roles every step, the others the live budget.
ROLES = {"worker": None, "manager": None, "admin": None, "finance": 1, "holder": 1, "family": 1, "provider": 1,
         "commissioner": 1, "researcher": 1}


@pytest.mark.parametrize("who", ROLES)
def test_no_get_of_any_page_or_api_changes_a_record(council, journey, signed_in, who):
    user = getattr(council, who)
    people = journey["people"][: ROLES[who]]
    client = signed_in(user)
    client.raise_request_exception = False  # a page that fails is another test's business; a write is this one's
    changed, shown = [], 0
    for path in paths(journey, people):
        if "_auth_user_id" not in client.session:  # signing out is a GET too
            client = signed_in(user)
        before = row_counts()
        shown += client.get(path).status_code == 200
        after = row_counts()
        if after != before:
            changed.append((path, {t: after[t] - before[t] for t in after if after[t] != before[t]}))
    assert changed == []
    assert shown >= 10, "the walk should open pages, not only be refused or sent to sign in"


def test_a_new_version_of_an_agreed_plan_is_started_by_a_post_not_by_opening_the_page(council, signed_in):
    from selfdirect.journey import actions as journey
    from selfdirect.planning.models import SupportPlan

    person = council.person()
    council.assess(person)
    council.plan(person)
    council.submit(person)
    council.approve(person)  # the case moves on to organising the money
    journey.move(council.case(person), "step_back", actor=council.worker, reason="The person wants to change the plan")
    client = signed_in(council.worker)
    url = f"/people/{person.pk}/plan/"

    body = client.get(url).content.decode()
    assert "Start a new version of the plan" in body and "Add outcome" not in body
    assert SupportPlan.objects.filter(case__person=person).count() == 1
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # a second press starts nothing more
    assert list(SupportPlan.objects.filter(case__person=person).order_by("version").values_list("version", "status")) == [
        (1, "approved"), (2, "draft")]
    assert "Add outcome" in client.get(url).content.decode()
    assert signed_in(council.finance).post(url).status_code in {403, 404}
