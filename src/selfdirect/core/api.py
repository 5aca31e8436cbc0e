"""API conventions: errors as RFC 9457 problem details naming the field, and a domain error type views raise."""

import re

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

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
    def __init__(self, field: str, message: str):
        super().__init__({field: [message]})


def _label(field: str) -> str:
    words = field.rsplit(".", 1)[-1].split("[", 1)[0].replace("_", " ").strip()
    return (words[:1].upper() + words[1:]) if words else "This field"


def _number(text: str) -> str:
    found = re.findall(r"-?\d+(?:\.\d+)?", text)
    return found[-1] if found else ""


def govuk_api_message(field: str, detail) -> str:
    """DRF's generic wording in GOV.UK style, named by the field ("First name must be 100 characters or less");
    messages the product wrote itself carry other codes and pass through unchanged."""
    code, text, label = getattr(detail, "code", None), str(detail), _label(field)
    if code in {"required", "blank", "null"} and field and field != "non_field_errors":
        return f"Enter {label[:1].lower() + label[1:]}"
    if code == "max_length" and text.startswith("Ensure this field"):
        return f"{label} must be {_number(text)} characters or less"
    if code == "min_length" and text.startswith("Ensure this field"):
        return f"{label} must be {_number(text)} characters or more"
    if code == "max_value" and text.startswith("Ensure this value"):
        return f"{label} must be {_number(text)} or less"
    if code == "min_value" and text.startswith("Ensure this value"):
        return f"{label} must be {_number(text)} or more"
    if code == "invalid_choice" and text.endswith("is not a valid choice."):
        return f"{label} must be one of the listed values"
    if code == "invalid" and text == "A valid integer is required.":
        return f"{label} must be a whole number"
    if code == "invalid" and text == "A valid number is required.":
        return f"{label} must be a number"
    if code == "invalid" and text.startswith("Date has wrong format"):
        return f"{label} must be a real date, like 2026-12-02"
    if code == "invalid" and text == "Must be a valid boolean.":
        return f"{label} must be true or false"
    if code == "invalid" and text == "Enter a valid email address.":
        return f"{label} must be an email address in the correct format, like name@example.com"
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
