"""Loading another directory's Open Referral UK data (market.oruk_import reads, actions.import_oruk writes): from files
only (fixtures/oruk_import), all or nothing, named refusals, and the same files twice change nothing."""

import datetime
import pathlib

import pytest
from django.core.exceptions import PermissionDenied

from selfdirect.audit.models import AuditEvent
from selfdirect.core.roles import Role
from selfdirect.market import actions, oruk_import
from selfdirect.market.models import (
    Language,
    Location,
    Provider,
    Rate,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

pytestmark = pytest.mark.django_db

FILES = pathlib.Path(__file__).parent / "fixtures" / "oruk_import"
EVERY_TABLE = [
    Provider,
    Location,
    Service,
    ServiceAtLocation,
    ServiceArea,
    Language,
    Schedule,
    Rate,
    Taxonomy,
    TaxonomyTerm,
    AuditEvent,
]
HISTORIES = [Provider.history.model, Location.history.model, Service.history.model]


@pytest.fixture
def commissioner(django_user_model):
    return django_user_model.objects.create_user(
        username="commissioner", password="a-long-test-password", role=Role.COMMISSIONER
    )


def load(actor, *names):
    return actions.import_oruk([(FILES / name).read_bytes() for name in names], names=list(names), actor=actor)


def counts():
    return {model.__name__: model.objects.count() for model in EVERY_TABLE + HISTORIES}


REFUSED = [
    "services_page.json, service 6 ('No id at all'): no id",
    "services_page.json, service 'svc-noname': no name",
    "services_page.json, service 'svc-open': status 'open' is not one of active, inactive, defunct, temporarily closed",
    "services_page.json, service 'svc-fraction': cost_options 'c4': amount 12.345 is not a price in pounds and "
    "whole pence",
]


def test_another_directorys_services_load_with_their_provider_waiting_to_be_confirmed(commissioner):
    loaded = load(commissioner, "services_page.json", "service_single.json")
    assert (loaded.added, loaded.changed, loaded.unchanged) == (3, 0, 0)
    assert loaded.refused == REFUSED
    provider = Provider.objects.get(source_id="tf-001")
    assert (provider.name, provider.status, provider.website) == (
        "Tamar Friends",
        Provider.Status.PROPOSED,
        "https://tamarfriends.example",
    )
    visits = Service.objects.get(source_id="7d5f2b36-6a4c-4c3e-9d61-1f0a2e3b4c01")
    assert (visits.name, visits.provider, visits.minimum_age) == ("Befriending visits", provider, 65)
    assert [(r.amount_pence, r.unit, r.band, r.starts_on) for r in visits.rates.all()] == [
        (1250, "hour", "weekday", datetime.date(2026, 4, 1))
    ]  # the donation has no amount: no price
    assert [(s.byday, s.opens_at, s.closes_at) for s in visits.schedules.all()] == [
        ("TU,TH", datetime.time(10), datetime.time(16))
    ]  # the monthly one is not held
    assert sorted(visits.areas.values_list("name", flat=True)) == ["Plymouth", "Tavistock"]
    assert list(visits.languages.values_list("name", "code")) == [("Cornish", "kw")]  # the unnamed one is left
    venue = visits.locations.get()
    assert (venue.source_id, venue.name, venue.address_1, venue.city, venue.postcode, venue.cqc_location_id) == (
        "loc-1",
        "Tavistock Pannier Market Hall",
        "Bedford Square",
        "Tavistock",
        "PL19 0AL",
        "1-987654321",
    )
    assert (venue.step_free, venue.hearing_loop, venue.accessible_toilet, venue.parking) == (True, False, None, None)
    assert (venue.latitude, venue.longitude, venue.provider) == (50.5497, -4.1441, provider)
    term = visits.terms.get()
    assert (term.source_id, term.name, term.code, term.taxonomy.name, term.taxonomy.source_id) == (
        "term-visits",
        "Befriending",
        "befriending",
        "Tamar terms",
        "tax-tamar",
    )
    lunch = Service.objects.get(source_id="lunch-club-2")
    assert [(r.amount_pence, r.unit, r.band) for r in lunch.rates.all()] == [(600, "session", "weekday")]  # no words
    garden = Service.objects.get(source_id="garden-group-3")
    assert (garden.provider, garden.status) == (provider, "temporarily closed")  # its organization by id only
    assert [(r.amount_pence, r.unit, r.band) for r in garden.rates.all()] == [(450, "day", "weekend")]
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.actor, event.channel) == (AuditEvent.Action.CHANGE, commissioner, "cli")
    assert "services_page.json" in event.what and "3 services added" in event.why


def test_the_same_files_loaded_again_add_and_change_nothing(commissioner):
    load(commissioner, "services_page.json", "service_single.json")
    before = counts()
    again = load(commissioner, "services_page.json", "service_single.json")
    assert (again.added, again.changed, again.unchanged) == (0, 0, 3)
    assert again.refused == REFUSED
    assert counts() == {**before, "AuditEvent": before["AuditEvent"] + 1}  # only the record of the second load


def test_a_confirmed_provider_stays_listed_when_its_data_is_loaded_again(commissioner):
    load(commissioner, "services_page.json")
    provider = Provider.objects.get(source_id="tf-001")
    actions.confirm_provider(provider, actor=commissioner, on=datetime.date(2026, 5, 1))
    load(commissioner, "services_page.json")
    assert Provider.objects.get(source_id="tf-001").status == Provider.Status.LISTED


