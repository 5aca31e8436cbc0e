"""API conventions: errors as RFC 9457 problem details naming the field, and a domain error type views raise."""

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


def _flatten(data, prefix=""):
    errors = {}
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            errors.update(_flatten(value, name))
    elif isinstance(data, list) and data and all(not isinstance(v, (dict, list)) for v in data):
        errors[prefix or "non_field_errors"] = [str(v) for v in data]
    elif isinstance(data, list):
        for index, value in enumerate(data):
            errors.update(_flatten(value, f"{prefix}[{index}]"))
    else:
        errors[prefix or "non_field_errors"] = [str(data)]
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
