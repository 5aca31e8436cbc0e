"""What other apps may ask of support plans."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, prefetch_related_objects

from selfdirect.assessment import queries as assessment
from selfdirect.journey import queries as journey
from selfdirect.market import queries as market
from selfdirect.market.models import Rate, Service
from selfdirect.people import queries as people_queries
from selfdirect.people.authority import PLAN_EXAMPLES

from . import rules_explainer
from .costing import DELIVERY_OPTIONS, PlanCost, plan_cost
from .diff import plan_diff, snapshot
from .models import ChoiceRecord, DirectPaymentSetup, PlanDecision, PlanExample, PlanItem, PlanProposal, SupportPlan


def _plans(case):
    return SupportPlan.objects.filter(case=case).prefetch_related("items", "outcomes")


def draft_plan_for(case) -> SupportPlan | None:
    return _plans(case).filter(status=SupportPlan.Status.DRAFT).order_by("-version").first()


def submitted_plan_for(case) -> SupportPlan | None:
    return _plans(case).filter(status=SupportPlan.Status.SUBMITTED).order_by("-version").first()


def approved_plan_for(case) -> SupportPlan | None:
    return _plans(case).filter(status=SupportPlan.Status.APPROVED).order_by("-version").first()


def approved_plans_by_case(case_ids) -> dict[int, SupportPlan]:
    """{case id: what approved_plan_for gives that case} for many cases, items read with them: two queries however many
    cases (a payment run, the finance home)."""
    found = {}
    for plan in (SupportPlan.objects.filter(case_id__in=list(case_ids), status=SupportPlan.Status.APPROVED)
                 .order_by("case_id", "-version").prefetch_related("items")):
        found.setdefault(plan.case_id, plan)
    return found


def working_plan_for(case) -> SupportPlan | None:
    """The plan the case is working on now: a draft or submitted one, else the approved one."""
    return draft_plan_for(case) or submitted_plan_for(case) or approved_plan_for(case)


def personal_budget_weekly_pence(case) -> int | None:
    """The personal budget: the weekly cost of the approved support plan."""
    plan = approved_plan_for(case)
    return plan.weekly_total_pence if plan else None


def cost_of(plan: SupportPlan):
    return plan_cost([i.weekly_cost_pence for i in plan.items.all()], assessment.indicative_weekly_pence(plan.case))


def difference_share_percent():
    """The council's share (a percentage) beyond which a plan's difference from the indicative budget needs a reason."""
    from django.conf import settings

    return settings.PLAN_DIFFERENCE_SHARE_PERCENT


def difference_reason_needed(plan) -> bool:
    """Whether this plan differs from the indicative budget by more than the council's share (a reason is needed)."""
    return cost_of(plan).needs_reason(difference_share_percent())


def direct_payment_refusals(items) -> dict:
    """Item id to the spending rules' answer, for each item the rules say a direct payment cannot buy."""
    answers = {item.pk: rules_explainer.explain(item.description, household_relative_pa=item.pa_is_household_relative)
               for item in items}
    return {pk: answer for pk, answer in answers.items() if answer.not_allowed}


def direct_payment_exceptions(team_id=None):
    """Items in approved plans paid by direct payment although the rules say no, each with the worker's reason."""
    found = (PlanItem.objects.filter(plan__status=SupportPlan.Status.APPROVED, delivery="direct_payment")
             .exclude(direct_payment_reason="")
             .select_related("plan__case__person", "direct_payment_reason_by").order_by("-direct_payment_reason_at", "-id"))
    return found.filter(plan__case__person__team_id=team_id) if team_id else found


def problems_before_submitting(case) -> list[str]:
    plan = draft_plan_for(case)
    if plan is None:
        return ["Start a support plan first."]
    problems = []
    if not plan.outcomes.exists():
        problems.append("Add at least one outcome in the person's own words.")
    if not plan.items.exists():
        problems.append("Add at least one costed item.")
    elif difference_reason_needed(plan) and not plan.difference_reason.strip():
        problems.append(cost_of(plan).reason_prompt() + ".")
    for item in plan.items.all():
        if item.pa_is_household_relative and not item.relative_agreed_reason.strip():
            problems.append(f"'{item.description}' pays a relative in the household: record why the council's agreement "
                            "was given, or change the item.")
    return problems


