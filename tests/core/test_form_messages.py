"""GOV.UK error messages: Django's generic wording is replaced by messages naming the field; a form's own stay."""

import pytest
from django import forms

from selfdirect.core.forms import DateField, Form, PenceField


class Example(Form):
    first_name = forms.CharField(label="First name", max_length=100)
    nhs_number = forms.CharField(label="NHS number", min_length=10, max_length=10)
    hours = forms.IntegerField(label="Hours a week", min_value=0, max_value=168)
    kind = forms.ChoiceField(label="Kind of support", choices=[("a", "A"), ("b", "B")])
    lives_alone = forms.ChoiceField(label="Does the person live alone?", choices=[("yes", "Yes"), ("no", "No")])
    email = forms.EmailField(label="Email address", required=False)
    reason = forms.CharField(label="Reason", error_messages={"required": "Enter why the plan changed"})
    started = DateField(label="Start date", required=False)
    weekly = PenceField(label="Weekly amount", required=False)
    description = forms.CharField(label="What is it?", max_length=200, required=False)


def errors(**data):
    form = Example(data={"first_name": "Ann", "nhs_number": "9434765919", "hours": "10", "kind": "a",
                         "lives_alone": "yes", "reason": "Moved house", **data})
    form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def test_a_valid_form_has_no_errors():
    assert errors() == {}


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"first_name": "x" * 5000}, "first_name", "First name must be 100 characters or less"),
    ({"first_name": ""}, "first_name", "Enter first name"),
    ({"nhs_number": "123"}, "nhs_number", "NHS number must be 10 characters or more"),
    ({"nhs_number": ""}, "nhs_number", "Enter NHS number"),
    ({"hours": "200"}, "hours", "Hours a week must be 168 or less"),
    ({"hours": "-1"}, "hours", "Hours a week must be 0 or more"),
    ({"hours": "ten"}, "hours", "Hours a week must be a whole number"),
    ({"kind": ""}, "kind", "Select kind of support"),
    ({"kind": "z"}, "kind", "Select kind of support from the list"),
    ({"lives_alone": ""}, "lives_alone", "Select an answer to ‘Does the person live alone?’"),
    ({"email": "not-an-address"}, "email", "Enter an email address in the correct format, like name@example.com"),
    ({"reason": ""}, "reason", "Enter why the plan changed"),
    ({"description": "x" * 201}, "description", "Description must be 200 characters or less"),
    ({"weekly": "lots"}, "weekly", "Weekly amount must be an amount in pounds and pence, like 125.50"),
])
def test_each_message_names_the_field_in_govuk_style(data, field, message):
    assert errors(**data) == {field: [message]}


def test_no_django_wording_survives():
    found = errors(first_name="x" * 5000, hours="ten", kind="z", nhs_number="1")
    text = " ".join(m for messages in found.values() for m in messages)
    assert "Ensure this value" not in text and "This field is required" not in text and "valid choice" not in text
