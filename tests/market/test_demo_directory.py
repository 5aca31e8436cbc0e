"""The demo council's directory (market.demo): a few hundred services of every kind, priced, rated and dated, with
the demo's own organisations listed and a few providers waiting for the council."""

import datetime

import pytest

from selfdirect.market import demo, queries, search
from selfdirect.market.models import CqcRating, Location, Provider, Rate, Schedule, Service, ServiceArea

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
