from django.db import transaction

from selfdirect.audit import actions as audit
from selfdirect.core.errors import DomainError
from selfdirect.core.events import announce_cases_changed
from selfdirect.journey import actions as journey_actions

from . import eligibility, questionnaire
from .models import Assessment, SelfAssessment


class AssessmentError(DomainError):
    """A refusal; `field` names the part of the record it is about."""

    def __init__(self, message: str, field: str = "indicative_weekly_pence"):
        super().__init__(message, field=field)


def _evidence_summary(findings) -> str:
    return "\n".join(f"{f.label}: {f.evidence}" for f in findings if f.evidence)


def record_eligibility(case, *, actor, arises_from_impairment: bool, findings: list, significant_impact_on_wellbeing: bool,
                       wellbeing_areas=(), wellbeing_impact: str = "", advice: str = "", channel: str = "web") -> Assessment:
    """Record the eligibility determination outcome by outcome (Care Act 2014 s.13(1), Eligibility Regulations 2015
    reg. 2) with its reasons in plain English, the written record the person is given (s.13(2)). An eligible
    determination then waits for the indicative budget (allocation.actions.set_indicative_budget); the case stays at assessment."""
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
            journey_actions.move(case, "start_assessment", actor=actor, channel=channel)
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
        announce_cases_changed([case.pk], sender=Assessment)
        audit.record(actor=actor, action=audit.Action.DECISION, person=case.person, channel=channel,
                     what="Recorded the eligibility decision: " + ("eligible" if decision.eligible else "not eligible")
                          + f" ({len(decision.outcomes_unable)} of the ten outcomes unable to achieve)")
    return assessment


@transaction.atomic
def keep_self_assessment(case, *, actor, questionnaire_key: str, answers: dict, kind: str, channel="web") -> SelfAssessment:
    """Keep the person's own answers, or the worker's agreed version, scored by the questionnaire. The indicative
    budget an agreed version gives is the Resource Allocation System's (allocation.actions.record_self_assessment)."""
    definition = questionnaire.get(questionnaire_key)
    scored = questionnaire.score(definition, answers)
    made = SelfAssessment.objects.create(case=case, questionnaire=definition.key, kind=kind, answers=answers,
                                         points=scored.points, by_domain=scored.by_domain, completed_by=actor)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person, channel=channel,
                 what=f"Self-assessment ({made.get_kind_display().lower()}): {scored.points} points")
    return made
