from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from selfdirect.journey import services as journey
from selfdirect.journey.access import case_for

from . import actions, forms


@login_required
@require_POST
def start(request, pk):
    person, case = case_for(request.user, pk, change=True, why="to start the assessment")
    try:
        journey.move(case, "start_assessment", actor=request.user)
    except journey.JourneyError as problem:
        messages.error(request, str(problem))
        return redirect("people:detail", pk=person.pk)
    return redirect("assessment:record", pk=person.pk)


@login_required
def record(request, pk):
    from selfdirect.allocation import services as allocation

    person, case = case_for(request.user, pk, change=True, why="to record the assessment")
    form = forms.AssessmentForm(request.POST or None, ras_figure=allocation.latest_indicative_for(case))
    if request.method == "POST" and form.is_valid():
        try:
            assessment = actions.record_assessment(case, actor=request.user, **form.cleaned_data)
        except (actions.AssessmentError, journey.JourneyError) as problem:
            form.add_error(None, str(problem))
        else:
            if assessment.eligible:
                messages.success(request, "Assessment recorded: the needs are eligible. You can now plan support.")
            else:
                messages.success(request, "Assessment recorded: the needs are not eligible. "
                                          "Give the person the written decision and information and advice.")
            return redirect("people:detail", pk=person.pk)
    return render(request, "core/form_page.html", {
        "form": form, "heading": "Find out the budget: assessment", "caption": person.full_name,
        "submit_text": "Record the assessment", "back_url": reverse("people:detail", args=[person.pk]),
        "intro": "Record the eligibility decision outcome by outcome (Care Act 2014 and the Eligibility Criteria "
                 "Regulations 2015), with your evidence, and the indicative weekly budget.",
    }, status=400 if form.errors else 200)
