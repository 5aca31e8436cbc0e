"""Every write to a support plan. Views, API and commands call these; nothing else saves a plan."""

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from selfdirect.assessment.eligibility import OUTCOME_LABELS
from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.core.errors import DomainError
from selfdirect.core.events import announce_cases_changed
from selfdirect.core.money import PERIOD_LABELS, PERIODS_PER_YEAR, Money
from selfdirect.journey import actions as journey_actions
from selfdirect.market.models import Provider, Service
from selfdirect.people import queries as people_queries
from selfdirect.people.authority import PLAN_EXAMPLES

from . import directory, events, queries
from .costing import DELIVERY_OPTION_LABELS, ITEM_DELIVERY, item_weekly_pence, plan_delivery_option
from .models import (
    ChoiceConfirmation,
    ChoiceRecord,
    DirectPaymentSetup,
    PlanDecision,
    PlanExample,
    PlanItem,
    PlanOutcome,
    PlanProposal,
    Risk,
    SupportPlan,
)

REASON_MAX = 2000


class PlanError(DomainError):
    """The plan cannot be changed as asked; str() is the message to show. `field` names the input it is about (None:
    the whole plan), and `item_id` the plan item, where there is one."""

    def __init__(self, message: str = "", *, field: str | None = None, item_id: int | None = None):
        super().__init__(message, field=field)
        self.item_id = item_id


def _editable_draft(case, actor) -> SupportPlan:
    if case.state != "planning":
        raise PlanError("The plan can only be changed while the case is at the planning step")
    plan = queries.draft_plan_for(case)
    if plan is None:
        plan = start_plan(case, actor=actor)
    return plan


@transaction.atomic
def start_plan(case, *, actor) -> SupportPlan:
    """A new draft version, copying the last approved version's outcomes and items if there is one."""
    latest = SupportPlan.objects.select_for_update().filter(case=case).aggregate(v=Max("version"))["v"] or 0
    previous = queries.approved_plan_for(case)
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
            item.arranged_on, item.arranged_with = None, ""
            item.save()
        for risk in previous.risks.all():
            Risk.objects.create(plan=plan, risk=risk.risk, how_managed=risk.how_managed, added_by=risk.added_by)
        plan.unpaid_support, plan.contingency_plan, plan.emergency_plan = (
            previous.unpaid_support, previous.contingency_plan, previous.emergency_plan)
        plan.save(update_fields=["unpaid_support", "contingency_plan", "emergency_plan"])
    announce_cases_changed([case.pk], sender=SupportPlan)
    audit.record(actor=actor, action=audit.Action.CREATE, person=case.person, what=f"Started support plan v{plan.version}")
    return plan


@transaction.atomic
def add_outcome(case, *, actor, in_own_words: str, how_met: str = "", needs=(), added_by=None, channel="web") -> PlanOutcome:
    if not in_own_words.strip():
        raise PlanError("Enter what the person wants to achieve")

    unknown = [n for n in needs if n not in OUTCOME_LABELS]
    if unknown:
        raise PlanError(f"{unknown[0]!r} is not one of the eligible needs")
    plan = _editable_draft(case, actor)
    outcome = PlanOutcome.objects.create(plan=plan, in_own_words=in_own_words.strip(), how_met=how_met.strip(),
                                         needs=list(needs), added_by=added_by or actor, position=plan.outcomes.count())
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person, what="Added an outcome to the plan",
                 channel=channel)
    return outcome


# The most of each directory unit a week could hold: a suggestion beyond it is a slip (1000 for 10).
MOST_A_WEEK = {"hour": (168, "hours"), "day": (7, "days"), "session": (21, "sessions"), "week": (1, "weeks")}


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
             period: str, supplier_name: str = "", organisation=None, pa_is_household_relative: bool = False,
             relative_agreed_reason: str = "", added_by=None, channel="web") -> PlanItem:
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
                                   weekly_cost_pence=weekly, position=plan.items.count(),
                                   pa_is_household_relative=pa_is_household_relative and supplier_kind == "personal_assistant",
                                   relative_agreed_reason=relative_agreed_reason.strip(), added_by=added_by or actor)
    announce_cases_changed([case.pk], sender=PlanItem)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person,
                 what=f"Added '{item.description}' to the plan", channel=channel)
    return item


