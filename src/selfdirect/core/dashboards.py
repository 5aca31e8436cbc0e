"""What each role sees on its home page. Reads only; every person list is scoped through people.access."""

import hashlib
import hmac

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from selfdirect.accounts.roles import Role
from selfdirect.journey import steps
from selfdirect.journey.models import Case
from selfdirect.people import access
from selfdirect.people.checks import age_band, age_on
from selfdirect.planning.models import SupportPlan


def with_case_columns(people):
    latest = Case.objects.filter(person=OuterRef("pk")).order_by("-opened_at", "-id")
    return people.annotate(
        case_state=Subquery(latest.values("state")[:1]),
        case_next_review_on=Subquery(latest.values("next_review_on")[:1]),
    )


def pseudonym(reference: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), reference.encode(), hashlib.sha256).hexdigest()[:12]


def for_user(user, role):
    if role in {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.ADMINISTRATOR}:
        return _casework(user, role)
    if role == Role.BUDGET_HOLDER:
        return {"template": "budget_holder", "people": list(access.people_visible_to(user))}
    if role in {Role.NOMINATED_PERSON, Role.INDEPENDENT_ADVISER}:
        return {"template": "representative", "people": list(with_case_columns(access.people_visible_to(user))),
                "heading": "People you advise" if role == Role.INDEPENDENT_ADVISER else "People you act for"}
    if role == Role.PROVIDER:
        return {"template": "provider", "people": list(access.people_visible_to(user))}
    if role == Role.FINANCE_OFFICER:
        return _finance(user)
    if role == Role.COMMISSIONER:
        return _commissioner()
    if role == Role.RESEARCHER:
        return _researcher()
    return {"template": "no_role"}


def _casework(user, role):
    people = with_case_columns(access.people_visible_to(user))
    by_state = {s: 0 for s in steps.ORDER}
    for row in people.order_by().values("case_state").annotate(n=Count("id")):  # no ordering: one group a state
        if row["case_state"]:
            by_state[row["case_state"]] += row["n"]
    awaiting = people.filter(case_state=steps.AGREEMENT).order_by("last_name")[:50]
    today = timezone.localdate()
    reviews_due = people.filter(case_state=steps.LIVE, case_next_review_on__lte=today).order_by("case_next_review_on")[:50]
    return {
        "template": "casework",
        "counts": [(steps.STATE_LABELS[s], by_state[s]) for s in steps.ORDER],
        "awaiting": list(awaiting),
        "reviews_due": list(reviews_due),
        "state_labels": steps.STATE_LABELS,
        "is_manager": role in {Role.TEAM_MANAGER, Role.ADMINISTRATOR},
    }


def _approved_plans():
    return SupportPlan.objects.filter(status=SupportPlan.Status.APPROVED, case__state__in=[steps.LIVE, steps.REVIEW, steps.ORGANISING])


def _finance(user):
    plans = _approved_plans().select_related("case__person").prefetch_related("items").order_by("case__person__last_name")[:200]
    rows = [{"person": p.case.person, "plan": p, "weekly": p.weekly_total_pence} for p in plans]
    return {"template": "finance", "rows": rows, "total_weekly": sum(r["weekly"] for r in rows)}


def _commissioner():
    states = dict(Case.objects.values_list("state").annotate(n=Count("id")))
    options = dict(_approved_plans().values_list("delivery_option").annotate(n=Count("id")))
    from selfdirect.planning.costing import DELIVERY_OPTIONS

    return {
        "template": "commissioner",
        "states": [(steps.STATE_LABELS[s], states.get(s, 0)) for s in steps.ORDER],
        "options": [(label, options.get(code, 0)) for code, label in DELIVERY_OPTIONS],
    }


def _researcher():
    from selfdirect.people.models import Code, Person

    today = timezone.localdate()
    groups = dict(Code.objects.filter(code_list__name="client_group").values_list("code", "label"))
    people = with_case_columns(Person.objects.filter(research_consent=True)).order_by("id")[:500]
    rows = [
        {
            "pseudonym": pseudonym(p.la_person_id),
            "age_band": age_band(age_on(p.date_of_birth, today)),
            "client_group": groups.get(p.client_group, p.client_group),
            "state": steps.STATE_LABELS.get(p.case_state, ""),
        }
        for p in people
    ]
    return {"template": "researcher", "rows": rows}
