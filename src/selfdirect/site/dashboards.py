"""What each role sees on its home page. Reads only; every person list is scoped through people.access."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404
from django.utils import timezone

from selfdirect.accounts.models import User
from selfdirect.charging import queries as charging
from selfdirect.charging.models import AssessmentRequest
from selfdirect.core.roles import Role
from selfdirect.core.words import counted
from selfdirect.journey import steps
from selfdirect.journey.models import Case, CaseEvent
from selfdirect.money import access as money_access
from selfdirect.money import queries as money
from selfdirect.outcomes import queries as outcomes
from selfdirect.people import access
from selfdirect.planning.costing import DELIVERY_OPTIONS
from selfdirect.planning.models import PlanDecision, PlanProposal, SupportPlan
from selfdirect.research import queries as research
from selfdirect.site import work
from selfdirect.subject_access import queries as subject_access


def with_case_columns(people):
    latest = Case.objects.filter(person=OuterRef("pk")).order_by("-opened_at", "-id")
    return people.annotate(
        case_state=Subquery(latest.values("state")[:1]),
        case_next_review_on=Subquery(latest.values("next_review_on")[:1]),
    )


def for_user(user, role, params=None):
    params = params or {}
    if role in {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.ADMINISTRATOR}:
        return _casework(user, role, params)
    if role == Role.BUDGET_HOLDER:
        people = list(access.people_in_acting_role(user))
        return {"template": "budget_holder", "people": people, "requests": _latest_requests(people),
                "contributions": _current_contributions(user, people), "glances": _glances(user, people),
                "version": version_of(params)}
    if role in {Role.NOMINATED_PERSON, Role.INDEPENDENT_ADVISER}:
        people = list(with_case_columns(access.people_in_acting_role(user)))
        sections = access.sections_for_each(user, people) if people else {}
        return {"template": "representative", "people": people, "requests": _latest_requests(people),
                "contributions": _current_contributions(user, people),
                "sees_budget": {pk for pk, shown in sections.items() if "budget" in shown},
                "heading": "People you advise" if role == Role.INDEPENDENT_ADVISER else "People you act for"}
    if role == Role.PROVIDER:
        return {"template": "provider", "people": list(access.people_in_acting_role(user))}
    if role == Role.FINANCE_OFFICER:
        return _finance(user)
    if role == Role.COMMISSIONER:
        return _commissioner()
    if role == Role.RESEARCHER:
        return _researcher(user)
    return {"template": "no_role"}


def people_shown(context) -> list[int]:
    """The ids of the people a home page lists by name (each is a read of their record, which the page audits), in
    the order shown, each once. The researcher's page shows pseudonyms, not people; the commissioner's figures."""
    ids = [p.pk for p in context.get("people", [])]
    ids += [p.pk for p in context.get("awaiting", [])]
    ids += [row["item"].person_id for row in context.get("rows", []) if "item" in row]
    ids += [row["person"].pk for row in context.get("rows", []) if "person" in row]
    ids += [row.person.pk for row in context.get("subject_access", [])]
    return list(dict.fromkeys(ids))


@dataclass
class Glance:
    """A person's budget at a glance, as the person sees it on their home page and whoever acts for them sees it on
    the person's own page (site/_at_a_glance.html): money.queries.Glance with whom it is about and what the reader may
    do."""

    person: object
    case: object
    is_self: bool  # the person themselves, whom the page calls "you"
    may_record: bool
    money: money.Glance
    today: object
    sections: set  # the parts of the record this user may see (people.access): the plan link only with "plan"
    reviews: tuple = ()  # the reviews due (outcomes.schedule.Due), soonest first
    review_requests: tuple = ()  # the requests for a review, newest first: a declined one shows the reasons given
    may_ask_review: bool = False  # the person, or someone acting for them: "Ask for a review"


VERSIONS = {"easy-read", "print", "easy-read-print"}  # ?version=: the easy read and print versions of the page


def version_of(params) -> str:
    version = str(params.get("version", "") or "")
    return version if version in VERSIONS else "standard"


def glance_for(user, person_pk, *, why: str) -> Glance:
    """The person's budget at a glance, read through money.access (404 for a person the user does not reach, 403 for
    one whose budget their role or authority does not open; the read audited)."""
    found = money_access.account_for(user, person_pk, why=why)
    today = timezone.localdate()
    sections = access.sections_for(user, found.person)
    journey = "journey" in sections
    return Glance(person=found.person, case=found.case, is_self=found.is_self, may_record=found.may_record,
                  money=money.at_a_glance(found.case, today=today), today=today, sections=sections,
                  reviews=tuple(outcomes.due_for(found.case, today=today)) if journey else (),
                  review_requests=tuple(outcomes.requests_for(found.case).filter(kind="requested")[:5]) if journey else (),
                  may_ask_review=journey and access.acts_as_person(user, found.person))


def _glances(user, people) -> dict:
    """{person id: Glance} for the people a home page shows whose budget this user may see."""
    found = {}
    for person in people:
        try:
            found[person.pk] = glance_for(user, person.pk, why="to show the budget on the home page")
        except (Http404, PermissionDenied):  # no case yet, or a role that does not open the budget
            continue
    return found


def _latest_requests(people) -> dict:
    return charging.latest_requests_by_person([p.pk for p in people]) if people else {}


def _current_contributions(user, people) -> dict:
    """{person id: their current financial assessment}, for the people whose charging this user may read (the
    letter it links to is refused to anyone else, such as a representative whose authority is for welfare only)."""
    sections = access.sections_for_each(user, people) if people else {}
    readable = [p.pk for p in people if "charging" in sections.get(p.pk, ())]
    return charging.current_assessments_by_person(readable) if readable else {}


WORK_PAGE_SIZE = 25


def _casework(user, role, params):
    from django.core.paginator import Paginator

    people = with_case_columns(access.people_in_acting_role(user))
    by_state = {s: 0 for s in steps.ORDER}
    for row in people.order_by().values("case_state").annotate(n=Count("id")):  # no ordering: one group a state
        if row["case_state"]:
            by_state[row["case_state"]] += row["n"]
    is_manager = role in {Role.TEAM_MANAGER, Role.ADMINISTRATOR}
    awaiting = people.filter(case_state=steps.AGREEMENT).order_by("last_name")[:50] if is_manager else []
    today = timezone.localdate()
    items = work.in_order_of_urgency(work_items(user, is_manager, today), today)
    per_worker, chosen = [], ""
    if is_manager:
        per_worker = _per_worker(items)
        chosen = str(params.get("worker", "") or "")
        if chosen == "none":
            items = [i for i in items if i.worker_id is None]
        elif chosen.isdigit():
            items = [i for i in items if i.worker_id == int(chosen)]
        else:
            chosen = ""
    page = Paginator(items, WORK_PAGE_SIZE).get_page(params.get("page"))
    names = {w["id"]: w["name"] for w in per_worker if w["id"] is not None}
    return {
        "template": "casework",
        "counts": [(steps.STATE_LABELS[s], by_state[s]) for s in steps.ORDER],
        "awaiting": list(awaiting),
        "state_labels": steps.STATE_LABELS,
        "is_manager": is_manager,
        "page": page,
        "rows": [_work_row(item, today, is_manager, names) for item in page.object_list],
        "per_worker": per_worker,
        "chosen_worker": chosen,
        "work_total": len(items),
        "query_prefix": f"worker={chosen}&" if chosen else "",
        # The team's open subject access requests, the soonest due first (docs/data-protection.md).
        "subject_access": subject_access.rows(subject_access.requests_in(access.people_in_acting_role(user))[:20], today),
    }


def _cases_for(user, is_manager):
    """The cases whose work this user sees: a worker, the cases allocated to them (Case.worker) in the people they may
    see; a team manager, every open case of the team; an administrator, every open case (docs/worker-home.md)."""
    cases = Case.objects.filter(person__in=access.people_in_acting_role(user)).exclude(state=steps.CLOSED)
    return cases if is_manager else cases.filter(worker=user)


def _day(moment):
    return timezone.localtime(moment).date()


WAITING_STATES = [steps.REFERRAL, steps.ASSESSMENT, steps.PLANNING, steps.AGREEMENT, steps.ORGANISING, steps.REVIEW]


def work_items(user, is_manager, today) -> list[work.WorkItem]:
    """Every piece of this user's work, one query a kind (never one a case)."""
    from django.db.models import F, Min

    cases = _cases_for(user, is_manager)
    items = []

    def columns(path=""):
        """The same columns of the case and its person from any model that leads to the case by `path`."""
        return {"w_case": F(f"{path}id" if path else "pk"), "w_person": F(f"{path}person_id"),
                "w_first": F(f"{path}person__first_name"), "w_last": F(f"{path}person__last_name"),
                "w_state": F(f"{path}state"), "w_worker": F(f"{path}worker_id")}

    def item(kind, row, since, **extra):
        return work.WorkItem(kind=kind, case_id=row["w_case"], person_id=row["w_person"],
                             person_name=f"{row['w_first']} {row['w_last']}", since=since, state=row["w_state"],
                             worker_id=row["w_worker"], **extra)

    # Reviews: overdue, or due today (the journey's next_review_on; outcomes records the review).
    for row in cases.filter(state=steps.LIVE, next_review_on__lte=today).values("next_review_on", **columns()):
        kind = work.REVIEW_OVERDUE if row["next_review_on"] < today else work.REVIEW_DUE
        items.append(item(kind, row, row["next_review_on"]))
    # Plans a manager returned: a draft plan whose latest decision is "returned", its case back at planning.
    latest = PlanDecision.objects.filter(plan=OuterRef("pk")).order_by("-at", "-id")
    returned = (SupportPlan.objects.filter(case__in=cases, case__state=steps.PLANNING, status=SupportPlan.Status.DRAFT)
                .annotate(last_kind=Subquery(latest.values("kind")[:1]), last_at=Subquery(latest.values("at")[:1]))
                .filter(last_kind=PlanDecision.Kind.RETURNED).values("last_at", **columns("case__")))
    items += [item(work.PLAN_RETURNED, row, _day(row["last_at"])) for row in returned]
    # Suggestions from the person or their family, waiting for the worker: one line a case.
    waiting = (PlanProposal.objects.filter(status=PlanProposal.Status.WAITING, plan__case__in=cases).order_by()
               .values(**columns("plan__case__")).annotate(n=Count("id"), oldest=Min("proposed_at"), first=Min("id")))
    items += [item(work.PROPOSALS_WAITING, row, _day(row["oldest"]), count=row["n"], ref=row["first"])
              for row in waiting]
    # Financial assessments asked for and not yet done.
    asked = (AssessmentRequest.objects.filter(status__in=AssessmentRequest.OPEN, case__in=cases)
             .values("requested_at", "status", "id", **columns("case__")))
    items += [item(work.ASSESSMENT_REQUESTED, row, _day(row["requested_at"]), ref=row["id"], note=row["status"])
              for row in asked]
    # Cases waiting at a step, since the move that brought them there.
    moved = CaseEvent.objects.filter(case=OuterRef("pk")).order_by("-at", "-id").values("at")[:1]
    for row in (cases.filter(state__in=WAITING_STATES).annotate(since=Subquery(moved))
                .values("since", "opened_at", **columns())):
        items.append(item(work.STEP_WAITING, row, _day(row["since"] or row["opened_at"])))
    return items


