import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.journey import queries as journey
from selfdirect.people import access as people_access
from selfdirect.planning import queries as planning

from . import actions, forms, queries
from .rates import financial_year_of


def _person(request, pk, why):
    person = people_access.person_for(request.user, pk, why=why)
    if "charging" not in people_access.sections_for(request.user, person):
        raise PermissionDenied
    return person


def _cost_of_care(person):
    case = journey.current_case_for(person)
    return planning.personal_budget_weekly_pence(case) if case else None


def _gaps_today():
    today = timezone.localdate()
    return {"rates_gaps": queries.rates_gaps(today), "plain_gaps": queries.plain_gaps(today),
            "rates_year": financial_year_of(today)}


@login_required
def summary(request, pk):
    person = _person(request, pk, "to see the financial assessment")
    return render(request, "charging/summary.html", {
        "person": person, "assessments": list(queries.assessments_for(person)), "financial_year_of": financial_year_of,
        "can_assess": permissions.may_assess_charges(request.user), "back_url": reverse("people:detail", args=[person.pk]),
        "requests": list(queries.requests_for(person)[:10]), "can_ask": people_access.can_change(request.user, person),
        **(_gaps_today() if permissions.may_assess_charges(request.user) else {}),
    })


def _forms(request, person):
    data = request.POST if request.method == "POST" else None
    cost = _cost_of_care(person)
    form = forms.AssessmentForm(data, initial={"weekly_cost_of_care_pence": cost, "dependent_children": 0})
    return (form, forms.IncomeRows(data, prefix="income"), forms.HousingRows(data, prefix="housing"),
            forms.ExpenditureRows(data, prefix="dre"))


@login_required
def new(request, pk):
    person = _person(request, pk, "to make a financial assessment")
    if not permissions.may_assess_charges(request.user):
        raise PermissionDenied
    form, income, housing, dre = _forms(request, person)
    if request.method == "POST" and all(f.is_valid() for f in (form, income, housing, dre)):
        raw = forms.to_input(person, form, income, housing, dre)
        try:
            made = actions.record_assessment(person, raw, actor=request.user,
                                             deprivation_of_assets=form.cleaned_data["deprivation_of_assets"],
                                             deprivation_note=form.cleaned_data["deprivation_note"])
        except actions.ChargingError as problem:
            target = problem.field if problem.field in form.fields else None
            form.add_error(target, str(problem))
        else:
            messages.success(request, "Financial assessment recorded")
            return redirect("charging:detail", pk=person.pk, assessment_pk=made.pk)
    rows = [f for fs in (income, housing, dre) for f in fs.forms]
    return render(request, "charging/new.html", {
        "person": person, "form": form, "income": income, "housing": housing, "dre": dre, "extra_forms": rows,
        "import_form": forms.ImportForm(), "back_url": reverse("charging:summary", args=[person.pk]),
        **_gaps_today(),
    }, status=400 if request.method == "POST" else 200)


@login_required
def import_file(request, pk):
    person = _person(request, pk, "to import a financial assessment")
    if not permissions.may_assess_charges(request.user) or request.method != "POST":
        raise PermissionDenied
    upload = forms.ImportForm(request.POST, request.FILES)
    problem = None
    if upload.is_valid():
        try:
            raw = json.loads(upload.cleaned_data["file"].read().decode("utf-8"))
            made = actions.record_assessment(person, raw, actor=request.user)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            problem = f"The file is not valid JSON: {getattr(error, 'msg', error)}"
            if hasattr(error, "lineno"):
                problem += f" (line {error.lineno}, column {error.colno})"
        except actions.ChargingError as error:
            problem = f"{error.field}: {error}" if error.field else str(error)
        else:
            messages.success(request, "Financial assessment imported")
            return redirect("charging:detail", pk=person.pk, assessment_pk=made.pk)
        upload.add_error("file", problem)
    form, income, housing, dre = _forms(_GetOnly(request), person)
    return render(request, "charging/new.html", {
        "person": person, "form": form, "income": income, "housing": housing, "dre": dre, "extra_forms": [upload],
        "import_form": upload, "back_url": reverse("charging:summary", args=[person.pk]),
    }, status=400)


class _GetOnly:
    """The request, seen as a GET, to show the empty keying form beside a refused import."""

    method = "GET"
    POST = None

    def __init__(self, request):
        self.user = request.user


