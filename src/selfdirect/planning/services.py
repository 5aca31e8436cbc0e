"""What other apps may ask of support plans."""

from .costing import plan_cost
from .models import PlanItem, SupportPlan


def _plans(case):
    return SupportPlan.objects.filter(case=case).prefetch_related("items", "outcomes")


def draft_plan_for(case) -> SupportPlan | None:
    return _plans(case).filter(status=SupportPlan.Status.DRAFT).order_by("-version").first()


def submitted_plan_for(case) -> SupportPlan | None:
    return _plans(case).filter(status=SupportPlan.Status.SUBMITTED).order_by("-version").first()


def approved_plan_for(case) -> SupportPlan | None:
    return _plans(case).filter(status=SupportPlan.Status.APPROVED).order_by("-version").first()


def working_plan_for(case) -> SupportPlan | None:
    """The plan the case is working on now: a draft or submitted one, else the approved one."""
    return draft_plan_for(case) or submitted_plan_for(case) or approved_plan_for(case)


def personal_budget_weekly_pence(case) -> int | None:
    """The personal budget: the weekly cost of the approved support plan."""
    plan = approved_plan_for(case)
    return plan.weekly_total_pence if plan else None


def cost_of(plan: SupportPlan):
    from selfdirect.assessment import services as assessment

    return plan_cost([i.weekly_cost_pence for i in plan.items.all()], assessment.indicative_weekly_pence(plan.case))


def problems_before_submitting(case) -> list[str]:
    plan = draft_plan_for(case)
    if plan is None:
        return ["Start a support plan first."]
    problems = []
    if not plan.outcomes.exists():
        problems.append("Add at least one outcome in the person's own words.")
    if not plan.items.exists():
        problems.append("Add at least one costed item.")
    elif cost_of(plan).above_indicative and not plan.difference_reason.strip():
        problems.append("The plan costs more than the indicative budget: give the reason.")
    return problems


def person_ids_supported_by(organisation_id):
    """People whose approved plan has an item this organisation delivers (a subquery)."""
    return PlanItem.objects.filter(
        organisation_id=organisation_id, plan__status=SupportPlan.Status.APPROVED
    ).values("plan__case__person_id")


def items_delivered_by(person, organisation_id):
    return PlanItem.objects.filter(
        organisation_id=organisation_id, plan__status=SupportPlan.Status.APPROVED, plan__case__person=person
    ).select_related("plan")
