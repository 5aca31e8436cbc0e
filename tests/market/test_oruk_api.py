"""The open Open Referral UK API (/openreferral/): every endpoint of the UK profile's openapi.json answers in the
profile's shape (validated against its own schemas, tests/market/oruk_schemas.py), publishes only listed providers'
services, is open to any site (CORS) and is throttled."""

import datetime
import json
import uuid

import pytest
from django.core.cache import cache

from selfdirect.market import api
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
from tests.market.oruk_schemas import assert_conforms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # the throttle counts in the cache
    yield
    cache.clear()


class Directory:
    """Two providers (one listed, one waiting to be confirmed), three services, a venue, a taxonomy of two terms."""

    def __init__(self):
        # the directory's own taxonomy, as migration 0002 loads it (made here too, for a test whose database was
        # flushed)
        self.taxonomy, _ = Taxonomy.objects.get_or_create(
            name="What you can do", source_id="", defaults={"description": "What a person can do"}
        )
        self.care, _ = TaxonomyTerm.objects.get_or_create(
            taxonomy=self.taxonomy, code="personal_care", defaults={"name": "Personal care", "description": "At home"}
        )
        self.club, _ = TaxonomyTerm.objects.get_or_create(
            taxonomy=self.taxonomy, code="club", defaults={"name": "Club or group", "description": "To join"}
        )
        self.club.parent = self.care
        self.club.save()
        self.listed = Provider.objects.create(
            name="Exe Valley Home Care",
            description="Care at home in the valley",
            website="https://exevalley.example",
            email="hello@exevalley.example",
            status=Provider.Status.LISTED,
        )
        self.proposed = Provider.objects.create(name="Not Yet Confirmed Ltd", status=Provider.Status.PROPOSED)
        self.venue = Location.objects.create(
            provider=self.listed,
            name="Riverside Centre",
            address_1="1 Quay Lane",
            city="Exeter",
            postcode="EX2 4AN",
            latitude=50.7184,
            longitude=-3.5339,
            cqc_location_id="1-123456789",
            step_free=True,
            accessible_toilet=True,
            hearing_loop=False,
            parking=None,
        )
        self.home_care = Service.objects.create(
            provider=self.listed,
            name="Home care",
            description="Help with washing and dressing at home",
            url="https://exevalley.example/home-care",
            minimum_age=18,
            maximum_age=120,
            vacancies=3,
            framework_rate_pence=2210,
        )
        self.home_care.terms.add(self.care)
        self.day_club = Service.objects.create(
            provider=self.listed, name="Thursday club", description="Lunch and a quiz", minimum_age=55
        )
        self.day_club.terms.add(self.club)
        self.hidden = Service.objects.create(provider=self.proposed, name="Hidden gardening", description="Digging")
        self.closed = Service.objects.create(
            provider=self.listed, name="Closed for good gardening", status=Service.Status.DEFUNCT
        )
        self.at = ServiceAtLocation.objects.create(service=self.day_club, location=self.venue)
        ServiceAtLocation.objects.create(service=self.hidden, location=self.venue)
        ServiceArea.objects.create(service=self.home_care, name="Exeter")
        ServiceArea.objects.create(service=self.home_care, name="East Devon")
        Language.objects.create(service=self.home_care, name="Welsh", code="cy")
        Schedule.objects.create(
            service=self.home_care, byday="MO,TU,WE,TH,FR", opens_at=datetime.time(7), closes_at=datetime.time(22)
        )
        Schedule.objects.create(
            service=self.day_club, byday="TH", opens_at=datetime.time(10, 30), closes_at=datetime.time(15)
        )
        day = datetime.date(2026, 4, 1)
        Rate.objects.create(
            service=self.home_care,
            amount_pence=2450,
            unit=Rate.Unit.HOUR,
            band=Rate.Band.WEEKDAY,
            starts_on=day,
            confirmed_on=day,
        )
        Rate.objects.create(
            service=self.home_care,
            amount_pence=2810,
            unit=Rate.Unit.HOUR,
            band=Rate.Band.WEEKEND,
            starts_on=day,
            confirmed_on=day,
        )
        Rate.objects.create(
            service=self.home_care,
            amount_pence=2300,
            unit=Rate.Unit.HOUR,
            band=Rate.Band.WEEKDAY,
            starts_on=datetime.date(2025, 4, 1),
            ends_on=datetime.date(2025, 12, 31),
            confirmed_on=datetime.date(2025, 4, 1),
        )  # an earlier price: not published
        Rate.objects.create(
            service=self.day_club,
            amount_pence=1,
            unit=Rate.Unit.SESSION,
            band=Rate.Band.WEEKDAY,
            starts_on=day,
            confirmed_on=day,
        )


