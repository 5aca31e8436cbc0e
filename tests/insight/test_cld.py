"""The Client Level Data return: one row per event, fields in the specification's order, values from the code lists,
and an invalid file refused naming every problem."""

import csv
import datetime
import io

import pytest

from selfdirect.insight import cld, queries

D = datetime.date


def _read(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_an_invalid_record_is_refused_naming_the_person_and_each_field():
    row = {"LA Code": "E1", "Reporting Period Start Date": D(2026, 4, 1), "Reporting Period End Date": D(2026, 6, 30),
           "LA Person Unique Identifier": "EX000009", "Gender": "Female", "Date of Birth": D(1950, 1, 1),
           "Client Type": "Service User", "Primary Support Reason": "Feeling a bit low", "Event Type": "Service",
           "Event Reference": "S1", "Event Start Date": D(2026, 5, 1), "Service Type": "Long Term Support: Community",
           "Delivery Mechanism": "Direct Payment"}
    lists = {"Primary Support Reason": {"Mental Health Support"}, "Delivery Mechanism": {"Direct Payment"}}
    with pytest.raises(cld.InvalidReturn) as refused:
        cld.render([row, {**row, "Event Reference": "S1", "Event End Date": D(2026, 4, 1)}], lists)
    said = [str(p) for p in refused.value.problems]
    assert "EX000009, Primary Support Reason: 'Feeling a bit low' is not in the code list" in said
    assert any(s.startswith("EX000009, Unit Cost: missing") for s in said)
    assert "EX000009, Event Reference: 'S1' is used by more than one event" in said
    assert "EX000009, Event End Date: before the Event Start Date" in said


def test_cost_per_week_follows_the_cost_frequency():
    assert cld.cost_per_week_pence(5200, "Annually") == 100
    assert cld.cost_per_week_pence(1000, "Four-weekly") == 250
    assert cld.cost_per_week_pence(1500, "Hourly", 10) == 15000


def test_a_mixed_budget_gives_one_service_row_per_delivery_mechanism(council):
    from selfdirect.planning import actions

    person = council.person()
    council.assess(person)
    council.plan(person)
    case = council.case(person)
    actions.add_item(case, actor=council.worker, description="Personal assistant", supplier_kind="personal_assistant",
                     unit="hour", unit_cost_pence=1500, quantity="4", period="weekly")
    council.submit(person)
    council.approve(person)
    case = council.case(person)
    agency, pa = case.plans.get().items.order_by("id")
    actions.organise_money(case, actor=council.worker, deliveries={agency.pk: "individual_service_fund", pa.pk: "direct_payment"})
    for option in ["council_managed", "individual_service_fund", "direct_payment", "mixed"]:
        actions.record_choice(case, actor=council.worker, option=option, offered=True, how="leaflet", decision="declined")
    from selfdirect.planning import actions as plan_actions

    plan_actions.save_direct_payment_setup(case, actor=council.worker, recipient="person", capacity_and_consent=True,
                                           agreement_signed_on=D(2026, 1, 20), account_kind="prepaid", account_name="Card",
                                           employer_responsibilities=True, support_organisation_offered=True)
    for item in (agency, pa):
        plan_actions.arrange_item(case, item.pk, actor=council.worker, arranged_with="Someone", starts_on=D(2026, 2, 1))
    plan_actions.start_support(case, actor=council.worker)
    rows = _read(queries.export(D(2026, 1, 1), D(2026, 3, 31)))
    assert [r["Event Type"] for r in rows].count("Request") == 1
    services_rows = {r["Delivery Mechanism"]: r for r in rows if r["Event Type"] == "Service"}
    assert set(services_rows) == {"Direct Payment", "CASSR Managed Personal Budget"}  # the ISF maps by setting
    assert services_rows["Direct Payment"]["Unit Cost"] == "60.00" and services_rows["Direct Payment"]["Cost Frequency (Unit Type)"] == "Weekly"
    assert services_rows["CASSR Managed Personal Budget"]["Unit Cost"] == "200.00"
    assert list(rows[0].keys()) == cld.FIELDS and rows[0]["Date of Birth"] == "1950-03-04"
    request = next(r for r in rows if r["Event Type"] == "Request")
    assert request["Request: Route of Access"] == "Community / Other route"  # the specification's header
    assert "Route of Access" not in rows[0]


def test_a_route_of_access_outside_the_code_list_is_named_under_the_specifications_header(council):
    person = council.person()
    council.case(person).__class__.objects.filter(pk=council.case(person).pk).update(route_of_access="By pigeon")
    with pytest.raises(cld.InvalidReturn) as refused:
        queries.export(D(2026, 1, 1), D(2026, 3, 31))
    assert any(p.field == "Request: Route of Access" and "By pigeon" in p.message for p in refused.value.problems)


def test_the_demo_councils_return_passes_its_own_validation(code_lists):
    from selfdirect.site import demo

    demo.build(people=40, seed=3, today=D(2026, 11, 23))
    today = datetime.date.today()
    text = queries.export(D(2025, 1, 1), max(today, D(2026, 12, 31)))
    rows = _read(text)
    assert {"Request", "Service"} <= {r["Event Type"] for r in rows}
    assert all(r["LA Code"] == "E10000999" for r in rows)


def test_a_commissioner_downloads_the_return_or_sees_each_problem(council, client):
    from selfdirect.people.models import Person

    person = council.live_person()
    client.force_login(council.commissioner)
    period = {"start_0": "1", "start_1": "1", "start_2": "2026", "end_0": "31", "end_1": "3", "end_2": "2026"}
    response = client.post("/insight/cld/", period)
    assert response["Content-Type"].startswith("text/csv") and b"LA Code,Reporting Period Start Date" in response.content
    Person.objects.filter(pk=person.pk).update(primary_support_reason="Not a real reason")
    response = client.post("/insight/cld/", period)
    body = response.content.decode()
    assert response.status_code == 400 and "no file was produced" in body
    assert "EX000001, Primary Support Reason: &#39;Not a real reason&#39; is not in the code list" in body
    client.force_login(council.worker)
    assert client.get("/insight/cld/").status_code == 403
