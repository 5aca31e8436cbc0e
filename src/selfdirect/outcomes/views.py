from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import Truncator

from selfdirect.audit import actions as audit
from selfdirect.core import flows, uploads
from selfdirect.journey import actions as journey_actions

from . import access, actions, audio, evaluation, schedule
from .forms import (
    AskForReviewForm,
    DecideRequestForm,
    EvaluationForm,
    RecordRequestForm,
    ReviewForm,
    StoryConsentForm,
    StoryForm,
    TriggerForm,
    question_label,
)


@login_required
def review(request, pk):
    found = access.review_for(request.user, pk, why="to review the plan")
    person, case = found.person, found.case
    form = ReviewForm(request.POST or None, outcomes=found.outcomes)
    done = flows.submit(request, form, lambda data: actions.record_review(
        case, actor=request.user, held_on=data["held_on"], summary=data["summary"], decision=data["decision"],
        ratings=form.ratings(), depth=data["depth"], reason=data["reason"], method=data["method"],
        what_changed=data["what_changed"]), errors=(actions.ReviewError, journey_actions.JourneyError),
        success="Review recorded", redirect_to=lambda made: _to_review(person.pk, made.pk))
    return done or render(request, "outcomes/review.html", {
        "form": form, "heading": "See how it worked: review", "caption": person.full_name,
        "submit_text": "Record the review", "back_url": reverse("people:detail", args=[person.pk]),
        "intro": "Ask the person, outcome by outcome, how far the plan helped. A light review is a conversation "
                 "recorded here; if needs have changed, hold a full review and choose to assess again: the journey "
                 "starts again from finding out the budget.",
        "reviews": found.record, "plan": found.plan, "person": person,
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


# ---- a review held: its page, the answers to the questionnaires and the stories -----------------------------------

ANSWERS_FOR = {evaluation.PERSON: ("the person's answers", "The person's answers"),
               evaluation.FAMILY_CARER: ("a family carer's answers", "A family carer's answers"),
               evaluation.WORKER: ("the worker's answers", "The worker's answers")}


def _held_on(review) -> str:
    return f"{review.held_on.day} {review.held_on:%B %Y}"


def _to_review(person_pk, review_pk) -> str:
    return reverse("outcomes:held", args=[person_pk, review_pk])


def _answers_shown(made) -> list[tuple[str, str]]:
    """(question, answer in words) for a set of answers, in the questionnaire's order (a version no longer shipped:
    by domain)."""
    try:
        questions = {q.domain: question_label(q) for q in evaluation.get(made.questionnaire).questions}
    except evaluation.AnswerError:
        questions = {}
    return [(questions.get(domain, evaluation.DOMAINS.get(domain, domain)), evaluation.words(made.scale, answer))
            for domain, answer in evaluation.in_order(made.questionnaire, made.answers)]


@login_required
def held(request, pk, review_pk):
    """A review held: what was said and decided, the outcome ratings, every questionnaire answered (each answer in
    words, who answered, the version asked) and the stories told, with links to add more."""
    found = access.held_review_for(request.user, pk, review_pk, why="to see a review")
    review = found.record
    return render(request, "outcomes/held.html", {
        "person": found.person, "review": review, "may_change": found.may_change,
        "ratings": list(review.ratings.all()),
        "described": evaluation.described,
        "evaluations": [(made, _answers_shown(made)) for made in sorted(
            review.evaluations.all(), key=lambda e: (evaluation.RESPONDENT_ORDER.get(e.respondent, 9), e.pk))],
        "stories": [(story, list(story.outcomes.all())) for story in review.stories.all()],  # prefetched
        "domains": evaluation.DOMAINS,
        "answered_by": evaluation.ANSWERED_BY, "respondents": evaluation.RESPONDENTS,
        "back_url": reverse("people:detail", args=[pk]),
    })


@login_required
def answers(request, pk, review_pk, respondent):
    """The answers to the council's current questionnaire for the person, a family carer or the worker."""
    found = access.held_review_for(request.user, pk, review_pk, why="to record answers at a review", change=True)
    questionnaire = evaluation.current(respondent, settings.EVALUATION_SCALE)
    form = EvaluationForm(request.POST or None, questionnaire=questionnaire)
    back = _to_review(pk, review_pk)
    done = flows.submit(request, form, lambda data: actions.record_evaluation(
        found.record, actor=request.user, respondent=respondent, answered_by=form.answered_by(),
        answers=form.answers(), respondent_name=data.get("respondent_name", "")),
        errors=(actions.EvaluationError,), success=f"{ANSWERS_FOR[respondent][1]} recorded", redirect_to=back)
    return done or render(request, "outcomes/answers.html", {
        "form": form, "heading": f"{questionnaire.title}: {ANSWERS_FOR[respondent][0]}",
        "caption": f"{found.person.full_name}: review of {_held_on(found.record)}",
        "back_url": back, "submit_text": "Record the answers", "questionnaire": questionnaire,
        "answered_by_words": evaluation.ANSWERED_BY.get(form.answered_by_only or "", ""),
        "easy_read_url": reverse(f"outcomes:easy-read-{respondent.replace('_', '-')}", args=[pk, review_pk]),
    }, status=flows.status(form))


@login_required
def easy_read(request, pk, review_pk, respondent):
    """An easy read version of the questionnaire to print, so that it can be answered on paper and the answers
    recorded after."""
    found = access.held_review_for(request.user, pk, review_pk, why="to print a questionnaire")
    questionnaire = evaluation.current(respondent, settings.EVALUATION_SCALE)
    return render(request, "outcomes/easy_read.html", {
        "person": found.person, "review": found.record, "questionnaire": questionnaire,
        "answers": [(code, evaluation.EASY_READ_ANSWERS.get(code, words)) for code, words in questionnaire.answers],
        "back_url": _to_review(pk, review_pk),
    })


def _shared(data, name) -> bool:
    return data[name] == "yes"


@login_required
def add_story(request, pk, review_pk):
    found = access.held_review_for(request.user, pk, review_pk, why="to record a story at a review", change=True)
    review = found.record
    form = StoryForm(request.POST or None, request.FILES or None, outcomes=list(review.plan.outcomes.all()))
    back = _to_review(pk, review_pk)
    done = flows.submit(request, form, lambda data: actions.record_story(
        review, actor=request.user, told_by=data["told_by"], teller_name=data["teller_name"], words=data["words"],
        audio_file=data.get("audio"), domains=data["domains"], outcome_ids=data.get("outcome_ids", []),
        share_with_helpers=_shared(data, "share_with_helpers"), share_for_research=_shared(data, "share_for_research")),
        errors=(actions.EvaluationError,), success="Story recorded", redirect_to=back)
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": "Add a story", "multipart": True,
        "caption": f"{found.person.full_name}: review of {_held_on(review)}",
        "back_url": back, "submit_text": "Record the story",
        "intro": "What changed, in the words of the person or their family: write it down as they said it, or add a "
                 "recording. Ask them who may read it beyond the care team: they can change their mind at any time.",
    }, status=flows.status(form))


