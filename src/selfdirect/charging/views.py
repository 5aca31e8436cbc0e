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
from selfdirect.core import flows, permissions
from selfdirect.core.money import Money
from selfdirect.journey import queries as journey
from selfdirect.people import access as people_access
from selfdirect.planning import queries as planning

from . import actions, forms, queries, top_ups
from .policy import FIELD_LABELS
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
        "deferring": queries.deferred_payment_in_force(person),
        **(_gaps_today() if permissions.may_assess_charges(request.user) else {}),
    })


def _forms(request, person):
    """The keying form and its row sets: {"form", "income", "joint", "capital", "housing", "dre"}."""
    data = request.POST if request.method == "POST" else None
    cost = _cost_of_care(person)
    policy = queries.policy_on(timezone.localdate())
    return {
        "form": forms.AssessmentForm(data, policy=policy, initial={"weekly_cost_of_care_pence": cost,
                                                                   "dependent_children": 0}),
        "income": forms.IncomeRows(data, prefix="income"), "joint": forms.JointIncomeRows(data, prefix="joint"),
        "capital": forms.CapitalRows(data, prefix="capital"), "housing": forms.HousingRows(data, prefix="housing"),
        "dre": forms.ExpenditureRows(data, prefix="dre"), "policy": policy,
    }


ROW_SETS = ("income", "joint", "capital", "housing", "dre")


@login_required
def new(request, pk):
    person = _person(request, pk, "to make a financial assessment")
    if not permissions.may_assess_charges(request.user):
        raise PermissionDenied
    adding = request.method == "POST" and request.POST.get("add_row") in ROW_SETS
    keyed = _forms(_with_a_row_more(request) if adding else request, person)
    form = keyed["form"]
    sets = {name: keyed[name] for name in ROW_SETS}
    if adding:  # "Add another ...": the same page with what was typed kept, one more row, and no errors yet
        for shown in [form, *sets.values()]:
            _not_checked_yet(shown)
    elif request.method == "POST" and form.is_valid() and all(f.is_valid() for f in sets.values()):
        raw = forms.to_input(person, form, sets["income"], sets["housing"], sets["dre"], joint=sets["joint"],
                             capital=sets["capital"])
        try:
            made = actions.record_assessment(person, raw, actor=request.user,
                                             reason=form.cleaned_data.get("reason") or "new",
                                             deprivation_of_assets=form.cleaned_data["deprivation_of_assets"],
                                             deprivation_note=form.cleaned_data["deprivation_note"])
        except actions.ChargingError as problem:
            message = str(problem)
            if problem.field == "effective_date" and "rates" in message:
                message += (" Until then you can make a provisional assessment: give an earlier year in \"Earlier year's "
                            "figures for a provisional assessment\" at the end of this form.")
            forms.place_error(problem.field, message, form, sets)
            for also in problem.also:
                forms.place_error(also.field, str(also), form, sets)
        else:
            messages.success(request, "Financial assessment recorded")
            return redirect("charging:detail", pk=person.pk, assessment_pk=made.pk)
    rows = [f for fs in sets.values() for f in fs.forms]
    return render(request, "charging/new.html", {
        "person": person, **keyed, "extra_forms": rows, "added": request.POST.get("add_row") if adding else "",
        "import_form": forms.ImportForm(), "back_url": reverse("charging:summary", args=[person.pk]), **_gaps_today(),
    }, status=400 if request.method == "POST" and not adding else 200)


class _WithData:
    """The request with its form data changed (one more row in a row set)."""

    method = "POST"

    def __init__(self, request, data):
        self.user, self.POST = request.user, data


def _with_a_row_more(request):
    data = request.POST.copy()
    prefix = request.POST["add_row"]
    limit = {"income": 12, "joint": 8, "capital": 12, "housing": 6, "dre": 10}[prefix]
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    data[f"{prefix}-TOTAL_FORMS"] = str(min(total + 1, limit))
    return _WithData(request, data)


