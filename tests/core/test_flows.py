"""The one shape of a changing page (core.flows) and its API twin (core.api.problems_from): success flashes and
redirects; a domain refusal lands on the field it names (or the whole form, or a 409); an invalid form is shown again
with 400."""

import pytest
from django import forms
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory

from selfdirect.core import flows
from selfdirect.core.api import DomainConflict, FieldProblem, problem_details_handler, problems_from
from selfdirect.core.errors import DomainError, together
from selfdirect.core.forms import Form


class Refused(DomainError):
    pass


class Other(Exception):
    pass


class Sign(Form):
    signed_name = forms.CharField(label="Full name", max_length=20)
    note = forms.CharField(label="Note", required=False)


def _request(method="post", data=None):
    request = getattr(RequestFactory(), method)("/sign/", data or {})
    request._messages = CookieStorage(request)
    return request


def _flashed(request):
    return [(m.level, m.message) for m in request._messages]


def test_a_valid_form_calls_the_verb_with_its_data_then_flashes_and_redirects():
    request, called = _request(data={"signed_name": "Ann Smith"}), []
    form = Sign(request.POST)
    done = flows.submit(request, form, lambda data: called.append(data) or "made", errors=Refused,
                        success=lambda made: f"Signed: {made}", redirect_to="/plan/")
    assert done.status_code == 302 and done.url == "/plan/"
    assert called == [{"signed_name": "Ann Smith", "note": ""}]
    assert _flashed(request) == [(constants.SUCCESS, "Signed: made")]


def test_a_refusal_goes_on_the_field_it_names():
    request = _request(data={"signed_name": "Ann Smith"})
    form = Sign(request.POST)

    def verb(data):
        raise Refused("Enter the name as it is on the plan", field="signed_name")

    assert flows.submit(request, form, verb, errors=Refused, success="Signed", redirect_to="/plan/") is None
    assert form.errors == {"signed_name": ["Enter the name as it is on the plan"]}
    assert flows.status(form) == 400 and _flashed(request) == []


@pytest.mark.parametrize("field", [None, "not_on_this_form"])
def test_a_refusal_about_no_field_of_the_form_goes_on_the_whole_form(field):
    request = _request(data={"signed_name": "Ann Smith"})
    form = Sign(request.POST)

    def verb(data):
        raise Refused("The plan can only be signed once it is agreed", field=field)

    assert flows.submit(request, form, verb, errors=Refused, success="Signed", redirect_to="/plan/") is None
    assert form.non_field_errors() == ["The plan can only be signed once it is agreed"]
    assert flows.status(form) == 400


def test_the_view_can_say_which_of_its_fields_an_error_means():
    request = _request(data={"signed_name": "Ann Smith"})
    form = Sign(request.POST)

    def verb(data):
        raise Refused("Too long", field="notes")

    flows.submit(request, form, verb, errors=Refused, success="Signed", redirect_to="/plan/",
                 field=lambda problem: problem.field.rstrip("s"))
    assert form.errors == {"note": ["Too long"]}


def test_other_errors_are_not_caught():
    request = _request(data={"signed_name": "Ann Smith"})

    def verb(data):
        raise Other("a bug")

    with pytest.raises(Other):
        flows.submit(request, Sign(request.POST), verb, errors=Refused, success="Signed", redirect_to="/plan/")


def test_an_invalid_form_is_shown_again_with_400_and_the_verb_is_not_called():
    request, called = _request(data={"signed_name": ""}), []
    form = Sign(request.POST)
    assert flows.submit(request, form, called.append, errors=Refused, success="Signed", redirect_to="/plan/") is None
    assert called == [] and "signed_name" in form.errors and flows.status(form) == 400


def test_a_get_shows_the_page_with_200():
    request, called = _request("get"), []
    form = Sign(None)
    assert flows.submit(request, form, called.append, errors=Refused, success="Signed", redirect_to="/plan/") is None
    assert called == [] and flows.status(form) == 200


def test_a_button_flashes_the_refusal_and_goes_where_it_is_told():
    request = _request()

    def verb():
        raise Refused("The case is not at the planning step")

    done = flows.act(request, verb, errors=Refused, success="Sent", redirect_to="/person/", refused_to="/plan/")
    assert done.url == "/plan/" and _flashed(request) == [(constants.ERROR, "The case is not at the planning step")]
    request = _request()
    done = flows.act(request, lambda: None, errors=Refused, success="Sent", redirect_to="/person/", refused_to="/plan/")
    assert done.url == "/person/" and _flashed(request) == [(constants.SUCCESS, "Sent")]


def _answer(problem, **options):
    with pytest.raises((FieldProblem, DomainConflict)) as raised, problems_from(Refused, **options):
        raise problem
    return problem_details_handler(raised.value, {})


def test_the_api_answers_a_refusal_naming_a_field_with_400_naming_it():
    answer = _answer(Refused("Sort code must be 6 digits", field="sort_code"))
    assert answer.status_code == 400 and answer.data["errors"] == {"sort_code": ["Sort code must be 6 digits"]}


def test_problems_found_together_are_all_shown_at_once_on_the_page_and_in_the_api():
    """The GOV.UK error summary shows every problem at once; an action that finds several raises them together."""
    def verb(data):
        raise together([Refused("Enter the name as it is on the plan", field="signed_name"),
                        Refused("Say how it was signed", field="note"), Refused("The plan has moved on")])

    request = _request(data={"signed_name": "Ann Smith"})
    form = Sign(request.POST)
    assert flows.submit(request, form, verb, errors=Refused, success="Signed", redirect_to="/plan/") is None
    assert form.errors == {"signed_name": ["Enter the name as it is on the plan"], "note": ["Say how it was signed"],
                           "__all__": ["The plan has moved on"]}
    with pytest.raises(Refused) as raised:
        verb({})
    answer = _answer(raised.value)
    assert answer.status_code == 400 and answer.data["errors"] == {
        "signed_name": ["Enter the name as it is on the plan"], "note": ["Say how it was signed"],
        "non_field_errors": ["The plan has moved on"]}


def test_the_api_answers_a_refusal_about_the_whole_request_with_409():
    answer = _answer(Refused("The case is not at the planning step"))
    assert answer.status_code == 409 and answer.data["detail"] == "The case is not at the planning step"


def test_the_api_can_place_a_refusal_on_its_own_names():
    answer = _answer(Refused("Say why", field="reasons"), field=lambda p: f"{p.field}.12")
    assert answer.status_code == 400 and answer.data["errors"] == {"reasons.12": ["Say why"]}


def test_the_api_lets_a_success_and_other_errors_through():
    with problems_from(Refused):
        made = "made"
    assert made == "made"
    with pytest.raises(Other), problems_from(Refused):
        raise Other("a bug")


def test_every_domain_error_carries_its_field():
    assert DomainError("No").field is None and DomainError("No", field="").field is None
    assert Refused("No", field="note").field == "note" and str(Refused("No", field="note")) == "No"
