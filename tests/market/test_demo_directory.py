"""The demo council's directory (market.demo): a few hundred services of every kind, priced, rated and dated, with
the demo's own organisations listed and a few providers waiting for the council."""

import datetime
import random

import pytest

from selfdirect.market import demo, queries, search, usage
from selfdirect.market import reviews as reviews_policy
from selfdirect.market.models import (
    CqcRating,
    Location,
    Provider,
    Rate,
    Review,
    Schedule,
    Service,
    ServiceArea,
)

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def built(council):
    return demo.build(
        seed=1, today=TODAY, organisations=[council.agency, council.other_agency], confirmed_by=council.commissioner
    )


def test_it_is_of_realistic_size_with_every_kind_of_service(built):
    assert 70 <= Provider.objects.count() <= 90
    assert 250 <= Service.objects.count() <= 350
    kinds = {term.code: term.services.count() for term in queries.directory_terms()}
    assert set(kinds) == {code for code, _, _ in search.WHAT_YOU_CAN_DO}
    assert all(count >= 10 for count in kinds.values()), kinds


def test_a_few_providers_wait_for_the_council_and_the_rest_are_listed_by_it(built, council):
    waiting = Provider.objects.filter(status=Provider.Status.PROPOSED)
    assert waiting.count() == demo.PROPOSED == built.proposed
    listed = Provider.objects.filter(status=Provider.Status.LISTED)
    assert listed.count() == Provider.objects.count() - demo.PROPOSED
    assert not listed.filter(confirmed_on__isnull=True).exists()
    assert set(listed.values_list("confirmed_by", flat=True)) == {council.commissioner.pk}


def test_the_demo_organisations_are_listed_with_their_services(built, council):
    agency = Provider.objects.get(organisation=council.agency)
    assert agency.status == Provider.Status.LISTED
    assert agency.services.filter(name="Home care visits").exists()


def test_every_service_has_a_price_a_schedule_and_an_area_and_some_prices_are_above_a_typical_budget(built):
    services = Service.objects.count()
    assert Service.objects.filter(rates__ends_on__isnull=True).distinct().count() == services
    assert Schedule.objects.values("service").distinct().count() == services
    assert ServiceArea.objects.values("service").distinct().count() == services
    assert not Rate.objects.filter(amount_pence__lte=0).exists()
    # some home care an hour above £30.00, and some below £25.00
    hourly = Rate.objects.filter(
        unit="hour", band="weekday", ends_on__isnull=True, service__terms__code="personal_care"
    )
    assert hourly.filter(amount_pence__gt=3000).exists() and hourly.filter(amount_pence__lt=2500).exists()
    earlier = Rate.objects.filter(ends_on__isnull=False)
    assert earlier.count() > 50  # prices that changed, shown as earlier prices


def test_regulated_venues_have_cqc_ids_and_dated_ratings_for_each_key_question(built):
    registered = Location.objects.exclude(cqc_location_id="")
    assert registered.count() >= 25
    overall = CqcRating.objects.filter(key_question="overall")
    assert overall.count() == registered.count()
    assert not CqcRating.objects.filter(published_on__isnull=True).exists()
    assert {r for r in overall.values_list("rating", flat=True)} <= set(search.RATINGS)
    assert CqcRating.objects.count() == 6 * registered.count()


def test_places_are_reported_with_their_dates(built):
    reported = Service.objects.filter(capacity_reported_on__isnull=False)
    assert reported.count() > 100
    assert not reported.filter(capacity_reported_on__gt=TODAY).exists()
    assert Service.objects.filter(vacancies=0, waiting_weeks__gt=0).exists()


def test_the_public_search_finds_day_opportunities_in_exeter(built):
    found = queries.find(search.Wanted(term="Day opportunity", area="Exeter"), today=TODAY)
    assert len(found) >= 5
    assert all(r.why.startswith("Day opportunity in Exeter") for r in found)


