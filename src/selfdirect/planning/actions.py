"""Every write to a support plan. Views, API and commands call these; nothing else saves a plan."""

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from selfdirect.audit import services as audit
from selfdirect.journey import services as journey

from . import services
from .costing import DELIVERY_OPTION_LABELS, item_weekly_pence
from .models import PlanDecision, PlanItem, PlanOutcome, SupportPlan


class PlanError(Exception):
    """The plan cannot be changed as asked; str() is the message to show."""


def _editable_draft(case, actor) -> SupportPlan:
    if case.state != "planning":
        raise PlanError("The plan can only be changed while the case is at the planning step")
    plan = services.draft_plan_for(case)
    if plan is None:
        plan = start_plan(case, actor=actor)
    return plan


@transaction.atomic
def start_plan(case, *, actor) -> SupportPlan:
    """A new draft version, copying the last approved version's outcomes and items if there is one."""
    latest = SupportPlan.objects.select_for_update().filter(case=case).aggregate(v=Max("version"))["v"] or 0
    previous = services.approved_plan_for(case)
    plan = SupportPlan.objects.create(case=case, version=latest + 1, created_by=actor,
                                      delivery_option=previous.delivery_option if previous else "",
                                      difference_reason=previous.difference_reason if previous else "")
    if previous:
        for outcome in previous.outcomes.all():
            PlanOutcome.objects.create(plan=plan, in_own_words=outcome.in_own_words, how_met=outcome.how_met,
                                       position=outcome.position)
        for item in previous.items.all():
            item.pk = None
            item.plan = plan
            item.save()
    audit.record(actor=actor, action=audit.Action.CREATE, person=case.person, what=f"Started support plan v{plan.version}")
    return plan


@transaction.atomic
def add_outcome(case, *, actor, in_own_words: str, how_met: str = "", channel="web") -> PlanOutcome:
    if not in_own_words.strip():
        raise PlanError("Enter what the person wants to achieve")
    plan = _editable_draft(case, actor)
    outcome = PlanOutcome.objects.create(plan=plan, in_own_words=in_own_words.strip(), how_met=how_met.strip(),
                                         position=plan.outcomes.count())
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person, what="Added an outcome to the plan",
                 channel=channel)
    return outcome


def parse_quantity(raw) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise PlanError("Quantity must be a number, like 7.5") from None
    if value <= 0:
        raise PlanError("Quantity must be more than 0")
    if value != value.quantize(Decimal("0.01")):
        raise PlanError("Quantity can have at most two decimal places")
    if value >= Decimal("100000"):
        raise PlanError("Quantity must be less than 100,000")
    return value


@transaction.atomic
def add_item(case, *, actor, description: str, supplier_kind: str, unit: str, unit_cost_pence: int, quantity,
             period: str, supplier_name: str = "", organisation=None, channel="web") -> PlanItem:
    if not description.strip():
        raise PlanError("Enter what the item is")
    if supplier_kind not in PlanItem.SupplierKind.values:
        raise PlanError("Select who supplies the item")
    if unit_cost_pence is None or unit_cost_pence < 0:
        raise PlanError("Unit cost must not be negative")
    quantity = parse_quantity(quantity)
    try:
        weekly = item_weekly_pence(unit_cost_pence, Fraction(quantity), period)
    except ValueError as problem:
        raise PlanError(str(problem)) from None
    plan = _editable_draft(case, actor)
    item = PlanItem.objects.create(plan=plan, description=description.strip(), supplier_kind=supplier_kind,
                                   supplier_name=supplier_name.strip(), organisation=organisation, unit=unit.strip(),
                                   unit_cost_pence=unit_cost_pence, quantity=quantity, period=period,
                                   weekly_cost_pence=weekly, position=plan.items.count())
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person,
                 what=f"Added '{item.description}' to the plan", channel=channel)
    return item


@transaction.atomic
def remove_item(case, item_id, *, actor, channel="web") -> None:
    plan = _editable_draft(case, actor)
    deleted, _ = PlanItem.objects.filter(plan=plan, pk=item_id).delete()
    if not deleted:
        raise PlanError("That item is not on the draft plan")
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person, what="Removed an item from the plan",
                 channel=channel)


@transaction.atomic
def set_difference_reason(case, *, actor, reason: str, channel="web") -> SupportPlan:
    plan = _editable_draft(case, actor)
    plan.difference_reason = reason.strip()
    plan.save(update_fields=["difference_reason"])
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person,
                 what="Gave the reason the plan differs from the indicative budget", channel=channel)
    return plan


@transaction.atomic
def submit_plan(case, *, actor, comment: str = "", channel="web") -> SupportPlan:
    plan = services.draft_plan_for(case)
    journey.move(case, "submit_plan", actor=actor, reason=comment, channel=channel)
    plan.status = SupportPlan.Status.SUBMITTED
    plan.save(update_fields=["status"])
    PlanDecision.objects.create(plan=plan, kind=PlanDecision.Kind.SUBMITTED, actor=actor, comment=comment)
    return plan


@transaction.atomic
def return_plan(case, *, actor, comment: str, channel="web") -> SupportPlan:
    plan = services.submitted_plan_for(case)
    journey.move(case, "return_plan", actor=actor, reason=comment, channel=channel)
    plan.status = SupportPlan.Status.DRAFT
    plan.save(update_fields=["status"])
    PlanDecision.objects.create(plan=plan, kind=PlanDecision.Kind.RETURNED, actor=actor, comment=comment)
    return plan


@transaction.atomic
def approve_plan(case, *, actor, comment: str = "", channel="web") -> SupportPlan:
    plan = services.submitted_plan_for(case)
    journey.move(case, "approve_plan", actor=actor, reason=comment, channel=channel)
    for earlier in SupportPlan.objects.filter(case=case, status=SupportPlan.Status.APPROVED):
        earlier.status = SupportPlan.Status.SUPERSEDED
        earlier.save(update_fields=["status"])  # saved one by one so the plan's history sees it
    plan.status = SupportPlan.Status.APPROVED
    plan.approved_at = timezone.now()
    plan.approved_by = actor
    plan.save(update_fields=["status", "approved_at", "approved_by"])
    PlanDecision.objects.create(plan=plan, kind=PlanDecision.Kind.APPROVED, actor=actor, comment=comment)
    from selfdirect.charging import services as charging

    charging.personal_budget_changed(case.person, weekly_cost_pence=plan.weekly_total_pence, actor=actor, channel=channel)
    return plan


@transaction.atomic
def organise_money(case, *, actor, delivery_option: str, starts_on=None, channel="web") -> SupportPlan:
    """Step 5: choose how the money is managed, then support starts (step 6)."""
    if delivery_option not in DELIVERY_OPTION_LABELS:
        raise PlanError("Select how the money will be managed")
    plan = services.approved_plan_for(case)
    if plan is None or case.state != "organising":
        raise PlanError("The money can be organised only after the plan is approved")
    plan.delivery_option = delivery_option
    plan.save(update_fields=["delivery_option"])
    audit.record(actor=actor, action=audit.Action.DECISION, person=case.person,
                 what=f"Chose delivery option: {DELIVERY_OPTION_LABELS[delivery_option]}", channel=channel)
    journey.move(case, "start_support", actor=actor, channel=channel, on=starts_on)
    return plan
