from selfdirect.journey.models import Case
from selfdirect.people.models import Person

ABOUT = {"first_name": "Ada", "last_name": "Lovelace", "date_of_birth_0": "10", "date_of_birth_1": "12",
         "date_of_birth_2": "1960", "nhs_number": "943 476 5919", "gender": "Female", "ethnicity": "A"}
CIRCUMSTANCES = {"postcode": "ex4 4qj", "accommodation_status": "Tenant", "employment_status": "Unknown"}
CARE = {"client_type": "Service User", "primary_support_reason": "Mental Health Support", "client_group": "mental_health",
        "autism": "No", "visual_impairment": "No", "hearing_impairment": "No", "dementia": "No",
        "client_funding_status": "Unknown"}
REFERRAL = {"referred_on_0": "1", "referred_on_1": "11", "referred_on_2": "2026", "route_of_access": "Community / Other route",
            "reason": "Wants help to get back to work", "previous_package_description": "Day centre",
            "previous_package_weekly_pence": "120.50"}


def _walk(client, council):
    assert client.post("/people/new/about/", ABOUT).status_code == 302
    assert client.post("/people/new/circumstances/", CIRCUMSTANCES).status_code == 302
    assert client.post("/people/new/care-needs/", {**CARE, "team": council.north.pk}).status_code == 302
    assert client.post("/people/new/referral/", REFERRAL).status_code == 302


def test_a_worker_adds_a_person_page_by_page_then_checks_their_answers(council, signed_in):
    client = signed_in(council.worker)
    _walk(client, council)
    check = client.get("/people/new/check/").content.decode()
    assert "Ada" in check and "EX4 4QJ" in check and "£120.50" in check
    assert "943 476 5919" in check and "9434765919" not in check  # the NHS number as people write it
    response = client.post("/people/new/check/")
    person = Person.objects.get(last_name="Lovelace")
    assert response["Location"] == f"/people/{person.pk}/"
    assert person.nhs_number == "9434765919"
    assert person.previous_package_weekly_pence == 12050
    assert Case.objects.get(person=person).state == "referral"


def test_a_wrong_nhs_check_digit_is_named_and_nothing_is_written(council, signed_in):
    client = signed_in(council.worker)
    response = client.post("/people/new/about/", {**ABOUT, "nhs_number": "943 476 5918"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert 'href="#id_nhs_number"' in body
    assert "check digit" in body
    assert not Person.objects.exists()


def test_a_date_of_birth_in_the_future_is_refused(council, signed_in):
    client = signed_in(council.worker)
    body = client.post("/people/new/about/", {**ABOUT, "date_of_birth_2": "2099"}).content.decode()
    assert "Date of birth must be today or in the past" in body
    assert 'href="#id_date_of_birth_0"' in body


def test_a_postcode_that_is_not_a_uk_postcode_is_refused(council, signed_in):
    client = signed_in(council.worker)
    client.post("/people/new/about/", ABOUT)
    body = client.post("/people/new/circumstances/", {**CIRCUMSTANCES, "postcode": "90210"}).content.decode()
    assert "Postcode must be a UK postcode" in body


def test_a_negative_previous_package_cost_is_refused(council, signed_in):
    client = signed_in(council.worker)
    client.post("/people/new/about/", ABOUT)
    client.post("/people/new/circumstances/", CIRCUMSTANCES)
    client.post("/people/new/care-needs/", {**CARE, "team": council.north.pk})
    body = client.post("/people/new/referral/", {**REFERRAL, "previous_package_weekly_pence": "-5"}).content.decode()
    assert "must not be negative" in body


def test_the_check_page_sends_a_worker_back_to_an_unanswered_part(council, signed_in):
    client = signed_in(council.worker)
    client.post("/people/new/about/", ABOUT)
    response = client.get("/people/new/check/")
    assert response["Location"] == "/people/new/circumstances/"


def test_only_casework_staff_may_add_a_person(council, signed_in):
    for user in [council.finance, council.holder, council.provider, council.researcher]:
        assert signed_in(user).get("/people/new/about/").status_code == 403


def test_a_worker_cannot_add_a_person_to_another_team_through_the_pages(council, signed_in):
    """The API refused this already; the rule now sits in the action, so the pages refuse it too, nothing written."""
    client = signed_in(council.worker)
    assert client.post("/people/new/about/", ABOUT).status_code == 302
    assert client.post("/people/new/circumstances/", CIRCUMSTANCES).status_code == 302
    assert client.post("/people/new/care-needs/", {**CARE, "team": council.south.pk}).status_code == 302
    assert client.post("/people/new/referral/", REFERRAL).status_code == 302
    response = client.post("/people/new/check/", follow=True)
    assert "You can add people only to your own team" in response.content.decode()
    assert not Person.objects.filter(last_name="Lovelace").exists() and not Case.objects.exists()
