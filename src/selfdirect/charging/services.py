"""What other apps may ask of charging: the current contribution, and a new run when the personal budget changes."""

from .models import FinancialAssessment


def current_assessment_for(person) -> FinancialAssessment | None:
    return FinancialAssessment.objects.filter(person=person).order_by("-created_at", "-id").first()


def contribution_weekly_pence(person) -> int | None:
    current = current_assessment_for(person)
    return current.weekly_contribution_pence if current else None


def personal_budget_changed(person, *, weekly_cost_pence: int, actor, channel="web"):
    """Work the contribution out again against the new personal budget (if the person has been assessed)."""
    from . import actions

    current = current_assessment_for(person)
    if current is None or current.weekly_cost_of_care_pence == weekly_cost_pence:
        return None
    raw = dict(current.input, weekly_cost_of_care_pence=weekly_cost_pence)
    return actions.record_assessment(person, raw, actor=actor, reason=FinancialAssessment.Reason.BUDGET_CHANGED,
                                     channel=channel)


def assessment_for(person, pk) -> FinancialAssessment:
    """One of this person's assessments (the person already fetched through people.access), else 404."""
    from django.http import Http404

    found = FinancialAssessment.objects.filter(person=person, pk=pk).select_related("created_by").first()
    if found is None:
        raise Http404("No such financial assessment")
    return found


def assessments_for(person):
    return FinancialAssessment.objects.filter(person=person).select_related("created_by")
