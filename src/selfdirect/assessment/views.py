"""Step 2 in one route: "Start the assessment" -> eligibility, one part per page (impairment; the ten outcomes;
wellbeing) -> check and record the determination -> if eligible, the self-assessment (allocation.saq_views) -> the
indicative budget -> the assessment, with the Resource Allocation System's figure and explanation filled in
(allocation.saq_views.record) -> planning.
If not eligible, the route ends with the written decision and information and advice (Care Act 2014 s.13(2), (5))."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from selfdirect.core import permissions
from selfdirect.journey import actions as journey_actions
from selfdirect.journey.access import case_for
from selfdirect.people import access as people_access

from . import actions, eligibility, forms
from .queries import latest_assessment_for


@login_required
@require_POST
def start(request, pk):
    person, case = case_for(request.user, pk, change=True, why="to start the assessment")
    if case.state != "assessment":
        try:
            journey_actions.move(case, "start_assessment", actor=request.user)
        except journey_actions.JourneyError as problem:
            messages.error(request, str(problem))
            return redirect("people:detail", pk=person.pk)
    request.session.pop(_key(case), None)
    return redirect("assessment:eligibility", pk=person.pk)


def _posted(request):
    """The POST data on a POST (even when empty, so that a blank form is refused), else None."""
    return request.POST if request.method == "POST" else None


def _key(case):
    return f"eligibility-{case.pk}"


def _worker_case(request, pk, why):
    """The person and case for a worker who may record the assessment, at the assessment step."""
    person, case = case_for(request.user, pk, change=True, why=why)
    if case.state != "assessment":
        messages.error(request, "The eligibility decision is made at the assessment step. Start the assessment first.")
        return person, case, redirect("people:detail", pk=person.pk)
    return person, case, None


def _draft(request, case) -> dict:
    return dict(request.session.get(_key(case)) or {})


def _save(request, case, draft):
    request.session[_key(case)] = draft


def _next(request, person, name):
    if request.GET.get("change"):
        return redirect("assessment:eligibility-check", pk=person.pk)
    return redirect(name, pk=person.pk)


@login_required
def impairment(request, pk):
    person, case, refused = _worker_case(request, pk, "to record the eligibility decision")
    if refused:
        return refused
    draft = _draft(request, case)
    initial = {}
    if "arises_from_impairment" in draft:
        initial["arises_from_impairment"] = "yes" if draft["arises_from_impairment"] else "no"
    form = forms.ImpairmentForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        draft["arises_from_impairment"] = form.cleaned_data["arises_from_impairment"]
        _save(request, case, draft)
        return _next(request, person, "assessment:eligibility-outcomes")
    return render(request, "core/form_page.html", {
        "form": form, "heading": "Eligibility: the person's needs", "caption": f"{person.full_name} – part 1 of 3",
        "submit_text": "Continue", "back_url": reverse("people:detail", args=[person.pk]),
        "intro": "Decide eligibility as the Care and Support (Eligibility Criteria) Regulations 2015 say: the needs, "
                 "then each of the ten outcomes, then the effect on wellbeing. Next: the ten outcomes.",
    }, status=400 if form.errors else 200)


@login_required
def outcomes(request, pk):
    person, case, refused = _worker_case(request, pk, "to record the eligibility decision")
    if refused:
        return refused
    draft = _draft(request, case)
    if "arises_from_impairment" not in draft:
        return redirect("assessment:eligibility", pk=person.pk)
    saved = {f["outcome"]: f for f in draft.get("findings", [])}
    initial = {code: {"meanings": f.get("meanings"), "evidence": f.get("evidence"), "fluctuates": f.get("fluctuates"),
                      "fluctuation_period": f.get("fluctuation_period")} for code, f in saved.items()}
    each = forms.outcome_forms(_posted(request), initial=initial)
    if request.method == "POST" and all(f.is_valid() for f in each):
        draft["findings"] = [f.cleaned_data["finding"] for f in each]
        _save(request, case, draft)
        return _next(request, person, "assessment:eligibility-wellbeing")
    errors = any(f.errors for f in each)
    return render(request, "assessment/eligibility_outcomes.html", {
        "person": person, "outcome_forms": each, "extra_forms": each,
        "back_url": reverse("assessment:eligibility", args=[person.pk]),
    }, status=400 if errors else 200)


@login_required
def wellbeing(request, pk):
    person, case, refused = _worker_case(request, pk, "to record the eligibility decision")
    if refused:
        return refused
    draft = _draft(request, case)
    if "findings" not in draft:
        return redirect("assessment:eligibility-outcomes", pk=person.pk)
    initial = {}
    if "significant_impact_on_wellbeing" in draft:
        initial = {"wellbeing_areas": draft.get("wellbeing_areas", []),
                   "significant_impact_on_wellbeing": "yes" if draft["significant_impact_on_wellbeing"] else "no",
                   "wellbeing_impact": draft.get("wellbeing_impact", "")}
    form = forms.WellbeingForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        draft.update({"wellbeing_areas": form.cleaned_data["wellbeing_areas"],
                      "significant_impact_on_wellbeing": form.cleaned_data["significant_impact_on_wellbeing"],
                      "wellbeing_impact": form.cleaned_data["wellbeing_impact"].strip()})
        _save(request, case, draft)
        return redirect("assessment:eligibility-check", pk=person.pk)
    unable = [eligibility.OUTCOME_LABELS[code] for code in eligibility.outcomes_unable(
        eligibility.findings_from(draft["findings"]))]
    intro = ("Outcomes they are unable to achieve: " + "; ".join(unable) + ".") if unable else \
        "You found no outcome they are unable to achieve."
    return render(request, "core/form_page.html", {
        "form": form, "heading": "Eligibility: the effect on their wellbeing", "caption": f"{person.full_name} – part 3 of 3",
        "submit_text": "Continue", "back_url": reverse("assessment:eligibility-outcomes", args=[person.pk]),
        "intro": intro + " Next: check the decision before you record it.",
    }, status=400 if form.errors else 200)


def outcome_rows(findings, *, plain=False) -> list[dict]:
    """Each of the ten outcomes with what was found, in the worker's words or (plain) the person's."""
    by_code = {f.outcome: f for f in findings}
    rows = []
    for code, label in eligibility.OUTCOMES:
        f = by_code.get(code)
        words = eligibility.MEANING_PLAIN if plain else {c: v.lower() for c, v in eligibility.MEANING_LABELS.items()}
        meanings = [words[m] for m in f.meanings] if f else []
        if f and f.legacy and not f.meanings:
            meanings = ["recorded as unable to achieve, before the meanings were kept one by one"]
        rows.append({"code": code, "label": label, "unable": bool(f and f.unable), "meanings": meanings,
                     "evidence": f.evidence if f else "", "fluctuates": bool(f and f.fluctuates),
                     "period": f.fluctuation_period if f else ""})
    return rows


def _determine(draft):
    return eligibility.determine(
        arises_from_impairment=draft["arises_from_impairment"], findings=draft["findings"],
        significant_impact_on_wellbeing=draft["significant_impact_on_wellbeing"],
        wellbeing_areas=draft.get("wellbeing_areas", []), wellbeing_impact=draft.get("wellbeing_impact", ""))


@login_required
def check(request, pk):
    person, case, refused = _worker_case(request, pk, "to record the eligibility decision")
    if refused:
        return refused
    draft = _draft(request, case)
    for needed, page in [("arises_from_impairment", "assessment:eligibility"), ("findings", "assessment:eligibility-outcomes"),
                         ("significant_impact_on_wellbeing", "assessment:eligibility-wellbeing")]:
        if needed not in draft:
            return redirect(page, pk=person.pk)
    decision = _determine(draft)
    form = forms.AdviceForm(_posted(request), eligible=decision.eligible, initial={"advice": draft.get("advice", "")})
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.record_eligibility(
                case, actor=request.user, arises_from_impairment=draft["arises_from_impairment"],
                findings=draft["findings"], significant_impact_on_wellbeing=draft["significant_impact_on_wellbeing"],
                wellbeing_areas=draft.get("wellbeing_areas", []), wellbeing_impact=draft.get("wellbeing_impact", ""),
                advice=form.cleaned_data.get("advice", ""))
        except (actions.AssessmentError, journey_actions.JourneyError) as problem:
            form.add_error(None, str(problem))
        else:
            request.session.pop(_key(case), None)
            if made.eligible:
                messages.success(request, "Eligibility decision recorded: the needs are eligible. "
                                          "Next, go through the self-assessment to work out the indicative budget.")
                return redirect("allocation:saq-start", pk=person.pk)
            messages.success(request, "Eligibility decision recorded: the needs are not eligible. "
                                      "Give the person this written decision with the information and advice.")
            return redirect("assessment:decision", pk=person.pk)
    return render(request, "assessment/eligibility_check.html", {
        "person": person, "draft": draft, "decision": decision, "form": form,
        "outcome_rows": outcome_rows(eligibility.findings_from(draft["findings"])),
        "areas": [eligibility.WELLBEING_LABELS[a] for a in draft.get("wellbeing_areas", [])],
        "back_url": reverse("assessment:eligibility-wellbeing", args=[person.pk]),
    }, status=400 if form.errors else 200)


def _is_person(user, person):
    return people_access.acts_as_person(user, person)


@login_required
def decision(request, pk):
    """The written record of the determination and its reasons for the person (Care Act 2014 s.13(2)); with the
    information and advice where the needs are not eligible (s.13(5)). Printable."""
    person, case = case_for(request.user, pk, why="to see the eligibility decision", section="care")
    made = latest_assessment_for(case)
    if made is None:
        raise Http404("No eligibility decision yet")
    can_change = people_access.can_change(request.user, person)
    return render(request, "assessment/decision.html", {
        "person": person, "case": case, "assessment": made, "outcome_rows": outcome_rows(made.finding_list(), plain=True),
        "areas": [eligibility.WELLBEING_PLAIN[a] for a in made.wellbeing_areas if a in eligibility.WELLBEING_PLAIN],
        "can_change": can_change, "is_self": permissions.is_budget_holder(request.user),
        "is_person": _is_person(request.user, person), "back_url": reverse("people:detail", args=[person.pk]),
    })