def _per_worker(items) -> list[dict]:
    """Each worker's count of work (after the same-case duplicates are dropped), most first; 'Not allocated' last."""
    from collections import Counter

    counts = Counter(i.worker_id for i in items)
    users = {u.pk: u.display_name for u in User.objects.filter(pk__in=[k for k in counts if k is not None])}
    rows = sorted(({"id": k, "name": users.get(k, "Unknown"), "count": n} for k, n in counts.items() if k is not None),
                  key=lambda r: (-r["count"], r["name"]))
    if None in counts:
        rows.append({"id": None, "name": "Not allocated", "count": counts[None]})
    return rows


STEP_ACTIONS = {
    steps.REFERRAL: ("people:detail", "Start the assessment"),
    steps.ASSESSMENT: ("allocation:record-assessment", "Continue the assessment"),
    steps.PLANNING: ("planning:plan", "Work on the support plan"),
    steps.AGREEMENT: ("people:detail", "See the plan waiting for a manager"),
    steps.ORGANISING: ("planning:organise", "Organise the money and the support"),
    steps.REVIEW: ("outcomes:review", "Record the review"),
}


def _ago(days: int) -> str:
    return "today" if days == 0 else "yesterday" if days == 1 else f"{counted(days, 'day')} ago"


def _work_row(item: work.WorkItem, today, is_manager, names) -> dict:
    from django.urls import reverse

    days = item.days(today)
    person = item.person_id
    tag = None
    if item.kind == work.REVIEW_OVERDUE:
        what, link, action = "Review", reverse("outcomes:review", args=[person]), "Record the review"
        waited, tag = f"{counted(days, 'day')} overdue (due {item.since.day} {item.since:%B %Y})", "Overdue"
    elif item.kind == work.REVIEW_DUE:
        what, link, action = "Review", reverse("outcomes:review", args=[person]), "Record the review"
        waited, tag = "Due today", "Due today"
    elif item.kind == work.PLAN_RETURNED:
        what, link, action = "Plan returned for changes", reverse("planning:plan", args=[person]), "Change the plan"
        waited = f"Returned {_ago(days)}"
    elif item.kind == work.PROPOSALS_WAITING:
        what = f"{counted(item.count, 'suggestion')} from the person or their family"
        link = (reverse("planning:respond", args=[person, item.ref]) if item.count == 1
                else reverse("planning:plan", args=[person]))
        action, waited = "Respond", f"Waiting {counted(days, 'day')}" if days else "Sent today"
    elif item.kind == work.ASSESSMENT_REQUESTED:
        what = ("Financial assessment: the finance team is working on it" if item.note == "in_progress"
                else "Financial assessment asked for: with the finance team")
        link, action, waited = reverse("charging:summary", args=[person]), "See the request", f"Asked {_ago(days)}"
    else:
        name, action = STEP_ACTIONS[item.state]
        if item.state == steps.AGREEMENT and is_manager:
            name, action = "planning:decide", "Agree or return the plan"
        what, link = steps.STATE_LABELS[item.state], reverse(name, args=[person])
        waited = f"{counted(days, 'day')} at this step"
    return {"item": item, "what": what, "link": link, "action": action, "waited": waited, "tag": tag, "days": days,
            "record": reverse("people:detail", args=[person]),
            "worker": names.get(item.worker_id, "Not allocated") if item.worker_id else "Not allocated"}


