"""A GET never changes a record (issue 15, finding 7): it writes only the audit trail, the session and insight's
derived facts (tests/writes.py names each table and why). Every URL pattern in the URL configuration, pages and API, is
asked for with GET by each role, with the identifiers of a council's records at each step of the journey filled in;
no statement sent while it is answered inserts, updates or deletes a row of any other table, and every row of every
other table is the same after as before. (Opening a plan page used to start a draft plan.) RFC 9110 section 9.2.1:
GET is safe; the CSRF defence of ASVS 4.0.3 V4.2.2 (Django's, which checks only unsafe methods) rests on it.

Insight's facts are not worked out before the walk: the dashboards work them out on their first read, and that is
what the walk sees (allowed: tests/writes.DERIVED)."""

import datetime
import re

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

from selfdirect.charging import actions as charging
from selfdirect.money import actions as money
from selfdirect.money.models import StatementLine
from selfdirect.people import actions as people_actions
from selfdirect.planning import actions as planning
from tests import writes
from tests.charging.inputs import assessment_input

# What a GET may write (each table, and why, in tests/writes.py): the request's own bookkeeping (the audit trail, the
# session) and insight's facts, a cache derived from the records and worked out on the first read after a change.
MAY_CHANGE = {**writes.BOOKKEEPING, **writes.DERIVED}


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
                                      kind="consent", scope="welfare_and_property", evidence_reference="Consent form", user=council.family,
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


# Each role with the people whose pages it is walked over: casework roles every step, the others the live budget.
ROLES = {"worker": None, "manager": None, "admin": None, "finance": 1, "holder": 1, "family": 1, "provider": 1,
         "commissioner": 1, "researcher": 1}


@pytest.mark.parametrize("who", ROLES)
def test_no_get_of_any_page_or_api_changes_a_record(council, journey, signed_in, who):
    user = getattr(council, who)
    people = journey["people"][: ROLES[who]]
    client = signed_in(user)
    client.raise_request_exception = False  # a page that fails is another test's business; a write is this one's
    changed, shown, before = [], 0, writes.digest(MAY_CHANGE)
    for path in paths(journey, people):
        if "_auth_user_id" not in client.session:  # signing out is a GET too
            client = signed_in(user)  # which writes the account's last sign-in, so the rows are taken after it
            before = writes.digest(MAY_CHANGE)
        with writes.watch(MAY_CHANGE) as seen:
            shown += client.get(path).status_code == 200
        after = writes.digest(MAY_CHANGE)
        differ, before = writes.changed(before, after), after
        if seen or differ:
            changed.append(f"GET {path} as {who} wrote (tables whose rows differ: {differ}):\n{seen}")
    assert not changed, "\n".join(changed)
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


@pytest.mark.parametrize(("sql", "found"), [
    ('SELECT "people_person"."id" FROM "people_person" FOR UPDATE', []),
    ('SAVEPOINT "s1"', []),
    ('INSERT INTO "audit_auditevent" ("what") VALUES (%s)', [("insert", "audit_auditevent")]),
    ('UPDATE "people_person" SET "first_name" = %s', [("change", "people_person")]),
    ('DELETE FROM "people_person" WHERE "id" = %s', [("change", "people_person")]),
    ("INSERT OR REPLACE INTO people_person SELECT * FROM people_person", [("change", "people_person")]),
    ("INSERT OR IGNORE INTO audit_auditevent (what) VALUES (1)", [("change", "audit_auditevent")]),
    ("REPLACE INTO people_person VALUES (1)", [("change", "people_person")]),
    ("UPDATE OR ROLLBACK people_person SET first_name = 'x'", [("change", "people_person")]),
    ('INSERT INTO "x" ("a") VALUES (1) ON CONFLICT ("a") DO UPDATE SET "a" = 2', [("change", "x")]),
    ("WITH gone AS (SELECT 1) DELETE FROM people_person WHERE id IN gone", [("change", "people_person")]),
    ("WITH seen AS (SELECT 1) SELECT * FROM seen", []),
    ("/* a comment */ TRUNCATE TABLE people_person", [("change", "people_person")]),
    ("DROP TABLE people_person", [("change", "?")]),
])
def test_every_kind_of_write_is_told_from_a_read(sql, found):
    assert writes.written_tables(sql) == found


def test_the_nets_catch_an_update_a_raw_write_and_a_changed_audit_event(council):
    """What counting rows missed: an UPDATE, and a write past Django's cursor; and an audit event changed, not added."""
    from selfdirect.people.models import Person

    person = council.person()
    before = writes.digest(MAY_CHANGE)
    with writes.watch(MAY_CHANGE) as seen:
        Person.objects.filter(pk=person.pk).update(first_name="Changed")
    assert [table for table, _ in seen] == ["people_person"]
    assert writes.changed(before, writes.digest(MAY_CHANGE)) == ["people_person"]

    before = writes.digest(MAY_CHANGE)
    with writes.watch(MAY_CHANGE) as seen:
        raw = connection.connection.cursor()  # the DB-API connection, past Django's execute wrappers
        raw.execute(f"UPDATE people_person SET first_name = 'Raw' WHERE id = {int(person.pk)}")  # noqa: S608
    assert list(seen) == []
    assert writes.changed(before, writes.digest(MAY_CHANGE)) == ["people_person"]

    with writes.watch(MAY_CHANGE) as seen, connection.cursor() as cursor:
        cursor.execute('SELECT 1 FROM "audit_auditevent" WHERE 0 = 1')  # a read
        assert list(seen) == []
        cursor.execute('UPDATE "audit_auditevent" SET "what" = %s WHERE 0 = 1', ["Changed"])  # no row, no trigger
    assert [table for table, _ in seen] == ["audit_auditevent"]
