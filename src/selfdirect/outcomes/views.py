from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from selfdirect.core import flows
from selfdirect.journey import actions as journey_actions
from selfdirect.journey.access import case_for
from selfdirect.planning import queries as planning

from . import actions
from .forms import ReviewForm


@login_required
def review(request, pk):
    person, case = case_for(request.user, pk, change=True, why="to review the plan")
    plan = planning.approved_plan_for(case)
    outcomes = list(plan.outcomes.all()) if plan else []
    form = ReviewForm(request.POST or None, outcomes=outcomes)
    done = flows.submit(request, form, lambda data: actions.record_review(
        case, actor=request.user, held_on=data["held_on"], summary=data["summary"], decision=data["decision"],
        ratings=form.ratings()), errors=(actions.ReviewError, journey_actions.JourneyError), success="Review recorded",
        redirect_to=reverse("people:detail", args=[person.pk]))
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": "See how it worked: review", "caption": person.full_name,
        "submit_text": "Record the review", "back_url": reverse("people:detail", args=[person.pk]),
        "intro": "Ask the person, outcome by outcome, how far the plan helped. If needs have changed, choose to "
                 "assess again: the journey starts again from finding out the budget.",
    }, status=flows.status(form))
