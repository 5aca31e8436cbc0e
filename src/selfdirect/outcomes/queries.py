import datetime

from django.conf import settings
from django.utils import timezone

from selfdirect.accounts.models import Team
from selfdirect.journey import steps
from selfdirect.journey.models import Case
from selfdirect.planning.models import SupportPlan

from . import payments, schedule
from .models import Review, ReviewRequest

# The cases whose reviews are scheduled: support has started (a review may be under way).
SCHEDULED_STATES = (steps.LIVE, steps.REVIEW)


def reviews_for(case):
    return Review.objects.filter(case=case).prefetch_related("ratings__outcome")


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
