"""Retention's pages and API: an administrator changes the schedule, finds the people due, erases one (a POST, then the
record of what was erased) and holds another's records; every other role is refused, and nothing is changed for them."""

import re

import pytest

from selfdirect.audit.models import AuditEvent
from selfdirect.people.models import Person
from selfdirect.retention.models import Erasure, LegalHold, ScheduleVersion
from tests import writes

pytestmark = pytest.mark.django_db

ERASE = re.compile(r">\s*Erase\s*</button>")
ADMIN_PAGES = ["/retention/", "/retention/schedule/", "/retention/due/", "/retention/holds/"]


def test_an_administrator_finds_the_person_due_and_erases_them(past, council, client,
                                                              django_capture_on_commit_callbacks):
    client.force_login(council.admin)
    for page in ADMIN_PAGES:
        assert client.get(page).status_code == 200, page
    due = client.get("/retention/due/").content.decode()
    assert "Zebedee Quarrington-Vale" in due and "1 April 2023" in due
    assert AuditEvent.objects.filter(person=past.person, what="Listed people past the retention schedule").exists()
    page = client.get(f"/retention/people/{past.person.pk}/").content.decode()
    assert "What erasure would do" in page and "Receipt files (deleted from the disk)" in page and ERASE.search(page)
    unconfirmed = client.post(f"/retention/people/{past.person.pk}/erase/", {})
    assert unconfirmed.status_code == 400 and "Confirm that you understand" in unconfirmed.content.decode()
    assert not Erasure.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"/retention/people/{past.person.pk}/erase/", {"confirm": "on"}, follow=True)
    text = done.content.decode()
    assert "The records are erased" in text and "The record of the erasure" in text and "Version 0" in text
    assert "Quarrington" not in text and f"ERASED-{past.person.pk}" in text
    assert client.get(f"/people/{past.person.pk}/").status_code == 200  # the tombstone's record page still opens
    assert client.get("/retention/").status_code == 200


def test_the_schedule_page_makes_a_new_version(council, client):
    client.force_login(council.admin)
    data = {"care_record": "10", "financial": "6", "receipts": "6", "subject_access": "3", "research_releases": "5",
            "audit_events": "8", "reason": "Board decision of 1 December"}
    assert client.post("/retention/schedule/", {**data, "financial": "0"}).status_code == 400
    assert client.post("/retention/schedule/", data).status_code == 302
    assert ScheduleVersion.objects.get().periods["care_record"] == 10
    again = client.post("/retention/schedule/", data)
    assert again.status_code == 400 and "the same as the schedule in force" in again.content.decode()
    assert "Board decision of 1 December" in client.get("/retention/").content.decode()


def test_holds_are_placed_by_reference_and_lifted_from_the_persons_page(past, council, client):
    client.force_login(council.admin)
    missing = client.post("/retention/holds/", {"reference": "EX999999", "reason": "A claim"})
    assert missing.status_code == 400 and "no one with that council person reference" in missing.content.decode()
    assert client.post("/retention/holds/", {"reference": past.reference, "reason": "A claim, ref C1"}).status_code == 302
    assert "A claim, ref C1" in client.get("/retention/holds/").content.decode()
    held = client.get(f"/retention/people/{past.person.pk}/").content.decode()
    assert "kept: a legal hold (A claim, ref C1)" in held and not ERASE.search(held)
    assert client.post(f"/retention/people/{past.person.pk}/erase/", {"confirm": "on"}).status_code == 400
    assert client.post(f"/retention/people/{past.person.pk}/hold/lift/", {"lift-reason": ""}).status_code == 400
    assert client.post(f"/retention/people/{past.person.pk}/hold/lift/", {"lift-reason": "Settled"}).status_code == 302
    assert LegalHold.objects.get().lifted_on is not None
    assert client.post(f"/retention/people/{past.person.pk}/hold/", {"hold-reason": "Inquiry"}).status_code == 302
    assert LegalHold.objects.filter(lifted_on__isnull=True).get().reason == "Inquiry"


