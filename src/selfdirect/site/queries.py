"""What the site's pages ask across apps: one summary of where a person is and what their budget is."""

from dataclasses import dataclass

from selfdirect.assessment import queries as assessment
from selfdirect.charging import queries as charging
from selfdirect.core.models import DemoBuild
from selfdirect.core.money import Money
from selfdirect.journey import queries as journey
from selfdirect.outcomes import queries as outcomes
from selfdirect.planning import queries as planning


@dataclass
class RecordSummary:
    person: object
    case: object
    assessment: object
    plan: object  # the plan being worked on now (draft, submitted or approved)
    approved_plan: object
    plan_cost: object
    decisions: list
    events: list
    reviews: list
    financial: object = None  # the current financial assessment
    plan_outcomes: tuple = ()  # the working plan's parts (planning.queries.parts_of), for planning/_plan_body.html
    plan_items: tuple = ()
    plan_risks: tuple = ()

    @property
    def contribution(self) -> Money | None:
        return Money(self.financial.weekly_contribution_pence) if self.financial else None

    @property
    def council_share(self) -> Money | None:
        if self.financial is None or self.personal_budget is None:
            return None
        return self.personal_budget - Money(min(self.financial.weekly_contribution_pence, self.personal_budget.pence))

    @property
    def personal_budget(self) -> Money | None:
        return Money(self.approved_plan.weekly_total_pence) if self.approved_plan else None

    @property
    def indicative(self) -> Money | None:
        if self.assessment and self.assessment.indicative_weekly_pence is not None:
            return Money(self.assessment.indicative_weekly_pence)
        return None


def record_summary(person) -> RecordSummary:
    case = journey.current_case_for(person)
    financial = charging.current_assessment_for(person)
    if case is None:
        return RecordSummary(person, None, None, None, None, None, [], [], [], financial)
    plan = planning.working_plan_for(case)
    approved = planning.approved_plan_for(case)
    plan_outcomes, plan_items, plan_risks = planning.parts_of(plan)
    return RecordSummary(
        person=person,
        case=case,
        assessment=assessment.latest_assessment_for(case),
        plan=plan,
        approved_plan=approved,
        plan_cost=planning.cost_of(plan) if plan else None,
        decisions=list(plan.decisions.select_related("actor")) if plan else [],
        events=list(journey.events_for(case)),
        reviews=list(outcomes.reviews_for(case)),
        financial=financial,
        plan_outcomes=plan_outcomes,
        plan_items=plan_items,
        plan_risks=plan_risks,
    )


def latest_demo_build():
    """The last demo council built (`selfdirect demo` or its page), or None."""
    return DemoBuild.objects.first()
