"""Scoped access to a person's reviews, with what the user may do (core.access.Access).

The person and their case come through journey.access.case_for: 404 outside the user's scope, the read audited as
every person read is. Reviews are recorded by the staff who may change the record."""

from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404

from selfdirect.accounts.queries import held_roles
from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.core.access import Access
from selfdirect.core.roles import CASEWORK_ROLES
from selfdirect.journey.access import case_for
from selfdirect.people import access as people_access
from selfdirect.planning import queries as planning

from . import evaluation, helped, queries


@dataclass(frozen=True)
class ReviewAccess(Access):
    """`record` is the case's reviews (newest first); `plan` the approved plan a new review looks back on (None when
    there is none, which the action refuses) and `outcomes` its outcomes, each rated at the review."""

    plan: Any = None
    outcomes: tuple = ()


def review_for(user, person_pk, *, why: str = "", channel: str = "web") -> ReviewAccess:
    """To review the person's plan: for a user who may change the record (PermissionDenied otherwise)."""
    person, case = case_for(user, person_pk, why=why, channel=channel, change=True)
    plan = planning.approved_plan_for(case)
    return ReviewAccess(record=queries.reviews_for(case), person=person, case=case, may_change=True, plan=plan,
                        outcomes=tuple(plan.outcomes.all()) if plan else ())


@dataclass(frozen=True)
class ScheduleAccess(Access):
    """`record` is the reviews due (outcomes.schedule.Due, soonest first); `requests` the case's requests for a review
    and changes that need one (newest first); `may_ask` whether the user asks for a review as the person or someone
    acting for them."""

    requests: tuple = ()
    may_ask: bool = False


def schedule_for(user, person_pk, *, why: str = "", channel: str = "web") -> ScheduleAccess:
    """The reviews due for a person: for those who see the person's journey (404 outside the user's scope; 403 for a
    role that does not see it, such as a provider)."""
    person, case = case_for(user, person_pk, why=why, channel=channel, section="journey")
    return ScheduleAccess(record=tuple(queries.due_for(case)), person=person, case=case,
                          may_change=people_access.can_change(user, person),
                          requests=tuple(queries.requests_for(case)), may_ask=people_access.acts_as_person(user, person))


def asking_for(user, person_pk, *, why: str = "", channel: str = "web") -> ScheduleAccess:
    """To ask for a review: the person, someone acting for them, or staff who may change the record (403 for anyone
    else who reaches the person, 404 for anyone who does not)."""
    found = schedule_for(user, person_pk, why=why, channel=channel)
    if not (found.may_change or found.may_ask):
        raise PermissionDenied
    return found


def changing(user, person_pk, *, why: str = "", channel: str = "web") -> ScheduleAccess:
    """To record a change that needs a review, or decide a request: staff who may change the record."""
    found = schedule_for(user, person_pk, why=why, channel=channel)
    if not found.may_change:
        raise PermissionDenied
    return found


def request_for(user, person_pk, request_pk, *, why: str = "", channel: str = "web"):
    """(ScheduleAccess, one of the person's requests) for staff who decide it: a request is reached only through its
    own person (404 otherwise)."""
    found = changing(user, person_pk, why=why, channel=channel)
    request = queries.request_of(found.case, request_pk)
    if request is None:
        raise Http404("No such request for a review")
    return found, request


def team_reviews_for(user, *, team_name: str = "", late_only: bool = False) -> tuple[list, list]:
    """(rows, teams) of the reviews due in the teams this user works in (an administrator: every team, or the one
    named); each row (case, due). Refused (403) to anyone who does not work on cases. Each person listed is a read of
    their record, audited by the page."""
    if not permissions.works_on_cases(user):
        raise PermissionDenied
    teams = queries.teams_for(None if permissions.is_administrator(user) else
                              {h.team_id for h in held_roles(user) if h.team_id and h.role in CASEWORK_ROLES})
    if team_name:
        teams = [t for t in teams if t.name == team_name]
        if not teams:
            raise Http404("No such team")
    rows = queries.reviews_due_in(team_ids=[t.pk for t in teams], late_only=late_only)
    return rows, teams


# ---- a review held, its answers and stories ----------------------------------------------------------------------------

