"""The supported self-assessment: the person (or their family) answers, one part per page; the worker reviews the
answers and agrees them; the agreed version gives the indicative budget."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from selfdirect.accounts.roles import Role
from selfdirect.journey.access import case_for
from selfdirect.people import access as people_access

from . import actions, questionnaire
from .models import SelfAssessment
from .saq_forms import domain_form


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
    versions = SelfAssessment.objects.filter(case=case).select_related("completed_by")
    if request.method == "POST":
        key = request.POST.get("questionnaire") or "adult"
        definition = questionnaire.get(key if key in questionnaire.shipped() or key in {"adult", "carer"} else "adult")
        initial = {}
        latest_person = versions.filter(kind=SelfAssessment.Kind.PERSON, questionnaire=definition.key).first()
        if kind == SelfAssessment.Kind.AGREED and latest_person:
            initial = dict(latest_person.answers)
        request.session[_session_key(case)] = {"questionnaire": definition.key, "answers": initial,
                                               "easy": request.POST.get("easy_read") == "yes"}
        return redirect("assessment:saq-domain", pk=person.pk, domain=definition.domains[0].id)
    from .services import latest_assessment_for

    latest = latest_assessment_for(case)
    return render(request, "assessment/saq_start.html", {
        "person": person, "case": case, "kind": kind, "versions": versions,
        "awaiting_budget": kind == SelfAssessment.Kind.AGREED and case.state == "assessment" and latest is not None
                           and latest.awaiting_budget,
        "questionnaires": [q for q in questionnaire.shipped().values()],
        "back_url": reverse("people:detail", args=[person.pk]),
        "is_self": request.user.role == Role.BUDGET_HOLDER,
    })


@login_required
def domain_page(request, pk, domain):
    person, case, kind = _context(request, pk)
    state = request.session.get(_session_key(case))
    if not state:
        return redirect("assessment:saq-start", pk=person.pk)
    definition = questionnaire.get(state["questionnaire"])
    ids = [d.id for d in definition.domains]
    if domain not in ids:
        return redirect("assessment:saq-start", pk=person.pk)
    index = ids.index(domain)
    current = definition.domains[index]
    form = domain_form(current, easy_read=state.get("easy"), data=request.POST or None,
                       initial={q.id: state["answers"].get(q.id) for q in current.questions})
    if request.method == "POST" and form.is_valid():
        state["answers"].update(form.cleaned_data)
        request.session[_session_key(case)] = state
        if request.GET.get("change") or index == len(ids) - 1:
            return redirect("assessment:saq-check", pk=person.pk)
        return redirect("assessment:saq-domain", pk=person.pk, domain=ids[index + 1])
    back = reverse("assessment:saq-domain", args=[person.pk, ids[index - 1]]) if index else reverse("assessment:saq-start", args=[person.pk])
    return render(request, "core/form_page.html", {
        "form": form, "heading": current.title, "intro": current.about,
        "caption": f"{definition.title} – part {index + 1} of {len(ids)}", "submit_text": "Continue", "back_url": back,
    }, status=400 if form.errors else 200)


@login_required
def check(request, pk):
    person, case, kind = _context(request, pk)
    state = request.session.get(_session_key(case))
    if not state:
        return redirect("assessment:saq-start", pk=person.pk)
    definition = questionnaire.get(state["questionnaire"])
    for d in definition.domains:
        if any(q.id not in state["answers"] for q in d.questions):
            return redirect("assessment:saq-domain", pk=person.pk, domain=d.id)
    scored = questionnaire.score(definition, state["answers"])
    if request.method == "POST":
        actions.record_self_assessment(case, actor=request.user, questionnaire_key=definition.key,
                                       answers=state["answers"], kind=kind)
        request.session.pop(_session_key(case), None)
        if kind == SelfAssessment.Kind.AGREED:
            messages.success(request, f"Self-assessment agreed: {scored.points} points")
            return redirect("assessment:indicative", pk=person.pk)
        messages.success(request, "Thank you. Your answers have been sent to your social worker, who will go through them with you.")
        return redirect("people:detail", pk=person.pk)
    rows = []
    for domain in definition.domains:
        for q in domain.questions:
            option = q.option(state["answers"][q.id])
            rows.append({"key": {"text": q.text}, "value": {"text": option.text},
                         "actions": {"items": [{"href": reverse("assessment:saq-domain", args=[person.pk, domain.id]) + "?change=1",
                                                "text": "Change", "visuallyHiddenText": q.text.lower()}]}})
    return render(request, "assessment/saq_check.html", {
        "person": person, "rows": rows, "kind": kind, "points": scored.points, "definition": definition,
        "back_url": reverse("assessment:saq-domain", args=[person.pk, definition.domains[-1].id]),
    })


def _explanation(case):
    from selfdirect.allocation import services as allocation

    budget = allocation.latest_indicative_for(case)
    if budget is None:
        return None, None
    definition = questionnaire.get(budget.self_assessment.questionnaire)
    return budget, questionnaire.score(definition, budget.self_assessment.answers)


@login_required
def indicative(request, pk):
    person, case = case_for(request.user, pk, why="to see the indicative budget", section="care")
    budget, scored = _explanation(case)
    from .services import latest_assessment_for

    latest = latest_assessment_for(case)
    worker = people_access.can_change(request.user, person)
    return render(request, "assessment/indicative.html", {
        "person": person, "budget": budget, "scored": scored, "assessment": latest, "case": case,
        "continue_to_assessment": worker and case.state == "assessment" and latest is not None and latest.awaiting_budget,
        "decide_eligibility": worker and case.state == "assessment" and (latest is None or not latest.eligible),
        "back_url": reverse("people:detail", args=[person.pk]), "is_self": request.user.role == Role.BUDGET_HOLDER,
    })


@login_required
def indicative_pdf(request, pk):
    from django.http import Http404, HttpResponse
    from django.template.loader import render_to_string
    from weasyprint import HTML

    person, case = case_for(request.user, pk, why="to download the indicative budget", section="care")
    budget, scored = _explanation(case)
    if budget is None:
        raise Http404("No indicative budget yet")
    html = render_to_string("assessment/indicative_pdf.html", {"person": person, "budget": budget, "scored": scored},
                            request=request)
    pdf = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="indicative-budget-{person.la_person_id}.pdf"'
    return response
