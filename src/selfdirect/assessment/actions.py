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
    from selfdirect.allocation import services as allocation

    ras = allocation.latest_indicative_for(case)
    if ras is not None and indicative_weekly_pence is None:
        indicative_weekly_pence = ras.weekly_pence
        indicative_reason = indicative_reason.strip() or (
            f"From the Resource Allocation System: {ras.points} points, table {ras.table.key}")
    if ras is not None and indicative_weekly_pence != ras.weekly_pence and not indicative_reason.strip():
        raise AssessmentError("Say why the indicative budget differs from the Resource Allocation System's figure")
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
            ras_weekly_pence=ras.weekly_pence if ras is not None else None,
            assessed_by=actor,
        )
        audit.record(actor=actor, action=audit.Action.DECISION, person=case.person,
                     what="Recorded an assessment: " + ("eligible" if decision.eligible else "not eligible"),
                     why=indicative_reason, channel=channel)
        if decision.eligible:
            journey.move(case, "budget_found", actor=actor, channel=channel)
    return assessment


@transaction.atomic
def record_self_assessment(case, *, actor, questionnaire_key: str, answers: dict, kind: str, channel="web"):
    """Keep the person's own answers, or the worker's agreed version; an agreed version gives an indicative budget."""
    from selfdirect.allocation import actions as allocation

    from . import questionnaire
    from .models import SelfAssessment

    definition = questionnaire.get(questionnaire_key)
    scored = questionnaire.score(definition, answers)
    made = SelfAssessment.objects.create(case=case, questionnaire=definition.key, kind=kind, answers=answers,
                                         points=scored.points, by_domain=scored.by_domain, completed_by=actor)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person, channel=channel,
                 what=f"Self-assessment ({made.get_kind_display().lower()}): {scored.points} points")
    if kind == SelfAssessment.Kind.AGREED:
        allocation.calculate_indicative(case, made, actor=actor, channel=channel)
    return made
