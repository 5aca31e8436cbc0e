import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from selfdirect.audit import actions as audit
from selfdirect.core import permissions, uploads
from selfdirect.core.errors import DomainError, together
from selfdirect.journey import actions as journey_actions
from selfdirect.journey.models import Case
from selfdirect.people import access as people_access
from selfdirect.planning import queries as planning

from . import audio as story_audio
from . import cld_review, evaluation, helped, queries, schedule
from .models import DigestChoice, Evaluation, HelperNotice, OutcomeRating, Review, ReviewRequest, Story

NEXT_STEP = {Review.Decision.CONTINUE: "continue_support", Review.Decision.REASSESS: "reassess", Review.Decision.END: "close"}


class ReviewError(DomainError):
    """The review cannot be recorded as asked; str() is the message to show."""


@transaction.atomic
def record_review(case, *, actor, held_on: datetime.date, summary: str, decision: str, ratings: dict[int, str],
                  depth: str, reason: str, method: str, what_changed: str, channel="web") -> Review:
    """Record a review and move the case: support continues, the journey starts again, or the case closes.

    `depth` is light (a conversation recorded here) or full (a reassessment: the decision must be to assess again);
    `reason` and `method` are the Client Level Data Review Reason and Method of Review values (outcomes.cld_review);
    `what_changed` says what changed in the plan and the budget as a result ("Nothing changed" is an answer). The
    weekly personal budget before is the approved plan's; after, the same when support continues and nothing when it
    ends; after a full review it is the next plan's, filled in when that plan is signed off (keep_budget_after)."""
    problems = []
    if decision not in Review.Decision.values:
        problems.append(ReviewError("Select what happens next", field="decision"))
    if not summary.strip():
        problems.append(ReviewError("Enter what the person said about how things are going", field="summary"))
    if depth not in Review.Depth.values:
        problems.append(ReviewError("Select whether this is a light review or a full review", field="depth"))
    elif depth == Review.Depth.FULL and decision in Review.Decision.values and decision != Review.Decision.REASSESS:
        problems.append(ReviewError("A full review is a reassessment: choose to assess again and plan again, or record "
                                    "a light review", field="depth"))
    elif depth == Review.Depth.LIGHT and decision == Review.Decision.REASSESS:
        problems.append(ReviewError("Assessing again is a full review: choose a full review, or another next step",
                                    field="depth"))
    if reason not in cld_review.codes(cld_review.REVIEW_REASONS):
        problems.append(ReviewError("Select why the review was held", field="reason"))
    if method not in cld_review.codes(cld_review.METHODS_OF_REVIEW):
        problems.append(ReviewError("Select whose review it was: the person's, their carer's, or both together",
                                    field="method"))
    if not what_changed.strip():
        problems.append(ReviewError("Enter what changed in the plan and the budget, or \"Nothing changed\"",
                                    field="what_changed"))
    plan = planning.approved_plan_for(case)
    if plan is not None:
        outcome_ids = {o.pk for o in plan.outcomes.all()}
        if set(ratings) != outcome_ids:
            problems.append(ReviewError("Rate every outcome in the plan", field="ratings"))
        elif any(r not in OutcomeRating.Rating.values for r in ratings.values()):
            problems.append(ReviewError("Each outcome must be rated achieved, partly achieved or not achieved",
                                        field="ratings"))
    if problems:
        raise together(problems)
    if plan is None:
        raise ReviewError("There is no approved plan to review")
    if case.state == "live":
        journey_actions.move(case, "start_review", actor=actor, channel=channel)
    before = plan.weekly_total_pence
    after = {Review.Decision.CONTINUE: before, Review.Decision.END: 0}.get(decision)
    review = Review.objects.create(case=case, plan=plan, held_on=held_on, summary=summary.strip(), decision=decision,
                                   depth=depth, cld_reason=reason, cld_method=method, what_changed=what_changed.strip(),
                                   budget_before_pence=before, budget_after_pence=after, reviewed_by=actor)
    OutcomeRating.objects.bulk_create(
        [OutcomeRating(review=review, outcome_id=pk, rating=rating) for pk, rating in sorted(ratings.items())]
    )
    # The requests agreed and the changes raised on or before the day it was held are met by it (outcomes.schedule).
    ReviewRequest.objects.filter(case=case, status=ReviewRequest.Status.ACCEPTED, asked_on__lte=held_on).update(
        status=ReviewRequest.Status.HELD, review=review)
    audit.record(actor=actor, action=audit.Action.DECISION, person=case.person, channel=channel,
                 what=f"Recorded a review ({review.get_depth_display().lower()}, {reason}, {method}): "
                      f"{review.get_decision_display()}"[:200])
    journey_actions.move(case, NEXT_STEP[decision], actor=actor, channel=channel, on=held_on,
                 reason="Decided at review" if decision == Review.Decision.END else "")
    notify_helpers(review, actor=actor, channel=channel)
    return review


