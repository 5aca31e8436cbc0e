"""What other apps may ask of assessments."""

from .models import Assessment, SelfAssessment


def latest_assessment_for(case) -> Assessment | None:
    return Assessment.objects.filter(case=case).select_related("assessed_by").order_by("-completed_at", "-id").first()


def eligible_assessment_for(case) -> Assessment | None:
    latest = latest_assessment_for(case)
    if latest is not None and latest.eligible and latest.indicative_weekly_pence is not None:
        return latest
    return None


def indicative_weekly_pence(case) -> int | None:
    found = eligible_assessment_for(case)
    return found.indicative_weekly_pence if found else None


def self_assessments_for(case):
    """Every version of the case's self-assessment (the person's answers and the worker's agreed ones)."""
    return SelfAssessment.objects.filter(case=case).select_related("completed_by")


def latest_self_assessment(case, *, kind: str, questionnaire: str) -> SelfAssessment | None:
    return self_assessments_for(case).filter(kind=kind, questionnaire=questionnaire).first()
