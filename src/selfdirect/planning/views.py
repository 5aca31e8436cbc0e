from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from selfdirect.journey import services as journey
from selfdirect.journey.access import case_for
from selfdirect.people import access as people_access
from selfdirect.people.services import record_summary

from . import actions, forms, services


def _plan_page(request, person, case, *, outcome_form=None, reason_form=None, status=200):
    summary = record_summary(person)
    editable = case.state == "planning" and people_access.can_change(request.user, person)
    plan = summary.plan
    reason_form = reason_form or forms.ReasonForm(initial={"difference_reason": plan.difference_reason if plan else ""})
    return render(request, "planning/plan.html", {
        "person": person, "case": case, "s": summary, "editable": editable,
        "form": outcome_form or forms.OutcomeForm(), "extra_forms": [reason_form], "reason_form": reason_form,
        "problems": services.problems_before_submitting(case) if editable else [],
        "is_self": request.user.role == "budget_holder",
        "back_url": reverse("people:detail", args=[person.pk]),
    }, status=status)


@login_required
def plan(request, pk):
    person, case = case_for(request.user, pk, why="to see the support plan", section="plan")
    if case.state == "planning" and people_access.can_change(request.user, person) and services.draft_plan_for(case) is None:
        actions.start_plan(case, actor=request.user)
    return _plan_page(request, person, case)


@login_required
@require_POST
def add_outcome(request, pk):
    person, case = case_for(request.user, pk, change=True, why="to change the support plan")
    form = forms.OutcomeForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, person, case, outcome_form=form, status=400)
    try:
        actions.add_outcome(case, actor=request.user, **form.cleaned_data)
    except actions.PlanError as problem:
        form.add_error(None, str(problem))
        return _plan_page(request, person, case, outcome_form=form, status=400)
    messages.success(request, "Outcome added")
    return redirect("planning:plan", pk=person.pk)


@login_required
@require_POST
def set_reason(request, pk):
    person, case = case_for(request.user, pk, change=True, why="to change the support plan")
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, person, case, reason_form=form, status=400)
    try:
        actions.set_difference_reason(case, actor=request.user, reason=form.cleaned_data["difference_reason"])
    except actions.PlanError as problem:
        form.add_error(None, str(problem))
        return _plan_page(request, person, case, reason_form=form, status=400)
    messages.success(request, "Reason saved")
    return redirect("planning:plan", pk=person.pk)


@login_required
def add_item(request, pk):
    person, case = case_for(request.user, pk, change=True, why="to change the support plan")
    form = forms.ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_item(case, actor=request.user, **form.cleaned_data)
        except actions.PlanError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "Item added to the plan")
            return redirect("planning:plan", pk=person.pk)
    return render(request, "core/form_page.html", {
        "form": form, "heading": "Add support to the plan", "caption": person.full_name, "submit_text": "Add to plan",
        "back_url": reverse("planning:plan", args=[person.pk]),
        "intro": "A personal budget can buy anything legal that meets an eligible need and an outcome in the plan. "
                 "It does not have to be hours of care.",
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def remove_item(request, pk, item_pk):
    person, case = case_for(request.user, pk, change=True, why="to change the support plan")
    try:
        actions.remove_item(case, item_pk, actor=request.user)
    except actions.PlanError as problem:
        messages.error(request, str(problem))
    return redirect("planning:plan", pk=person.pk)


@login_required
@require_POST
def submit(request, pk):
    person, case = case_for(request.user, pk, change=True, why="to submit the support plan")
    try:
        actions.submit_plan(case, actor=request.user)
    except journey.JourneyError as problem:
        messages.error(request, str(problem))
        return redirect("planning:plan", pk=person.pk)
    messages.success(request, "The plan has been sent to a team manager to agree")
    return redirect("people:detail", pk=person.pk)


@login_required
def decide(request, pk):
    person, case = case_for(request.user, pk, why="to agree the support plan")
    if not request.user.has_perm("people.approve_plan", person):
        raise PermissionDenied
    plan = services.submitted_plan_for(case)
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verb = actions.approve_plan if form.cleaned_data["decision"] == "approve" else actions.return_plan
        try:
            verb(case, actor=request.user, comment=form.cleaned_data["comment"])
        except journey.JourneyError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "Plan approved" if verb is actions.approve_plan else "Plan returned for changes")
            return redirect("people:detail", pk=person.pk)
    return render(request, "planning/decide.html", {
        "person": person, "case": case, "plan": plan, "form": form, "s": record_summary(person),
        "back_url": reverse("people:detail", args=[person.pk]),
    }, status=400 if form.errors else 200)


@login_required
def organise_money(request, pk):
    person, case = case_for(request.user, pk, change=True, why="to organise the money")
    form = forms.OrganiseMoneyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.organise_money(case, actor=request.user, delivery_option=form.cleaned_data["delivery_option"],
                                   starts_on=form.cleaned_data["starts_on"])
        except (actions.PlanError, journey.JourneyError) as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "The money is organised and support has started")
            return redirect("people:detail", pk=person.pk)
    return render(request, "core/form_page.html", {
        "form": form, "heading": "Organise the money", "caption": person.full_name, "submit_text": "Start support",
        "back_url": reverse("people:detail", args=[person.pk]),
        "intro": "Explain each option to the person: a council-managed budget, an individual service fund held by a "
                 "provider they choose, a direct payment to them or someone acting for them, or a mix.",
    }, status=400 if form.errors else 200)
