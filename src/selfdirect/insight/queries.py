"""The CLD return's rows from the records: requests, assessments, services and reviews in the reporting period."""

from __future__ import annotations

import datetime

from django.conf import settings

from selfdirect.assessment.models import Assessment
from selfdirect.journey.models import Case, CaseEvent
from selfdirect.outcomes import cld_review
from selfdirect.outcomes.models import Review
from selfdirect.people.models import CodeList
from selfdirect.planning.models import SupportPlan

from . import cld, facts

MECHANISM = {"direct_payment": "Direct Payment", "council_managed": "CASSR Managed Personal Budget"}
REVIEW_OUTCOME = {"continue": "Continuation of support or services", "reassess": "Progress to assessment, review or reassessment",
                  "end": "NFA: Support ended as planned"}
OLD_METHOD = "Face to face"  # written only for reviews recorded before the method was asked (rows()).


def code_lists() -> dict[str, set[str]]:
    """The field's allowed values from the product's code lists (official and the council's own)."""
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
                         "Request: Route of Access": case.route_of_access})
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
        # Each review's own Review Reason and Method of Review, and Review Outcomes Achieved worked out from its ratings
        # (outcomes.cld_review, Release 1 values: docs/cld-review-fields.md).
        reason, method = review.cld_reason, review.cld_method
        if not method:
            # Lazy: a review recorded before the method was asked (outcomes migration 0003 left it blank rather than
            # guess) keeps what the export wrote then: "Planned" and "Face to face", which is in no code list found.
            reason, method = reason or cld_review.PLANNED, OLD_METHOD
        made.append({**_person(review.case.person, start, end), "Event Type": "Review", "Event Reference": f"REV{review.pk}",
                     "Event Start Date": review.held_on, "Event End Date": review.held_on,
                     "Event Outcome": REVIEW_OUTCOME[review.decision], "Review Reason": reason,
                     "Review Outcomes Achieved": review.outcomes_achieved, "Method of Review": method})
    return made


def export(start: datetime.date, end: datetime.date) -> str:
    """The CSV text of the return, or cld.InvalidReturn naming every problem by person reference and field."""
    if end < start:
        raise ValueError("--end is before --start")
    return cld.render(rows(start, end), code_lists())


def refresh_facts() -> int:
    """Work every case's dashboard facts out again from the records (after loading records in bulk)."""
    return facts.refresh(None)


def forget_facts() -> None:
    """For a database being emptied."""
    facts.forget_everything()
