from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from selfdirect.audit import actions as audit
from selfdirect.core import flows
from selfdirect.journey import actions as journey_actions

from . import access, actions, schedule
from .forms import AskForReviewForm, DecideRequestForm, RecordRequestForm, ReviewForm, TriggerForm


@login_required
def review(request, pk):
    found = access.review_for(request.user, pk, why="to review the plan")
    person, case = found.person, found.case
    form = ReviewForm(request.POST or None, outcomes=found.outcomes)
    done = flows.submit(request, form, lambda data: actions.record_review(
        case, actor=request.user, held_on=data["held_on"], summary=data["summary"], decision=data["decision"],
        ratings=form.ratings(), depth=data["depth"], reason=data["reason"], method=data["method"],
        what_changed=data["what_changed"]), errors=(actions.ReviewError, journey_actions.JourneyError),
        success="Review recorded", redirect_to=reverse("people:detail", args=[person.pk]))
    return done or render(request, "outcomes/review.html", {
        "form": form, "heading": "See how it worked: review", "caption": person.full_name,
        "submit_text": "Record the review", "back_url": reverse("people:detail", args=[person.pk]),
        "intro": "Ask the person, outcome by outcome, how far the plan helped. A light review is a conversation "
                 "recorded here; if needs have changed, hold a full review and choose to assess again: the journey "
                 "starts again from finding out the budget.",
        "reviews": found.record, "plan": found.plan,
        "ratings": {review.pk: list(review.ratings.all()) for review in found.record},  # prefetched (reviews_for)
    }, status=flows.status(form))


@login_required
def ask(request, pk):
    """Ask for a review: the person or someone acting for them, through their own sign-in (who asked is them, today);
    or staff recording a request made on the person's behalf."""
    found = access.asking_for(request.user, pk, why="to ask for a review")
    staff = found.may_change
    form = (RecordRequestForm if staff else AskForReviewForm)(request.POST or None)
    back = reverse("people:detail", args=[pk]) if staff else reverse("site:home")
    done = flows.submit(request, form, lambda data: actions.request_review(
        found.case, actor=request.user, said=data["said"], asked_on=data.get("asked_on"),
        asked_by_name=data.get("asked_by_name", ""), asked_by_relationship=data.get("asked_by_relationship", "")),
        errors=(actions.RequestError,), redirect_to=back,
        success="Request recorded: decide it from the person's page" if staff
        else "You have asked for a review. Your social worker will tell you what they decide.")
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": "Record a request for a review" if staff else "Ask for a review",
        "caption": found.person.full_name, "back_url": back,
        "submit_text": "Record the request" if staff else "Ask for a review",
        "intro": "The person, or someone acting for them, may ask for their plan to be reviewed at any time. The council "
                 "reviews it when the request is reasonable, and says why if it will not." if staff else
                 "You can ask for your plan to be reviewed at any time, for example if your needs or your support have "
                 "changed. Your social worker will agree a review or tell you why not.",
    }, status=flows.status(form))


@login_required
def trigger(request, pk):
    """Record a change that needs a review: it is due at once."""
    found = access.changing(request.user, pk, why="to record a change that needs a review")
    form = TriggerForm(request.POST or None)
    back = reverse("people:detail", args=[pk])
    done = flows.submit(request, form, lambda data: actions.record_trigger(
        found.case, actor=request.user, trigger=data["trigger"], raised_on=data["raised_on"], said=data["said"]),
        errors=(actions.RequestError,), success="Change recorded: a review is due", redirect_to=back)
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": "Record a change that needs a review", "caption": found.person.full_name,
        "back_url": back, "submit_text": "Record the change",
        "intro": "A direct payment is reviewed when one of its conditions is breached, when the person's capacity "
                 "changes, or when a concern is raised about it (Care and Support (Direct Payments) Regulations 2014, "
                 "regulation 7). The review is due at once.",
    }, status=flows.status(form))


@login_required
def decide(request, pk, request_pk):
    """Agree a request for a review, or decline it with the reasons given to the person."""
    found, asked = access.request_for(request.user, pk, request_pk, why="to decide a request for a review")
    form = DecideRequestForm(request.POST or None)
    back = reverse("people:detail", args=[pk])
    done = flows.submit(request, form, lambda data: actions.decide_request(
        asked, actor=request.user, accept=data["decision"] == "accept", reasons=data.get("reasons", "")),
        errors=(actions.RequestError,), redirect_to=back,
        success=lambda made: "Request agreed: the review is due" if made.status == made.Status.ACCEPTED
        else "Request declined: the person will see the reasons")
    return done or render(request, "outcomes/decide.html", {
        "form": form, "heading": "Decide a request for a review", "caption": found.person.full_name,
        "back_url": back, "submit_text": "Save the decision", "asked": asked,
    }, status=flows.status(form))


@login_required
def reviews_due(request):
    """Every review due in the user's team (an administrator's: every team, or ?team=), late ones first, by kind."""
    rows, teams = access.team_reviews_for(request.user, team_name=request.GET.get("team", ""),
                                          late_only=request.GET.get("late") == "1")
    audit.record_each(list(dict.fromkeys(case.person_id for case, _ in rows)), actor=request.user, action=audit.Action.READ,
                      what="Listed on the reviews due")
    late = schedule.late_counts([d for _, d in rows])
    return render(request, "outcomes/reviews_due.html", {
        "rows": rows, "teams": teams, "late_counts": [(schedule.LABELS[k], n) for k, n in late.items()],
        "late_total": sum(late.values()), "late_only": request.GET.get("late") == "1",
    })