def decisions_for(case):
    """Every submission, return and approval of every version, oldest first, for the person to read."""
    return PlanDecision.objects.filter(plan__case=case).select_related("actor", "plan")


def person_ids_supported_by(organisation_id):
    """People whose approved plan has an item this organisation delivers (a subquery)."""
    return PlanItem.objects.filter(
        organisation_id=organisation_id, plan__status=SupportPlan.Status.APPROVED
    ).values("plan__case__person_id")


def items_delivered_by(person, organisation_id):
    return PlanItem.objects.filter(
        organisation_id=organisation_id, plan__status=SupportPlan.Status.APPROVED, plan__case__person=person
    ).select_related("plan")


def latest_choices(case) -> dict:
    """The latest choice record for each delivery option."""
    latest = {}
    for record in ChoiceRecord.objects.filter(case=case).select_related("recorded_by"):
        latest[record.option] = record
    return latest


def direct_payment_setup_for(case):
    return DirectPaymentSetup.objects.filter(case=case).first()


def direct_payment_setups_by_case(case_ids) -> dict:
    """{case id: its direct payment set-up} for many cases in one query."""
    return {s.case_id: s for s in DirectPaymentSetup.objects.filter(case_id__in=list(case_ids))}


def direct_payment_setup_problems(setup, *, employs_pa: bool) -> list[str]:
    if setup is None:
        return ["Complete the direct payment set-up checklist."]
    problems = []
    if not setup.capacity_and_consent:
        problems.append("Record capacity and consent (or that an authorised person agreed).")
    if setup.recipient != "person" and not setup.recipient_name:
        problems.append("Name the nominated or authorised person who will receive the direct payment.")
    if not setup.agreement_signed_on:
        problems.append("Record the date the direct payment agreement was signed.")
    if not (setup.account_kind and setup.account_name and (setup.account_kind == "prepaid" or (setup.sort_code and setup.account_number))):
        problems.append("Record the bank account or prepaid card the direct payment will go to.")
    if employs_pa and not setup.employer_responsibilities:
        problems.append("Record that employer responsibilities (payroll, insurance) were explained and accepted.")
    if not setup.support_organisation_offered:
        problems.append("Record that a direct payment support organisation was offered.")
    return problems


def problems_before_starting(case) -> list[str]:
    """Everything step 5 needs before support can start: options offered, money organised, support arranged."""
    plan = approved_plan_for(case)
    if plan is None:
        return ["There is no approved plan."]
    problems = []
    choices = latest_choices(case)
    missing = [label for code, label in DELIVERY_OPTIONS if code not in choices]
    if missing:
        problems.append("Record whether each option was offered: " + ", ".join(missing).lower() + ".")
    items = list(plan.items.all())
    if not plan.delivery_option or any(not i.delivery for i in items):
        problems.append("Choose how the money for each item is managed.")
    if any(i.delivery == "direct_payment" for i in items):
        problems += direct_payment_setup_problems(direct_payment_setup_for(case),
                                                  employs_pa=any(i.supplier_kind == "personal_assistant" and i.delivery == "direct_payment" for i in items))
    unarranged = [i.description for i in items if not i.arranged_on]
    if unarranged:
        problems.append("Arrange each item (who provides it and when it starts): " + "; ".join(unarranged) + ".")
    return problems


def is_item_of(case, item_pk) -> bool:
    """Whether this id is an item of one of this case's plans (any version)."""
    return PlanItem.objects.filter(pk=item_pk, plan__case=case).exists()


def is_proposal_of(case, proposal_pk) -> bool:
    """Whether this id is a suggestion made on one of this case's plans."""
    return PlanProposal.objects.filter(pk=proposal_pk, plan__case=case).exists()


def waiting_proposals(case):
    return PlanProposal.objects.filter(plan__case=case, status=PlanProposal.Status.WAITING).select_related("proposed_by")


def has_waiting_proposals(case) -> bool:
    """Whether the person's suggestions wait for the worker (a plan is not submitted until they are answered)."""
    return waiting_proposals(case).exists()


def all_proposals(case):
    return PlanProposal.objects.filter(plan__case=case).select_related("proposed_by", "responded_by")