def keep_budget_after(case_ids) -> None:
    """A full review's budget after is the weekly cost of the next plan signed off for the case: filled in when there
    is one (outcomes.apps calls this whenever a case's plan changes). Bookkeeping from records already audited, so not
    audited itself; runs inside the caller's transaction."""
    waiting = list(Review.objects.filter(case_id__in=list(case_ids), depth=Review.Depth.FULL,
                                         budget_after_pence__isnull=True).select_related("plan"))
    for review in waiting:
        weekly = queries.next_signed_weekly_pence(review.plan)
        if weekly is not None:
            review.budget_after_pence = weekly
            review.save(update_fields=["budget_after_pence"])


class RequestError(DomainError):
    """A request for a review, or a change that needs one, cannot be recorded or decided as asked."""


def keep_next_review(case_ids) -> None:
    """Keep Case.next_review_on in step with the schedule (outcomes.schedule): the earliest latest day of the reviews
    due, for each of these cases whose support has started. Called when a plan is approved, support starts, a review
    is held, a request or trigger is made or decided, and a first direct payment is paid (outcomes.apps listens for
    core.events.cases_changed; this module's actions call it). Bookkeeping worked out from records already audited,
    so not audited itself; runs inside the caller's transaction."""
    found = queries.scheduled_cases(case_ids)
    if not found:
        return
    due = queries.due_by_case([pk for pk, _ in found])
    changed = [Case(pk=pk, next_review_on=schedule.next_review_on(due[pk])) for pk, kept in found
               if schedule.next_review_on(due[pk]) != kept]
    if changed:
        Case.objects.bulk_update(changed, ["next_review_on"])


def _scheduled(case) -> None:
    if case.state not in queries.SCHEDULED_STATES:
        raise RequestError("A review is asked for once support has started")


def _who_asks(actor, person) -> tuple[str, str]:
    """The name and relationship of a person asking through their own sign-in: the person, or who acts for them."""
    if person.user_id == actor.pk:
        return person.full_name, "The person"
    acting = person.representatives.filter(user=actor).order_by("-starts_on").first()
    if acting is None:
        return actor.get_full_name() or actor.get_username(), "Acting for the person"
    return acting.name, acting.relationship


@transaction.atomic
def request_review(case, *, actor, said: str, asked_on: datetime.date | None = None, asked_by_name: str = "",
                   asked_by_relationship: str = "", channel="web") -> ReviewRequest:
    """Record a request for a review (Care Act 2014 s.27(1)(b)): by the person or someone acting for them through
    their own sign-in (who asked is them, today), or by staff who may change the record on their behalf (who asked,
    and when, as they say). It waits for a decision (decide_request)."""
    person = case.person
    staff = people_access.can_change(actor, person)
    as_person = not staff and people_access.acts_as_person(actor, person)
    if not (staff or as_person):
        raise RequestError("Only the person, someone acting for them, or their worker can ask for a review")
    _scheduled(case)
    today = timezone.localdate()
    problems = []
    if not said.strip():
        problems.append(RequestError("Enter why a review is needed", field="said"))
    if as_person:
        asked_by_name, asked_by_relationship = _who_asks(actor, person)
        asked_on = today
    else:
        if not asked_by_name.strip():
            problems.append(RequestError("Enter the name of who asked for the review", field="asked_by_name"))
        if not asked_by_relationship.strip():
            problems.append(RequestError("Enter who they are to the person, for example \"The person\" or \"Daughter\"",
                                         field="asked_by_relationship"))
        if asked_on is None:
            problems.append(RequestError("Enter the date they asked", field="asked_on"))
        elif asked_on > today:
            problems.append(RequestError("The date they asked must be today or in the past", field="asked_on"))
    if problems:
        raise together(problems)
    made = ReviewRequest.objects.create(
        case=case, kind=ReviewRequest.Kind.REQUESTED, asked_by_name=asked_by_name.strip()[:160],
        asked_by_relationship=asked_by_relationship.strip()[:120], asked_on=asked_on, said=said.strip(),
        recorded_by=actor)
    audit.record(actor=actor, action=audit.Action.CREATE, person=person, channel=channel,
                 what=f"Asked for a review (request {made.pk})"[:200])
    return made


