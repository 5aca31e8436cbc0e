import datetime

from django.utils import timezone
from rest_framework.test import APIClient

from selfdirect.people.models import Person

NEW_PERSON = {
    "first_name": "Api", "last_name": "Person", "date_of_birth": "1970-01-01", "nhs_number": "9434765919",
    "gender": "Male", "ethnicity": "A", "postcode": "EX1 2AB", "primary_support_reason": "Mental Health Support",
    "client_group": "mental_health",
    "referral": {"referred_on": "2026-10-01", "route_of_access": "Community / Other route", "reason": "Asked for help"},
}




def test_the_openapi_document_describes_the_api(council, api):
    response = api(council.worker).get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/people/" in paths and "/api/v1/people/{id}/case/transitions/" in paths


def test_a_worker_adds_a_person_and_walks_the_journey_through_the_api(council, api):
    client = api(council.worker)
    made = client.post("/api/v1/people/", {**NEW_PERSON, "team": council.north.pk}, format="json")
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert client.post(f"/api/v1/people/{pk}/case/transitions/", {"transition": "start_assessment"}, format="json").status_code == 200
    assessment = {"arises_from_impairment": True,
                  "findings": [{"outcome": code, "meanings": ["without_assistance"], "evidence": "Seen"}
                               for code in ["nutrition", "community"]],
                  "significant_impact_on_wellbeing": True, "wellbeing_areas": ["health"], "indicative_weekly_pence": 15000,
                  "indicative_reason": "Table"}
    assert client.post(f"/api/v1/people/{pk}/assessment/", assessment, format="json").status_code == 201
    assert client.post(f"/api/v1/people/{pk}/plan/outcomes/", {"in_own_words": "Work again"}, format="json").status_code == 201
    item = {"description": "Job coach", "supplier_kind": "personal_assistant", "unit": "hour", "unit_cost_pence": 1500,
            "quantity": "4", "period": "weekly"}
    assert client.post(f"/api/v1/people/{pk}/plan/items/", item, format="json").json()["weekly_cost_pence"] == 6000
    assert client.post(f"/api/v1/people/{pk}/plan/submit/", format="json").status_code == 409  # £60 against £150
    reason = {"difference_reason": "A job coach for four hours is all he wants for now"}
    assert client.patch(f"/api/v1/people/{pk}/plan/", reason, format="json").status_code == 200
    assert client.post(f"/api/v1/people/{pk}/plan/submit/", format="json").status_code == 200
    refused = client.post(f"/api/v1/people/{pk}/plan/decision/", {"decision": "approve"}, format="json")
    assert refused.status_code == 403
    manager = api(council.manager)
    assert manager.post(f"/api/v1/people/{pk}/plan/decision/", {"decision": "approve"}, format="json").status_code == 200
    client = api(council.worker)
    for option in ["council_managed", "individual_service_fund", "mixed"]:
        assert client.post(f"/api/v1/people/{pk}/money/choices/", {"option": option, "offered": True, "how": "leaflet",
                                                                   "decision": "declined"}, format="json").status_code == 201
    refused = client.post(f"/api/v1/people/{pk}/money/choices/", {"option": "direct_payment", "offered": False}, format="json")
    assert refused.status_code == 400 and "not offered" in refused.json()["detail"]
    client.post(f"/api/v1/people/{pk}/money/choices/", {"option": "direct_payment", "offered": True, "how": "conversation",
                                                        "decision": "chosen"}, format="json")
    money = client.post(f"/api/v1/people/{pk}/money/", {"delivery_option": "direct_payment"}, format="json")
    assert money.json()["weekly_total_pence"] == 6000 and money.json()["delivery_option"] == "direct_payment"
    early = client.post(f"/api/v1/people/{pk}/money/start/", {"starts_on": "2026-11-02"}, format="json")
    assert early.status_code == 409 and "direct payment" in early.json()["detail"]
    bad = client.post(f"/api/v1/people/{pk}/money/direct-payment/", {"recipient": "person", "sort_code": "12"}, format="json")
    assert bad.status_code == 400 and "sort_code" in bad.json()["errors"]
    client.post(f"/api/v1/people/{pk}/money/direct-payment/", {
        "recipient": "person", "capacity_and_consent": True, "agreement_signed_on": "2026-10-30", "account_kind": "bank",
        "account_name": "A Person", "sort_code": "30-99-50", "account_number": "12345678", "employer_responsibilities": True,
        "support_organisation_offered": True}, format="json")
    item_id = money.json()["items"][0]["id"]
    assert client.post(f"/api/v1/people/{pk}/money/items/{item_id}/arrange/",
                       {"arranged_with": "Sam, a personal assistant", "starts_on": "2026-11-02"}, format="json").status_code == 200
    assert client.post(f"/api/v1/people/{pk}/money/start/", {"starts_on": "2026-11-02"}, format="json").status_code == 200
    case = client.get(f"/api/v1/people/{pk}/case/").json()
    # The first review counts from the plan's sign-off (approved today in this test), not from support starting.
    signed_off = timezone.localdate()
    assert case["state"] == "live" and case["next_review_on"] == (signed_off + datetime.timedelta(weeks=8)).isoformat()


def test_bad_input_is_a_problem_document_naming_each_field_and_nothing_is_written(council, api):
    bad = {**NEW_PERSON, "team": council.north.pk, "nhs_number": "9434765918", "postcode": "nowhere",
           "date_of_birth": "2999-01-01", "gender": "Martian"}
    response = api(council.worker).post("/api/v1/people/", bad, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert {"nhs_number", "postcode", "date_of_birth"} <= set(errors)
    assert "check digit" in errors["nhs_number"][0]
    assert not Person.objects.exists()


def test_the_api_says_what_is_wrong_in_govuk_style(council, api):
    bad = {**NEW_PERSON, "team": council.north.pk, "first_name": "x" * 5000, "last_name": "",
           "referral": {**NEW_PERSON["referral"], "referred_on": "yesterday"}}
    errors = api(council.worker).post("/api/v1/people/", bad, format="json").json()["errors"]
    assert errors["first_name"] == ["First name must be 100 characters or less"]
    assert errors["last_name"] == ["Enter last name"]
    assert errors["referral.referred_on"] == ["Referred on must be a real date, like 2026-12-02"]
    assert not Person.objects.exists()


def test_a_skipped_step_is_a_conflict_with_the_reason(council, api):
    person = council.person()
    response = api(council.worker).post(f"/api/v1/people/{person.pk}/plan/submit/", format="json")
    assert response.status_code == 409
    assert "Referral received" in response.json()["detail"]


def test_the_api_applies_the_same_object_rules_as_the_pages(council, api):
    person = council.live_person(user=council.holder)
    assert api(council.south_worker).get(f"/api/v1/people/{person.pk}/").status_code == 404
    assert api(council.other_holder).get(f"/api/v1/people/{person.pk}/").status_code == 404
    assert api(council.holder).get(f"/api/v1/people/{person.pk}/").status_code == 200
    assert api(council.commissioner).get("/api/v1/people/").status_code == 403
    assert api(council.provider).get(f"/api/v1/people/{person.pk}/plan/").status_code == 403
    listed = api(council.south_worker).get("/api/v1/people/").json()
    assert listed["count"] == 0
    assert api(council.holder).post(f"/api/v1/people/{person.pk}/case/transitions/", {"transition": "start_review"},
                                     format="json").status_code == 403


def test_unauthenticated_requests_are_refused(council):
    assert APIClient().get("/api/v1/people/").status_code in {401, 403}
