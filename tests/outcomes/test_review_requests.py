"""Reviews when the law says: the schedule kept on the case, requests and triggers, who may see and do what."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from selfdirect.audit.models import AuditEvent
from selfdirect.money import actions as money_actions
from selfdirect.outcomes import access, actions
from selfdirect.outcomes.models import ReviewRequest
from selfdirect.planning.models import SupportPlan

D = datetime.date


def _signed_off(council, person, day):
    """The person's plan as if signed off on `day` (the helpers approve it today)."""
    case = council.case(person)
    SupportPlan.objects.filter(case=case, status="approved").update(
        approved_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))))
    actions.keep_next_review([case.pk])
    case.refresh_from_db()
    return case


def _paid_7_months_ago(council, person):
    today = timezone.localdate()
    run_on = today - datetime.timedelta(days=213)
    money_actions.pay(run_on, actor=council.finance)
    return run_on


def test_the_next_review_counts_from_sign_off_and_a_first_direct_payment_brings_its_own(council):
    person = council.live_person(option="direct_payment")
    today = timezone.localdate()
    case = _signed_off(council, person, today - datetime.timedelta(days=300))
    signed = today - datetime.timedelta(days=300)
    assert case.next_review_on == signed + datetime.timedelta(weeks=8)
    run_on = _paid_7_months_ago(council, person)  # the payment run announces the cases it paid: outcomes listens
    case.refresh_from_db()
    due = access.schedule_for(council.worker, person.pk).record
    kinds = {d.kind: d for d in due}
    assert set(kinds) == {"first", "direct_payment_first"}
    from selfdirect.core.dates import add_months
    assert kinds["direct_payment_first"].latest == add_months(run_on, 6) and kinds["direct_payment_first"].late
    assert case.next_review_on == min(d.latest for d in due)


def test_a_review_held_meets_the_plan_and_the_direct_payment_reviews_and_requests_agreed(council):
    person = council.live_person(option="direct_payment")
    case = council.case(person)
    made = actions.record_trigger(case, actor=council.worker, trigger="concern_raised",
                                  raised_on=timezone.localdate(), said="The agency did not come twice")
    case.refresh_from_db()
    assert case.next_review_on == timezone.localdate() + datetime.timedelta(days=28)  # sooner than the first review
    plan = SupportPlan.objects.get(case=case, status="approved")
    review = actions.record_review(case, actor=council.worker, held_on=timezone.localdate(), summary="Going well",
                                   decision="continue", ratings={o.pk: "achieved" for o in plan.outcomes.all()},
                                   depth="light", reason="Planned", method="Service user only",
                                   what_changed="Nothing changed")
    made.refresh_from_db()
    assert made.status == "held" and made.review == review
    case.refresh_from_db()
    from selfdirect.core.dates import add_months
    assert case.next_review_on == add_months(timezone.localdate(), 12)


def test_a_family_member_asks_and_the_worker_declines_with_reasons(council):
    person = council.live_person()
    council.family_acts_for(person)
    case = council.case(person)
    asked = actions.request_review(case, actor=council.family, said="Mum's needs have changed since her fall",
                                   asked_by_name="someone else", asked_on=D(2020, 1, 1))
    # Through their own sign-in, who asked is them, today, whatever is sent.
    assert (asked.asked_by_name, asked.asked_by_relationship, asked.asked_on) == ("Frank Evans", "Son or daughter",
                                                                                 timezone.localdate())
    assert asked.status == "waiting"
    with pytest.raises(actions.RequestError) as refused:
        actions.decide_request(asked, actor=council.worker, accept=False, reasons=" ")
    assert refused.value.field == "reasons"
    with pytest.raises(actions.RequestError):
        actions.decide_request(asked, actor=council.family, accept=True)
    decided = actions.decide_request(asked, actor=council.worker, accept=False,
                                     reasons="Your review is already booked for next week")
    assert decided.status == "declined" and decided.decided_by == council.worker and decided.decided_at
    assert AuditEvent.objects.filter(person=person, action="decision", what__startswith="Declined a request").exists()
    with pytest.raises(actions.RequestError, match="decided already"):
        actions.decide_request(asked, actor=council.worker, accept=True)
    # Declined, it is not due.
    assert not [d for d in access.schedule_for(council.worker, person.pk).record if d.kind == "requested"]


def test_a_request_agreed_is_due(council):
    person = council.live_person()
    case = council.case(person)
    asked = actions.request_review(case, actor=council.worker, said="She phoned: the agency keeps changing",
                                   asked_on=timezone.localdate(), asked_by_name="Elsie Evans",
                                   asked_by_relationship="The person")
    actions.decide_request(asked, actor=council.manager, accept=True)
    due = [d for d in access.schedule_for(council.worker, person.pk).record if d.kind == "requested"]
    assert len(due) == 1 and due[0].ref == asked.pk and due[0].latest == timezone.localdate() + datetime.timedelta(days=28)


def test_staff_name_every_missing_part_of_a_request_at_once(council):
    case = council.case(council.live_person())
    with pytest.raises(actions.RequestError) as refused:
        actions.request_review(case, actor=council.worker, said="")
    assert {e.field for e in refused.value.every} == {"said", "asked_by_name", "asked_by_relationship", "asked_on"}
    with pytest.raises(actions.RequestError) as refused:
        actions.record_trigger(case, actor=council.worker, trigger="bored", raised_on=timezone.localdate(), said="x")
    assert refused.value.field == "trigger"
    assert not ReviewRequest.objects.exists()


def test_no_review_is_asked_for_before_support_starts(council):
    person = council.person()
    with pytest.raises(actions.RequestError, match="once support has started"):
        actions.request_review(council.case(person), actor=council.worker, said="x", asked_on=timezone.localdate(),
                               asked_by_name="A", asked_by_relationship="B")


def test_who_reaches_the_reviews_due(council):
    person = council.live_person()
    council.family_acts_for(person)
    other = council.live_person(first_name="Olive", nhs_number="9434765870")
    assert access.schedule_for(council.worker, person.pk).record
    with pytest.raises(Http404):
        access.schedule_for(council.south_worker, person.pk)  # outside the team: not found
    with pytest.raises(PermissionDenied):
        access.schedule_for(council.provider, person.pk)  # the provider supports her, but does not see her reviews
    assert access.asking_for(council.family, person.pk).may_ask
    with pytest.raises(Http404):
        access.schedule_for(council.family, other.pk)  # a family member sees only their own person's
    with pytest.raises(PermissionDenied):
        access.changing(council.family, person.pk)  # nor decides anything
    with pytest.raises(PermissionDenied):
        access.team_reviews_for(council.provider)
    rows, teams = access.team_reviews_for(council.manager)
    assert [t.name for t in teams] == ["North locality team"] and {c.person for c, _ in rows} == {person, other}
    assert access.team_reviews_for(council.south_worker)[0] == []
    with pytest.raises(Http404):
        access.team_reviews_for(council.manager, team_name="South locality team")