@transaction.atomic
def decide_request(request: ReviewRequest, *, actor, accept: bool, reasons: str = "", channel="web") -> ReviewRequest:
    """Agree a request for a review (it is then due: outcomes.schedule) or decline it, with the reasons given to the
    person, which they see."""
    request = ReviewRequest.objects.select_for_update().select_related("case__person").get(pk=request.pk)
    person = request.case.person
    if not people_access.can_change(actor, person):
        raise RequestError("Only staff who work on the person's record decide a request for a review")
    if request.status != ReviewRequest.Status.WAITING:
        raise RequestError(f"This request was decided already: {request.get_status_display().lower()}")
    if not accept and not reasons.strip():
        raise RequestError("Enter the reasons the review will not be held, as they will be given to the person",
                           field="reasons")
    request.status = ReviewRequest.Status.ACCEPTED if accept else ReviewRequest.Status.DECLINED
    request.decline_reasons = "" if accept else reasons.strip()
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save(update_fields=["status", "decline_reasons", "decided_by", "decided_at"])
    audit.record(actor=actor, action=audit.Action.DECISION, person=person, channel=channel,
                 what=f"{'Agreed' if accept else 'Declined'} a request for a review (request {request.pk})",
                 why=request.decline_reasons[:500])
    keep_next_review([request.case_id])
    return request


@transaction.atomic
def record_trigger(case, *, actor, trigger: str, raised_on: datetime.date, said: str, channel="web") -> ReviewRequest:
    """Record a change that needs a review (a direct payment condition breached, the person's capacity changed, a
    concern raised: Direct Payments Regulations 2014, regulation 7): due at once."""
    if not people_access.can_change(actor, case.person):
        raise RequestError("Only staff who work on the person's record record a change that needs a review")
    _scheduled(case)
    problems = []
    if trigger not in ReviewRequest.Trigger.values:
        problems.append(RequestError("Select what changed", field="trigger"))
    if raised_on is None:
        problems.append(RequestError("Enter the date of the change", field="raised_on"))
    elif raised_on > timezone.localdate():
        problems.append(RequestError("The date of the change must be today or in the past", field="raised_on"))
    if not said.strip():
        problems.append(RequestError("Enter what happened", field="said"))
    if problems:
        raise together(problems)
    made = ReviewRequest.objects.create(
        case=case, kind=ReviewRequest.Kind.TRIGGERED, trigger=trigger, asked_on=raised_on, said=said.strip(),
        status=ReviewRequest.Status.ACCEPTED, decided_by=actor, decided_at=timezone.now(), recorded_by=actor,
        asked_by_name=actor.get_full_name() or actor.get_username(), asked_by_relationship="Worker")
    audit.record(actor=actor, action=audit.Action.CREATE, person=case.person, channel=channel,
                 what=f"Recorded a change that needs a review: {made.get_trigger_display()}"[:200])
    keep_next_review([case.pk])
    return made


# ---- evaluations and stories at a review (outcomes.evaluation) --------------------------------------------------------

class EvaluationError(DomainError):
    """A questionnaire's answers, or a story, cannot be recorded as asked; `field` names the input."""