def test_every_other_role_is_refused_and_changes_nothing(past, council, client, api):
    pages = ADMIN_PAGES + [f"/retention/people/{past.person.pk}/"]
    posts = [f"/retention/people/{past.person.pk}/erase/", f"/retention/people/{past.person.pk}/hold/",
             "/retention/holds/", "/retention/schedule/"]
    endpoints = ["/api/v1/retention/schedule/", "/api/v1/retention/due/", "/api/v1/retention/holds/",
                 f"/api/v1/people/{past.person.pk}/retention/"]
    # signing in writes the sign-in's last login, its authenticator app, django-axes' log and the API token api()
    # makes: nothing else
    allowed = {*writes.BOOKKEEPING, "accounts_user", "otp_totp_totpdevice", "accounts_apitoken",
               "axes_accesslog"}
    before = writes.digest(allowed)
    for user in [council.worker, council.manager, council.finance, council.commissioner, council.researcher,
                 council.holder, council.family, council.provider]:
        client.force_login(user)
        for page in pages:
            assert client.get(page).status_code == 403, (user, page)
        for page in posts:
            assert client.post(page, {"confirm": "on", "reference": past.reference, "reason": "x",
                                      "hold-reason": "x"}).status_code == 403, (user, page)
        for endpoint in endpoints:
            assert api(user).get(endpoint).status_code == 403, (user, endpoint)
        assert api(user).post(f"/api/v1/people/{past.person.pk}/retention/erase/").status_code == 403
    client.logout()
    assert client.get("/retention/").status_code == 302
    assert writes.changed(before, writes.digest(allowed)) == []
    assert Person.objects.get(pk=past.person.pk).last_name == "Quarrington-Vale"


def test_the_api_mirrors_the_pages(past, council, api):
    admin = api(council.admin)
    schedule = admin.get("/api/v1/retention/schedule/").json()
    assert schedule["version"] == 0 and schedule["periods"]["care_record"] == 8
    assert {k["kind"]: k["confirmed"] for k in schedule["kinds"]}["financial"] is True
    bad = admin.post("/api/v1/retention/schedule/", {"periods": {**schedule["periods"], "financial": 0},
                                                     "reason": "Less"}, format="json")
    assert bad.status_code == 400 and "periods.financial" in bad.json()["errors"]
    made = admin.post("/api/v1/retention/schedule/", {"periods": {**schedule["periods"], "care_record": 9},
                                                      "reason": "Board"}, format="json")
    assert made.status_code == 201 and made.json()["version"] == 1
    due = admin.get("/api/v1/retention/due/").json()
    assert [row["id"] for row in due["due"]] == [past.person.pk]
    assert due["due"][0]["decision"]["due_on"] == "2024-04-01"
    person = admin.get(f"/api/v1/people/{past.person.pk}/retention/").json()
    assert person["may_erase"] is True and person["erased"] is None and person["would_erase"]
    hold = admin.post(f"/api/v1/people/{past.person.pk}/retention/hold/", {"reason": "Claim"}, format="json")
    assert hold.status_code == 201
    refused = admin.post(f"/api/v1/people/{past.person.pk}/retention/erase/")
    assert refused.status_code == 409 and "legal hold" in str(refused.json())
    assert admin.post(f"/api/v1/people/{past.person.pk}/retention/hold/lift/", {"reason": "Done"},
                      format="json").status_code == 200
    assert admin.get("/api/v1/retention/holds/").json()[0]["lift_reason"] == "Done"
    erased = admin.post(f"/api/v1/people/{past.person.pk}/retention/erase/")
    assert erased.status_code == 201 and erased.json()["erased"]["schedule_version"] == 1
    assert erased.json()["reference"] == f"ERASED-{past.person.pk}"
    assert admin.post(f"/api/v1/people/{past.person.pk}/retention/erase/").status_code == 409