@pytest.fixture
def directory():
    return Directory()


def _get(client, path, **params):
    response = client.get("/openreferral" + path, params)
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def _names(body):
    return [item["name"] for item in body["contents"]]


# ---- every endpoint, in the profile's shape ---------------------------------------------------------------------


def test_the_api_describes_itself(client, directory):
    response = _get(client, "/")
    assert response.status_code == 200
    assert_conforms("/", response.json())
    assert response.json()["version"] == "3.0"


def test_the_services_page_holds_only_listed_providers_open_services(client, directory):
    body = _get(client, "/services").json()
    assert_conforms("/services", body)
    assert _names(body) == ["Home care", "Thursday club"]  # not the unconfirmed provider's, not the closed one
    assert {
        k: body[k] for k in ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty")
    } == {
        "total_items": 2,
        "total_pages": 1,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": True,
        "empty": False,
    }
    assert body["contents"][0]["organization"]["name"] == "Exe Valley Home Care"


def test_a_service_in_full_conforms_and_says_its_prices_times_places_and_venue(client, directory):
    response = _get(client, f"/services/{directory.home_care.uuid}")
    assert response.status_code == 200
    body = response.json()
    assert_conforms("/services/{id}", body)
    assert body["id"] == str(directory.home_care.uuid)
    assert sorted((c["option"], c["amount"], c["amount_description"]) for c in body["cost_options"]) == [
        ("Weekdays", 24.5, "£24.50 an hour, weekdays"),
        ("Weekends", 28.1, "£28.10 an hour, weekends"),
    ]
    assert b'"amount":24.5' in response.content and b'"amount":28.1' in response.content  # exact, from pence
    assert {c["valid_from"] for c in body["cost_options"]} == {"2026-04-01"}
    assert body["schedules"] == [
        {
            "id": str(directory.home_care.schedules.get().uuid),
            "service_id": str(directory.home_care.uuid),
            "freq": "WEEKLY",
            "byday": "MO,TU,WE,TH,FR",
            "opens_at": "07:00",
            "closes_at": "22:00",
        }
    ]
    assert sorted(a["name"] for a in body["service_areas"]) == ["East Devon", "Exeter"]
    assert [set(lang) for lang in body["languages"]] == [{"id", "service_id"}]  # the profile's language: its id only
    assert [a["taxonomy_term"]["name"] for a in body["attributes"]] == ["Personal care"]
    assert body["organization"]["website"] == "https://exevalley.example"


def test_a_venue_says_its_address_cqc_registration_and_access(client, directory):
    body = _get(client, f"/services/{directory.day_club.uuid}").json()
    assert_conforms("/services/{id}", body)
    (at,) = body["service_at_locations"]
    venue = at["location"]
    assert venue["external_identifier"] == "1-123456789"
    assert venue["external_identifier_type"] == "CQC location ID"
    assert venue["addresses"] == [
        {
            "id": venue["addresses"][0]["id"],
            "location_id": venue["id"],
            "address_1": "1 Quay Lane",
            "city": "Exeter",
            "state_province": "Exeter",
            "postal_code": "EX2 4AN",
            "country": "GB",
            "address_type": "physical",
        }
    ]
    assert {(a["description"], a["details"]) for a in venue["accessibility"]} == {
        ("Step-free access", "Yes"),
        ("Accessible toilet", "Yes"),
        ("Hearing loop", "No"),
    }  # parking not known
    assert body["cost_options"][0]["amount"] == 0.01


def test_the_county_is_the_councils_where_it_sets_one(client, directory, settings):
    settings.COUNCIL_COUNTY = "Devon"
    body = _get(client, f"/services/{directory.day_club.uuid}").json()
    assert body["service_at_locations"][0]["location"]["addresses"][0]["state_province"] == "Devon"