def _not_checked_yet(shown):
    """A bound form or row set shown again with what was typed and no errors (nothing was submitted for checking)."""
    from django.forms.utils import ErrorDict, ErrorList

    if hasattr(shown, "forms"):
        shown._errors, shown._non_form_errors = [], ErrorList()
        for row in shown.forms:
            row._errors = ErrorDict()
    else:
        shown._errors = ErrorDict()


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
    return render(request, "charging/new.html", {
        "person": person, **_forms(_GetOnly(request), person), "extra_forms": [upload],
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
                                                    "deferring": queries.deferred_payment_in_force(person),
                                                    "back_url": reverse("charging:summary", args=[person.pk]),
                                                    **_looked_at_again(request, person, assessment)})


@login_required
def letter(request, pk, assessment_pk):
    person = _person(request, pk, "to read the charging letter")
    assessment = queries.assessment_for(person, assessment_pk)
    return render(request, "charging/letter.html", {"person": person, "a": assessment,
                                                    "back_url": reverse("charging:detail", args=[person.pk, assessment.pk]),
                                                    **_looked_at_again(request, person, assessment)})


@login_required
def letter_pdf(request, pk, assessment_pk):
    from weasyprint import HTML

    person = _person(request, pk, "to download the charging letter")
    assessment = queries.assessment_for(person, assessment_pk)
    html = render_to_string("charging/letter_pdf.html", {"person": person, "a": assessment,
                                                         "answers": queries.reconsideration_answered_by(assessment)},
                            request=request)
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


# Looking at an assessment again (issue 17): the person asks from their letter, staff record a request made another
# way, and finance records the outcome from the assessment's page or its queue.

def _looked_at_again(request, person, assessment) -> dict:
    """What the assessment's page and letter show of the requests to look at it again, and what the user may do."""
    current = queries.current_assessment_for(person)
    asked = queries.dated(queries.reconsiderations_for(person, assessment))
    is_current = current is not None and current.pk == assessment.pk
    open_one = next((r for r in asked if r.status == "asked"), None)
    as_person = people_access.acts_as_person(request.user, person)
    return {
        "reconsiderations": asked, "is_current": is_current, "current_assessment": current,
        "answers": queries.reconsideration_answered_by(assessment), "as_person": as_person,
        "may_record_look_again": is_current and open_one is None and actions.may_ask_to_look_again(request.user, person)
                                 and not as_person,
        "may_ask_look_again": is_current and open_one is None and as_person
                              and actions.may_ask_to_look_again(request.user, person),
        "may_decide": actions.may_decide_reconsideration(request.user),
        "made_it": actions.made_the_assessment(request.user, assessment),
        "look_again_form": forms.LookAgainForm(), "reply_days": actions.LOOK_AGAIN_REPLY_DAYS,
    }


@login_required
def look_again(request, pk, assessment_pk):
    person = _person(request, pk, "to ask for a financial assessment to be looked at again")
    if not actions.may_ask_to_look_again(request.user, person):
        raise PermissionDenied
    assessment = queries.assessment_for(person, assessment_pk)
    staff = not people_access.acts_as_person(request.user, person)
    form = forms.LookAgainForm(request.POST if request.method == "POST" else None, staff=staff)
    if request.method == "POST" and form.is_valid():
        try:
            actions.ask_to_look_again(assessment, actor=request.user, grounds=form.cleaned_data["grounds"],
                                      asked_via=form.cleaned_data.get("asked_via", ""))
        except actions.ReconsiderationError as problem:
            form.add_error(problem.field if problem.field in form.fields else None, str(problem))
        else:
            if staff:
                messages.success(request, "Request to look again recorded: it is in the finance team's queue")
                return redirect("charging:detail", pk=person.pk, assessment_pk=assessment.pk)
            messages.success(request, "You asked us to look at this again. A finance officer who did not make "
                                      "the assessment will look at it. We aim to write to you within "
                                      f"{actions.LOOK_AGAIN_REPLY_DAYS} days.")
            return redirect("charging:letter", pk=person.pk, assessment_pk=assessment.pk)
    state = _looked_at_again(request, person, assessment)
    return render(request, "charging/look_again.html", {
        "form": form, "person": person, "a": assessment, "staff": staff, **state,
        "open_one": next((r for r in state["reconsiderations"] if r.status == "asked"), None),
        "back_url": reverse("charging:detail" if staff else "charging:letter", args=[person.pk, assessment.pk]),
    }, status=400 if form.errors else 200)


