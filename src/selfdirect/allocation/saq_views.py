"""The supported self-assessment and the indicative budget it gives: the person (or their family) answers, one part
per page; the worker reviews the answers and agrees them; the agreed version gives the indicative budget from the
Resource Allocation System; then the assessment, with the Resource Allocation System's figure and explanation filled
in, moves the case on to planning. (The eligibility decision before it is assessment.views.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from selfdirect.assessment import eligibility, questionnaire
from selfdirect.assessment.actions import AssessmentError
from selfdirect.assessment.models import SelfAssessment
from selfdirect.assessment.queries import latest_assessment_for, latest_self_assessment, self_assessments_for
from selfdirect.assessment.saq_forms import domain_form
from selfdirect.core import permissions
from selfdirect.journey import actions as journey_actions
from selfdirect.journey.access import case_for
from selfdirect.people import access as people_access

from . import actions, forms, queries


def _context(request, pk):
    person, case = case_for(request.user, pk, why="for the self-assessment", section="care")
    if people_access.can_change(request.user, person):
        kind = SelfAssessment.Kind.AGREED  # the worker's agreed version
    elif people_access.acts_as_person(request.user, person):
        kind = SelfAssessment.Kind.PERSON  # the person's own answers, or their family's for them
    else:
        raise PermissionDenied
    return person, case, kind


def _session_key(case):
    return f"saq-{case.pk}"


@login_required
def start(request, pk):
    person, case, kind = _context(request, pk)
    versions = self_assessments_for(case)
    if request.method == "POST":
        key = request.POST.get("questionnaire") or "adult"
        definition = questionnaire.get(key if key in questionnaire.shipped() or key in {"adult", "carer"} else "adult")
        initial = {}
        latest_person = latest_self_assessment(case, kind=SelfAssessment.Kind.PERSON, questionnaire=definition.key)
        if kind == SelfAssessment.Kind.AGREED and latest_person:
            initial = dict(latest_person.answers)
        request.session[_session_key(case)] = {"questionnaire": definition.key, "answers": initial,
                                               "easy": request.POST.get("easy_read") == "yes"}
        return redirect("allocation:saq-domain", pk=person.pk, domain=definition.domains[0].id)
    latest = latest_assessment_for(case)
    return render(request, "allocation/saq_start.html", {
        "person": person, "case": case, "kind": kind, "versions": list(versions),
        "awaiting_budget": kind == SelfAssessment.Kind.AGREED and case.state == "assessment" and latest is not None
                           and latest.awaiting_budget,
        "questionnaires": [q for q in questionnaire.shipped().values()],
        "back_url": reverse("people:detail", args=[person.pk]),
        "is_self": permissions.is_budget_holder(request.user),
    })


@login_required
def domain_page(request, pk, domain):
    person, case, kind = _context(request, pk)
    state = request.session.get(_session_key(case))
    if not state:
        return redirect("allocation:saq-start", pk=person.pk)
    definition = questionnaire.get(state["questionnaire"])
    ids = [d.id for d in definition.domains]
    if domain not in ids:
        return redirect("allocation:saq-start", pk=person.pk)
    index = ids.index(domain)
    current = definition.domains[index]
    form = domain_form(current, easy_read=state.get("easy"), data=request.POST or None,
                       initial={q.id: state["answers"].get(q.id) for q in current.questions})
    if request.method == "POST" and form.is_valid():
        state["answers"].update(form.cleaned_data)
        request.session[_session_key(case)] = state
        if request.GET.get("change") or index == len(ids) - 1:
            return redirect("allocation:saq-check", pk=person.pk)
        return redirect("allocation:saq-domain", pk=person.pk, domain=ids[index + 1])
    back = reverse("allocation:saq-domain", args=[person.pk, ids[index - 1]]) if index else reverse("allocation:saq-start", args=[person.pk])
    return render(request, "core/form_page.html", {
        "form": form, "heading": current.title, "intro": current.about,
        "caption": f"{definition.title} – part {index + 1} of {len(ids)}", "submit_text": "Continue", "back_url": back,
    }, status=400 if form.errors else 200)


@login_required
def check(request, pk):
    person, case, kind = _context(request, pk)
    state = request.session.get(_session_key(case))
    if not state:
        return redirect("allocation:saq-start", pk=person.pk)
    definition = questionnaire.get(state["questionnaire"])
    for d in definition.domains:
        if any(q.id not in state["answers"] for q in d.questions):
            return redirect("allocation:saq-domain", pk=person.pk, domain=d.id)
    scored = questionnaire.score(definition, state["answers"])
    if request.method == "POST":
        actions.record_self_assessment(case, actor=request.user, questionnaire_key=definition.key,
                                       answers=state["answers"], kind=kind)
        request.session.pop(_session_key(case), None)
        if kind == SelfAssessment.Kind.AGREED:
            messages.success(request, f"Self-assessment agreed: {scored.points} points")
            return redirect("allocation:indicative", pk=person.pk)
        messages.success(request, "Thank you. Your answers have been sent to your social worker, who will go through them with you.")
        return redirect("people:detail", pk=person.pk)
    rows = []
    for domain in definition.domains:
        for q in domain.questions:
            option = q.option(state["answers"][q.id])
            rows.append({"key": {"text": q.text}, "value": {"text": option.text},
                         "actions": {"items": [{"href": reverse("allocation:saq-domain", args=[person.pk, domain.id]) + "?change=1",
                                                "text": "Change", "visuallyHiddenText": q.text.lower()}]}})
    return render(request, "allocation/saq_check.html", {
        "person": person, "rows": rows, "kind": kind, "points": scored.points, "definition": definition,
        "back_url": reverse("allocation:saq-domain", args=[person.pk, definition.domains[-1].id]),
    })


def _explanation(case):
    budget = queries.latest_indicative_for(case)
    if budget is None:
        return None, None
    definition = questionnaire.get(budget.self_assessment.questionnaire)
    return budget, questionnaire.score(definition, budget.self_assessment.answers)


@login_required
def indicative(request, pk):
    person, case = case_for(request.user, pk, why="to see the indicative budget", section="care")
    budget, scored = _explanation(case)
    latest = latest_assessment_for(case)
    worker = people_access.can_change(request.user, person)
    return render(request, "allocation/indicative.html", {
        "person": person, "budget": budget, "scored": scored, "assessment": latest, "case": case,
        "continue_to_assessment": worker and case.state == "assessment" and latest is not None and latest.awaiting_budget,
        "decide_eligibility": worker and case.state == "assessment" and (latest is None or not latest.eligible),
        "back_url": reverse("people:detail", args=[person.pk]), "is_self": permissions.is_budget_holder(request.user),
    })


@login_required
def indicative_pdf(request, pk):
    from weasyprint import HTML

    person, case = case_for(request.user, pk, why="to download the indicative budget", section="care")
    budget, scored = _explanation(case)
    if budget is None:
        raise Http404("No indicative budget yet")
    html = render_to_string("allocation/indicative_pdf.html", {"person": person, "budget": budget, "scored": scored},
                            request=request)
    pdf = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="indicative-budget-{person.la_person_id}.pdf"'
    return response


def _posted(request):
    """The POST data on a POST (even when empty, so that a blank form is refused), else None."""
    return request.POST if request.method == "POST" else None


@login_required
def record(request, pk):
    """The assessment: the eligible determination with the indicative budget, the Resource Allocation System's figure
    and explanation filled in. Recording it moves the case on to planning."""
    person, case = case_for(request.user, pk, change=True, why="to record the assessment")
    made = latest_assessment_for(case)
    if case.state != "assessment":
        messages.error(request, "The assessment is recorded at the assessment step.")
        return redirect("people:detail", pk=person.pk)
    if made is None or not made.awaiting_budget:
        # links that name this page (the dashboards' "Record the assessment") start the route at its first page
        messages.info(request, "First decide whether the needs are eligible, outcome by outcome.")
        return redirect("assessment:eligibility", pk=person.pk)
    figure = queries.latest_indicative_for(case)
    initial = {}
    if figure is not None:
        initial = {"indicative_weekly_pence": figure.weekly_pence, "indicative_reason": queries.ras_explanation(figure)}
    form = forms.BudgetForm(_posted(request), ras_figure=figure, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_indicative_budget(made, actor=request.user, **form.cleaned_data)
        except (AssessmentError, journey_actions.JourneyError) as problem:
            field = getattr(problem, "field", None)
            form.add_error(field if field in form.fields else None, str(problem))
        else:
            messages.success(request, "Assessment recorded: the needs are eligible and the indicative budget is set. "
                                      "Next, plan support with the person.")
            return redirect("people:detail", pk=person.pk)
    return render(request, "allocation/confirm.html", {
        "form": form, "person": person, "assessment": made, "ras": figure,
        "unable": [eligibility.OUTCOME_LABELS[c] for c in made.outcomes_unable],
        "back_url": reverse("allocation:indicative", args=[person.pk]) if figure else reverse("allocation:saq-start", args=[person.pk]),
    }, status=400 if form.errors else 200)