@login_required
def detail(request, pk, assessment_pk):
    person = _person(request, pk, "to see a financial assessment")
    assessment = queries.assessment_for(person, assessment_pk)
    return render(request, "charging/detail.html", {"person": person, "a": assessment,
                                                    "earlier_rates": queries.made_with_earlier_rates(assessment),
                                                    "back_url": reverse("charging:summary", args=[person.pk])})


@login_required
def letter(request, pk, assessment_pk):
    person = _person(request, pk, "to read the charging letter")
    assessment = queries.assessment_for(person, assessment_pk)
    return render(request, "charging/letter.html", {"person": person, "a": assessment,
                                                    "back_url": reverse("charging:detail", args=[person.pk, assessment.pk])})


@login_required
def letter_pdf(request, pk, assessment_pk):
    from weasyprint import HTML

    person = _person(request, pk, "to download the charging letter")
    assessment = queries.assessment_for(person, assessment_pk)
    html = render_to_string("charging/letter_pdf.html", {"person": person, "a": assessment}, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    audit.record(actor=request.user, action=audit.Action.EXPORT, person=person, what="Downloaded the charging letter (PDF)")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="contribution-letter-{person.la_person_id}.pdf"'
    return response


# Requests for a financial assessment: the worker asks from the person's record, finance works through its queue.

QUEUE_PAGE_SIZE = 25


@login_required
def ask(request, pk):
    person = _person(request, pk, "to ask for a financial assessment")
    if not people_access.can_change(request.user, person):
        raise PermissionDenied
    form = forms.RequestForm(request.POST or None)
    already = actions.open_request_for(person)
    if request.method == "POST" and form.is_valid():
        try:
            actions.request_assessment(person, actor=request.user, note=form.cleaned_data["note"])
        except actions.RequestError as problem:
            form.add_error(problem.field if problem.field in form.fields else None, str(problem))
        else:
            messages.success(request, "Financial assessment asked for: the finance team will contact the person")
            return redirect("people:detail", pk=person.pk)
    return render(request, "charging/ask.html", {
        "form": form, "person": person, "already": already, "back_url": reverse("people:detail", args=[person.pk]),
    }, status=400 if form.errors else 200)


@login_required
def start_request(request, pk, request_pk):
    person = _person(request, pk, "to start a requested financial assessment")
    if not permissions.may_assess_charges(request.user) or request.method != "POST":
        raise PermissionDenied
    found = queries.request_for(person, request_pk)
    try:
        actions.start_request(found, actor=request.user)
    except actions.RequestError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"You are working on {person.full_name}'s financial assessment")
    return redirect("charging:new", pk=person.pk)


@login_required
def cancel_request(request, pk, request_pk):
    person = _person(request, pk, "to cancel a request for a financial assessment")
    if not (permissions.may_assess_charges(request.user) or people_access.can_change(request.user, person)):
        raise PermissionDenied
    found = queries.request_for(person, request_pk)
    form = forms.CancelRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.cancel_request(found, actor=request.user, reason=form.cleaned_data["reason"])
        except actions.RequestError as problem:
            form.add_error(problem.field if problem.field in form.fields else None, str(problem))
        else:
            messages.success(request, "Request for a financial assessment cancelled")
            return redirect("charging:summary", pk=person.pk)
    return render(request, "core/form_page.html", {
        "form": form, "heading": "Cancel the request for a financial assessment", "caption": person.full_name,
        "submit_text": "Cancel the request", "back_url": reverse("charging:summary", args=[person.pk]),
        "intro": f"Asked for on {found.requested_on.day} {found.requested_on:%B %Y} by "
                 f"{found.requested_by.display_name}. Say why it is no longer needed: the person's record keeps it.",
    }, status=400 if form.errors else 200)


@login_required
def request_queue(request):
    """Finance's queue: requests not yet done, oldest first, each with its age in working days."""
    from django.core.paginator import Paginator

    if not permissions.may_assess_charges(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    page = Paginator(queries.open_requests(), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"r": r, "working_days": queries.age_in_working_days(r, today),
             "days": (today - r.requested_on).days} for r in page.object_list]
    audit.record_each([r.person_id for r in page.object_list], actor=request.user, action=audit.Action.READ,
                      what="Listed requests for a financial assessment")
    return render(request, "charging/queue.html", {"page": page, "rows": rows})
