"""What other apps may ask of assessments."""

from .models import Assessment


def latest_assessment_for(case) -> Assessment | None:
    return Assessment.objects.filter(case=case).order_by("-completed_at", "-id").first()


def eligible_assessment_for(case) -> Assessment | None:
    latest = latest_assessment_for(case)
    if latest is not None and latest.eligible and latest.indicative_weekly_pence is not None:
        return latest
    return None


def indicative_weekly_pence(case) -> int | None:
    found = eligible_assessment_for(case)
    return found.indicative_weekly_pence if found else None