def test_services_at_locations_conform_and_leave_out_unlisted_providers(client, directory):
    body = _get(client, "/service_at_locations").json()
    assert_conforms("/service_at_locations", body)
    assert [(c["service"]["name"], c["location"]["name"]) for c in body["contents"]] == [
        ("Thursday club", "Riverside Centre")
    ]
    one = _get(client, f"/service_at_locations/{directory.at.uuid}")
    assert one.status_code == 200
    assert_conforms("/service_at_locations/{id}", one.json())
    assert [a["id"] for a in one.json()["service_at_locations"]] == [str(directory.at.uuid)]
    hidden = ServiceAtLocation.objects.get(service=directory.hidden)
    assert _get(client, f"/service_at_locations/{hidden.uuid}").status_code == 404


def test_postcode_and_proximity_are_accepted_and_not_applied(client, directory):
    body = _get(client, "/service_at_locations", postcode="EX1 1AA", proximity="1000").json()
    assert_conforms("/service_at_locations", body)
    assert body["total_items"] == 1


def test_taxonomies_and_their_terms_conform(client, directory):
    body = _get(client, "/taxonomies").json()
    assert_conforms("/taxonomies", body)
    assert _names(body) == ["What you can do"]
    one = _get(client, f"/taxonomies/{directory.taxonomy.uuid}").json()
    assert_conforms("/taxonomies/{id}", one)
    every_term = sorted(TaxonomyTerm.objects.values_list("name", flat=True))
    assert {"Club or group", "Personal care"} <= set(every_term)
    assert sorted(t["name"] for t in one["taxonomy_terms"]) == every_term
    terms = _get(client, "/taxonomy_terms").json()
    assert_conforms("/taxonomy_terms", terms)
    assert _names(terms) == every_term
    term = _get(client, f"/taxonomy_terms/{directory.club.uuid}").json()
    assert_conforms("/taxonomy_terms/{id}", term)
    assert term["parent_id"] == str(directory.care.uuid) and term["taxonomy_id"] == str(directory.taxonomy.uuid)


# ---- parameters -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"search": "quiz"}, ["Thursday club"]),
        ({"search": "exe valley"}, ["Home care", "Thursday club"]),  # the provider's name
        ({"search": "digging"}, []),  # the unconfirmed provider's service stays hidden
        ({"taxonomy_id": "TAXONOMY"}, ["Home care", "Thursday club"]),
        ({"taxonomy_term_id": "CLUB"}, ["Thursday club"]),
        ({"minimum_age": "50"}, ["Thursday club"]),
        ({"maximum_age": "120"}, ["Home care"]),
        ({"maximum_age": "119"}, []),
        ({"day": "TH"}, ["Home care", "Thursday club"]),
        ({"day": "Friday"}, ["Home care"]),
        ({"day": "SA"}, []),
        ({"start_time": "10:00"}, ["Thursday club"]),
        ({"end_time": "16:00"}, ["Thursday club"]),
        ({"day": "TH", "start_time": "07:00", "end_time": "22:00"}, ["Home care", "Thursday club"]),
        ({"day": "MO", "start_time": "08:00"}, []),  # the Monday schedule opens at 7
    ],
)
def test_services_are_filtered_as_the_profile_says(client, directory, params, expected):
    given = {
        k: {"TAXONOMY": str(directory.taxonomy.uuid), "CLUB": str(directory.club.uuid)}.get(v, v)
        for k, v in params.items()
    }
    body = _get(client, "/services", **given).json()
    assert_conforms("/services", body)
    assert _names(body) == expected
    assert body["total_items"] == len(expected) and body["empty"] == (not expected)
    at_locations = _get(client, "/service_at_locations", **given).json()
    assert_conforms("/service_at_locations", at_locations)
    assert [c["service"]["name"] for c in at_locations["contents"]] == [n for n in expected if n == "Thursday club"]


