"""Issue 21 review: a review's own page (a family carer's answers and name, stories told for the care team alone) is
the care team's; and a person the user helped in two cases is one person on "What happened to the people I helped"."""

import datetime

import pytest
from django.urls import reverse

from selfdirect.journey import actions as journey_actions
from selfdirect.outcomes import access, actions, helped
from selfdirect.outcomes.models import Review
from selfdirect.people import actions as people_actions
from selfdirect.people.authority import OUTCOMES_TO_HELPERS
from selfdirect.planning import queries as plans
from tests.outcomes.recordings import answers_to


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_person_and_those_acting_for_them_do_not_open_a_reviews_own_page(council, client, api):
    person = council.live_person(user=council.holder)
    council.family_acts_for(person)
    people_actions.add_representative(person, actor=council.worker, name="Ada Adviser", relationship="Independent adviser",
                                      kind="consent", scope="welfare_and_property", evidence_reference="Consent form",
                                      user=council.adviser, starts_on=datetime.date(2026, 1, 1))
    case = council.case(person)
    outcome = plans.approved_plan_for(case).outcomes.get()
    review = actions.record_review(case, actor=council.worker, held_on=datetime.date(2026, 3, 20), summary="Going well",
                                   decision="continue", ratings={outcome.pk: "achieved"}, depth="light",
                                   reason="Planned", method="Service user and carer", what_changed="Nothing changed")
    actions.record_evaluation(review, actor=council.worker, respondent="family_carer", answered_by="carer_themselves",
                              respondent_name="Jane Carer", answers=answers_to("family_carer"))
    actions.record_story(review, actor=council.worker, told_by="family_carer", teller_name="Jane Carer",
                         words="Told for the care team alone", share_with_helpers=False, share_for_research=False)
    base = f"/people/{person.pk}/reviews/{review.pk}/"
    for user in (council.holder, council.family, council.adviser):
        client.force_login(user)
        assert client.get(base).status_code == 403, user
        assert client.get(f"{base}answers/person/easy-read/").status_code == 403, user
        page = client.get(f"/people/{person.pk}/")
        assert page.status_code == 200 and "Going well" in page.content.decode()  # the review, on the person page
        assert f'href="{base}"' not in page.content.decode()  # and no link to a page they may not open
        for kind in ("evaluations", "stories"):
            assert api(user).get(f"/api/v1/people/{person.pk}/reviews/{review.pk}/{kind}/").status_code == 403
    client.force_login(council.worker)
    page = client.get(base).content.decode()
    assert "Told for the care team alone" in page and "Jane Carer" in page


def test_a_person_helped_in_two_cases_is_one_person_counted_once(council):
    person = council.live_person(consents=(OUTCOMES_TO_HELPERS,))
    first = council.case(person)
    plan = plans.approved_plan_for(first)
    [outcome] = plan.outcomes.all()
    actions.record_review(first, actor=council.manager, held_on=datetime.date(2026, 3, 20),
                          summary="Going well", decision="end", ratings={outcome.pk: "achieved"}, depth="light",
                          reason="Planned", method="Service user only", what_changed="Support ends")
    # Referred again later: council.worker is the first contact of both cases.
    second = journey_actions.open_case(person, referred_on=datetime.date(2026, 4, 1), route_of_access="Community / Other route",
                                       reason="Asked for help again", actor=council.worker)
    Review.objects.create(case=second, plan=plan, held_on=datetime.date(2026, 4, 20), summary="Later", decision="continue",
                          reviewed_by=council.manager)
    people = access.helped_by(council.worker)
    assert [p.person_id for p in people] == [person.pk]
    [seen] = people
    assert [r.held_on for r in seen.reviews] == [datetime.date(2026, 3, 20), datetime.date(2026, 4, 20)]
    assert [n for _, _, n in helped.by_option(people)] == [1]
    body_people = access.team_helped_for(council.manager)[0]
    assert [p.person_id for p in body_people] == [person.pk]


def test_the_helped_page_shows_the_person_once(council, signed_in):
    person = council.live_person(consents=(OUTCOMES_TO_HELPERS,))
    first = council.case(person)
    plan = plans.approved_plan_for(first)
    Review.objects.create(case=first, plan=plan, held_on=datetime.date(2026, 3, 20), summary="x", decision="end",
                          reviewed_by=council.manager)
    second = journey_actions.open_case(person, referred_on=datetime.date(2026, 4, 1), route_of_access="Community / Other route",
                                       reason="Again", actor=council.worker)
    Review.objects.create(case=second, plan=plan, held_on=datetime.date(2026, 4, 20), summary="y", decision="continue",
                          reviewed_by=council.manager)
    body = signed_in(council.worker).get(reverse("outcomes:helped")).content.decode()
    assert body.count('<h3 class="govuk-summary-card__title">Elsie Evans') == 1
