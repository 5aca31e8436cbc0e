from django.db import transaction

from selfdirect.audit import services as audit
from selfdirect.journey import services as journey

from . import eligibility
from .models import Assessment


class AssessmentError(Exception):
    """A refusal; `field` names the part of the record it is about."""

    def __init__(self, message: str, field: str = "indicative_weekly_pence"):
        super().__init__(message)
        self.field = field


def _evidence_summary(findings) -> str:
    return "\n".join(f"{f.label}: {f.evidence}" for f in findings if f.evidence)


def record_eligibility(case, *, actor, arises_from_impairment: bool, findings: list, significant_impact_on_wellbeing: bool,
                       wellbeing_areas=(), wellbeing_impact: str = "", advice: str = "", channel: str = "web") -> Assessment:
    """Record the eligibility determination outcome by outcome (Care Act 2014 s.13(1), Eligibility Regulations 2015
    reg. 2) with its reasons in plain English, the written record the person is given (s.13(2)). An eligible
    determination then waits for the indicative budget (set_indicative_budget); the case stays at assessment."""
    try:
        checked = eligibility.findings_from(findings)
        decision = eligibility.determine(
            arises_from_impairment=arises_from_impairment, findings=checked,
            significant_impact_on_wellbeing=significant_impact_on_wellbeing, wellbeing_areas=wellbeing_areas,
            wellbeing_impact=wellbeing_impact)
    except eligibility.EligibilityError as problem:
        raise AssessmentError(str(problem), field=problem.field) from None
    areas = [code for code, _, _ in eligibility.WELLBEING_AREAS if code in set(wellbeing_areas)]
    # Where none of the needs are eligible the person must be given written information and advice about what can
    # be done to meet or reduce the needs and to prevent or delay needs in the future (Care Act 2014 s.13(5)).
    if not decision.eligible and not (advice or "").strip():
        raise AssessmentError("Enter the information and advice for the person", field="advice")
    if len(advice or "") > 5000:
        raise AssessmentError("Information and advice must be 5000 characters or less", field="advice")
    with transaction.atomic():
        if case.state != "assessment":
            journey.move(case, "start_assessment", actor=actor, channel=channel)
        assessment = Assessment.objects.create(
            case=case,
            arises_from_impairment=arises_from_impairment,
            findings=[f.as_dict() for f in checked],
            outcomes_unable=decision.outcomes_unable,
            significant_impact_on_wellbeing=significant_impact_on_wellbeing,
            wellbeing_areas=areas,
            wellbeing_impact=(wellbeing_impact or "").strip(),
            evidence=_evidence_summary(checked),
            eligible=decision.eligible,
            decision_text=decision.text,
            advice="" if decision.eligible else advice.strip(),
            assessed_by=actor,
        )
        audit.record(actor=actor, action=audit.Action.DECISION, person=case.person, channel=channel,
                     what="Recorded the eligibility decision: " + ("eligible" if decision.eligible else "not eligible")
                          + f" ({len(decision.outcomes_unable)} of the ten outcomes unable to achieve)")
    return assessment


def ras_explanation(ras) -> str:
    """The Resource Allocation System's explanation of its figure, in words, to carry into the assessment."""
    lines = [f"From the Resource Allocation System: the agreed self-assessment ({ras.self_assessment.questionnaire}) "
             f"gave {ras.points} points; allocation table {ras.table.key}."]
    lines += [f"{line['label']}: £{line['pence'] / 100:,.2f}" for line in ras.lines]
    return "\n".join(lines)


def set_indicative_budget(assessment, *, actor, indicative_weekly_pence: int | None = None, indicative_reason: str = "",
                          override_reason: str = "", channel: str = "web") -> Assessment:
    """Complete an eligible assessment with its indicative budget and move the case on to planning. The figure and
    explanation from the Resource Allocation System are used unless the worker gives another figure with a reason."""
    from selfdirect.allocation import services as allocation

    if not assessment.eligible:
        raise AssessmentError("The needs are not eligible, so there is no indicative budget to set")
    if assessment.indicative_weekly_pence is not None:
        raise AssessmentError("The indicative budget for this assessment is already set")
    case = assessment.case
    if case.state != "assessment":
        raise AssessmentError("The case is not at the assessment step")
    ras = allocation.latest_indicative_for(case)
    if ras is not None and indicative_weekly_pence is None:
        indicative_weekly_pence = ras.weekly_pence
    if ras is not None and not indicative_reason.strip():
        indicative_reason = ras_explanation(ras)
    if indicative_weekly_pence is None:
        raise AssessmentError("Enter the indicative weekly budget for eligible needs")
    if indicative_weekly_pence < 0:
        raise AssessmentError("Indicative weekly budget must not be negative")
    if ras is not None and indicative_weekly_pence != ras.weekly_pence and not override_reason.strip():
        raise AssessmentError("Enter why the indicative budget differs from the Resource Allocation System's figure",
                              field="override_reason")
    if not indicative_reason.strip():
        raise AssessmentError("Enter how the indicative budget was worked out", field="indicative_reason")
    if len(indicative_reason) > 2000 or len(override_reason) > 2000:
        raise AssessmentError("Reason must be 2000 characters or less",
                              field="indicative_reason" if len(indicative_reason) > 2000 else "override_reason")
    from django.utils import timezone

    with transaction.atomic():
        assessment.indicative_weekly_pence = indicative_weekly_pence
        assessment.indicative_reason = indicative_reason.strip()
        assessment.override_reason = override_reason.strip() if ras is not None and indicative_weekly_pence != ras.weekly_pence else ""
        assessment.ras_weekly_pence = ras.weekly_pence if ras is not None else None
        assessment.budget_set_at = timezone.now()
        assessment.save()
        audit.record(actor=actor, action=audit.Action.DECISION, person=case.person, channel=channel,
                     what=f"Recorded the assessment: indicative budget £{indicative_weekly_pence / 100:,.2f} a week",
                     why=assessment.override_reason or assessment.indicative_reason)
        journey.move(case, "budget_found", actor=actor, channel=channel)
    return assessment


@transaction.atomic
def record_assessment(case, *, actor, arises_from_impairment: bool, findings: list, significant_impact_on_wellbeing: bool,
                      wellbeing_areas=(), wellbeing_impact: str = "", advice: str = "",
                      indicative_weekly_pence: int | None = None, indicative_reason: str = "", override_reason: str = "",
                      channel: str = "web") -> Assessment:
    """The eligibility determination and, where the needs are eligible, the indicative budget, in one go (the API and
    the demo): all or nothing. Eligible needs with a budget move the case on to planning."""
    made = record_eligibility(case, actor=actor, arises_from_impairment=arises_from_impairment, findings=findings,
                              significant_impact_on_wellbeing=significant_impact_on_wellbeing,
                              wellbeing_areas=wellbeing_areas, wellbeing_impact=wellbeing_impact, advice=advice,
                              channel=channel)
    if made.eligible:
        set_indicative_budget(made, actor=actor, indicative_weekly_pence=indicative_weekly_pence,
                              indicative_reason=indicative_reason, override_reason=override_reason, channel=channel)
    return made


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