@dataclass(frozen=True)
class HeldReviewAccess(Access):
    """`record` is one review held (its ratings, evaluations and stories prefetched); `may_change` says the user
    records answers and stories at it."""


def held_review_for(user, person_pk, review_pk, *, why: str = "", change: bool = False,
                    channel: str = "web") -> HeldReviewAccess:
    """One of the person's reviews, with its answers and stories: for the care team, the staff who may change the
    record (404 outside the user's scope and for a review that is not this person's; 403 for anyone else who reaches
    the person: a provider, a finance officer, and the person, someone acting for them or an adviser, who read the
    review on the person page). The page holds what others said for the care team alone: a family carer's answers
    and name, and stories whose tellers shared them with nobody beyond the care team. `change` is kept for the
    callers that write."""
    person = people_access.person_for(user, person_pk, why=why, channel=channel)
    may_change = people_access.can_change(user, person)
    if not may_change or "care" not in people_access.sections_for(user, person):
        raise PermissionDenied
    review = queries.held_review_of(person, review_pk)
    if review is None:
        raise Http404("No such review")
    return HeldReviewAccess(record=review, person=person, case=review.case, may_change=may_change)


def story_for(user, person_pk, review_pk, story_pk, *, why: str = "", change: bool = False,
              channel: str = "web") -> tuple[HeldReviewAccess, Any]:
    """(HeldReviewAccess, one of the review's stories): reached only through its own review and person (404
    otherwise), as held_review_for."""
    found = held_review_for(user, person_pk, review_pk, why=why, change=change, channel=channel)
    story = queries.story_of(found.record, story_pk)
    if story is None:
        raise Http404("No such story")
    return found, story


def story_audio_for(user, person_pk, review_pk, story_pk, *, channel: str = "web"):
    """A story's recording, for those who may read the review; 404 for a story with no recording."""
    _, story = story_for(user, person_pk, review_pk, story_pk, why="to listen to a story", channel=channel)
    if not story.audio:
        raise Http404("No such recording")
    return story


# ---- people I helped (outcomes.helped, docs/people-i-helped.md) -------------------------------------------------------

def _seen_people(parts_by_case: dict, *, unread_review_ids=frozenset(), helpers_by_case=None) -> list:
    """Each person as a helper sees them (outcomes.helped.FIELDS and nothing else), by name: once, with the reviews
    of every case of theirs the parts are in (a person referred again has a case each time), oldest first."""
    from_case = {}
    for review in queries.helped_reviews(parts_by_case):
        from_case.setdefault(review.case_id, []).append(review)
    by_person: dict[int, tuple] = {}
    for case_id, parts in parts_by_case.items():
        reviews = from_case.get(case_id, [])
        if not reviews:
            continue
        _, theirs, held, who = by_person.setdefault(reviews[0].case.person_id, (reviews[0].case.person, [], [], set()))
        theirs.extend(parts)
        held.extend(reviews)
        who.update((helpers_by_case or {}).get(case_id, ()))
    people = []
    for person, parts, reviews, who in by_person.values():
        reviews.sort(key=lambda r: (r.held_on, r.pk))
        seen = tuple(helped.SeenReview(
            review_id=r.pk, held_on=r.held_on, decision=r.get_decision_display(),
            delivery_option=r.plan.delivery_option_label,
            ratings=tuple(helped.SeenRating(x.outcome.in_own_words, x.get_rating_display()) for x in r.ratings.all()),
            evaluations=tuple(helped.SeenEvaluation(evaluation.RESPONDENTS.get(e.respondent, e.respondent),
                                                    evaluation.ANSWERED_BY.get(e.answered_by, e.answered_by),
                                                    helped.answer_list(e.questionnaire, e.scale, e.answers))
                              for e in sorted(r.evaluations.all(), key=lambda e: (evaluation.RESPONDENT_ORDER.get(e.respondent, 9), e.pk))),
            stories=tuple(helped.SeenStory(s.get_told_by_display(), s.words,
                                           tuple(evaluation.DOMAINS.get(d, d) for d in s.domains), s.held_on)
                          for s in r.shared_stories if helped.story_shown(s.share_with_helpers)),
            unread=r.pk in unread_review_ids) for r in reviews)
        last = helped.last_part(parts)
        people.append(helped.SeenPerson(
            person_id=person.pk, name=person.full_name, helped_as=helped.labels(p.kind for p in parts),
            sees_until=helped.window_ends(last, settings.HELPED_MONTHS), reviews=seen, helpers=tuple(sorted(who))))
    return sorted(people, key=lambda p: (p.name, p.person_id))