@transaction.atomic
def remove_item(case, item_id, *, actor, channel="web") -> None:
    plan = _editable_draft(case, actor)
    deleted, _ = PlanItem.objects.filter(plan=plan, pk=item_id).delete()
    if not deleted:
        raise PlanError("That item is not on the draft plan")
    announce_cases_changed([case.pk], sender=PlanItem)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person, what="Removed an item from the plan",
                 channel=channel)


@transaction.atomic
def set_difference_reason(case, *, actor, reason: str, channel="web") -> SupportPlan:
    """The worker's reason the draft plan costs more or less than the indicative budget. It is kept on this version
    (frozen with it once approved) and shown to the manager who agrees the plan."""
    reason = (reason or "").strip()
    if not reason:
        raise PlanError("Enter why the plan costs more or less than the indicative budget", field="difference_reason")
    if len(reason) > REASON_MAX:
        raise PlanError(f"Reason must be {REASON_MAX} characters or less", field="difference_reason")
    plan = _editable_draft(case, actor)
    plan.difference_reason = reason
    plan.save(update_fields=["difference_reason"])
    announce_cases_changed([case.pk], sender=SupportPlan)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person, why=reason,
                 what=f"Gave the reason plan version {plan.version} differs from the indicative budget", channel=channel)
    return plan


@transaction.atomic
def submit_plan(case, *, actor, comment: str = "", channel="web") -> SupportPlan:
    plan = queries.draft_plan_for(case)
    journey_actions.move(case, "submit_plan", actor=actor, reason=comment, channel=channel)
    plan.status = SupportPlan.Status.SUBMITTED
    plan.save(update_fields=["status"])
    PlanDecision.objects.create(plan=plan, kind=PlanDecision.Kind.SUBMITTED, actor=actor, comment=comment)
    announce_cases_changed([case.pk], sender=SupportPlan)
    return plan


@transaction.atomic
def return_plan(case, *, actor, comment: str, channel="web") -> SupportPlan:
    plan = queries.submitted_plan_for(case)
    journey_actions.move(case, "return_plan", actor=actor, reason=comment, channel=channel)
    plan.status = SupportPlan.Status.DRAFT
    plan.save(update_fields=["status"])
    PlanDecision.objects.create(plan=plan, kind=PlanDecision.Kind.RETURNED, actor=actor, comment=comment)
    announce_cases_changed([case.pk], sender=SupportPlan)
    return plan


@transaction.atomic
def approve_plan(case, *, actor, comment: str = "", channel="web") -> SupportPlan:
    from django.conf import settings

    plan = queries.submitted_plan_for(case)
    limit = settings.PLAN_MANAGER_LIMIT_PENCE
    if plan is not None and plan.weekly_total_pence > limit and not permissions.may_agree_any_plan_cost(actor):
        raise journey_actions.JourneyError(f"Plans over {Money(limit)} a week are agreed by the funding panel: send it to the "
                                   f"head of service (an administrator) to approve")
    journey_actions.move(case, "approve_plan", actor=actor, reason=comment, channel=channel)
    for earlier in SupportPlan.objects.filter(case=case, status=SupportPlan.Status.APPROVED):
        earlier.status = SupportPlan.Status.SUPERSEDED
        earlier.save(update_fields=["status"])  # saved one by one so the plan's history sees it
    plan.status = SupportPlan.Status.APPROVED
    plan.approved_at = timezone.now()
    plan.approved_by = actor
    plan.save(update_fields=["status", "approved_at", "approved_by"])
    PlanDecision.objects.create(plan=plan, kind=PlanDecision.Kind.APPROVED, actor=actor, comment=comment)
    announce_cases_changed([case.pk], sender=SupportPlan)
    # Inside this transaction: what receivers write (charging's new contribution) commits with the approval, or not at all.
    events.plan_approved.send(sender=SupportPlan, case=case, plan=plan, actor=actor, channel=channel)
    return plan


