from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from selfdirect.core import flows
from selfdirect.journey import actions as journey_actions

from . import access, actions
from .forms import ReviewForm


@login_required
def review(request, pk):
    found = access.review_for(request.user, pk, why="to review the plan")
    person, case = found.person, found.case
    form = ReviewForm(request.POST or None, outcomes=found.outcomes)
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