@login_required
def decide_look_again(request, pk, reconsideration_pk):
    person = _person(request, pk, "to record the outcome of looking at a financial assessment again")
    if not actions.may_decide_reconsideration(request.user):
        raise PermissionDenied
    found = queries.dated([queries.reconsideration_for(person, reconsideration_pk)])[0]
    since = list(queries.assessments_made_since(found))
    form = forms.DecideLookAgainForm(request.POST if request.method == "POST" else None, since=since)
    made_it = actions.made_the_assessment(request.user, found.assessment)
    if request.method == "POST" and found.status == "asked" and not made_it and form.is_valid():
        try:
            actions.decide_reconsideration(found, actor=request.user, outcome=form.cleaned_data["outcome"],
                                           explanation=form.cleaned_data["explanation"], new_assessment=form.chosen())
        except actions.ReconsiderationError as problem:
            for each in problem.every:
                form.add_error(each.field if each.field in form.fields else None, str(each))
        else:
            messages.success(request, "Outcome recorded: the person can read it with their letter")
            return redirect("charging:detail", pk=person.pk, assessment_pk=found.assessment_id)
    return render(request, "charging/decide_look_again.html", {
        "form": form, "person": person, "r": found, "a": found.assessment, "made_it": made_it, "since": since,
        "back_url": reverse("charging:detail", args=[person.pk, found.assessment_id]),
    }, status=400 if form.errors or (request.method == "POST" and (made_it or found.status != "asked")) else 200)


@login_required
def reconsideration_queue(request):
    """Finance's queue of requests to look again, oldest first, each with its age in working days."""
    from django.core.paginator import Paginator

    if not actions.may_decide_reconsideration(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    page = Paginator(queries.open_reconsiderations(), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"r": r, "working_days": queries.reconsideration_age_in_working_days(r, today),
             "made_it": actions.made_the_assessment(request.user, r.assessment)} for r in queries.dated(page.object_list)]
    audit.record_each([r.person_id for r in page.object_list], actor=request.user, action=audit.Action.READ,
                      what="Listed requests to look at a financial assessment again")
    return render(request, "charging/look_again_queue.html", {"page": page, "rows": rows})


# The council's charging policy (charging.policy): finance reads it, and changes it by adding a dated version.
# The policy is not a person's data, so reading it is not audited.

@login_required
def policy(request):
    if not permissions.may_read_charging_policy(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    return render(request, "charging/policy.html", {
        "today": today, "version": queries.policy_version_on(today), "policy": queries.policy_on(today),
        "versions": queries.policy_versions(), "labels": FIELD_LABELS,
        "can_change": permissions.may_set_charging_policy(request.user),
    })


@login_required
def policy_new(request):
    if not permissions.may_set_charging_policy(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = forms.PolicyForm(request.POST or None, initial=forms.PolicyForm.initial_from(queries.policy_on(today)))
    done = flows.submit(
        request, form, lambda data: actions.set_policy(actor=request.user, effective_from=data["effective_from"],
                                                       values=form.values(), reason=data["reason"]),
        errors=actions.PolicyChangeError, redirect_to=reverse("charging:policy"),
        success=lambda made: f"The charging policy from {made.effective_from.day} {made.effective_from:%B %Y} is saved")
    latest = next(iter(queries.policy_versions()), None)
    after = (f" The date it takes effect must be after {latest.effective_from.day} {latest.effective_from:%B %Y}, when the latest version "
             f"took effect." if latest else "")
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": "Change the charging policy", "caption": "Charging policy",
        "submit_text": "Save the new version", "back_url": reverse("charging:policy"),
        "intro": "The form starts with the policy in force today. Change what the council has decided, give the date "
                 "the change takes effect, and say why: the change is kept as a new version, and earlier versions are "
                 f"never changed.{after}",
    }, status=flows.status(form))