@transaction.atomic
def organise_money(case, *, actor, deliveries: dict[int, str] | None = None, delivery_option: str = "",
                   reasons: dict[int, str] | None = None, channel="web") -> SupportPlan:
    """Step 5: how the money for each item is managed. One option for everything, or item by item (a mix).

    A direct payment for an item the council's spending rules say no to needs the worker's reason for that item
    (`reasons`, by item id; a reason already recorded stands). The rules are the council's policy on what a direct
    payment may buy (Care and Support Statutory Guidance, chapter 12); going against them is a decision the council
    can see: the reason is kept on the item, audited, and listed for managers at /plans/choices/."""
    plan = queries.approved_plan_for(case)
    if plan is None or case.state != "organising":
        raise PlanError("The money can be organised only after the plan is approved")
    items = list(plan.items.all())
    if delivery_option and delivery_option != "mixed":
        deliveries = {item.pk: delivery_option for item in items}
    deliveries = deliveries or {}
    reasons = {int(pk): (text or "").strip() for pk, text in (reasons or {}).items()}
    strangers = set(reasons) - {item.pk for item in items}
    if strangers:
        raise PlanError("A reason was given for an item that is not in the approved plan", field="reasons",
                        item_id=min(strangers))
    refused = queries.direct_payment_refusals(items)
    allowed = dict(ITEM_DELIVERY)
    for item in items:
        chosen = deliveries.get(item.pk)
        if chosen not in allowed:
            raise PlanError(f"Select how the money for '{item.description}' will be managed", field="deliveries",
                            item_id=item.pk)
        if chosen == "individual_service_fund" and item.organisation_id is None:
            raise PlanError(f"'{item.description}' needs a provider to hold an individual service fund",
                            field="deliveries", item_id=item.pk)
        if chosen == "direct_payment" and item.pk in refused:
            reason = reasons.get(item.pk) or item.direct_payment_reason
            if not reason:
                raise PlanError(f"Say why a direct payment will pay for '{item.description}': the council's rules say "
                                f"a direct payment cannot buy it", field="reasons", item_id=item.pk)
            if len(reason) > REASON_MAX:
                raise PlanError(f"Reason for '{item.description}' must be {REASON_MAX} characters or less",
                                field="reasons", item_id=item.pk)
    now = timezone.now()
    for item in items:
        item.delivery = deliveries[item.pk]
        fields = ["delivery"]
        if item.delivery == "direct_payment" and item.pk in refused:
            given = reasons.get(item.pk)
            if given and given != item.direct_payment_reason:
                item.direct_payment_reason, item.direct_payment_reason_by, item.direct_payment_reason_at = given, actor, now
                fields += ["direct_payment_reason", "direct_payment_reason_by", "direct_payment_reason_at"]
                audit.record(actor=actor, action=audit.Action.DECISION, person=case.person, channel=channel, why=given,
                             what=f"Chose a direct payment for '{item.description}', which the spending rules say no to")
        elif item.direct_payment_reason:  # no longer a direct payment (or the rules now allow it): nothing to explain
            item.direct_payment_reason, item.direct_payment_reason_by, item.direct_payment_reason_at = "", None, None
            fields += ["direct_payment_reason", "direct_payment_reason_by", "direct_payment_reason_at"]
        item.save(update_fields=fields)
    plan.delivery_option = plan_delivery_option([i.delivery for i in items])
    plan.save(update_fields=["delivery_option"])
    announce_cases_changed([case.pk], sender=SupportPlan)
    audit.record(actor=actor, action=audit.Action.DECISION, person=case.person, channel=channel,
                 what=f"Chose how the money is managed: {DELIVERY_OPTION_LABELS[plan.delivery_option]}")
    return plan