def test_a_changed_price_is_a_price_change(commissioner):
    load(commissioner, "services_page.json")
    changed = load(commissioner, "services_price_changed.json")
    assert (changed.added, changed.changed, changed.unchanged) == (0, 1, 1)
    visits = Service.objects.get(source_id="7d5f2b36-6a4c-4c3e-9d61-1f0a2e3b4c01")
    old, new = visits.rates.order_by("starts_on")
    assert old.amount_pence == 1250 and old.ends_on == new.starts_on - datetime.timedelta(days=1)
    assert (new.amount_pence, new.ends_on, new.changed_by) == (1375, None, commissioner)
    assert load(commissioner, "services_price_changed.json").changed == 0  # and then it is the price


def test_a_service_whose_organization_is_unknown_is_refused_by_name(commissioner):
    loaded = load(commissioner, "orphan.json")
    assert loaded.refused == [
        "orphan.json, service 'orphan-1': its organization 'nobody-knows' is neither in these "
        "files nor in the directory"
    ]
    assert not Service.objects.filter(source_id="orphan-1").exists()


def test_a_malformed_file_is_named_with_its_line_and_nothing_is_written(commissioner):
    before = counts()
    with pytest.raises(actions.MarketError) as refused:
        load(commissioner, "services_page.json", "malformed.json")
    assert str(refused.value).startswith("malformed.json, line 3 column 34: not valid JSON")
    assert counts() == before


def test_only_the_council_loads_another_directorys_data(django_user_model):
    worker = django_user_model.objects.create_user(
        username="worker", password="a-long-test-password", role=Role.SOCIAL_WORKER
    )
    with pytest.raises(PermissionDenied):
        load(worker, "services_page.json")
    assert not Service.objects.filter(source_id="lunch-club-2").exists()


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (("£24.50 an hour, weekdays", "Weekdays"), ("hour", "weekday")),
        (("£28.10 an hour, weekends",), ("hour", "weekend")),
        (("£80 a day, bank holidays",), ("day", "bank_holiday")),
        (("£300 per week",), ("week", "weekday")),
        (("Sleep-in, a session", "Nights"), ("session", "night")),
        (("£15 hourly on Saturdays",), ("hour", "weekend")),
        (("Donations welcome",), ("session", "weekday")),
        (("", ""), ("session", "weekday")),
    ],
)
def test_a_prices_unit_and_band_are_read_from_its_words(words, expected):
    assert oruk_import.unit_and_band(*words) == expected


def test_a_file_of_something_else_is_not_services():
    with pytest.raises(oruk_import.OrukFileError, match=r"^numbers.json: not Open Referral UK services"):
        oruk_import.read([b'{"numbers": [1, 2]}'], ["numbers.json"])


# ---- round trip: what /openreferral/ serves loads into a directory without those services ---------------------------


def _snapshot(services):
    return sorted(
        (
            s.name,
            s.description,
            s.url,
            s.status,
            s.minimum_age,
            s.maximum_age,
            s.provider.name,
            s.provider.website,
            sorted((r.amount_pence, r.unit, r.band, r.starts_on) for r in s.rates.filter(ends_on__isnull=True)),
            sorted((x.byday, x.opens_at, x.closes_at) for x in s.schedules.all()),
            sorted(s.areas.values_list("name", flat=True)),
            sorted(
                (
                    v.name,
                    v.address_1,
                    v.city,
                    v.postcode,
                    v.latitude,
                    v.longitude,
                    v.cqc_location_id,
                    v.step_free,
                    v.accessible_toilet,
                    v.hearing_loop,
                    v.parking,
                )
                for v in s.locations.all()
            ),
            sorted((t.name, t.code) for t in s.terms.all()),
        )
        for s in services
    )


def test_what_the_api_serves_loads_into_a_directory_without_those_services(client, commissioner):
    from tests.market.test_oruk_api import Directory

    directory = Directory()
    published = Service.objects.filter(provider=directory.listed).exclude(status=Service.Status.DEFUNCT)
    expected = _snapshot(published)
    page = client.get("/openreferral/services").content
    full = [client.get(f"/openreferral/services/{s.uuid}").content for s in published]
    # the directory emptied of its services, venues and providers (its own taxonomy stays)
    Service.objects.all().delete()
    Location.objects.all().delete()
    Provider.objects.all().delete()
    names = ["services.json", *(f"service-{n}.json" for n in range(len(full)))]
    loaded = actions.import_oruk([page, *full], names=names, actor=commissioner)
    assert (loaded.added, loaded.refused) == (2, [])
    assert _snapshot(Service.objects.all()) == expected
    assert set(Provider.objects.values_list("status", flat=True)) == {Provider.Status.PROPOSED}
    again = actions.import_oruk([page, *full], names=names, actor=commissioner)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 2)


def test_a_price_loaded_again_never_ends_before_it_begins(commissioner):
    """A price first loaded today, loaded again as another amount ending today, replaces it whole (today's price was
    never shown for a day gone by), and no price held ends before it starts (found by the review)."""
    import json

    from django.utils import timezone

    today = timezone.localdate()
    load(commissioner, "services_page.json", "service_single.json")
    page = json.loads((FILES / "service_single.json").read_bytes())
    page["cost_options"] = [{**page["cost_options"][0], "amount": 5.25, "valid_to": today.isoformat()}]
    actions.import_oruk([json.dumps(page).encode()], names=["ends-today.json"], actor=commissioner)

    rates = Rate.objects.filter(service__source_id="garden-group-3")
    assert [(r.amount_pence, r.starts_on, r.ends_on) for r in rates] == [(525, today, today)]
    assert all(r.ends_on is None or r.ends_on >= r.starts_on for r in Rate.objects.all())
