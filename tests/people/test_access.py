"""Each role sees only what it needs: refused pages are 403 or 404 and leak nothing of the person."""

import datetime

import pytest
from django.utils import timezone

from selfdirect.audit.models import AuditEvent
from selfdirect.people.access import people_visible_to
from selfdirect.planning.models import SupportPlan


@pytest.fixture
def north_person(council):
    return council.live_person(user=council.holder, first_name="Zebedee", last_name="Quartermaine")


def _page(client, person):
    return client.get(f"/people/{person.pk}/")


def test_a_worker_sees_the_people_allocated_to_their_team(council, north_person, signed_in):
    response = _page(signed_in(council.worker), north_person)
    assert response.status_code == 200
    assert "Zebedee Quartermaine" in response.content.decode()


def test_it_refuses_a_worker_a_person_in_another_team(council, north_person, signed_in):
    response = _page(signed_in(council.south_worker), north_person)
    assert response.status_code == 404
    assert "Quartermaine" not in response.content.decode()


def test_it_refuses_a_budget_holder_another_persons_record(council, north_person, signed_in):
    response = _page(signed_in(council.other_holder), north_person)
    assert response.status_code == 404
    assert "Quartermaine" not in response.content.decode()


def test_a_budget_holder_sees_their_own_budget_plan_and_next_review(council, north_person, signed_in):
    body = _page(signed_in(council.holder), north_person).content.decode()
    assert "Your personal budget" in body or "Your budget" in body
    assert "£200.00 a week" in body  # 10 hours at £20
    # the first review is due 6 to 8 weeks after the plan is signed off (outcomes.schedule)
    signed_off = timezone.localdate(SupportPlan.objects.get(case__person=north_person, status="approved").approved_at)
    due = signed_off + datetime.timedelta(weeks=8)
    assert "next review" in body.lower() and f"{due.day} {due:%B %Y}" in body
    assert "I want to stay at home" in body


@pytest.mark.parametrize("role", ["commissioner", "researcher"])
def test_commissioners_and_researchers_never_open_a_record(council, north_person, signed_in, role):
    response = _page(signed_in(getattr(council, role)), north_person)
    assert response.status_code == 404
    assert "Quartermaine" not in response.content.decode()


def test_a_provider_sees_only_the_support_it_delivers(council, north_person, signed_in):
    body = _page(signed_in(council.provider), north_person).content.decode()
    assert "Help with personal care" in body
    for private in ["Quartermaine", north_person.nhs_number_display, north_person.postcode, "I want to stay at home",
                    "Assessment"]:
        assert private not in body


def test_a_provider_that_delivers_nothing_to_the_person_is_refused(council, north_person, signed_in):
    assert _page(signed_in(council.other_provider), north_person).status_code == 404


def test_a_provider_cannot_open_the_full_plan(council, north_person, signed_in):
    assert signed_in(council.provider).get(f"/people/{north_person.pk}/plan/").status_code == 403


def test_a_family_member_sees_the_person_only_while_acting_for_them(council, north_person, signed_in):
    import datetime

    from selfdirect.people import actions

    assert _page(signed_in(council.family), north_person).status_code == 404
    rep = actions.add_representative(north_person, actor=council.worker, name="Frank", relationship="Son or daughter",
                                     kind="consent", scope="welfare_and_property", evidence_reference="signed form", user=council.family,
                                     starts_on=datetime.date(2026, 1, 1))
    assert _page(signed_in(council.family), north_person).status_code == 200
    rep.ends_on = datetime.date(2026, 1, 2)
    rep.save()
    assert _page(signed_in(council.family), north_person).status_code == 404


def test_finance_sees_the_budget_but_not_the_care_record(council, north_person, signed_in):
    body = _page(signed_in(council.finance), north_person).content.decode()
    assert "£200.00 a week" in body
    assert "I want to stay at home" not in body
    assert north_person.nhs_number_display not in body


def test_the_scoping_and_the_object_rule_agree_for_every_role(council, north_person):
    from selfdirect.accounts.models import User

    for user in User.objects.all():
        visible = people_visible_to(user).filter(pk=north_person.pk).exists()
        assert user.has_perm("people.view_person", north_person) == visible, user.username


def test_every_read_of_a_record_is_audited_and_every_refusal_too(council, north_person, signed_in):
    _page(signed_in(council.worker), north_person)
    assert AuditEvent.objects.filter(actor=council.worker, person=north_person, action="read").exists()
    _page(signed_in(council.south_worker), north_person)
    assert AuditEvent.objects.filter(actor=council.south_worker, action="refused").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, council, north_person):
    response = _page(client, north_person)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
