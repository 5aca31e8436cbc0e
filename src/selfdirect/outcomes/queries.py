import datetime

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone

from selfdirect.accounts.models import Team, User
from selfdirect.assessment.models import Assessment
from selfdirect.charging.models import FinancialAssessment
from selfdirect.core.roles import CASEWORK_ROLES
from selfdirect.journey import steps
from selfdirect.journey.models import Case, CaseEvent
from selfdirect.people import authority
from selfdirect.people import queries as people_queries
from selfdirect.people.access import ADVISER_RELATIONSHIP
from selfdirect.people.models import Representative
from selfdirect.planning.models import SupportPlan

from . import helped, payments, schedule
from .models import DigestChoice, Evaluation, HelperNotice, OutcomeRating, Review, ReviewRequest, Story

# The cases whose reviews are scheduled: support has started (a review may be under way).
SCHEDULED_STATES = (steps.LIVE, steps.REVIEW)


def reviews_for(case):
    return Review.objects.filter(case=case).prefetch_related("ratings__outcome")


def held_review_of(person, pk):
    """One of the person's reviews, in any of their cases (the person already reached through access), with its plan,
    ratings, evaluations and stories; None when it is not theirs."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (Review.objects.filter(case__person=person, pk=pk).select_related("case", "plan", "reviewed_by")
            .prefetch_related("ratings__outcome", "evaluations__recorded_by", "stories__outcomes",
                              "stories__recorded_by").first())


def story_of(review, pk):
    """One of the review's stories (the review already reached through access), or None."""
    try:
        return review.stories.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def next_signed_weekly_pence(plan) -> int | None:
    """The weekly cost of the first plan signed off for the case after this one (None while there is none)."""
    signed = (SupportPlan.objects.filter(case_id=plan.case_id, version__gt=plan.version, approved_at__isnull=False)
              .order_by("version").prefetch_related("items").first())
    return signed.weekly_total_pence if signed else None


def rules() -> schedule.Rules:
    """The council's settings for the schedule (outcomes.schedule.Rules; README, "Settings")."""
    return schedule.Rules(first_by_weeks=settings.FIRST_REVIEW_WEEKS, interval_months=settings.REVIEW_INTERVAL_MONTHS,
                          raised_days=settings.TRIGGERED_REVIEW_DAYS)


def facts_by_case(case_ids) -> dict[int, schedule.Facts]:
    """The facts the schedule needs, by case: four queries however many cases."""
    case_ids = list(case_ids)
    signed: dict[int, datetime.date] = {}
    for case_id, approved_at in (SupportPlan.objects.filter(case_id__in=case_ids, status=SupportPlan.Status.APPROVED,
                                                            approved_at__isnull=False)
                                 .order_by("case_id", "-version").values_list("case_id", "approved_at")):
        signed.setdefault(case_id, timezone.localdate(approved_at))
    held: dict[int, list[datetime.date]] = {}
    for case_id, held_on in Review.objects.filter(case_id__in=case_ids).values_list("case_id", "held_on"):
        held.setdefault(case_id, []).append(held_on)
    raised: dict[int, list[schedule.Raised]] = {}
    for r in ReviewRequest.objects.filter(case_id__in=case_ids, status=ReviewRequest.Status.ACCEPTED).order_by("id"):
        raised.setdefault(r.case_id, []).append(schedule.Raised(r.kind, r.asked_on, r.trigger, r.pk))
    paid = payments.first_paid_on(case_ids)
    return {pk: schedule.Facts(signed.get(pk), paid.get(pk), tuple(held.get(pk, ())), tuple(raised.get(pk, ())))
            for pk in case_ids}


def due_by_case(case_ids, *, today: datetime.date | None = None) -> dict[int, list[schedule.Due]]:
    today = today or timezone.localdate()
    given = rules()
    return {pk: schedule.reviews_due(facts, today, given) for pk, facts in facts_by_case(case_ids).items()}


def due_for(case, *, today: datetime.date | None = None) -> list[schedule.Due]:
    """The reviews due for one case (none before support starts or after it ends)."""
    if case is None or case.state not in SCHEDULED_STATES:
        return []
    return due_by_case([case.pk], today=today)[case.pk]


def requests_for(case):
    """The case's requests for a review and changes that need one, newest first."""
    return ReviewRequest.objects.filter(case=case).select_related("decided_by", "review")


def request_of(case, pk):
    """One of the case's requests (the case already reached through access), or None."""
    try:
        return requests_for(case).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def scheduled_cases(case_ids):
    """Of these cases, those whose reviews are scheduled, with the date kept now: (pk, next_review_on) pairs."""
    return list(Case.objects.filter(pk__in=list(case_ids), state__in=SCHEDULED_STATES)
                .values_list("pk", "next_review_on"))