def _may_record_at(review: Review, actor) -> None:
    if not people_access.can_change(actor, review.case.person):
        raise EvaluationError("Only staff who work on the person's record record answers and stories at a review")


@transaction.atomic
def record_evaluation(review: Review, *, actor, respondent: str, answered_by: str, answers: dict,
                      respondent_name: str = "", channel="web") -> Evaluation:
    """Record one set of answers to the council's current questionnaire for this respondent (the person, a family
    carer or the worker: outcomes.evaluation.current, on settings.EVALUATION_SCALE), with who answered. One person's
    and one worker's questionnaire a review, one a family carer (by name); a family carer's needs their name. Every
    problem is raised at once, each naming its field (a domain's answer by the domain's id)."""
    # The review row locked: two submissions at once cannot both pass the one-a-review checks below.
    review = Review.objects.select_for_update().select_related("case__person").get(pk=review.pk)
    _may_record_at(review, actor)
    try:
        questionnaire = evaluation.current(respondent, settings.EVALUATION_SCALE)
    except evaluation.AnswerError:
        raise EvaluationError("Select whose questionnaire this is: the person's, a family carer's or the worker's",
                              field="respondent") from None
    problems = []
    try:
        evaluation.check_answered_by(respondent, answered_by)
    except evaluation.AnswerError as problem:
        problems.append(EvaluationError(str(problem), field=problem.field))
    name = " ".join((respondent_name or "").split())
    done = Evaluation.objects.filter(review=review, respondent=respondent)
    if respondent == evaluation.FAMILY_CARER:
        if not name:
            problems.append(EvaluationError("Enter the family carer's name", field="respondent_name"))
        elif len(name) > 160:
            problems.append(EvaluationError("The family carer's name must be 160 characters or less",
                                            field="respondent_name"))
        elif any(e.respondent_name.casefold() == name.casefold() for e in done):
            problems.append(EvaluationError(f"{name}'s answers were recorded at this review already",
                                            field="respondent_name"))
    else:
        name = ""
        if done.exists():
            whose = "the person's" if respondent == evaluation.PERSON else "the worker's"
            problems.append(EvaluationError(f"There is one questionnaire for {whose} answers a review, and it was "
                                            f"recorded already", field="answered_by"))
    problems += [EvaluationError(str(p), field=p.field) for p in questionnaire.check_all(answers or {})]
    if problems:
        raise together(problems)
    made = Evaluation.objects.create(
        review=review, case=review.case, respondent=respondent, respondent_name=name, answered_by=answered_by,
        questionnaire=questionnaire.key, scale=questionnaire.scale, answers=questionnaire.check(answers),
        held_on=review.held_on, recorded_by=actor)
    audit.record(actor=actor, action=audit.Action.CREATE, person=review.case.person, channel=channel,
                 what=f"Recorded {evaluation.RESPONDENTS[respondent].lower()}'s answers ({questionnaire.key}, "
                      f"answered by {evaluation.ANSWERED_BY[answered_by].lower()}) at the review of "
                      f"{review.held_on.isoformat()}"[:200])
    return made


def _checked_audio(audio):
    """The recording to keep (outcomes.audio: judged by its content), from an uploaded file or bytes."""
    if isinstance(audio, bytes | bytearray):
        data = bytes(audio)
    else:
        audio.seek(0)
        data = audio.read(story_audio.MAX_BYTES + 1)
    try:
        return story_audio.accept(data, what="recording")
    except uploads.UploadRefused as refused:
        raise EvaluationError(str(refused), field="audio") from None