@transaction.atomic
def arrange_item(case, item_id, *, actor, arranged_with: str, starts_on, channel="web") -> PlanItem:
    """Step 5, organise support: the provider or personal assistant is found and the start date set. The budget
    holder can do this themselves."""
    plan = queries.approved_plan_for(case)
    if plan is None or case.state != "organising":
        raise PlanError("Support can be arranged once the plan is approved and before it starts")
    item = plan.items.filter(pk=item_id).first()
    if item is None:
        raise PlanError("That item is not in the approved plan")
    if not arranged_with.strip():
        raise PlanError("Enter who will provide this support")
    if starts_on is None:
        raise PlanError("Enter the date this support starts")
    item.arranged_with, item.arranged_on = arranged_with.strip(), starts_on
    item.save(update_fields=["arranged_with", "arranged_on"])
    announce_cases_changed([case.pk], sender=PlanItem)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person, channel=channel,
                 what=f"Arranged '{item.description}' with {item.arranged_with} from {starts_on}")
    return item


@transaction.atomic
def start_support(case, *, actor, starts_on=None, channel="web"):
    """Step 6: everything is organised; support starts and the first review is set. Unless a date is given, support
    starts on the earliest date an item was arranged to start."""
    if starts_on is None:
        plan = queries.approved_plan_for(case)
        dates = [i.arranged_on for i in plan.items.all() if i.arranged_on] if plan else []
        starts_on = min(dates) if dates else None
    return journey_actions.move(case, "start_support", actor=actor, channel=channel, on=starts_on)


@transaction.atomic
def record_choice(case, *, actor, option: str, offered: bool, how: str = "", decision: str = "",
                  not_offered_reason: str = "", reason_text: str = "", channel="web") -> ChoiceRecord:
    """That an option was explained (how, and what the person decided), or why it was not offered."""
    if option not in DELIVERY_OPTION_LABELS:
        raise PlanError("Select the option")
    if offered:
        if how not in ChoiceRecord.How.values:
            raise PlanError("Say how the option was explained")
        if decision not in ChoiceRecord.Decision.values:
            raise PlanError("Record what the person decided")
        not_offered_reason, reason_text = "", reason_text.strip()
    else:
        if not_offered_reason not in ChoiceRecord.NotOffered.values:
            raise PlanError("Select why the option was not offered")
        if not reason_text.strip():
            raise PlanError("Explain why the option was not offered")
        how, decision = "", ""
    made = ChoiceRecord.objects.create(case=case, option=option, offered=offered, how=how, decision=decision,
                                       not_offered_reason=not_offered_reason, reason_text=reason_text.strip(),
                                       recorded_by=actor)
    announce_cases_changed([case.pk], sender=ChoiceRecord)
    audit.record(actor=actor, action=audit.Action.DECISION, person=case.person, channel=channel,
                 what=f"{DELIVERY_OPTION_LABELS[option]}: " + ("offered" if offered else "not offered"),
                 why=reason_text)
    return made


@transaction.atomic
def confirm_choices(case, *, actor, method: str, comment: str = "", channel="web") -> ChoiceConfirmation:
    if method not in {"online", "paper"}:
        raise PlanError("Say how the person confirmed")
    if method == "online" and not permissions.may_confirm_choices_online(actor):
        raise PlanError("Only the person, or someone acting for them, can confirm from their own account")
    made = ChoiceConfirmation.objects.create(case=case, method=method, confirmed_by=actor, comment=comment.strip())
    audit.record(actor=actor, action=audit.Action.DECISION, person=case.person, channel=channel,
                 what="The person confirmed they were offered the options" + (" (signed form)" if method == "paper" else ""))
    return made


@transaction.atomic
def save_direct_payment_setup(case, *, actor, channel="web", **fields) -> DirectPaymentSetup:
    import re

    sort_code = re.sub(r"[\s-]", "", fields.get("sort_code") or "")
    account = re.sub(r"\s", "", fields.get("account_number") or "")
    if sort_code and not re.fullmatch(r"\d{6}", sort_code):
        raise PlanError("Sort code must be 6 digits, like 30-99-50", field="sort_code")
    if account and not re.fullmatch(r"\d{8}", account):
        raise PlanError("Account number must be 8 digits", field="account_number")
    fields.update(sort_code=sort_code, account_number=account)
    setup, _ = DirectPaymentSetup.objects.update_or_create(case=case, defaults={**fields, "updated_by": actor})
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person, channel=channel,
                 what="Updated the direct payment set-up checklist")
    return setup