def live_cases(*, team_ids=None):
    """The cases whose reviews are scheduled, in these teams (every team when None), with their person."""
    cases = Case.objects.filter(state__in=SCHEDULED_STATES).select_related("person", "person__team", "worker")
    if team_ids is not None:
        cases = cases.filter(person__team_id__in=list(team_ids))
    return cases.order_by("person__last_name", "person__first_name", "pk")


def reviews_due_in(*, team_ids=None, today: datetime.date | None = None, late_only: bool = False) -> list[tuple]:
    """Every review due in these teams' live cases, as (case, due) pairs: late ones first (the latest overdue first),
    then by the day each must be held by, then by kind."""
    cases = list(live_cases(team_ids=team_ids))
    due = due_by_case([c.pk for c in cases], today=today)
    rows = [(case, d) for case in cases for d in due[case.pk] if d.late or not late_only]
    return sorted(rows, key=lambda row: (not row[1].late, row[1].latest, schedule.KINDS.index(row[1].kind),
                                         row[0].person.last_name))


def teams_for(team_ids=None) -> list:
    """These teams (every team when None), by name."""
    teams = Team.objects.all() if team_ids is None else Team.objects.filter(pk__in=list(team_ids))
    return list(teams.order_by("name"))


# ---- people I helped (outcomes.helped) --------------------------------------------------------------------------------

# The financial assessments someone sat down to do; one worked out again by itself (the budget changed when a plan was
# agreed, the yearly uprating) is no one's part in the person's journey.
ASSESSED_BY_SOMEONE = (FinancialAssessment.Reason.NEW, FinancialAssessment.Reason.CIRCUMSTANCES,
                       FinancialAssessment.Reason.LOOKED_AGAIN)


def _day(at) -> datetime.date:
    return timezone.localdate(at) if isinstance(at, datetime.datetime) else at


def helpers_by_case(case_ids, *, today: datetime.date | None = None) -> dict[int, list[helped.Part]]:
    """Who helped each case, and how, from the records the journey keeps (outcomes.helped.KINDS): who opened it (the
    case's "open" event), who assessed (Assessment.assessed_by), who ran a financial assessment of the person while
    the case was open (FinancialAssessment.created_by), who made a plan version (SupportPlan.created_by), who agreed
    one (SupportPlan.approved_by), and the person's independent advisers or brokers with a sign-in (a Representative
    with the adviser's relationship: still acting, their last part is today). Seven queries however many cases."""
    today = today or timezone.localdate()
    case_ids = list(case_ids)
    cases = {pk: (person_id, _day(opened), closed) for pk, person_id, opened, closed in
             Case.objects.filter(pk__in=case_ids).values_list("pk", "person_id", "opened_at", "closed_on")}
    parts: dict[int, list[helped.Part]] = {pk: [] for pk in cases}

    def add(case_id, user_id, kind, at):
        if user_id is not None and case_id in parts:
            parts[case_id].append(helped.Part(user_id, kind, _day(at)))

    for case_id, actor_id, at in CaseEvent.objects.filter(case_id__in=case_ids, transition="open").values_list(
            "case_id", "actor_id", "at"):
        add(case_id, actor_id, helped.FIRST_CONTACT, at)
    for case_id, user_id, at in Assessment.objects.filter(case_id__in=case_ids).values_list(
            "case_id", "assessed_by_id", "completed_at"):
        add(case_id, user_id, helped.ASSESSOR, at)
    for case_id, created_by, created_at, approved_by, approved_at in SupportPlan.objects.filter(
            case_id__in=case_ids).values_list("case_id", "created_by_id", "created_at", "approved_by_id", "approved_at"):
        add(case_id, created_by, helped.PLANNER, created_at)
        if approved_at is not None:
            add(case_id, approved_by, helped.APPROVER, approved_at)
    by_person: dict[int, list[int]] = {}
    for pk, (person_id, _, _) in cases.items():
        by_person.setdefault(person_id, []).append(pk)

    def open_then(case_id, day) -> bool:
        _, opened, closed = cases[case_id]
        return opened <= day and (closed is None or day <= closed)

    # Lazy: a financial assessment belongs to the person, not a case: it counts for each of their cases open that day.
    for person_id, user_id, at in FinancialAssessment.objects.filter(
            person_id__in=list(by_person), reason__in=ASSESSED_BY_SOMEONE).values_list(
            "person_id", "created_by_id", "created_at"):
        for case_id in by_person[person_id]:
            if open_then(case_id, _day(at)):
                add(case_id, user_id, helped.FINANCIAL_ASSESSOR, at)
    for person_id, user_id, starts_on, ends_on in Representative.objects.filter(
            person_id__in=list(by_person), relationship=ADVISER_RELATIONSHIP, user__isnull=False).values_list(
            "person_id", "user_id", "starts_on", "ends_on"):
        last = min(today, ends_on - datetime.timedelta(days=1)) if ends_on else today
        for case_id in by_person[person_id]:
            _, opened, closed = cases[case_id]
            if starts_on <= (closed or today) and last >= opened:
                add(case_id, user_id, helped.ADVISER, min(last, closed or last))
    return parts