def test_pages_follow_each_other(client, directory):
    first = _get(client, "/services", per_page=1).json()
    second = _get(client, "/services", per_page=1, page=2).json()
    beyond = _get(client, "/services", per_page=1, page=3).json()
    for body in (first, second, beyond):
        assert_conforms("/services", body)
    assert (_names(first), first["first_page"], first["last_page"], first["total_pages"]) == (
        ["Home care"],
        True,
        False,
        2,
    )
    assert (_names(second), second["page_number"], second["first_page"], second["last_page"]) == (
        ["Thursday club"],
        2,
        False,
        True,
    )
    assert (beyond["size"], beyond["empty"], beyond["contents"]) == (0, True, [])
    terms = _get(client, "/taxonomy_terms", per_page=1, page=2).json()
    assert_conforms("/taxonomy_terms", terms)
    assert _names(terms) == sorted(TaxonomyTerm.objects.values_list("name", flat=True))[1:2]


def test_per_page_is_capped(client, directory):
    Service.objects.bulk_create(
        Service(provider=directory.listed, name=f"Extra service {n:03}") for n in range(api.MAX_PER_PAGE + 1)
    )
    body = _get(client, "/services", per_page=api.MAX_PER_PAGE * 10).json()
    assert body["size"] == api.MAX_PER_PAGE
    assert body["total_items"] == api.MAX_PER_PAGE + 3 and body["total_pages"] == 2


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"page": "0"}, "page"),
        ({"per_page": "lots"}, "per_page"),
        ({"taxonomy_term_id": "care"}, "taxonomy_term_id"),
        ({"minimum_age": "old"}, "minimum_age"),
        ({"day": "Funday"}, "day"),
        ({"start_time": "9am"}, "start_time"),
    ],
)
def test_a_parameter_that_cannot_be_used_is_refused_by_name(client, directory, params, named):
    response = _get(client, "/services", **params)
    assert response.status_code == 400
    assert named in response.json()["errors"]


# ---- not found, open to any site, never what is not for publishing ----------------------------------------------


@pytest.mark.parametrize("path", ["/services/{}", "/service_at_locations/{}", "/taxonomies/{}", "/taxonomy_terms/{}"])
def test_an_unknown_id_is_not_found_as_json(client, directory, path):
    for unknown in (str(uuid.uuid4()), "not-a-uuid"):
        response = _get(client, path.format(unknown))
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/problem+json")
        assert json.loads(response.content)["status"] == 404


def test_an_unlisted_providers_service_is_not_found(client, directory):
    assert _get(client, f"/services/{directory.hidden.uuid}").status_code == 404
    assert _get(client, f"/services/{directory.closed.uuid}").status_code == 404


def test_nothing_but_the_directory_is_published(client, directory):
    text = b"".join(
        _get(client, path).content
        for path in ("/services", f"/services/{directory.home_care.uuid}", "/service_at_locations")
    )
    for secret in (b"vacanc", b"framework", b"2210", b"22.1", b"review", b"Hidden gardening", b"23.0"):
        assert secret not in text


def test_it_is_read_only_and_open_without_signing_in(client, directory):
    response = client.post("/openreferral/services", {})
    assert response.status_code == 405
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_throttle_answers_too_many_requests_past_the_rate(client, directory, settings):
    settings.ORUK_API_RATE = "3/minute"
    assert [_get(client, "/services").status_code for _ in range(3)] == [200, 200, 200]
    refused = _get(client, "/taxonomies")
    assert refused.status_code == 429
    assert refused.json()["status"] == 429 and "Retry-After" in refused


def test_a_page_takes_the_same_queries_however_many_services_it_holds(client, directory):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(path):
        with CaptureQueriesContext(connection) as seen:
            assert _get(client, path).status_code == 200
        return len(seen)

    few = [queries("/services"), queries("/service_at_locations"), queries(f"/services/{directory.home_care.uuid}")]
    for n in range(5):
        more = Service.objects.create(provider=directory.listed, name=f"More {n}")
        ServiceAtLocation.objects.create(service=more, location=directory.venue)
        ServiceArea.objects.create(service=directory.home_care, name=f"Area {n}")
        Schedule.objects.create(
            service=directory.home_care, byday="SA", opens_at=datetime.time(9), closes_at=datetime.time(10 + n)
        )
    many = [queries("/services"), queries("/service_at_locations"), queries(f"/services/{directory.home_care.uuid}")]
    assert few == many
    assert max(many) <= 12


def test_the_projects_own_api_document_leaves_it_out(council, api):
    paths = api(council.worker).get("/api/v1/schema/?format=json").json()["paths"]
    assert not [p for p in paths if "openreferral" in p]