def _approved_plans():
    return SupportPlan.objects.filter(status=SupportPlan.Status.APPROVED, case__state__in=[steps.LIVE, steps.REVIEW, steps.ORGANISING])


def _finance(user):
    plans = _approved_plans().select_related("case__person").prefetch_related("items").order_by("case__person__last_name")[:200]
    rows = [{"person": p.case.person, "plan": p, "weekly": p.weekly_total_pence} for p in plans]

    waiting = charging.open_requests()
    oldest = waiting.first()
    return {"template": "finance", "rows": rows, "total_weekly": sum(r["weekly"] for r in rows),
            "requests_waiting": waiting.count(),
            "oldest_request_days": charging.age_in_working_days(oldest, timezone.localdate()) if oldest else None,
            "oldest_request_on": oldest.requested_on if oldest else None, "today": timezone.localdate(),
            **_look_again_waiting(), "rates_gaps": charging.rates_gaps(timezone.localdate()),
            "rates_year": charging.financial_year_of(timezone.localdate())}


def _look_again_waiting():
    """How many requests to look at an assessment again wait for finance, and how long the oldest has waited."""
    waiting = charging.open_reconsiderations()
    oldest = waiting.first()
    return {"look_again_waiting": waiting.count(),
            "oldest_look_again_days": charging.reconsideration_age_in_working_days(oldest, timezone.localdate())
            if oldest else None,
            "oldest_look_again_on": timezone.localtime(oldest.asked_at).date() if oldest else None}