@transaction.atomic
def set_plan_details(case, *, actor, channel="web", **fields) -> SupportPlan:
    plan = _editable_draft(case, actor)
    for name in ("unpaid_support", "contingency_plan", "emergency_plan"):
        if name in fields:
            setattr(plan, name, (fields[name] or "").strip())
    plan.save(update_fields=[n for n in ("unpaid_support", "contingency_plan", "emergency_plan") if n in fields])
    announce_cases_changed([case.pk], sender=SupportPlan)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person, what="Updated the plan's details",
                 channel=channel)
    return plan


@transaction.atomic
def add_risk(case, *, actor, risk: str, how_managed: str, added_by=None, channel="web") -> Risk:
    if not risk.strip() or not how_managed.strip():
        raise PlanError("Describe the risk and how it will be managed")
    plan = _editable_draft(case, actor)
    made = Risk.objects.create(plan=plan, risk=risk.strip(), how_managed=how_managed.strip(), added_by=added_by or actor)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person, what="Added a risk to the plan", channel=channel)
    return made


@transaction.atomic
def propose(case, *, actor, kind: str, details: dict, channel="web") -> PlanProposal:
    """The budget holder or their family proposes a change; it waits for the worker, never silently applied."""
    if kind not in PlanProposal.Kind.values:
        raise PlanError("Say what you are proposing")
    if case.state != "planning":
        raise PlanError("You can suggest changes while the plan is being written")
    plan = queries.draft_plan_for(case) or start_plan(case, actor=actor)
    _check_proposal(kind, details)
    made = PlanProposal.objects.create(plan=plan, kind=kind, details=details, proposed_by=actor)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person, channel=channel,
                 what=f"Proposed a change to the plan: {made.summary}")
    return made


def _check_proposal(kind, details):
    from fractions import Fraction

    if kind == "outcome" and not (details.get("in_own_words") or "").strip():
        raise PlanError("Enter what you want to achieve")
    if kind == "item":
        if not (details.get("description") or "").strip():
            raise PlanError("Enter what the support is")
        try:
            item_weekly_pence(int(details.get("unit_cost_pence", -1)), Fraction(str(parse_quantity(details.get("quantity")))),
                              details.get("period", ""))
        except (ValueError, TypeError) as problem:
            raise PlanError(str(problem)) from None
    if kind == "risk" and not ((details.get("risk") or "").strip() and (details.get("how_managed") or "").strip()):
        raise PlanError("Describe the risk and how it will be managed")
    if kind == "unpaid" and not (details.get("unpaid_support") or "").strip():
        raise PlanError("Say what family and friends will do")


@transaction.atomic
def respond_to_proposal(case, proposal_id, *, actor, accept: bool, response: str = "", channel="web") -> PlanProposal:
    proposal = PlanProposal.objects.select_for_update().filter(plan__case=case, pk=proposal_id).first()
    if proposal is None or proposal.status != PlanProposal.Status.WAITING:
        raise PlanError("That suggestion is not waiting for a response")
    if not accept and not response.strip():
        raise PlanError("Say why the suggestion is not accepted")
    if accept:
        d = proposal.details
        if proposal.kind == "outcome":
            add_outcome(case, actor=actor, in_own_words=d["in_own_words"], how_met=d.get("how_met", ""),
                        added_by=proposal.proposed_by, channel=channel)
        elif proposal.kind == "item":
            if d.get("service"):
                _still_in_directory(d["service"], d.get("description") or d.get("supplier_name", ""))
            add_item(case, actor=actor, description=d["description"], supplier_kind=d.get("supplier_kind", "other"),
                     unit=d.get("unit", "item"), unit_cost_pence=int(d["unit_cost_pence"]), quantity=d["quantity"],
                     period=d["period"], supplier_name=d.get("supplier_name", ""),
                     organisation=queries.directory_organisation(d.get("service")),  # chosen from the directory
                     pa_is_household_relative=bool(d.get("pa_is_household_relative")), added_by=proposal.proposed_by,
                     channel=channel)
        elif proposal.kind == "risk":
            add_risk(case, actor=actor, risk=d["risk"], how_managed=d["how_managed"], added_by=proposal.proposed_by,
                     channel=channel)
        else:
            set_plan_details(case, actor=actor, unpaid_support=d["unpaid_support"], channel=channel)
    proposal.status = PlanProposal.Status.ACCEPTED if accept else PlanProposal.Status.DECLINED
    proposal.responded_by, proposal.response = actor, response.strip()
    proposal.save(update_fields=["status", "responded_by", "response"])
    audit.record(actor=actor, action=audit.Action.DECISION, person=case.person, channel=channel,
                 what=f"{'Accepted' if accept else 'Did not accept'} a suggestion: {proposal.summary}", why=response)
    return proposal