@transaction.atomic
def record_story(review: Review, *, actor, told_by: str, teller_name: str, words: str, audio_file=None,
                 domains=(), outcome_ids=(), share_with_helpers: bool, share_for_research: bool,
                 channel="web") -> Story:
    """Record a story told at a review: in the teller's own words, written down, or recorded (audio, checked by its
    content: outcomes.audio), or both; linked to the domains of life and the plan's outcomes it speaks to; with the
    teller's consent for who beyond the care team may read it."""
    review = Review.objects.select_related("case__person", "plan").get(pk=review.pk)
    _may_record_at(review, actor)
    problems = []
    if told_by not in Story.ToldBy.values:
        problems.append(EvaluationError("Select who told the story", field="told_by"))
    name = " ".join((teller_name or "").split())
    if told_by != Story.ToldBy.PERSON and not name:
        problems.append(EvaluationError("Enter the name of who told the story", field="teller_name"))
    elif len(name) > 160:
        problems.append(EvaluationError("Their name must be 160 characters or less", field="teller_name"))
    words = (words or "").strip()
    if not words and not audio_file:
        problems.append(EvaluationError("Write the story down, or add a recording of it", field="words"))
    domains = list(dict.fromkeys(domains or ()))
    if any(d not in evaluation.DOMAINS for d in domains):
        problems.append(EvaluationError("Select the parts of life the story is about from the list", field="domains"))
    outcome_ids = sorted({int(pk) for pk in outcome_ids or ()})
    in_plan = set(review.plan.outcomes.values_list("pk", flat=True))
    if not set(outcome_ids) <= in_plan:
        problems.append(EvaluationError("Select outcomes from the plan that was reviewed", field="outcome_ids"))
    accepted = None
    if audio_file:
        try:
            accepted = _checked_audio(audio_file)
        except EvaluationError as problem:
            problems.append(problem)
    if problems:
        raise together(problems)
    made = Story(review=review, case=review.case, told_by=told_by, teller_name=name, words=words,
                 domains=[d for d in evaluation.DOMAINS if d in domains], share_with_helpers=bool(share_with_helpers),
                 share_for_research=bool(share_for_research), held_on=review.held_on, recorded_by=actor)
    if accepted is not None:
        made.audio_type = accepted.kind.content_type
        made.audio.save(accepted.kind.extension, ContentFile(accepted.content), save=False)  # named by story_audio_path
    try:
        made.save()
        made.outcomes.set(outcome_ids)
        audit.record(actor=actor, action=audit.Action.CREATE, person=review.case.person, channel=channel,
                     what=f"Recorded a story told by {made.get_told_by_display().lower()} at the review of "
                          f"{review.held_on.isoformat()}" + (f", with a recording ({accepted.kind.label})"
                                                              if accepted else ""))
    except BaseException:
        if accepted is not None:
            made.audio.delete(save=False)  # no recording without its record
        raise
    return made


@transaction.atomic
def change_story_consent(story: Story, *, actor, share_with_helpers: bool, share_for_research: bool,
                         channel="web") -> Story:
    """The teller changed their mind about who may read their story beyond the care team."""
    story = Story.objects.select_for_update().select_related("case__person").get(pk=story.pk)
    if not people_access.can_change(actor, story.case.person):
        raise EvaluationError("Only staff who work on the person's record change who may read a story")
    story.share_with_helpers, story.share_for_research = bool(share_with_helpers), bool(share_for_research)
    story.consent_changed_on = timezone.localdate()
    story.save(update_fields=["share_with_helpers", "share_for_research", "consent_changed_on"])
    shared = [w for w, yes in (("the staff who helped", story.share_with_helpers),
                               ("researchers", story.share_for_research)) if yes]
    audit.record(actor=actor, action=audit.Action.CHANGE, person=story.case.person, channel=channel,
                 what=f"Changed who may read story {story.pk}: "
                      + (" and ".join(shared) if shared else "the care team only"))
    return story


# ---- people I helped (outcomes.helped, docs/people-i-helped.md) -------------------------------------------------------

class HelpedError(DomainError):
    """A choice about the people I helped cannot be saved as asked."""