# Top-ups (charging.top_ups, issue 18): finance records each written agreement and what later happens to it; everyone
# who reaches the charging part of the person's record, the person too, reads it in plain words.

@login_required
def top_ups_page(request, pk):
    person = _person(request, pk, "to see the person's top-up agreements")
    return render(request, "charging/top_ups.html", {
        "person": person, "rows": [{"t": t, "said": top_ups.plain_words(t.terms)} for t in queries.top_ups_of(person)],
        "can_record": permissions.may_assess_charges(request.user),
        "as_person": people_access.acts_as_person(request.user, person),
        "back_url": reverse("charging:summary", args=[person.pk]),
    })


@login_required
def top_up_new(request, pk):
    person = _person(request, pk, "to record a top-up agreement")
    if not permissions.may_assess_charges(request.user):
        raise PermissionDenied
    form = forms.TopUpForm(request.POST or None, initial={
        "if_payments_stop": top_ups.IF_PAYMENTS_STOP.format(name=person.first_name), "paid_to": "council"})
    done = flows.submit(request, form, lambda data: actions.record_top_up(person, actor=request.user,
                                                                        values=form.values()),
                        errors=actions.TopUpError, redirect_to=reverse("charging:top-ups", args=[person.pk]),
                        success="Top-up agreement recorded: the person can read it on their record")
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": "Record a top-up agreement", "caption": person.full_name,
        "submit_text": "Record the top-up", "back_url": reverse("charging:top-ups", args=[person.pk]),
        "intro": "A top-up is the difference between a care home's weekly price and the council's weekly rate for a "
                 "place that meets the person's needs. Someone else may pay it; the person may pay it themselves only "
                 "while their home is disregarded in the first 12 weeks, under a deferred payment agreement, or when "
                 "the place is after-care under section 117 of the Mental Health Act 1983 (Care and Support and "
                 "After-care (Choice of Accommodation) Regulations 2014, reg 5). Record it once the written agreement "
                 "is signed (Care and Support Statutory Guidance, Annex A, para 23).",
    }, status=flows.status(form))


@login_required
def top_up_close(request, pk, top_up_pk):
    person = _person(request, pk, "to record that a top-up ended or its payments stopped")
    if not permissions.may_assess_charges(request.user):
        raise PermissionDenied
    found = queries.top_up_for(person, top_up_pk)
    form = forms.CloseTopUpForm(request.POST or None)
    done = flows.submit(request, form, lambda data: actions.close_top_up(
        found, actor=request.user, status=data["status"], closed_on=data["closed_on"],
        what_was_done=data["what_was_done"]), errors=actions.TopUpError,
        redirect_to=reverse("charging:top-ups", args=[person.pk]), success="Recorded: the person can read what was done")
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": "Record that a top-up ended or its payments stopped", "caption": person.full_name,
        "submit_text": "Record it", "back_url": reverse("charging:top-ups", args=[person.pk]),
        "intro": f"The top-up of {Money(found.weekly_top_up_pence).format()} a week for {found.care_home}, agreed on "
                 f"{found.agreed_on.day} {found.agreed_on:%B %Y}. If payments stop, the council stays responsible for "
                 "the whole fee until it has recovered what it paid or made other arrangements to meet the person's "
                 "needs (Care and Support Statutory Guidance, Annex A). Say what was done.",
    }, status=flows.status(form))
