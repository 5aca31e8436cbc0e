"""The pages, API and command of the review schedule."""

import datetime

from django.utils import timezone

from selfdirect.money import actions as money_actions
from selfdirect.outcomes import actions
from selfdirect.outcomes.models import ReviewRequest


def _late_direct_payment(council):
    person = council.live_person(option="direct_payment")
    money_actions.pay(timezone.localdate() - datetime.timedelta(days=213), actor=council.finance)
    return person


def test_the_person_page_shows_each_review_due_and_the_links(council, client):
    person = _late_direct_payment(council)
    client.force_login(council.worker)
    html = client.get(f"/people/{person.pk}/").content.decode()
    assert "First review of the direct payment" in html and "Late" in html and "regulation 7" in html
    assert f'href="/people/{person.pk}/reviews/ask/"' in html and "Record a request for a review" in html
    assert f'href="/people/{person.pk}/reviews/change/"' in html and "Record a change that needs a review" in html


def test_staff_record_a_trigger_and_decide_a_request_through_the_pages(council, client):
    person = council.live_person()
    client.force_login(council.worker)
    today = timezone.localdate()
    day = {"raised_on_0": today.day, "raised_on_1": today.month, "raised_on_2": today.year}
    refused = client.post(f"/people/{person.pk}/reviews/change/", {**day, "said": "x"})
    assert refused.status_code == 400 and "Select what changed" in refused.content.decode()
    done = client.post(f"/people/{person.pk}/reviews/change/", {**day, "trigger": "capacity_changed", "said": "A stroke"})
    assert done.status_code == 302
    asked = client.post(f"/people/{person.pk}/reviews/ask/", {
        "asked_by_name": "Elsie Evans", "asked_by_relationship": "The person", "said": "Phoned to ask",
        "asked_on_0": today.day, "asked_on_1": today.month, "asked_on_2": today.year})
    assert asked.status_code == 302
    request = ReviewRequest.objects.get(kind="requested")
    page = client.get(f"/people/{person.pk}/reviews/requests/{request.pk}/").content.decode()
    assert "Phoned to ask" in page
    no_reasons = client.post(f"/people/{person.pk}/reviews/requests/{request.pk}/", {"decision": "decline"})
    assert no_reasons.status_code == 400
    client.post(f"/people/{person.pk}/reviews/requests/{request.pk}/", {"decision": "decline", "reasons": "Held last week"})
    html = client.get(f"/people/{person.pk}/").content.decode()
    assert "Review after a change" in html and "The reasons given: Held last week" in html


def test_the_budget_holder_asks_for_a_review_from_home_and_sees_why_it_was_declined(council, client):
    person = council.live_person(user=council.holder)
    client.force_login(council.holder)
    home = client.get("/").content.decode()
    assert "Your next review" in home and f'href="/people/{person.pk}/reviews/ask/"' in home
    assert client.post(f"/people/{person.pk}/reviews/ask/", {"said": "My carer left"}).status_code == 302
    asked = ReviewRequest.objects.get()
    assert asked.asked_by_relationship == "The person" and asked.asked_by_name == person.full_name
    actions.decide_request(asked, actor=council.worker, accept=False, reasons="Your yearly review is in two weeks")
    assert "Our reasons: Your yearly review is in two weeks" in client.get("/").content.decode()


def test_the_manager_sees_reviews_due_late_first_with_counts_by_kind(council, client):
    late = _late_direct_payment(council)
    client.force_login(council.manager)
    html = client.get("/people/reviews-due/").content.decode()
    assert late.full_name in html and "First review of the direct payment" in html
    listed = html[html.index("Reviews due</caption>"):]  # after the counts of late reviews by kind
    assert listed.index("First review of the direct payment") < listed.index("First review of the plan")
    assert 'href="/people/reviews-due/"' in html  # in the manager's navigation
    only_late = client.get("/people/reviews-due/?late=1").content.decode()
    assert "First review of the plan</td>" not in only_late
    client.force_login(council.provider)
    assert client.get("/people/reviews-due/").status_code == 403


def test_the_api_lists_the_reviews_due_and_takes_a_request(council, api):
    person = council.live_person()
    council.family_acts_for(person)
    due = api(council.worker).get(f"/api/v1/people/{person.pk}/reviews/due/")
    assert due.status_code == 200 and due.json()[0]["kind"] == "first"
    assert api(council.south_worker).get(f"/api/v1/people/{person.pk}/reviews/due/").status_code == 404
    made = api(council.family).post(f"/api/v1/people/{person.pk}/reviews/requests/", {"said": "Please"}, format="json")
    assert made.status_code == 201 and made.json()["status"] == "waiting"
    missing = api(council.worker).post(f"/api/v1/people/{person.pk}/reviews/requests/", {"said": "Phoned"}, format="json")
    assert missing.status_code == 400 and "asked_by_name" in str(missing.json())


def test_the_command_prints_the_reviews_due(council):
    from io import StringIO

    from django.core.management import call_command

    late = _late_direct_payment(council)
    out = StringIO()
    call_command("outcomes", "reviews-due", "--late", "--actor", "manager", stdout=out)
    text = out.getvalue()
    assert late.la_person_id in text and "LATE by" in text and "first review of the direct payment 1" in text
    out = StringIO()
    call_command("outcomes", "reviews-due", "--team", "North locality team", "--actor", "admin", stdout=out)
    assert "First review of the plan" in out.getvalue()