def _commissioner():
    states = dict(Case.objects.values_list("state").annotate(n=Count("id")))
    options = dict(_approved_plans().values_list("delivery_option").annotate(n=Count("id")))

    return {
        "template": "commissioner",
        "states": [(steps.STATE_LABELS[s], states.get(s, 0)) for s in steps.ORDER],
        "options": [(label, options.get(code, 0)) for code, label in DELIVERY_OPTIONS],
    }


def _researcher(user):
    """The researcher's projects, never people: each project's releases are coarsened and k-anonymous (research.queries);
    the table linking its random identifiers to people is read by no researcher's page."""
    return {"template": "researcher", "projects": list(research.projects_led_by(user)), "min_cell": research.min_cell()}


# The administrator's "Dashboards" page: every dashboard and report, with a line each (site.navigation links to it).
ADMIN_DASHBOARDS = [
    ("How personal budgets are working", [
        ("Take-up", "insight:take-up", "New personal budgets by delivery option, by month, client group, age band, "
                                      "team and worker, against the direct payment target"),
        ("Journey times", "insight:journey-times", "How long each stage takes, per team, and where open cases wait now"),
        ("Choice offered: groups", "insight:choice-offered", "Who was offered each option, per team and worker, and "
                                                           "whether any group was offered direct payments less often"),
        ("Choices offered", "planning:choices-report", "Each delivery option explained or not offered, and the reasons "
                                                      "recorded for not offering one"),
        ("Money", "insight:money", "Indicative budgets, agreed plans and earlier packages per client group; surplus "
                                  "held and money recovered"),
        ("Outcomes", "insight:outcomes", "How people's lives changed, domain by domain, by delivery option, client group, "
                                        "age band, ethnicity and who answered; review outcomes; the same people over time"),
    ]),
    ("Allocation and fairness", [
        ("Allocation", "allocation:index", "The Resource Allocation System's table, and what a change would cost on "
                                          "the live caseload"),
        ("Calibration", "allocation:calibrate", "Fit the price per point to historic packages"),
        ("Fairness", "allocation:audit", "Allocations at equal points compared across client groups, age bands, sexes "
                                        "and ethnic groups"),
    ]),
    ("Finance", [
        ("Payments and statements", "money:finance", "Four-weekly payment runs, bank statements and reconciliation"),
        ("Financial assessments asked for", "charging:assessment-requests", "Workers' requests for a financial "
                                                                        "assessment, oldest first, with their age"),
        ("Assessments to look at again", "charging:reconsiderations", "People's requests to look at a financial "
                                                                       "assessment again, oldest first, with their age"),
        ("Charging policy", "charging:policy", "The council's own charging choices in force, every version, and "
                                               "changes from a date"),
        ("Charging rates", "charging:rates", "The national figures each year's assessments use, their sources, and "
                                             "what the current year still lacks"),
    ]),
    ("Returns and records", [
        ("Client Level Data return", "insight:cld", "The NHS England return for a period, checked before it is written"),
        ("Research projects", "research:index", "Projects, their lead researchers and approvals, and the people who agreed "
                                                "to research in each"),
        ("Audit trail", "audit:search", "Who opened or changed each record, and when"),
        ("Subject access requests", "subject_access:index", "People's requests for the information held about them, "
                                                            "the soonest due first, with their deadlines"),
        ("Code lists", "people:reference-lists", "The council's own code lists"),
    ]),
]
