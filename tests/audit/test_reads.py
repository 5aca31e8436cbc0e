"""Every read of a person's data leaves a trace (issue 15, finding 7): each person a list page, an API list, a
drill-down, a payment file or a finance page shows gets an audit event of their own; a refusal is stored with the
person asked for and the page refused, and a refused page is never recorded as "Opened the record"; every event holds
the client address and a one-way hash of the session. ASVS 4.0.3 V7.1.1, V7.1.3, V7.1.4, V7.2.2, V8.3.x."""

import datetime
import hashlib

import pytest
from django.utils import timezone

from selfdirect.audit.models import AuditEvent
from selfdirect.charging import actions as charging
from selfdirect.money import actions as money
from selfdirect.money.models import PaymentRun

D = datetime.date


def read_rows(actor, **where):
    return AuditEvent.objects.filter(actor=actor, **where)


def people_read(actor, since_id, action="read") -> set[int]:
    return set(read_rows(actor, id__gt=since_id, action=action).values_list("person_id", flat=True))


def last_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture
def north(council):
    """Three people in the North team at different steps (one live, with a direct payment paid by a run), one in the
    South team."""
    live = council.live_person(first_name="Ada", last_name="Lovelace")
    assessed = council.person(first_name="Grace", last_name="Hopper")
    council.assess(assessed)
    referred = council.person(first_name="Alan", last_name="Turing")
    council.person(team=council.south, first_name="Karen", last_name="Jones")
    return [live, assessed, referred]


def test_the_people_api_writes_a_read_for_each_person_it_lists(council, north, api):
    start = last_id()
    body = api(council.worker).get("/api/v1/people/").json()
    listed = {row["id"] for row in body["results"]}
    assert listed == {p.pk for p in north}
    assert people_read(council.worker, start) == listed
    assert set(read_rows(council.worker, id__gt=start).values_list("channel", "what")) == {("api", "Listed people")}


def test_the_people_list_page_writes_a_read_for_each_person_on_the_page(council, north, signed_in):
    start = last_id()
    assert signed_in(council.worker).get("/people/").status_code == 200
    assert people_read(council.worker, start) == {p.pk for p in north}


def test_a_drill_down_writes_a_read_for_each_person_behind_the_figure(council, north, signed_in):
    client = signed_in(council.manager)
    period = {"start": "2020-01-01", "end": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}
    start = last_id()
    body = client.get("/insight/take-up/", {**period, "drill": "take-up-by-month:0:4"}).content.decode()  # direct payment
    assert "Ada Lovelace" in body
    assert people_read(council.manager, start) == {north[0].pk}


def test_the_payment_file_writes_an_export_for_each_person_it_pays(council, north, signed_in):
    money.pay(D(2026, 1, 20), actor=council.finance)
    run = PaymentRun.objects.get()
    start = last_id()
    response = signed_in(council.finance).get(f"/finance/runs/{run.pk}.csv")
    assert response.status_code == 200
    assert people_read(council.finance, start, action="export") == {north[0].pk}


def test_the_finance_pages_write_a_read_for_each_person_they_list(council, north, signed_in):
    live = north[0]
    case = council.case(live)
    money.pay(D(2026, 1, 20), actor=council.finance)
    money.import_statement("Date,Description,Amount\n2026-02-04,BETTING SHOP,-10.00\n", name="s.csv",
                           actor=council.finance, account_ref=money.account_reference(case))
    charging.request_assessment(north[1], actor=council.worker)
    client = signed_in(council.finance)
    for url, expected in [("/", {live.pk}),  # the finance home: approved budgets
                          ("/finance/reconcile/", {live.pk}),  # lines to match
                          ("/finance/", {live.pk}),  # accounts with alerts
                          ("/finance/assessment-requests/", {north[1].pk})]:
        start = last_id()
        assert client.get(url).status_code == 200, url
        assert people_read(council.finance, start) == expected, url


def test_the_casework_home_writes_a_read_for_each_person_it_names(council, north, signed_in):
    start = last_id()
    body = signed_in(council.worker).get("/").content.decode()
    named = {p.pk for p in north if p.full_name in body}
    assert named and people_read(council.worker, start) == named


def test_a_refusal_is_stored_with_the_person_asked_for_and_the_page(council, north, signed_in):
    person = north[0]
    start = last_id()
    assert signed_in(council.south_worker).get(f"/people/{person.pk}/").status_code == 404
    refusal = AuditEvent.objects.get(id__gt=start, actor=council.south_worker)
    assert refusal.action == "refused" and refusal.person == person
    assert f"/people/{person.pk}/" in refusal.what


@pytest.mark.parametrize("page", ["/people/{pk}/carers/add/", "/people/{pk}/plan/"])
def test_a_page_refused_after_the_record_is_fetched_is_a_refusal_not_a_read(council, north, signed_in, page):
    person = north[0]
    url = page.format(pk=person.pk)
    start = last_id()
    assert signed_in(council.finance).get(url).status_code == 403  # finance may open the record, not change it or plan
    events = list(AuditEvent.objects.filter(id__gt=start, actor=council.finance))
    assert not [e for e in events if e.action == "read" or e.what == "Opened the record"]
    assert [(e.action, e.person_id) for e in events] == [("refused", person.pk)]
    assert url in events[0].what


def test_a_refused_page_with_no_person_is_audited_too(council, signed_in):
    start = last_id()
    assert signed_in(council.commissioner).get("/finance/").status_code == 403
    refusal = AuditEvent.objects.get(id__gt=start)
    assert (refusal.action, refusal.actor, refusal.person, refusal.what) == (
        "refused", council.commissioner, None, "Asked for GET /finance/")


def test_every_event_holds_the_client_address_and_a_one_way_hash_of_the_session(council, north, client):
    client.force_login(council.worker)
    key = client.session.session_key
    client.get(f"/people/{north[0].pk}/", REMOTE_ADDR="203.0.113.9",
               HTTP_X_FORWARDED_FOR="198.51.100.1")  # not trusted: anyone can send it
    event = AuditEvent.objects.get(actor=council.worker, person=north[0], what="Opened the record")
    assert event.address == "203.0.113.9" and event.channel == "web"
    assert event.session == hashlib.sha256(key.encode()).hexdigest()
    assert not AuditEvent.objects.filter(session__contains=key).exists()
    assert not [v for v in AuditEvent.objects.values_list("what", "why") for part in v if key in part]


def test_behind_a_trusted_proxy_the_address_is_the_one_it_saw(council, north, client, settings):
    settings.AUDIT_TRUST_FORWARDED_FOR = True
    client.force_login(council.worker)
    client.get(f"/people/{north[0].pk}/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1, 192.0.2.44")
    event = AuditEvent.objects.get(actor=council.worker, person=north[0], what="Opened the record")
    assert event.address == "192.0.2.44"  # what the proxy saw; the first is the client's own word


def test_an_api_call_records_a_hash_of_its_token(council, north, api):
    client = api(council.worker)
    client.get(f"/api/v1/people/{north[0].pk}/")
    token = client._credentials["HTTP_AUTHORIZATION"].split()[1]
    event = AuditEvent.objects.get(actor=council.worker, person=north[0], what="Opened the record")
    assert event.channel == "api" and event.session == hashlib.sha256(token.encode()).hexdigest()


def test_the_command_line_records_channel_cli_and_no_address(council, north):
    created = AuditEvent.objects.get(person=north[2], what="Created the record")  # the fixture acts outside a request
    assert (created.channel, created.address, created.session) == ("cli", "", "")