def diff_from_approved(plan) -> list[str]:
    """What a draft or submitted version changes from the last approved version."""
    previous = SupportPlan.objects.filter(case=plan.case, version__lt=plan.version,
                                          status__in=[SupportPlan.Status.APPROVED, SupportPlan.Status.SUPERSEDED]
                                          ).order_by("-version").first()
    if previous is None:
        return []

    def snap(p):
        return snapshot([o.in_own_words for o in p.outcomes.all()], [(i.description, i.weekly_cost_pence) for i in p.items.all()])

    return plan_diff(snap(previous), snap(plan))


def find_examples(*, text: str = "", client_group: str = ""):
    """The examples library: only examples whose person's consent to examples from their plan counts today (a
    consent withdrawn today takes their example out today). An example whose plan no longer exists cannot be traced to
    its person and stays, as it was shared with consent."""
    from django.db.models import Q

    consenting = people_queries.consents(PLAN_EXAMPLES).values("person_id")
    found = PlanExample.objects.filter(consent_recorded=True).filter(
        Q(from_plan__isnull=True) | Q(from_plan__case__person_id__in=consenting))
    if client_group:
        found = found.filter(client_group=client_group)
    if text:
        found = found.filter(Q(outcome__icontains=text) | Q(title__icontains=text) | Q(how_met__icontains=text))
    return found


def choice_report(team_id=None):
    """Per team and worker: how many cases had each option offered, and the reasons recorded for not offering one."""
    records = ChoiceRecord.objects.select_related("recorded_by__team", "case__person")
    if team_id:
        records = records.filter(case__person__team_id=team_id)
    latest = {}
    for r in records.order_by("recorded_at", "id"):
        latest[(r.case_id, r.option)] = r
    rows: dict[tuple[str, str], dict] = {}
    reasons = []
    for (case_id, option), r in latest.items():
        key = (r.recorded_by.team.name if r.recorded_by.team else "No team", r.recorded_by.display_name)
        row = rows.setdefault(key, {"team": key[0], "worker": key[1], "cases": set(),
                                    **{code: {"offered": 0, "not_offered": 0} for code, _ in DELIVERY_OPTIONS}})
        row["cases"].add(case_id)
        row[option]["offered" if r.offered else "not_offered"] += 1
        if not r.offered:
            reasons.append(r)
    table = []
    for row in sorted(rows.values(), key=lambda r: (r["team"], r["worker"])):
        row["cases"] = len(row["cases"])
        table.append(row)
    return table, reasons


def reason_counts(reasons) -> list[tuple[str, int]]:
    """How many options were not offered for each kind of reason (the figures behind choice_report's reasons, with no
    worker's words): every kind, in the order the form lists them."""
    from collections import Counter

    counts = Counter(r.not_offered_reason for r in reasons)
    return [(label, counts.get(code, 0)) for code, label in ChoiceRecord.NotOffered.choices]


@dataclass(frozen=True)
class ChoicesReport:
    """What the choices report reads: each worker's row (choice_report), the options not offered with their reasons,
    how many of each kind of reason, and the direct payments the rules say no to (the newest `limit`, when asked for)
    with how many there are."""

    rows: list
    reasons: list
    reason_counts: list
    exceptions: list
    exception_count: int


def choices_report(team_id=None, *, nobody: bool = False, with_exceptions: bool = True, limit: int = 200) -> ChoicesReport:
    """The choices report's reads for a team (None: the whole council). nobody=True (a team manager with no team):
    no one's, never everyone's. with_exceptions=False: the exceptions only counted (for figures-only readers)."""
    if nobody:
        return ChoicesReport(rows=[], reasons=[], reason_counts=reason_counts([]), exceptions=[], exception_count=0)
    rows, reasons = choice_report(team_id)
    exceptions = direct_payment_exceptions(team_id)
    return ChoicesReport(rows=rows, reasons=reasons, reason_counts=reason_counts(reasons),
                         exceptions=list(exceptions[:limit]) if with_exceptions else [],
                         exception_count=exceptions.count())


def not_offered_reasons() -> dict[str, str]:
    return dict(ChoiceRecord.NotOffered.choices)


def weekly_pence_of(case_ref, *, delivery: str):
    """An expression for a query over another app's rows: the weekly cost of the approved plan's items managed one way,
    for the case `case_ref` (an OuterRef) points at; None if there are none."""
    from django.db.models import Subquery, Sum

    return Subquery(PlanItem.objects.filter(plan__case_id=case_ref, plan__status=SupportPlan.Status.APPROVED, delivery=delivery)
                    .values("plan__case_id").annotate(w=Sum("weekly_cost_pence")).values("w")[:1])