# People a page on "What happened to the people I helped" (the newest news first): a manager who agreed hundreds of
# plans is not shown every review of every one at once.
HELPED_PER_PAGE = 20


@dataclass(frozen=True)
class HelpedPage:
    """One page of the people helped (`page.object_list`, each a read audited) and, for every one of them, only the
    counts by delivery option (outcomes.helped.by_option): no one's record is shown in a count."""

    page: Any
    by_option: list


def helped_page(user, page_number, *, team_name: str = "", team: bool = False, why: str = "", channel: str = "web",
                today=None):
    """A page of helped_by (or of team_helped_for with team=True: then (HelpedPage, teams)). People with news come
    first, then by name; only the people on the page are audited as read."""
    if team:
        people, teams = team_helped_for(user, team_name=team_name, why=why, channel=channel, today=today, audit_each=False)
    else:
        people, teams = helped_by(user, why=why, channel=channel, today=today, audit_each=False), None
    ordered = sorted(people, key=lambda p: (not any(r.unread for r in p.reviews), p.name, p.person_id))
    page = Paginator(ordered, HELPED_PER_PAGE).get_page(page_number)
    audit.record_each([p.person_id for p in page.object_list], actor=user, action=audit.Action.READ,
                      what="Listed on the people their team helped" if team else "Listed on the people they helped",
                      why=why, channel=channel)
    found = HelpedPage(page, helped.by_option(people))
    return (found, teams) if team else found


def helped_by(user, *, why: str = "", channel: str = "web", today=None, audit_each: bool = True) -> tuple:
    """The named access rule "people I helped" (outcomes.helped): the people this user helped on their way whose
    consent to it is live and whose window has not passed, each with their reviews as a helper may see them (only
    outcomes.helped.FIELDS), unread notices marked. Each person shown is a read of their record, audited. Refused
    (403) to anyone who does not help people (a provider, a researcher, the person themselves)."""
    if not permissions.may_read_helped(user):
        raise PermissionDenied
    parts = queries.helped_parts([user.pk], today=today).get(user.pk, {})
    unread = set(queries.notices_of(user).filter(read_at__isnull=True).values_list("review_id", flat=True))
    people = _seen_people(parts, unread_review_ids=unread)
    if audit_each:
        audit.record_each([p.person_id for p in people], actor=user, action=audit.Action.READ,
                          what="Listed on the people they helped", why=why, channel=channel)
    return tuple(people)


def team_helped_for(user, *, team_name: str = "", why: str = "", channel: str = "web", today=None,
                    audit_each: bool = True) -> tuple:
    """(people, teams): for a team manager, the people the members of their team(s) helped (or the one team named),
    each with the members who helped them, under the same rule as helped_by; stories are not shown here (the teller
    chose the staff who helped, not their managers). Each person shown is a read, audited."""
    if not permissions.may_read_team_helped(user):
        raise PermissionDenied
    teams = queries.teams_for({h.team_id for h in held_roles(user) if h.team_id and h.role in CASEWORK_ROLES})
    if team_name:
        teams = [t for t in teams if t.name == team_name]
        if not teams:
            raise Http404("No such team")
    members = {m.pk: m for m in queries.team_members([t.pk for t in teams])}
    by_user = queries.helped_parts(members, today=today)
    parts: dict[int, list] = {}
    who: dict[int, list[str]] = {}
    for user_id, cases in by_user.items():
        for case_id, theirs in cases.items():
            parts.setdefault(case_id, []).extend(theirs)
            who.setdefault(case_id, []).append(members[user_id].display_name)
    people = [helped.SeenPerson(p.person_id, p.name, p.helped_as, p.sees_until,
                                tuple(replace(r, stories=()) for r in p.reviews), p.helpers)
              for p in _seen_people(parts, helpers_by_case={k: sorted(v) for k, v in who.items()})]
    if audit_each:
        audit.record_each([p.person_id for p in people], actor=user, action=audit.Action.READ,
                          what="Listed on the people their team helped", why=why, channel=channel)
    return tuple(people), teams
