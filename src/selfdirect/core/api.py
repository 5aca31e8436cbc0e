"""API conventions: errors as RFC 9457 problem details naming the field, and a domain error type views raise."""

import re
from collections.abc import Callable
from contextlib import contextmanager

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from .words import in_sentence

TITLES = {
    400: "Your request has problems",
    401: "Sign in first",
    403: "You cannot do that",
    404: "Not found",
    405: "Method not allowed",
    409: "That cannot be done now",
    415: "Unsupported media type",
}


class DomainConflict(exceptions.APIException):
    """A business rule refused the request (e.g. the case is at another step)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "That cannot be done now."


class FieldProblem(exceptions.ValidationError):
    """A 400 naming the field, with its message; or, given {field: [messages]}, naming each field."""

    def __init__(self, field: str | dict[str, list[str]], message: str = ""):
        super().__init__(field if isinstance(field, dict) else {field: [message]})


@contextmanager
def problems_from(errors, *, field: Callable[[Exception], str | None] | None = None):
    """Run an action inside, answering its refusal (one of `errors`) the API's way: an error naming a field
    (`error.field`, or `field(error)` where the request's names differ, e.g. "reasons.12") is a 400 naming it; one
    about the request as a whole is a 409. An error raised with others (`core.errors.together`) is one 400 naming
    every field.

        with problems_from(actions.PlanError):
            made = actions.add_outcome(case, actor=request.user, channel="api", **serializer.validated_data)
    """
    try:
        yield
    except errors as problem:
        name = field(problem) if field else getattr(problem, "field", None)
        if not name:
            raise DomainConflict(str(problem)) from None
        named: dict[str, list[str]] = {}
        for each in getattr(problem, "every", (problem,)):
            each_name = (field(each) if field else getattr(each, "field", None)) or "non_field_errors"
            named.setdefault(each_name, []).append(str(each))
        raise FieldProblem(named) from None


def _label(field: str) -> str:
    words = field.rsplit(".", 1)[-1].split("[", 1)[0].replace("_", " ").strip()
    return (words[:1].upper() + words[1:]) if words else "This field"


def _number(text: str) -> str:
    found = re.findall(r"-?\d+(?:\.\d+)?", text)
    return found[-1] if found else ""


# DRF's own wording (matched by the error's code and the start of its text, so messages the product wrote itself
# pass through) and its GOV.UK replacement; {label} is the field, {n} the number in DRF's message.
DRF_WORDING = [
    ("max_length", "Ensure this field", "{label} must be {n} characters or less"),
    ("min_length", "Ensure this field", "{label} must be {n} characters or more"),
    ("max_value", "Ensure this value", "{label} must be {n} or less"),
    ("min_value", "Ensure this value", "{label} must be {n} or more"),
    ("invalid_choice", '"', "{label} must be one of the listed values"),
    ("invalid", "A valid integer is required.", "{label} must be a whole number"),
    ("invalid", "A valid number is required.", "{label} must be a number"),
    ("invalid", "Date has wrong format", "{label} must be a real date, like 2026-12-02"),
    ("invalid", "Must be a valid boolean.", "{label} must be true or false"),
    ("invalid", "Enter a valid email address.", "{label} must be an email address in the correct format, like name@example.com"),
]


def govuk_api_message(field: str, detail) -> str:
    """DRF's generic wording in GOV.UK style, named by the field ("First name must be 100 characters or less");
    messages the product wrote itself carry other codes and pass through unchanged."""
    code, text, label = getattr(detail, "code", None), str(detail), _label(field)
    if code in {"required", "blank", "null"} and field and field != "non_field_errors":
        return f"Enter {in_sentence(label)}"
    for wording_code, starts, message in DRF_WORDING:
        if code == wording_code and text.startswith(starts):
            return message.format(label=label, n=_number(text))
    return text


def _flatten(data, prefix=""):
    errors = {}
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            errors.update(_flatten(value, name))
    elif isinstance(data, list) and data and all(not isinstance(v, (dict, list)) for v in data):
        errors[prefix or "non_field_errors"] = [govuk_api_message(prefix, v) for v in data]
    elif isinstance(data, list):
        for index, value in enumerate(data):
            errors.update(_flatten(value, f"{prefix}[{index}]"))
    else:
        errors[prefix or "non_field_errors"] = [govuk_api_message(prefix, data)]
    return errors


def problem_details_handler(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    body = {"type": "about:blank", "title": TITLES.get(response.status_code, "Error"), "status": response.status_code}
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        body["detail"] = str(data["detail"])
    else:
        errors = _flatten(data)
        body["errors"] = errors
        body["detail"] = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in errors.items())
    problem = Response(body, status=response.status_code, headers=dict(response.items()))
    problem.content_type = "application/problem+json"
    return problem