@transaction.atomic
def sign_plan(case, *, actor, signed_name: str, how: str, channel="web") -> SupportPlan:
    plan = queries.approved_plan_for(case) or queries.submitted_plan_for(case) or queries.draft_plan_for(case)
    if plan is None:
        raise PlanError("There is no plan to sign")
    if not signed_name.strip():
        raise PlanError("Enter the name of the person signing")
    if how not in {"online", "paper", "on_behalf"}:
        raise PlanError("Say how the plan was signed")
    from django.utils import timezone

    plan.signed_name, plan.signed_on, plan.signed_how = signed_name.strip(), timezone.localdate(), how
    plan.save(update_fields=["signed_name", "signed_on", "signed_how"])
    announce_cases_changed([case.pk], sender=SupportPlan)
    audit.record(actor=actor, action=audit.Action.DECISION, person=case.person, channel=channel,
                 what=f"Plan version {plan.version} signed by {plan.signed_name}")
    return plan


@transaction.atomic
def share_example(plan, *, actor, title: str, outcome: str, how_met: str) -> PlanExample:
    """An anonymised example from the person's approved plan, for the library. Only with the person's consent to
    examples from their plan being shown to others (a people.Consent, recorded on their record): the library shows
    an example only while that consent counts (queries.find_examples)."""
    if plan.status != SupportPlan.Status.APPROVED:
        raise PlanError("Only an approved plan can be shared as an example")
    if not people_queries.has_consent(plan.case.person, PLAN_EXAMPLES):
        raise PlanError("The person has not consented to examples from their plan being shown to others: record "
                        "their consent on their record first (Consent and authority)")
    if not title.strip() or not outcome.strip():
        raise PlanError("Give the example a title and an outcome")
    items = [{"description": i.description, "supplier_kind": i.get_supplier_kind_display(), "weekly_pence": i.weekly_cost_pence}
             for i in plan.items.all()]
    made = PlanExample.objects.create(title=title.strip(), client_group=plan.case.person.client_group, outcome=outcome.strip(),
                                      how_met=how_met.strip(), items=items, weekly_cost_pence=plan.weekly_total_pence,
                                      consent_recorded=True, from_plan=plan, added_by=actor)
    audit.record(actor=actor, action=audit.Action.EXPORT, person=plan.case.person,
                 what=f"Shared an anonymised example from plan version {plan.version}",
                 why="The person consented to examples from their plan being shown to others")
    return made


# ---- choosing support from the market directory (issue 20; planning.directory holds the rules) ----------------------


def _today():
    return timezone.localdate()