@transaction.atomic
def notify_helpers(review: Review, *, actor, channel="web") -> list[HelperNotice]:
    """Tell every member of staff who helped the person on their way (outcomes.helped.KINDS) that this review was held:
    one notice each, not to whoever held the review, and only while the person consents to it and within each
    helper's window. Called when a review is recorded; call it again for a review recorded earlier (it makes only
    the notices missing, and audits only when it made some). Returns the notices it made."""
    case = review.case
    person = case.person
    if not people_access.can_change(actor, person):
        raise HelpedError("Only staff who may change the person's record tell the staff who helped")
    today = timezone.localdate()
    if not queries.consenting_to_helpers([person.pk], today):
        return []
    parts = helped.helpers(queries.helpers_by_case([case.pk], today=today)[case.pk],
                           exclude_user_id=review.reviewed_by_id)
    told = set(HelperNotice.objects.filter(review=review).values_list("user_id", flat=True))
    made = [HelperNotice(user_id=user_id, review=review, helped_as=",".join(sorted({p.kind for p in theirs}))[:40])
            for user_id, theirs in sorted(parts.items())
            if user_id not in told and helped.may_see(theirs, today=today, consent_live=True,
                                                      months=settings.HELPED_MONTHS)]
    if not made:
        return []
    HelperNotice.objects.bulk_create(made, ignore_conflicts=True)
    audit.record(actor=actor, action=audit.Action.CREATE, person=person, channel=channel,
                 what=f"Told {len(made)} staff who helped how the review of {review.held_on:%-d %B %Y} went"[:200])
    return made


@transaction.atomic
def choose_digest(user, email: bool, *, channel="web") -> DigestChoice:
    """A member of staff's choice to have the outcomes of the people they helped sent as an email digest."""
    if not permissions.may_read_helped(user):
        raise HelpedError("Only staff who help people choose an email about the people they helped")
    if email and not user.email:
        raise HelpedError("Your sign-in has no email address: ask an administrator to add one", field="email")
    choice, _ = DigestChoice.objects.update_or_create(user=user, defaults={"email": bool(email)})
    audit.record(actor=user, action=audit.Action.CHANGE, channel=channel,
                 what="Chose to have an email about the people they helped" if email
                 else "Chose not to have an email about the people they helped")
    return choice


def digest_text(user, count: int, link: str) -> tuple[str, str]:
    """(subject, message) of one digest: how many people, and where to read it; never a name or an outcome."""
    people = "1 person" if count == 1 else f"{count} people"
    subject = f"How things went for {people} you helped"
    message = (f"Dear {user.display_name},\n\n"
               f"There is news about how things went for {people} you helped on their way to their support: "
               f"a review was held and the outcomes are ready for you to read.\n\n"
               f"Read them on \"What happened to the people I helped\" in {settings.SERVICE_NAME}:\n{link}\n\n"
               f"You asked for this email. To stop it, change your choice on that page.\n")
    return subject, message


def send_digests(now, *, base_url: str, actor=None, channel="cli") -> int:
    """Send one email to each member of staff who asked for it, about the notices not yet emailed to them, and mark
    those emailed; returns how many emails were sent. Run it again and it sends nothing more until there is news. The
    email says how many people and links to the page: no name, no outcome (docs/people-i-helped.md)."""
    link = base_url.rstrip("/") + reverse("outcomes:helped")
    sent = 0
    for user in queries.digest_users():
        with transaction.atomic():
            waiting = list(HelperNotice.objects.select_for_update().filter(user=user, emailed_at__isnull=True)
                           .select_related("review__case"))
            # Only the people who still agree to it are counted: one who withdrew since is not news (the page shows
            # nothing more about them either). Their notices are marked emailed all the same, so none waits for ever.
            agreeing = queries.consenting_to_helpers({n.review.case.person_id for n in waiting}, timezone.localdate())
            people = {n.review.case.person_id for n in waiting} & agreeing
            HelperNotice.objects.filter(pk__in=[n.pk for n in waiting]).update(emailed_at=now)
            if not people:
                continue
            subject, message = digest_text(user, len(people), link)
            send_mail(subject=subject, message=message, from_email=None, recipient_list=[user.email])
            sent += 1
    if sent:
        audit.record(actor=actor, action=audit.Action.CREATE, channel=channel,
                     what=f"Sent the email about the people they helped to {sent} staff")
    return sent


def mark_notices_read(user, review_ids) -> int:
    """The notices of these reviews are read: the user has just been shown them (outcomes.access.helped_by audited the
    read). Bookkeeping, so not audited itself."""
    return HelperNotice.objects.filter(user=user, review_id__in=list(review_ids), read_at__isnull=True).update(
        read_at=timezone.now())
