"""The one shape of a page that changes something: form → action → message → redirect, or the page again with the
errors (400). Views call these instead of writing the try/except each time; they know no app.

    done = flows.submit(request, form, lambda data: actions.sign_plan(case, actor=request.user, **data),
                        errors=actions.PlanError, success="The plan is signed", redirect_to=plan_url)
    return done or render(request, "core/form_page.html", {"form": form, ...}, status=flows.status(form))
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

Errors = type[Exception] | tuple[type[Exception], ...]


def _given(value, result):
    return value(result) if callable(value) else value


def _field_on(form: Form, name: str | None) -> str | None:
    return name if name in form.fields else None


def submit(request: HttpRequest, form: Form, verb: Callable[[dict], Any], *, errors: Errors,
           success: str | Callable[[Any], str], redirect_to: str | Callable[[Any], str],
           field: Callable[[Exception], str | None] | None = None) -> HttpResponse | None:
    """On a POST whose form is valid, call `verb(form.cleaned_data)`. If it succeeds, flash `success` and redirect to
    `redirect_to` (either may be a function of what the verb returned). If it raises one of `errors`, put the message
    on the form: on the field the error names (`error.field`, or `field(error)` where the form's names differ) when the
    form has it, otherwise on the whole form; an error raised with others (`core.errors.together`) puts each on its
    field, so the page shows them all at once. Returns the redirect, or None: the caller shows the page again, with
    `status(form)`."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = verb(form.cleaned_data)
    except errors as problem:
        for each in getattr(problem, "every", (problem,)):
            name = field(each) if field else getattr(each, "field", None)
            form.add_error(_field_on(form, name), str(each))
        return None
    messages.success(request, _given(success, result))
    return redirect(_given(redirect_to, result))


def act(request: HttpRequest, verb: Callable[[], Any], *, errors: Errors, redirect_to: str,
        success: str | Callable[[Any], str] | None = None, refused_to: str | None = None) -> HttpResponse:
    """A button with no form: call `verb()`; on success flash `success` (if any) and redirect to `redirect_to`; on one
    of `errors` flash its message as an error and redirect to `refused_to` (by default the same place)."""
    try:
        result = verb()
    except errors as problem:
        messages.error(request, str(problem))
        return redirect(refused_to or redirect_to)
    if success:
        messages.success(request, _given(success, result))
    return redirect(redirect_to)


def status(*forms: Form) -> int:
    """The status of a page shown again: 400 when any of its forms has errors, else 200."""
    return 400 if any(f.errors for f in forms) else 200
