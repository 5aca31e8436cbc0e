"""What other apps may ask of charging: the current contribution and the assessments made."""

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Subquery

from selfdirect.core.dates import working_days_between

from .models import AssessmentRequest, FinancialAssessment
from .rates import FIGURE_LABELS, REQUIRED_FIGURES, RatesError, financial_year_of, gaps_on, rates_for


def rates_folders():
    """The council's own rates folder (settings.CHARGING_RATES_DIR), read before the shipped tables."""
    folder = getattr(settings, "CHARGING_RATES_DIR", "")
    return [folder] if folder else []


CURRENT_ASSESSMENT = "current_financial_assessment"


def current_assessment_prefetch(lookup: str = "financial_assessments") -> Prefetch:
    """For prefetch_related over many people (`person__financial_assessments` over their cases): each person's current
    assessment in one query, which current_assessment_for and contribution_weekly_pence then read without a query."""
    latest = FinancialAssessment.objects.filter(person=OuterRef("person_id")).order_by("-created_at", "-id").values("pk")[:1]
    return Prefetch(lookup, queryset=FinancialAssessment.objects.filter(pk=Subquery(latest)), to_attr=CURRENT_ASSESSMENT)


def current_assessment_for(person) -> FinancialAssessment | None:
    if hasattr(person, CURRENT_ASSESSMENT):  # read with current_assessment_prefetch()
        return next(iter(getattr(person, CURRENT_ASSESSMENT)), None)
    return FinancialAssessment.objects.filter(person=person).order_by("-created_at", "-id").first()


def contribution_weekly_pence(person) -> int | None:
    current = current_assessment_for(person)
    return current.weekly_contribution_pence if current else None


def assessment_for(person, pk) -> FinancialAssessment:
    """One of this person's assessments (the person already fetched through people.access), else 404."""
    from django.http import Http404

    found = FinancialAssessment.objects.filter(person=person, pk=pk).select_related("created_by").first()
    if found is None:
        raise Http404("No such financial assessment")
    return found


def assessments_for(person):
    return FinancialAssessment.objects.filter(person=person).select_related("created_by")


def rates_gaps(day) -> list[str]:
    """What is missing from the charging rates for `day` (the council's folder, then the shipped files)."""
    from pathlib import Path

    return gaps_on(day, folders=[Path(f) for f in rates_folders()])


def made_with_earlier_rates(assessment) -> str:
    """Why an assessment uses an earlier year's figures than its effective date's ('' when it does not)."""
    year = financial_year_of(assessment.effective_date)
    if year == assessment.financial_year:
        return ""
    missing = plain_gaps(assessment.effective_date)
    why = f" because {year}'s charging rates " + ("have not been added yet" if not missing or missing == ["file"]
                                                  else "do not yet include " + ", ".join(missing))
    return (f"Provisional: worked out with the {assessment.financial_year} figures{why}. It will be worked out again "
            f"when the council adds them.")


def plain_gaps(day) -> list[str]:
    """The figures missing for `day`'s year in plain words (['file'] when the whole year is missing)."""
    from pathlib import Path

    try:
        rates = rates_for(day, folders=[Path(f) for f in rates_folders()])
    except RatesError:
        return ["file"]
    return ["the " + FIGURE_LABELS.get(name, name.replace("_", " ")) for name in REQUIRED_FIGURES
            if rates.figures.get(name) is None]


def open_requests():
    """Requests for a financial assessment not yet done or cancelled, oldest first (finance's queue)."""
    return (AssessmentRequest.objects.filter(status__in=AssessmentRequest.OPEN)
            .select_related("person", "person__team", "requested_by", "started_by").order_by("requested_at", "id"))


def request_for(person, pk):
    """One of this person's requests (the person already fetched through people.access), else 404."""
    from django.http import Http404

    found = AssessmentRequest.objects.filter(person=person, pk=pk).select_related("requested_by", "assessment").first()
    if found is None:
        raise Http404("No such request")
    return found


def requests_for(person):
    return AssessmentRequest.objects.filter(person=person).select_related("requested_by", "started_by", "assessment")


def latest_request_for(person):
    return requests_for(person).first()


def latest_requests_by_person(person_ids) -> dict:
    """{person id: their latest request} for many people in one query (the home pages of people and their family)."""
    from django.db.models import OuterRef, Subquery

    latest = AssessmentRequest.objects.filter(person=OuterRef("person")).order_by("-requested_at", "-id").values("pk")[:1]
    found = AssessmentRequest.objects.filter(person_id__in=list(person_ids), pk=Subquery(latest))
    return {r.person_id: r for r in found}


def age_in_working_days(request, today) -> int:
    return working_days_between(request.requested_on, today)