@dataclass(frozen=True)
class PlanSummary:
    """What the plan pages show of the person's current case: the plan being worked on now and what it costs."""

    plan: SupportPlan | None
    plan_cost: PlanCost | None
    plan_outcomes: tuple = ()  # the plan's parts, read here so that the page's template reads nothing
    plan_items: tuple = ()
    plan_risks: tuple = ()


def plan_summary(person) -> PlanSummary:
    case = journey.current_case_for(person)
    plan = working_plan_for(case) if case is not None else None
    outcomes, items, risks = parts_of(plan)
    return PlanSummary(plan=plan, plan_cost=cost_of(plan) if plan else None,
                       plan_outcomes=outcomes, plan_items=items, plan_risks=risks)


def parts_of(plan) -> tuple[tuple, tuple, tuple]:
    """The plan's outcomes, costed items and risks, with who added or agreed them and the organisations supplying
    them: everything the plan's body (planning/_plan_body.html) shows."""
    if plan is None:
        return (), (), ()
    outcomes, items = list(plan.outcomes.all()), list(plan.items.all())
    prefetch_related_objects(outcomes, "added_by")
    prefetch_related_objects(items, "organisation", "direct_payment_reason_by")
    return tuple(outcomes), tuple(items), tuple(plan.risks.all())


# ---- choosing support from the market directory (issue 20; planning.directory holds the rules) ----------------------


def item_of(case, item_pk) -> PlanItem | None:
    """An item of one of the case's plans, with its plan (None when it is not one of them)."""
    return PlanItem.objects.filter(pk=item_pk, plan__case=case).select_related("plan").first()


def _directory_services(today):
    in_force = Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    # only services running now are offered for a plan (one closed for now, or not running, cannot be arranged)
    return market.listed_services().filter(status="active").select_related("provider").prefetch_related(
        "terms", "areas", Prefetch("rates", queryset=Rate.objects.filter(in_force).order_by("unit", "band"),
                                   to_attr="current_rates"))


def directory_services(*, term_codes=(), area: str = "", today) -> list:
    """The directory's listed services of these kinds (market.search.WHAT_YOU_CAN_DO codes; every kind if none) that
    reach the area (anywhere if none), each with `current_rates`, its prices in force today, in name order."""
    services = _directory_services(today)
    if term_codes:
        services = services.filter(terms__code__in=list(term_codes), terms__taxonomy__name=market.DIRECTORY_TAXONOMY)
    if area:
        services = services.filter(areas__name__iexact=area)
    return [_named(s) for s in services.distinct().order_by("name", "id")]


def directory_service(service_pk, *, today):
    """One listed service that is running, with its prices in force today (`current_rates`); None if it is not listed
    or not running."""
    found = _directory_services(today).filter(pk=service_pk).first()
    return _named(found) if found else None


def _named(service):
    """A directory service with what the pages show of it read (its areas' and kinds' names, its kinds' codes)."""
    service.area_names = [a.name for a in service.areas.all()]
    terms = list(service.terms.all())
    service.term_names, service.term_codes = [t.name for t in terms], [t.code for t in terms]
    return service


def directory_service_suggested(service_uuid):
    """The directory's service with this id (as a suggestion keeps it), with its provider, whatever their status now;
    None if there is no such service."""
    import uuid  # Lazy: the standard library, for this one check

    try:
        key = uuid.UUID(str(service_uuid))
    except ValueError:
        return None
    return Service.objects.filter(uuid=key).select_related("provider").first()


def directory_organisation(service_uuid):
    """The accounts organisation of the provider of the directory's service with this id, where it has one."""
    import uuid  # Lazy: the standard library, for this one check

    try:
        key = uuid.UUID(str(service_uuid))
    except ValueError:
        return None
    found = Service.objects.filter(uuid=key).select_related("provider__organisation").first()
    return found.provider.organisation if found and found.provider.organisation_id else None


def room_left_weekly_pence(plan) -> int | None:
    """What the indicative budget leaves a week beyond what the plan already costs (None with no indicative budget)."""
    if plan is None:
        return None
    cost = cost_of(plan)
    return None if cost.indicative_weekly_pence is None else cost.indicative_weekly_pence - cost.total_weekly_pence
