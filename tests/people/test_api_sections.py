"""The API shows each role only what the pages show it (issue 15, finding 3): a finance officer reads a person's name,
reference, date of birth, team and step through the API, as the pages show them, and never the NHS number or the care
record's details, which the pages refuse her."""

import datetime
import re

import pytest

from selfdirect.accounts.models import RoleGrant, User
from selfdirect.core.roles import Role
from selfdirect.people import actions
from selfdirect.people.access import FIELD_SECTIONS, SECTIONS
from selfdirect.people.api import PersonSerializer

# Every field the API gives someone who may see the whole record.
ALL_FIELDS = {
    "id", "la_person_id", "first_name", "last_name", "date_of_birth", "nhs_number", "gender", "ethnicity", "postcode",
    "gp_practice_name", "gp_practice_code", "client_type", "primary_support_reason", "client_group",
    "accommodation_status", "employment_status", "autism", "visual_impairment", "hearing_impairment", "dementia",
    "client_funding_status", "previous_package_description", "previous_package_weekly_pence", "team", "case_state",
}
# What the pages show a finance officer: the person page's name, council reference and date of birth, and the people
# list's team and step.
FINANCE_FIELDS = {"id", "la_person_id", "first_name", "last_name", "date_of_birth", "team", "case_state"}

# The rows of "About the person" on the person page, by the field each shows.
PAGE_ROWS = {
    "la_person_id": "Council reference", "date_of_birth": "Date of birth", "nhs_number": "NHS number",
    "postcode": "Postcode", "gender": "Gender", "ethnicity": "Ethnicity",
    "primary_support_reason": "Primary support reason", "client_group": "Client group", "team": "Team",
    "previous_package_description": "Previous traditional package",
}
# The columns of the people list (for the roles that may list people), by the field each shows.
LIST_COLUMNS = {"la_person_id": "Reference", "team": "Team", "case_state": "Step"}

ROLES = ["admin", "manager", "worker", "finance", "holder", "family", "adviser"]


@pytest.fixture
def person(council):
    person = council.live_person(user=council.holder, first_name="Zebedee", last_name="Quartermaine")
    actions.add_representative(person, actor=council.worker, name="Frank", relationship="Son or daughter",
                               kind="consent", scope="welfare_and_property", evidence_reference="signed form", user=council.family,
                               starts_on=datetime.date(2026, 1, 1))
    actions.add_representative(person, actor=council.worker, name="Ade Adviser", relationship="Independent adviser",
                               kind="consent", scope="welfare_and_property", evidence_reference="Asked for advice", user=council.adviser,
                               starts_on=datetime.date(2026, 1, 1))
    return person


def _rows_shown(html, labels):
    return {field for field, label in labels.items()
            if re.search(rf'govuk-summary-list__key">\s*{re.escape(label)}\s*<', html)}


def _columns_shown(html, labels):
    return {field for field, label in labels.items() if re.search(rf'<th[^>]*>\s*{re.escape(label)}\s*<', html)}


def _fields_the_pages_show(client, person):
    page = client.get(f"/people/{person.pk}/").content.decode()
    shown = _rows_shown(page, PAGE_ROWS)
    if re.search(r'<h2 class="govuk-heading-m">Now: ', page):  # the case's step, with the journey
        shown.add("case_state")
    listed = client.get("/people/")
    if listed.status_code == 200 and person.full_name in listed.content.decode():
        shown |= _columns_shown(listed.content.decode(), LIST_COLUMNS)
    return shown


@pytest.mark.parametrize("role", ROLES)
def test_the_api_shows_each_role_the_fields_its_pages_show(council, person, api, client, role):
    user = getattr(council, role)
    client.force_login(user)
    detail = api(user).get(f"/api/v1/people/{person.pk}/")
    assert detail.status_code == 200
    fields = set(detail.json())
    on_the_pages = _fields_the_pages_show(client, person)
    for field in PAGE_ROWS.keys() | LIST_COLUMNS.keys():
        assert (field in fields) == (field in on_the_pages), (role, field)
    assert fields == (FINANCE_FIELDS if role == "finance" else ALL_FIELDS), role
    listed = api(user).get("/api/v1/people/").json()["results"]
    assert [set(row) for row in listed if row["id"] == person.pk] == [fields]


def test_finance_reads_no_care_record_through_the_api(council, person, api):
    body = api(council.finance).get(f"/api/v1/people/{person.pk}/").json()
    for field in ["nhs_number", "primary_support_reason", "dementia", "autism", "visual_impairment",
                  "hearing_impairment", "gender", "ethnicity", "postcode", "gp_practice_code", "client_group",
                  "accommodation_status", "employment_status", "previous_package_weekly_pence"]:
        assert field not in body, field
    assert body["first_name"] == "Zebedee" and body["la_person_id"] == person.la_person_id
    assert body["date_of_birth"] == "1950-03-04" and body["team"] == council.north.pk and body["case_state"] == "live"
    listed = api(council.finance).get("/api/v1/people/").json()["results"]
    assert listed and all(set(row) == FINANCE_FIELDS for row in listed)
    assert person.nhs_number not in str(listed) and "Personal care" not in str(listed)


def test_the_list_shows_each_person_by_the_roles_that_reach_them(council, person, api):
    """A nominated person who is also a finance officer lists everyone (finance reaches every record), but sees the
    care record only of the person she acts for, not of everyone the finance role reaches."""
    other = council.person(first_name="Olive", last_name="Other", team=council.south)
    RoleGrant.objects.create(user=council.family, role=Role.NOMINATED_PERSON)
    RoleGrant.objects.create(user=council.family, role=Role.FINANCE_OFFICER)
    user = User.objects.get(pk=council.family.pk)
    rows = {row["id"]: set(row) for row in api(user).get("/api/v1/people/").json()["results"]}
    assert rows[person.pk] == ALL_FIELDS
    assert rows[other.pk] == FINANCE_FIELDS
    assert set(api(user).get(f"/api/v1/people/{other.pk}/").json()) == FINANCE_FIELDS


def test_a_worker_adding_a_person_gets_the_whole_record_back(council, api):
    made = api(council.worker).post("/api/v1/people/", {
        "first_name": "Api", "last_name": "Person", "date_of_birth": "1970-01-01", "nhs_number": "9434765919",
        "gender": "Male", "ethnicity": "A", "postcode": "EX1 2AB", "primary_support_reason": "Mental Health Support",
        "client_group": "mental_health", "team": council.north.pk,
        "referral": {"referred_on": "2026-10-01", "route_of_access": "Community / Other route", "reason": "Asked"},
    }, format="json")
    assert made.status_code == 201, made.content
    assert set(made.json()) == ALL_FIELDS - {"case_state"}  # a new person's case step is read from the case endpoint


def test_the_schema_marks_only_what_every_caller_gets_as_required(council, api):
    schema = api(council.worker).get("/api/v1/schema/?format=json").json()
    person = schema["components"]["schemas"]["Person"]
    assert set(person["properties"]) == ALL_FIELDS
    assert set(person.get("required", [])) <= FINANCE_FIELDS
    assert "nhs_number" in schema["components"]["schemas"]["NewPersonRequest"]["properties"]
    assert "primary_support_reason" in schema["components"]["schemas"]["NewPersonRequest"]["required"]


def test_every_field_of_a_person_belongs_to_a_section():
    assert set(PersonSerializer().fields) == set(FIELD_SECTIONS) == ALL_FIELDS
    assert all(needs <= set().union(*SECTIONS.values()) for needs in FIELD_SECTIONS.values())
