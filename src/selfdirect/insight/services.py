"""The CLD return's rows from the records: requests, assessments, services and reviews in the reporting period."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings

from . import cld

MECHANISM = {"direct_payment": "Direct Payment", "council_managed": "CASSR Managed Personal Budget"}
REVIEW_OUTCOME = {"continue": "Continuation of support or services", "reassess": "Progress to assessment, review or reassessment",
                  "end": "NFA: Support ended as planned"}


def code_lists() -> dict[str, set[str]]:
    """The field's allowed values from the product's code lists (official and the council's own)."""
    from selfdirect.people.models import CodeList

    lists = {}
    for code_list in CodeList.objects.exclude(cld_field="").prefetch_related("codes"):
        values = {c.code for c in code_list.codes.all()}
        names = [n.strip() for n in code_list.cld_field.split(",")]
        for name in names:
            name = {"ASD": "Autism Spectrum Disorder (ASD)"}.get(name, name)
            if name in cld.FIELDS:
                lists[name] = values
    return lists


def _person(person, start, end) -> dict:
    carers = person.carers.exists() if hasattr(person, "carers") else False
    return {
        "LA Code": settings.CLD_LA_CODE, "Reporting Period Start Date": start, "Reporting Period End Date": end,
        "NHS Number": person.nhs_number, "LA Person Unique Identifier": person.la_person_id,
        "First Name": person.first_name, "Last Name": person.last_name, "GP Practice Name": person.gp_practice_name,
        "GP Practice Code": person.gp_practice_code, "Gender": person.gender, "Ethnicity": person.ethnicity,
        "Date of Birth": person.date_of_birth, "Date of Death": person.date_of_death, "Client Type": person.client_type,
        "Primary Support Reason": person.primary_support_reason, "Postcode": person.postcode,
        "Accommodation Status": person.accommodation_status, "Employment Status": person.employment_status,
        "Has Unpaid Carer": "Yes" if carers else "No", "Autism Spectrum Disorder (ASD)": person.autism,
        "Visual Impairment": person.visual_impairment, "Hearing Impairment": person.hearing_impairment,
        "Dementia": person.dementia, "Client Funding Status": person.client_funding_status,
    }


def rows(start: datetime.date, end: datetime.date) -> list[dict]:
    from selfdirect.assessment.models import Assessment
    from selfdirect.journey.models import Case, CaseEvent
    from selfdirect.outcomes.models import Review
    from selfdirect.planning.models import SupportPlan

    made = []
    cases = {c.pk: c for c in Case.objects.select_related("person").prefetch_related("person__carers")}
    assessed_on = {}
    for case_id, at in CaseEvent.objects.filter(transition="start_assessment").values_list("case_id", "at"):
        assessed_on.setdefault(case_id, at.date())
    for case in cases.values():
        if start <= case.referred_on <= end:
            ended = assessed_on.get(case.pk) or (case.closed_on if case.state == "closed" else None)
            outcome = ("Progress to assessment, review or reassessment" if case.pk in assessed_on
                       else "NFA: Other" if ended else "")
            made.append({**_person(case.person, start, end), "Event Type": "Request", "Event Reference": f"REQ{case.pk}",
                         "Event Start Date": case.referred_on, "Event End Date": ended, "Event Outcome": outcome,
                         "Route of Access": case.route_of_access})
    for a in Assessment.objects.filter(completed_at__date__gte=start, completed_at__date__lte=end).select_related("case__person"):
        on = a.completed_at.date()
        made.append({**_person(a.case.person, start, end), "Event Type": "Assessment", "Event Reference": f"ASM{a.pk}",
                     "Event Start Date": assessed_on.get(a.case_id, on), "Event End Date": on,
                     "Event Outcome": "Progress to support planning / services" if a.eligible else "NFA: Information and advice or signposting",
                     "Assessment Type": "Long Term Support", "Eligible Needs Identified": "Yes" if a.eligible else "No"})
    isf = settings.CLD_ISF_DELIVERY_MECHANISM
    plans = (SupportPlan.objects.filter(status__in=["approved", "superseded"], case__support_started_on__isnull=False,
                                        case__support_started_on__lte=end).select_related("case__person").prefetch_related("items__organisation"))
    for plan in plans:
        case = plan.case
        if case.closed_on and case.closed_on < start or (plan.status == "superseded"):
            continue
        by_mechanism: dict[str, list] = {}
        for item in plan.items.all():
            mechanism = isf if item.delivery == "individual_service_fund" else MECHANISM.get(item.delivery, "CASSR Managed Personal Budget")
            by_mechanism.setdefault(mechanism, []).append(item)
        for mechanism, items in sorted(by_mechanism.items()):
            weekly = sum(i.weekly_cost_pence for i in items)
            provider = next((i.organisation for i in items if i.organisation and i.organisation.cqc_location_id), None)
            made.append({**_person(case.person, start, end), "Event Type": "Service",
                         "Event Reference": f"SRV{plan.pk}-{mechanism.split()[0].upper()}",
                         "Event Start Date": case.support_started_on, "Event End Date": case.closed_on,
                         "Event Outcome": "Provision of service", "Service Type": "Long Term Support: Community",
                         "Service Component": "; ".join(i.description for i in items)[:200], "Delivery Mechanism": mechanism,
                         "Provider CQC Location Name": provider.name if provider else "",
                         "Provider CQC Location ID": provider.cqc_location_id if provider else "",
                         "Unit Cost": weekly, "Cost Frequency (Unit Type)": "Weekly", "Planned units per week": 1})
    for review in Review.objects.filter(held_on__gte=start, held_on__lte=end).select_related("case__person").prefetch_related("ratings"):
        ratings = [r.rating for r in review.ratings.all()]
        achieved = ("Achieved" if ratings and all(r == "achieved" for r in ratings)
                    else "Partially achieved" if any(r != "not_achieved" for r in ratings) else "Not achieved")
        made.append({**_person(review.case.person, start, end), "Event Type": "Review", "Event Reference": f"REV{review.pk}",
                     "Event Start Date": review.held_on, "Event End Date": review.held_on,
                     "Event Outcome": REVIEW_OUTCOME[review.decision], "Review Reason": "Planned",
                     "Review Outcomes Achieved": achieved, "Method of Review": "Face to face"})
    return made


def export(start: datetime.date, end: datetime.date) -> str:
    """The CSV text of the return, or cld.InvalidReturn naming every problem by person reference and field."""
    if end < start:
        raise ValueError("--end is before --start")
    return cld.render(rows(start, end), code_lists())


@dataclass(frozen=True)
class Filters:
    """What every dashboard can be narrowed to: a period, a team and a client group."""

    start: datetime.date
    end: datetime.date
    team_id: int | None = None
    client_group: str = ""


def _moment(day: datetime.date) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _scoped(queryset, filters: Filters, person: str):
    """The queryset narrowed to the filters' team and client group, through the path to the person."""
    if filters.team_id:
        queryset = queryset.filter(**{f"{person}team_id": filters.team_id})
    if filters.client_group:
        queryset = queryset.filter(**{f"{person}client_group": filters.client_group})
    return queryset


def _labels(list_name: str) -> dict[str, str]:
    from selfdirect.people import codes

    return dict(codes.choices(list_name))


def _worker(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip() or "No worker recorded"


def first_approvals(filters: Filters):
    """Case id to when its first plan was approved, for cases whose first approval falls in the period: the cases that
    became new personal budgets. One grouped query; usable as a subquery with .values("case_id")."""
    from django.db.models import Min

    from selfdirect.planning.models import SupportPlan

    return (SupportPlan.objects.filter(approved_at__isnull=False).values("case_id").annotate(first=Min("approved_at"))
            .filter(first__gte=_moment(filters.start), first__lt=_moment(filters.end + datetime.timedelta(days=1))))


def new_budgets(filters: Filters) -> list:
    """Each case whose first plan was approved in the period, with how its money is managed now and who it is."""
    from django.utils import timezone

    from selfdirect.planning.models import SupportPlan

    from .figures import NewBudget, age_band, age_on

    firsts = first_approvals(filters)
    first_on = {case_id: timezone.localdate(at) for case_id, at in firsts.values_list("case_id", "first")}
    current = _scoped(SupportPlan.objects.filter(status="approved", case_id__in=firsts.values("case_id")), filters, "case__person__")
    groups = _labels("client_group")
    made = []
    for case_id, option, team, group, born, first, last in current.values_list(
            "case_id", "delivery_option", "case__person__team__name", "case__person__client_group",
            "case__person__date_of_birth", "case__worker__first_name", "case__worker__last_name"):
        when = first_on[case_id]
        made.append(NewBudget(case_id, when.strftime("%Y-%m"), option or "not_chosen", groups.get(group, group), team,
                              _worker(first, last), age_band(age_on(born, when))))
    return made


def journeys(filters: Filters) -> list:
    """Each case referred in the period, with the dates it reached each step."""
    from django.db.models import Min
    from django.utils import timezone

    from selfdirect.assessment.models import Assessment
    from selfdirect.journey.models import Case
    from selfdirect.money.models import Instalment
    from selfdirect.planning.models import SupportPlan

    from .figures import Journey

    cases = _scoped(Case.objects.filter(referred_on__gte=filters.start, referred_on__lte=filters.end), filters, "person__")
    chosen = cases.values("pk")
    assessed = dict(Assessment.objects.filter(case_id__in=chosen).values("case_id").annotate(m=Min("completed_at"))
                    .values_list("case_id", "m"))
    approved = dict(SupportPlan.objects.filter(case_id__in=chosen, approved_at__isnull=False).values("case_id")
                    .annotate(m=Min("approved_at")).values_list("case_id", "m"))
    paid = dict(Instalment.objects.filter(case_id__in=chosen).values("case_id").annotate(m=Min("run__run_date"))
                .values_list("case_id", "m"))

    def day(moment):
        return timezone.localdate(moment) if moment else None

    return [Journey(pk, team, referred_on, day(assessed.get(pk)), day(approved.get(pk)), paid.get(pk))
            for pk, team, referred_on in cases.values_list("pk", "person__team__name", "referred_on")]


def waiting(filters: Filters, *, today: datetime.date) -> list:
    """Every open case not yet live, with the step it waits at and the days since it reached it."""
    from django.db.models import Max
    from django.utils import timezone

    from selfdirect.journey.models import Case, CaseEvent

    from .figures import Waiting

    cases = _scoped(Case.objects.exclude(state__in=["closed", "live"]), filters, "person__")
    since = dict(CaseEvent.objects.filter(case_id__in=cases.values("pk")).values("case_id").annotate(m=Max("at"))
                 .values_list("case_id", "m"))
    from selfdirect.journey.steps import STATE_LABELS as steps

    made = []
    for pk, team, state, referred_on in cases.values_list("pk", "person__team__name", "state", "referred_on"):
        reached = timezone.localdate(since[pk]) if pk in since else referred_on
        made.append(Waiting(pk, team, steps.get(state, state), (today - reached).days))
    return made


def choices(filters: Filters) -> list:
    """Each case's latest choice record for each option, recorded in the period, with who recorded it."""
    from selfdirect.planning import services as planning

    from .figures import Choice

    made = []
    for case_id, option, offered, reason, said, team, first, last in planning.latest_choices_in(
            start=_moment(filters.start), end=_moment(filters.end + datetime.timedelta(days=1)), team_id=filters.team_id,
            client_group=filters.client_group):
        made.append(Choice(case_id, option, offered, reason, team or "No team", _worker(first, last), said))
    return made


def offers(filters: Filters, found: list, *, today: datetime.date) -> list:
    """Each case with a choice record for direct payments: whether it was offered, the person's groups, and a band of
    needs (how many of the ten eligibility outcomes they could not achieve, at their latest assessment)."""
    from selfdirect.assessment.models import Assessment
    from selfdirect.journey.models import Case

    from .figures import Offer, age_band, age_on

    offered = {c.case_id: c.offered for c in found if c.option == "direct_payment"}
    latest = {}
    for case_id, outcomes in (Assessment.objects.filter(case_id__in=_scoped(Case.objects.all(), filters, "person__").values("pk"))
                              .order_by("completed_at", "id").values_list("case_id", "outcomes_unable")):
        if case_id in offered:
            latest[case_id] = len(outcomes or [])
    groups, ethnicities = _labels("client_group"), _labels("ethnicity")
    made = []
    for pk, born, group, ethnicity in (Case.objects.filter(pk__in=list(offered)).values_list(
            "pk", "person__date_of_birth", "person__client_group", "person__ethnicity")):
        needs = latest.get(pk, 0)
        band = "1-2 outcomes" if needs <= 2 else "3-4 outcomes" if needs <= 4 else "5 or more outcomes"
        made.append(Offer(pk, band, {"Age band": age_band(age_on(born, today)), "Client group": groups.get(group, group),
                                     "Ethnicity": ethnicities.get(ethnicity, ethnicity)}, offered[pk]))
    return made


def reason_labels() -> dict[str, str]:
    from selfdirect.planning import services as planning

    return planning.not_offered_reasons()


def budgets(filters: Filters) -> list:
    """Every current approved plan agreed in the period, with the indicative budget it was planned against and the
    previous package."""
    from django.db.models import Sum

    from selfdirect.assessment.models import Assessment
    from selfdirect.planning.models import PlanItem, SupportPlan

    from .figures import Budget

    plans = _scoped(SupportPlan.objects.filter(status="approved", approved_at__gte=_moment(filters.start),
                                               approved_at__lt=_moment(filters.end + datetime.timedelta(days=1))),
                    filters, "case__person__")
    weekly = dict(PlanItem.objects.filter(plan__in=plans.values("pk")).values("plan_id").annotate(w=Sum("weekly_cost_pence"))
                  .values_list("plan_id", "w"))
    indicative = {}
    for case_id, pence in (Assessment.objects.filter(eligible=True, indicative_weekly_pence__isnull=False,
                                                     case_id__in=plans.values("case_id"))
                           .order_by("completed_at", "id").values_list("case_id", "indicative_weekly_pence")):
        indicative[case_id] = pence
    groups = _labels("client_group")
    return [Budget(groups.get(group, group), indicative[case_id], weekly.get(pk, 0), previous, case_id)
            for pk, case_id, group, previous in plans.values_list("pk", "case_id", "case__person__client_group",
                                                                 "case__person__previous_package_weekly_pence")
            if case_id in indicative]


def in_scope(filters: Filters, case_ids) -> set[int]:
    """Of these cases, the ones in the filters' team and client group."""
    from selfdirect.journey.models import Case

    if not (filters.team_id or filters.client_group):
        return set(case_ids)
    return set(_scoped(Case.objects.all(), filters, "person__").values_list("pk", flat=True)) & set(case_ids)