@login_required
def story_consent(request, pk, review_pk, story_pk):
    """The teller changed their mind about who may read their story."""
    found, story = access.story_for(request.user, pk, review_pk, story_pk, why="to change who may read a story",
                                    change=True)
    form = StoryConsentForm(request.POST or None, initial={
        "share_with_helpers": "yes" if story.share_with_helpers else "no",
        "share_for_research": "yes" if story.share_for_research else "no"})
    back = _to_review(pk, review_pk)
    done = flows.submit(request, form, lambda data: actions.change_story_consent(
        story, actor=request.user, share_with_helpers=_shared(data, "share_with_helpers"),
        share_for_research=_shared(data, "share_for_research")),
        errors=(actions.EvaluationError,), success="Who may read the story changed", redirect_to=back)
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": "Change who may read the story",
        "caption": f"{found.person.full_name}: review of {_held_on(found.record)}",
        "back_url": back, "submit_text": "Save",
        "intro": f"The story told by {story.teller_name or story.get_told_by_display().lower()}"
                 f"{': “' + Truncator(story.words).words(12) + '”' if story.words else ''}. Ask whoever told it. "
                 f"The care team can always read it.",
    }, status=flows.status(form))


@login_required
def story_audio(request, pk, review_pk, story_pk):
    """Always a download, of the kind found when it was stored, never sniffed, sandboxed if opened, cached nowhere
    (core.uploads.SERVE_HEADERS), as a receipt is."""
    story = access.story_audio_for(request.user, pk, review_pk, story_pk)
    kind = audio.KINDS.get(story.audio_type)
    response = FileResponse(story.audio.open("rb"), as_attachment=True,
                            filename=f"story-{story.pk}{kind.extension if kind else '.bin'}",
                            content_type=kind.content_type if kind else uploads.UNKNOWN_TYPE)
    for header, value in uploads.SERVE_HEADERS.items():
        response[header] = value
    return response