def test_the_same_seed_builds_the_same_directory(council):
    def snapshot():
        return sorted(
            Rate.objects.values_list(
                "service__provider__name", "service__name", "unit", "band", "amount_pence", "starts_on"
            )
        )

    demo.build(seed=4, today=TODAY, organisations=[council.agency], confirmed_by=council.commissioner)
    first = snapshot()
    demo.clear()
    assert not Service.objects.exists() and not Provider.objects.exists()
    demo.build(seed=4, today=TODAY, organisations=[council.agency], confirmed_by=council.commissioner)
    assert snapshot() == first


# ---- reviews: the demo's people who used a listed provider, most given on paper or by phone ----------------------------


@pytest.fixture
def users_of_the_agencies(built, council):
    """Eight people in the North team whose approved plans use one of the two listed agencies."""
    from selfdirect.site.demo import valid_nhs_number

    rng = random.Random(3)
    people = []
    for n, name in enumerate(["Ada", "Bill", "Cath", "Dev", "Edna", "Fred", "Gita", "Hal"]):
        person = council.person(first_name=name, nhs_number=valid_nhs_number(rng))
        council.assess(person)
        council.plan(person, organisation=council.agency if n % 2 == 0 else council.other_agency)
        council.submit(person)
        council.approve(person)
        people.append(person)
    return people


def _reviews():
    return sorted(
        Review.objects.values_list(
            "person__first_name", "service__name", "service__provider__name", "text", "rating", "written_on", "status",
            "moderation_reason", "reply",
        )
    )


def test_the_demo_has_reviews_of_several_services_given_on_paper_or_by_phone_by_people_who_used_them(
    users_of_the_agencies, council
):
    made = demo.build_reviews(today=TODAY, moderator=council.commissioner, seed=1, recorders=[council.worker])
    reviews = list(Review.objects.select_related("service__provider", "person"))
    assert made == len(reviews) >= len(users_of_the_agencies)
    assert all(usage.used_by(r.person, r.service) for r in reviews)  # none by a person who did not use it
    assert {r.acting_for for r in reviews} == {"given"} and {r.written_by for r in reviews} == {council.worker}
    published = [r for r in reviews if r.status == "published"]
    assert len({r.service_id for r in published}) >= 3
    assert len({r.service.provider_id for r in published}) == 2
    assert any(r.reply for r in published) and any(not r.reply for r in published)
    assert all(r.replied_by.organisation_id == r.service.provider.organisation_id for r in published if r.reply)
    declined = [r for r in reviews if r.status == "declined"]
    assert declined and all(r.moderation_reason in reviews_policy.REASON_CODES for r in declined)
    assert any(r.status == "waiting" for r in reviews)
    assert len({r.text for r in reviews}) >= len(reviews) - 2  # varied words
    assert all(TODAY - datetime.timedelta(days=730) <= r.written_on <= TODAY for r in reviews)
    assert all(r.written_on <= r.moderated_on <= TODAY for r in reviews if r.status != "waiting")
    assert len({r.written_on.year for r in reviews}) >= 2  # spread over the two years


def test_the_demo_reviews_are_the_same_for_the_same_seed_and_none_before_a_plan_was_approved(
    users_of_the_agencies, council
):
    approved = {p.pk: TODAY - datetime.timedelta(days=100) for p in users_of_the_agencies}
    demo.build_reviews(today=TODAY, moderator=council.commissioner, seed=1, recorders=[council.worker], since=approved)
    first = _reviews()
    assert all(written >= TODAY - datetime.timedelta(days=79) for *_, written, _, _, _ in first)
    Review.objects.all().delete()
    demo.build_reviews(today=TODAY, moderator=council.commissioner, seed=1, recorders=[council.worker], since=approved)
    assert _reviews() == first


def test_a_demo_of_few_people_writes_few_reviews_and_a_worker_writes_only_for_people_they_may_change(
    users_of_the_agencies, council
):
    assert demo.build_reviews(today=TODAY, moderator=council.commissioner, seed=1, recorders=[]) == 0
    assert demo.build_reviews(today=TODAY, moderator=council.commissioner, seed=1,
                              recorders=[council.south_worker]) == 0  # the South team's worker changes none of theirs
    assert not Review.objects.exists()