def cases_helped_by(user_ids) -> set[int]:
    """The cases any of these users had a part in (outcomes.helped.KINDS): five queries."""
    user_ids = list(user_ids)
    found = set(CaseEvent.objects.filter(actor_id__in=user_ids, transition="open").values_list("case_id", flat=True))
    found |= set(Assessment.objects.filter(assessed_by_id__in=user_ids).values_list("case_id", flat=True))
    found |= set(SupportPlan.objects.filter(Q(created_by_id__in=user_ids) | Q(approved_by_id__in=user_ids))
                 .values_list("case_id", flat=True))
    people = set(FinancialAssessment.objects.filter(created_by_id__in=user_ids, reason__in=ASSESSED_BY_SOMEONE)
                 .values_list("person_id", flat=True))
    people |= set(Representative.objects.filter(user_id__in=user_ids, relationship=ADVISER_RELATIONSHIP)
                  .values_list("person_id", flat=True))
    if people:
        found |= set(Case.objects.filter(person_id__in=people).values_list("pk", flat=True))
    return found


def consenting_to_helpers(person_ids, on: datetime.date | None = None) -> set[int]:
    """Of these people, those whose consent to telling the staff who helped them counts on this day (today)."""
    return set(people_queries.consents(authority.OUTCOMES_TO_HELPERS, on).filter(person_id__in=list(person_ids))
               .values_list("person_id", flat=True))


def helped_parts(user_ids, *, today: datetime.date | None = None, months: int | None = None
                 ) -> dict[int, dict[int, list[helped.Part]]]:
    """By user, by case: the parts of these users in the cases whose outcomes they see today (outcomes.helped: the
    person's consent is live and the window after their last part has not passed)."""
    today = today or timezone.localdate()
    months = settings.HELPED_MONTHS if months is None else months
    user_ids = set(user_ids)
    by_case = helpers_by_case(cases_helped_by(user_ids), today=today)
    person_of = dict(Case.objects.filter(pk__in=list(by_case)).values_list("pk", "person_id"))
    consenting = consenting_to_helpers(set(person_of.values()), today)
    found: dict[int, dict[int, list[helped.Part]]] = {}
    for case_id, parts in by_case.items():
        for user_id, theirs in helped.helpers(parts).items():
            if user_id in user_ids and helped.may_see(theirs, today=today, consent_live=person_of[case_id] in consenting,
                                                      months=months):
                found.setdefault(user_id, {})[case_id] = theirs
    return found


def helped_reviews(case_ids):
    """The reviews of these cases, oldest first, with only what a helper may see prefetched: the plan's delivery
    option, the ratings with their outcomes, the evaluations, and the stories shared with the staff who helped."""
    return (Review.objects.filter(case_id__in=list(case_ids)).select_related("plan", "case__person")
            .prefetch_related(Prefetch("ratings", queryset=OutcomeRating.objects.select_related("outcome")
                                       .order_by("outcome__position", "outcome_id")),
                              Prefetch("evaluations", queryset=Evaluation.objects.order_by("respondent", "id")),
                              Prefetch("stories", queryset=Story.objects.filter(share_with_helpers=True)
                                       .order_by("held_on", "id"), to_attr="shared_stories"))
            .order_by("held_on", "id"))


def notices_of(user, review_ids=None):
    found = HelperNotice.objects.filter(user=user)
    return found if review_ids is None else found.filter(review_id__in=list(review_ids))


def unread_notice_count(user) -> int:
    return HelperNotice.objects.filter(user=user, read_at__isnull=True).count()


def wants_digest(user) -> bool:
    return DigestChoice.objects.filter(user=user, email=True).exists()


def digest_users():
    """The users who asked for the digest and have notices not yet emailed, with an email address to send to."""
    return (User.objects.filter(outcome_digest__email=True, outcome_notices__emailed_at__isnull=True, is_active=True)
            .exclude(email="").distinct().order_by("pk"))


def team_members(team_ids) -> list:
    """The staff who work on cases in these teams (their grants, or an account made the old way), by name."""
    team_ids = list(team_ids)
    return list(User.objects.filter(Q(role_grants__team_id__in=team_ids, role_grants__role__in=list(CASEWORK_ROLES))
                                    | Q(team_id__in=team_ids, role__in=list(CASEWORK_ROLES)))
                .distinct().order_by("last_name", "first_name", "username"))