@transaction.atomic
def choose_provider(case, item_id, service, *, actor, use_price: bool = False, channel="web") -> PlanItem:
    """The worker chooses a listed service from the directory for an item of the draft plan: the item names the
    provider (and its accounts organisation, where it has one). The cost stays as planned unless `use_price`: then
    the unit cost is the service's price for the item's unit (planning.directory.compare) and the weekly cost is
    worked out again."""
    plan = _editable_draft(case, actor)
    item = PlanItem.objects.select_for_update().filter(plan=plan, pk=item_id).first()
    if item is None:
        raise PlanError("That item is not on the draft plan")
    listed = queries.directory_service(getattr(service, "pk", service), today=_today())
    if listed is None:
        raise PlanError("Choose a service the directory lists", field="service")
    provider = listed.provider
    fields = ["supplier_name", "organisation"]
    item.supplier_name, item.organisation = provider.name, provider.organisation
    what = f"Chose {listed.name} ({provider.name}) from the directory for '{item.description}'"
    if use_price:
        allowance = directory.Allowance(item.unit_cost_pence, item.unit, Fraction(item.quantity), item.period)
        compared = directory.compare(allowance, directory.prices_of(listed.current_rates))
        if not compared.comparable:
            raise PlanError(f"{listed.name}'s price cannot be used: {compared.line[:1].lower()}{compared.line[1:]}",
                            field="use_price")
        item.unit_cost_pence = compared.price.amount_pence
        item.weekly_cost_pence = item_weekly_pence(item.unit_cost_pence, Fraction(item.quantity), item.period)
        fields += ["unit_cost_pence", "weekly_cost_pence"]
        what += f", at its price of {directory.price_text(compared.price)}"
    item.save(update_fields=fields)
    announce_cases_changed([case.pk], sender=PlanItem)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=case.person, channel=channel, what=what)
    return item


def _still_in_directory(service_uuid, said: str) -> None:
    """A suggestion from the directory is accepted only while its service is still there to be bought: its provider
    still listed (the council may have stopped listing it since) and the service running (not closed for now, not
    running, nor closed for good), as the directory offers services for a plan."""
    service = queries.directory_service_suggested(service_uuid)
    if service is None:
        raise PlanError(f"{said} is no longer in the directory, so the suggestion cannot be accepted: say why it is "
                        "not accepted, or add the support another way")
    why = None
    if service.provider.status != Provider.Status.LISTED:
        why = f"its provider, {service.provider.name}, is no longer listed"
    elif service.status != Service.Status.ACTIVE:  # as the directory offers only running services for a plan
        why = f"it is {service.get_status_display().lower()}"
    if why:
        raise PlanError(f"{service.name} cannot be added from the directory: {why}. Say why the suggestion is not "
                        "accepted, or choose another service")


@transaction.atomic
def suggest_service(case, service, *, actor, quantity, period: str, unit: str = "", description: str = "",
                    supplier_kind: str = "", channel="web") -> PlanProposal:
    """The person or their family suggests a listed service from the directory for the plan: a suggestion of some
    support (PlanProposal of kind "item") at the service's price for `unit` (its weekday price, else its cheapest;
    with no unit, its first price), which waits for the worker; accepting it adds the item with the provider."""
    listed = queries.directory_service(getattr(service, "pk", service), today=_today())
    if listed is None:
        raise PlanError("Choose a service the directory lists", field="service")
    prices = directory.prices_of(listed.current_rates)
    wanted = directory.rate_unit_of(unit) or (prices[0].unit if prices else None)
    price = directory.price_for(prices, wanted) if wanted else None
    if price is None:
        raise PlanError(f"{listed.name} has no price {'for that unit' if unit else 'yet'}: ask the provider what it "
                        "charges, then suggest it with its price", field="unit")
    amount = parse_quantity(quantity)
    most = MOST_A_WEEK.get(price.unit)
    if most is not None and period in PERIODS_PER_YEAR and amount * PERIODS_PER_YEAR[period] > most[0] * 52:
        raise PlanError(f"How many must be at most {most[0]} {most[1]} a week (it is {amount} {PERIOD_LABELS[period]}): "
                        "check the number", field="quantity")
    codes = listed.term_codes
    details = {"description": description.strip() or listed.name,
               "supplier_kind": supplier_kind or directory.supplier_kind_for(codes),
               "supplier_name": listed.provider.name, "unit": price.unit, "unit_cost_pence": price.amount_pence,
               "quantity": str(amount), "period": period, "service": str(listed.uuid)}
    return propose(case, actor=actor, kind="item", details=details, channel=channel)
