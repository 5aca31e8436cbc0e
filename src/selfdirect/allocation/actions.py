"""Every write of the Resource Allocation System: indicative budgets and published tables, and the verbs that combine
an assessment with the Resource Allocation System's figure (the agreed self-assessment, the assessment's budget)."""

import datetime

from django.db import transaction
from django.utils import timezone

from selfdirect.assessment import actions as assessment_actions
from selfdirect.assessment import questionnaire
from selfdirect.assessment.actions import AssessmentError
from selfdirect.assessment.models import Assessment, SelfAssessment
from selfdirect.audit import actions as audit
from selfdirect.core.events import announce_cases_changed
from selfdirect.core.money import Money
from selfdirect.journey import actions as journey_actions

from . import queries, ras
from .models import AllocationTable, IndicativeBudget


@transaction.atomic
def calculate_indicative(case, self_assessment, *, actor, channel="web") -> IndicativeBudget:
    table = queries.current_table(instrument=questionnaire.get(self_assessment.questionnaire).id)
    allocation = ras.allocate(self_assessment.points, table.rules)
    made = IndicativeBudget.objects.create(case=case, self_assessment=self_assessment, table=table,
                                           points=self_assessment.points, weekly_pence=allocation.weekly_pence,
                                           lines=allocation.lines, created_by=actor)
    audit.record(actor=actor, action=audit.Action.DECISION, person=case.person, channel=channel,
                 what=f"Resource Allocation System: {allocation.points} points gave {Money(allocation.weekly_pence).format()} a week "
                      f"({table.key})")
    return made


@transaction.atomic
def record_self_assessment(case, *, actor, questionnaire_key: str, answers: dict, kind: str, channel="web") -> SelfAssessment:
    """Keep the person's own answers, or the worker's agreed version; an agreed version gives an indicative budget."""
    made = assessment_actions.keep_self_assessment(case, actor=actor, questionnaire_key=questionnaire_key,
                                                   answers=answers, kind=kind, channel=channel)
    if kind == SelfAssessment.Kind.AGREED:
        calculate_indicative(case, made, actor=actor, channel=channel)
    return made


def set_indicative_budget(assessment, *, actor, indicative_weekly_pence: int | None = None, indicative_reason: str = "",
                          override_reason: str = "", channel: str = "web") -> Assessment:
    """Complete an eligible assessment with its indicative budget and move the case on to planning. The figure and
    explanation from the Resource Allocation System are used unless the worker gives another figure with a reason."""
    if not assessment.eligible:
        raise AssessmentError("The needs are not eligible, so there is no indicative budget to set")
    if assessment.indicative_weekly_pence is not None:
        raise AssessmentError("The indicative budget for this assessment is already set")
    case = assessment.case
    if case.state != "assessment":
        raise AssessmentError("The case is not at the assessment step")
    figure = queries.latest_indicative_for(case)
    if figure is not None and indicative_weekly_pence is None:
        indicative_weekly_pence = figure.weekly_pence
    if figure is not None and not indicative_reason.strip():
        indicative_reason = queries.ras_explanation(figure)
    if indicative_weekly_pence is None:
        raise AssessmentError("Enter the indicative weekly budget for eligible needs")
    if indicative_weekly_pence < 0:
        raise AssessmentError("Indicative weekly budget must not be negative")
    if figure is not None and indicative_weekly_pence != figure.weekly_pence and not override_reason.strip():
        raise AssessmentError("Enter why the indicative budget differs from the Resource Allocation System's figure",
                              field="override_reason")
    if not indicative_reason.strip():
        raise AssessmentError("Enter how the indicative budget was worked out", field="indicative_reason")
    if len(indicative_reason) > 2000 or len(override_reason) > 2000:
        raise AssessmentError("Reason must be 2000 characters or less",
                              field="indicative_reason" if len(indicative_reason) > 2000 else "override_reason")
    with transaction.atomic():
        assessment.indicative_weekly_pence = indicative_weekly_pence
        assessment.indicative_reason = indicative_reason.strip()
        assessment.override_reason = override_reason.strip() if figure is not None and indicative_weekly_pence != figure.weekly_pence else ""
        assessment.ras_weekly_pence = figure.weekly_pence if figure is not None else None
        assessment.budget_set_at = timezone.now()
        assessment.save()
        announce_cases_changed([case.pk], sender=Assessment)
        audit.record(actor=actor, action=audit.Action.DECISION, person=case.person, channel=channel,
                     what=f"Recorded the assessment: indicative budget {Money(indicative_weekly_pence).format()} a week",
                     why=assessment.override_reason or assessment.indicative_reason)
        journey_actions.move(case, "budget_found", actor=actor, channel=channel)
    return assessment


@transaction.atomic
def record_assessment(case, *, actor, arises_from_impairment: bool, findings: list, significant_impact_on_wellbeing: bool,
                      wellbeing_areas=(), wellbeing_impact: str = "", advice: str = "",
                      indicative_weekly_pence: int | None = None, indicative_reason: str = "", override_reason: str = "",
                      channel: str = "web") -> Assessment:
    """The eligibility determination and, where the needs are eligible, the indicative budget, in one go (the API and
    the demo): all or nothing. Eligible needs with a budget move the case on to planning."""
    made = assessment_actions.record_eligibility(
        case, actor=actor, arises_from_impairment=arises_from_impairment, findings=findings,
        significant_impact_on_wellbeing=significant_impact_on_wellbeing, wellbeing_areas=wellbeing_areas,
        wellbeing_impact=wellbeing_impact, advice=advice, channel=channel)
    if made.eligible:
        set_indicative_budget(made, actor=actor, indicative_weekly_pence=indicative_weekly_pence,
                              indicative_reason=indicative_reason, override_reason=override_reason, channel=channel)
    return made


@transaction.atomic
def publish_table(definition: dict, *, actor, effective_from: datetime.date) -> AllocationTable:
    table = ras.table_from_dict({**definition, "effective_from": effective_from.isoformat()})
    if AllocationTable.objects.filter(key=table.key).exists():
        raise ras.TableError(f"a table called {table.key!r} is already published; give the new one another name")
    made = AllocationTable.objects.create(key=table.key, title=table.title, instrument=table.instrument,
                                          effective_from=effective_from, definition=table.as_dict(), published_by=actor)
    audit.record(actor=actor, action=audit.Action.DECISION, what=f"Published allocation table {table.key} from {effective_from}")
    return made
