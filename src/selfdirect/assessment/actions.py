from django.db import transaction

from selfdirect.audit import services as audit
from selfdirect.journey import services as journey

from . import eligibility
from .models import Assessment


class AssessmentError(Exception):
    pass


def record_assessment(case, *, actor, arises_from_impairment: bool, outcomes_unable: list[str],
                      significant_impact_on_wellbeing: bool, evidence: str, indicative_weekly_pence: int | None,
                      indicative_reason: str, channel: str = "web") -> Assessment:
    """Record the assessment and, where needs are eligible and a budget is set, move the case on to planning."""
    decision = eligibility.determine(
        arises_from_impairment=arises_from_impairment,
        outcomes_unable=outcomes_unable,
        significant_impact_on_wellbeing=significant_impact_on_wellbeing,
    )
    if decision.eligible and indicative_weekly_pence is None:
        raise AssessmentError("Enter the indicative weekly budget for eligible needs")
    if indicative_weekly_pence is not None and indicative_weekly_pence < 0:
        raise AssessmentError("Indicative weekly budget must not be negative")
    if decision.eligible and not indicative_reason.strip():
        raise AssessmentError("Say how the indicative budget was worked out")
    with transaction.atomic():
        if case.state != "assessment":
            journey.move(case, "start_assessment", actor=actor, channel=channel)
        assessment = Assessment.objects.create(
            case=case,
            arises_from_impairment=arises_from_impairment,
            outcomes_unable=eligibility.OUTCOMES_ORDERED(outcomes_unable),
            significant_impact_on_wellbeing=significant_impact_on_wellbeing,
            evidence=evidence,
            eligible=decision.eligible,
            decision_text=" ".join(decision.reasons),
            indicative_weekly_pence=indicative_weekly_pence if decision.eligible else None,
            indicative_reason=indicative_reason if decision.eligible else "",
            assessed_by=actor,
        )
        audit.record(actor=actor, action=audit.Action.DECISION, person=case.person,
                     what="Recorded an assessment: " + ("eligible" if decision.eligible else "not eligible"),
                     why=indicative_reason, channel=channel)
        if decision.eligible:
            journey.move(case, "budget_found", actor=actor, channel=channel)
    return assessment
