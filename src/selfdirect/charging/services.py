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


def rates_gaps(day) -> list[str]:
    """What is missing from the charging rates for `day` (the council's folder, then the shipped files)."""
    from pathlib import Path

    from .actions import rates_folders
    from .rates import gaps_on

    return gaps_on(day, folders=[Path(f) for f in rates_folders()])


def made_with_earlier_rates(assessment) -> str:
    """Why an assessment made in one financial year uses an earlier year's rates ('' when it does not)."""
    from django.utils import timezone

    from .rates import financial_year_of

    made_year = financial_year_of(timezone.localtime(assessment.created_at).date())
    if made_year == assessment.financial_year:
        return ""
    gaps = rates_gaps(timezone.localtime(assessment.created_at).date())
    why = (" " + " ".join(gaps)) if gaps else ""
    return (f"Made in {made_year} with the {assessment.financial_year} rates, effective "
            f"{assessment.effective_date:%-d %B %Y}.{why}")
