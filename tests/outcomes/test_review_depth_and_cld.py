"""A review is light or full, records what changed in the plan and the budget, and the Client Level Data review fields
(Review Reason and Method of Review asked; Review Outcomes Achieved worked out from the ratings)."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from selfdirect.audit.models import AuditEvent
from selfdirect.insight import queries as insight
from selfdirect.outcomes import actions
from selfdirect.outcomes.models import Review
from selfdirect.planning import actions as plan_actions
from selfdirect.planning import queries as planning

D = datetime.date
GOOD = {"depth": "light", "reason": "Planned", "method": "Service user only", "what_changed": "Nothing changed"}


def _record(council, person, *, decision="continue", rating="achieved", **changes):
    case = council.case(person)
    plan = planning.approved_plan_for(case)
    return actions.record_review(case, actor=council.worker, held_on=timezone.localdate(), summary="Going well",
                                 decision=decision, ratings={o.pk: rating for o in plan.outcomes.all()},
                                 **{**GOOD, **changes})


def test_every_bad_field_is_named_at_once_and_nothing_is_written(council):
    person = council.live_person()
    with pytest.raises(actions.ReviewError) as refused:
        _record(council, person, depth="medium", reason="Planned review", method="Face to face", what_changed="  ")
    named = {e.field: str(e) for e in refused.value.every}
    assert set(named) == {"depth", "reason", "method", "what_changed"}
    assert named["method"].startswith("Select whose review it was")
    assert "Nothing changed" in named["what_changed"]
    assert not Review.objects.exists() and council.case(person).state == "live"


def test_a_full_review_is_a_reassessment_and_a_light_one_is_not(council):
    person = council.live_person()
    with pytest.raises(actions.ReviewError, match="A full review is a reassessment") as full:
        _record(council, person, depth="full", decision="continue")
    assert full.value.field == "depth"
    with pytest.raises(actions.ReviewError, match="Assessing again is a full review") as light:
        _record(council, person, depth="light", decision="reassess")
    assert light.value.field == "depth"
    assert not Review.objects.exists()


def test_a_light_review_keeps_its_fields_and_the_budget_stays_the_same(council):
    person = council.live_person()
    weekly = planning.personal_budget_weekly_pence(council.case(person))
    review = _record(council, person, reason="Unplanned - Carer related", method="Service user and carer",
                     what_changed="  Nothing changed  ")
    review.refresh_from_db()
    assert (review.depth, review.cld_reason, review.cld_method, review.what_changed) == (
        "light", "Unplanned - Carer related", "Service user and carer", "Nothing changed")
    assert weekly and review.budget_before_pence == review.budget_after_pence == weekly
    assert review.outcomes_achieved == "Fully Met"
    audited = AuditEvent.objects.filter(person=person, what__startswith="Recorded a review").get()
    assert "light review" in audited.what and "Unplanned - Carer related" in audited.what


def test_support_ending_leaves_no_budget_after(council):
    review = _record(council, council.live_person(), decision="end", what_changed="Support ends: the budget stops")
    assert review.budget_before_pence > 0 and review.budget_after_pence == 0


def test_a_full_review_gets_its_budget_after_when_the_next_plan_is_signed_off(council):
    person = council.live_person()
    before = planning.personal_budget_weekly_pence(council.case(person))
    review = _record(council, person, depth="full", decision="reassess", rating="partly",
                     what_changed="Needs changed: a gym pass is to be added")
    assert review.budget_before_pence == before and review.budget_after_pence is None
    council.assess(person)
    case = council.case(person)
    planning.draft_plan_for(case) or plan_actions.start_plan(case, actor=council.worker)
    plan_actions.add_item(council.case(person), actor=council.worker, description="Gym pass", supplier_kind="shop",
                          unit="month", unit_cost_pence=3000, quantity="1", period="monthly")
    council.submit(person)
    review.refresh_from_db()
    assert review.budget_after_pence is None  # submitted, not yet signed off
    council.approve(person)
    review.refresh_from_db()
    assert review.budget_after_pence == planning.personal_budget_weekly_pence(council.case(person)) == before + 692


def _day(on):
    return {"held_on_0": on.day, "held_on_1": on.month, "held_on_2": on.year}


def test_the_page_asks_each_field_names_each_missing_one_and_shows_what_was_recorded(council, client):
    person = council.live_person()
    outcome = planning.approved_plan_for(council.case(person)).outcomes.get()
    client.force_login(council.worker)
    page = client.get(f"/people/{person.pk}/review/").content.decode()
    assert "Was this a light review or a full review?" in page and "A conversation, recorded here" in page
    assert "Unplanned: the care provider failed or stopped the care" in page
    assert "The person and their carer reviewed together" in page
    answers = {**_day(timezone.localdate()), "summary": "Going well", "decision": "continue",
               f"outcome_{outcome.pk}": "achieved"}
    missing = client.post(f"/people/{person.pk}/review/", answers)
    body = missing.content.decode()
    assert missing.status_code == 400
    for message in ["Select whether this is a light review or a full review", "Select why the review was held",
                    "Select whose review it was", "Enter what changed in the plan and the budget"]:
        assert message in body
    full_but_continuing = client.post(f"/people/{person.pk}/review/", {**answers, **GOOD, "depth": "full"})
    assert full_but_continuing.status_code == 400
    assert "A full review is a reassessment" in full_but_continuing.content.decode()
    assert not Review.objects.exists()
    done = client.post(f"/people/{person.pk}/review/", {
        **answers, **GOOD, "method": "Service user and carer", "what_changed": "Nothing changed: visits moved to 9am"})
    assert done.status_code == 302
    record = client.get(f"/people/{person.pk}/").content.decode()
    for shown in ["Light review", "Planned: a scheduled review", "The person and their carer reviewed together",
                  "Nothing changed: visits moved to 9am"]:
        assert shown in record
    again = client.get(f"/people/{person.pk}/review/").content.decode()
    assert "Reviews held before" in again and "Nothing changed: visits moved to 9am" in again


def test_the_api_takes_and_returns_the_fields_and_names_each_bad_one(council, api):
    person = council.live_person()
    outcome = planning.approved_plan_for(council.case(person)).outcomes.get()
    body = {"held_on": timezone.localdate().isoformat(), "summary": "Going well", "decision": "continue",
            "ratings": [{"outcome": outcome.pk, "rating": "partly"}]}
    bad = api(council.worker).post(f"/api/v1/people/{person.pk}/reviews/",
                                   {**body, **GOOD, "reason": "Because", "method": "Face to face"}, format="json")
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"reason", "method"}
    full = api(council.worker).post(f"/api/v1/people/{person.pk}/reviews/", {**body, **GOOD, "depth": "full"},
                                    format="json")
    assert full.status_code == 400 and "A full review is a reassessment" in str(full.json()["errors"]["depth"])
    made = api(council.worker).post(f"/api/v1/people/{person.pk}/reviews/",
                                    {**body, **GOOD, "reason": "Unplanned - Other Reason"}, format="json")
    assert made.status_code == 201, made.json()
    got = made.json()
    assert (got["depth"], got["reason"], got["method"], got["outcomes_achieved"]) == (
        "light", "Unplanned - Other Reason", "Service user only", "Partially Met")
    assert got["budget_before_pence"] == got["budget_after_pence"] > 0


def test_the_cld_export_writes_each_reviews_own_fields_and_the_old_value_only_for_old_reviews(council):
    person = council.live_person()
    review = _record(council, person, reason="Unplanned - Carer related", method="Service user and carer")
    old = council.live_person()
    earlier = _record(council, old, rating="not_achieved")
    Review.objects.filter(pk=earlier.pk).update(cld_method="", cld_reason="")  # as recorded before these fields
    today = timezone.localdate()
    rows = {r["Event Reference"]: r for r in insight.rows(today - datetime.timedelta(days=1), today)
            if r["Event Type"] == "Review"}
    mine = rows[f"REV{review.pk}"]
    assert (mine["Review Reason"], mine["Method of Review"], mine["Review Outcomes Achieved"]) == (
        "Unplanned - Carer related", "Service user and carer", "Fully Met")
    before = rows[f"REV{earlier.pk}"]
    assert (before["Review Reason"], before["Method of Review"], before["Review Outcomes Achieved"]) == (
        "Planned", "Face to face", "Not Met")


def test_the_migration_fills_old_reviews_without_inventing_a_method(council):
    migration = importlib.import_module("selfdirect.outcomes.migrations.0003_review_depth_and_cld")
    kept = _record(council, council.live_person())
    full = _record(council, council.live_person(), depth="full", decision="reassess")
    Review.objects.update(depth="light", cld_reason="", cld_method="", what_changed="", budget_before_pence=None,
                          budget_after_pence=None)
    migration.fill_existing_reviews(apps, None)
    kept.refresh_from_db()
    full.refresh_from_db()
    assert (kept.depth, kept.cld_reason, kept.cld_method, kept.what_changed) == ("light", "Planned", "", "")
    assert kept.budget_before_pence == kept.budget_after_pence == kept.plan.weekly_total_pence
    assert (full.depth, full.budget_after_pence) == ("full", None)
