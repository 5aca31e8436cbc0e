from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from selfdirect.journey import services as journey
from selfdirect.journey.access import case_for
from selfdirect.planning import services as planning

from . import actions
from .forms import ReviewForm


@login_required
def review(request, pk):
    person, case = case_for(request.user, pk, change=True, why="to review the plan")
    plan = planning.approved_plan_for(case)
    outcomes = list(plan.outcomes.all()) if plan else []
    form = ReviewForm(request.POST or None, outcomes=outcomes)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_review(case, actor=request.user, held_on=form.cleaned_data["held_on"],
                                  summary=form.cleaned_data["summary"], decision=form.cleaned_data["decision"],
                                  ratings=form.ratings())
        except (actions.ReviewError, journey.JourneyError) as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "Review recorded")
            return redirect("people:detail", pk=person.pk)
    return render(request, "core/form_page.html", {
        "form": form, "heading": "See how it worked: review", "caption": person.full_name,
        "submit_text": "Record the review", "back_url": reverse("people:detail", args=[person.pk]),
        "intro": "Ask the person, outcome by outcome, how far the plan helped. If needs have changed, choose to "
                 "assess again: the journey starts again from finding out the budget.",
    }, status=400 if form.errors else 200)
