from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from selfdirect.core import flows

from . import actions, steps
from .access import case_for
from .forms import StepBackForm


@login_required
def step_back(request, pk):
    person, case = case_for(request.user, pk, change=True, why="to move the case back")
    form = StepBackForm(request.POST or None)
    done = flows.submit(request, form, lambda data: actions.move(case, "step_back", actor=request.user, reason=data["reason"]),
                        errors=actions.JourneyError, success=lambda _: f"The case is back at '{case.state_label}'",
                        redirect_to=reverse("people:detail", args=[person.pk]))
    if done:
        return done
    target = steps.STATE_LABELS.get(steps.STEP_BACK_TO.get(case.state, ""), "the previous step")
    return render(request, "core/form_page.html", {
        "form": form, "heading": "Move the case back a step", "caption": person.full_name,
        "intro": f"The case is at '{case.state_label}'. It will go back to '{target}'. The reason is kept in the case history.",
        "submit_text": "Move the case back", "back_url": reverse("people:detail", args=[person.pk]),
    }, status=flows.status(form))
