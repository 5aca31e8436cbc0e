"""What other apps may ask of charging: the current contribution and the assessments made."""

from dataclasses import fields
from pathlib import Path

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404

from selfdirect.core.dates import working_days_between
from selfdirect.people.access import people_visible_to

from .contribution import TWELVE_WEEKS
from .deferred import InterestRate, interest_rates
from .models import (
    AssessmentRequest,
    ChargingPolicyVersion,
    DeferredInterestRate,
    DeferredPaymentAgreement,
    FinancialAssessment,
    Reconsideration,
    TopUpAgreement,
)
from .policy import SHIPPED_DEFAULT, ChargingPolicy
from .rates import ASSESSMENT_FIGURES, RatesError, available_years, financial_year_of, gaps_on, label_of, rates_for
from .top_ups import Facts


def rates_folders() -> list[Path]:
    """The council's own rates folder (settings.CHARGING_RATES_DIR), read before the shipped tables."""
    folder = getattr(settings, "CHARGING_RATES_DIR", "")
    return [Path(folder)] if folder else []


CURRENT_ASSESSMENT = "current_financial_assessment"


def _found_or_404(rows, message: str):
    """The one record the rows hold (already scoped to a person fetched through people.access), else "not found"."""
    found = rows.first()
    if found is None:
        raise Http404(message)
    return found


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
    return _found_or_404(FinancialAssessment.objects.filter(person=person, pk=pk).select_related("created_by"),
                         "No such financial assessment")


def assessments_for(person):
    return FinancialAssessment.objects.filter(person=person).select_related("created_by")


def rates_gaps(day) -> list[str]:
    """What is missing from the charging rates for `day` (the council's folder, then the shipped files)."""
    return gaps_on(day, folders=rates_folders())


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
    try:
        rates = rates_for(day, folders=rates_folders())
    except RatesError:
        return ["file"]
    return ["the " + label_of(name) for name in rates.missing()]


def open_requests():
    """Requests for a financial assessment not yet done or cancelled, oldest first (finance's queue)."""
    return (AssessmentRequest.objects.filter(status__in=AssessmentRequest.OPEN)
            .select_related("person", "person__team", "requested_by", "started_by").order_by("requested_at", "id"))


def request_for(person, pk):
    """One of this person's requests (the person already fetched through people.access), else 404."""
    return _found_or_404(AssessmentRequest.objects.filter(person=person, pk=pk)
                         .select_related("requested_by", "assessment"), "No such request")


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


def current_assessments_by_person(person_ids) -> dict:
    """{person id: their current assessment} for many people in one query (the home pages of people and their
    family); a person never assessed is left out."""
    latest = FinancialAssessment.objects.filter(person=OuterRef("person")).order_by("-created_at", "-id").values("pk")[:1]
    found = (FinancialAssessment.objects.filter(person_id__in=list(person_ids), pk=Subquery(latest))
             .only("id", "person_id", "effective_date", "weekly_contribution_pence", "created_at"))
    return {a.person_id: a for a in found}


def age_in_working_days(request, today) -> int:
    return working_days_between(request.requested_on, today)


# The council's charging policy (charging.policy): dated versions, the latest whose effective_from has come in force.
# Reading it is not reading a person's data, so it is not audited.

def policy_versions() -> list:
    """Every version of the charging policy, newest first."""
    return list(ChargingPolicyVersion.objects.select_related("created_by").order_by("-effective_from", "-id"))


def policy_version_on(day):
    """The version of the charging policy in force on `day` (the latest from that day or before), or None."""
    return (ChargingPolicyVersion.objects.filter(effective_from__lte=day).select_related("created_by")
            .order_by("-effective_from", "-id").first())


def as_policy(version):
    """The Django-free policy (charging.policy.ChargingPolicy) a stored version holds."""
    return ChargingPolicy(**{f.name: getattr(version, f.name) for f in fields(ChargingPolicy)})


def policy_on(day):
    """The charging policy in force on `day`: the stored version's, else the shipped default."""
    version = policy_version_on(day)
    return as_policy(version) if version is not None else SHIPPED_DEFAULT


def policy_timeline():
    """policy_on for many days in one query: a function of a day giving the policy in force then (a payment run asks
    it for every period it pays)."""
    versions = [(v.effective_from, as_policy(v)) for v in reversed(policy_versions())]  # oldest first

    def on(day):
        found = SHIPPED_DEFAULT
        for effective_from, policy in versions:
            if effective_from > day:
                break
            found = policy
        return found

    return on


# Requests to look at an assessment again (charging.models.Reconsideration, issue 17).

def open_reconsiderations():
    """Requests to look again not yet decided, oldest first (finance's queue)."""

    return (Reconsideration.objects.filter(status=Reconsideration.Status.ASKED)
            .select_related("person", "person__team", "assessment", "assessment__created_by", "recorded_by")
            .order_by("asked_at", "id"))


def reconsiderations_for(person, assessment=None):
    """The person's requests to look again (of one assessment, if given), newest first."""

    found = Reconsideration.objects.filter(person=person).select_related(
        "assessment", "recorded_by", "decided_by", "new_assessment")
    return found.filter(assessment=assessment) if assessment is not None else found


def reconsideration_for(person, pk):
    """One of this person's requests to look again (the person already fetched through people.access), else 404."""
    return _found_or_404(reconsiderations_for(person).select_related("assessment__created_by").filter(pk=pk),
                         "No such request to look again")


def open_reconsideration_for(assessment):
    """The request to look at this assessment again that is not yet decided, or None."""

    return (Reconsideration.objects.filter(assessment=assessment, status=Reconsideration.Status.ASKED)
            .select_related("recorded_by").first())


def reconsideration_answered_by(assessment):
    """The request to look again this assessment was made to answer (its outcome "changed"), or None."""

    return (Reconsideration.objects.filter(new_assessment=assessment, outcome=Reconsideration.Outcome.CHANGED)
            .select_related("assessment").first())


def assessments_made_since(reconsideration):
    """The person's assessments made after they asked to look again: those that may answer it, newest first."""
    return FinancialAssessment.objects.filter(person_id=reconsideration.person_id,
                                              created_at__gt=reconsideration.asked_at).select_related("created_by")


def reconsideration_age_in_working_days(reconsideration, today) -> int:
    from django.utils import timezone

    return working_days_between(timezone.localtime(reconsideration.asked_at).date(), today)


def dated(reconsiderations) -> list:
    """The requests as a list, each with `asked_on` and `decided_on`: the local days a page shows."""
    from django.utils import timezone

    rows = list(reconsiderations)
    for r in rows:
        r.asked_on = timezone.localtime(r.asked_at).date()
        r.decided_on = timezone.localtime(r.decided_at).date() if r.decided_at else None
    return rows


def rates_years() -> list[str]:
    """Every financial year with a rates file (the council's folder and the shipped one)."""
    return available_years(rates_folders())


def rates_of_year(year: str):
    """The rates of a financial year such as '2025/26' (the council's file before the shipped one)."""
    import datetime

    return rates_for(datetime.date(int(year[:4]), 4, 1), folders=rates_folders())


def missing_figures(day) -> list[str]:
    """The names of the figures a case may need that `day`'s year lacks (every one when there is no file)."""
    try:
        rates = rates_for(day, folders=rates_folders())
    except RatesError:
        return list(ASSESSMENT_FIGURES)
    return rates.missing()


def deferred_interest_rates() -> list:
    """The national maximum rates: the shipped, sourced file and the periods the council added, oldest first."""
    added = [InterestRate(r.starts_on, r.ends_on, r.basis_points, r.source) for r in DeferredInterestRate.objects.all()]
    return sorted(interest_rates() + added, key=lambda rate: rate.starts_on)


def deferred_payment_for(person, pk):
    """One of this person's deferred payment agreements (the person already fetched through people.access), else 404."""
    return _found_or_404(DeferredPaymentAgreement.objects.filter(person=person, pk=pk)
                         .select_related("assessment", "case"), "No such deferred payment agreement")


def deferred_payments_of(person):
    return DeferredPaymentAgreement.objects.filter(person=person).order_by("-offered_on", "-id")


def open_deferred_payment_of(person):
    return deferred_payments_of(person).filter(status__in=["offered", "active"]).first()


def active_deferred_payments():
    return DeferredPaymentAgreement.objects.filter(status="active").select_related("person", "case")


# Top-up agreements (charging.top_ups, charging.models.TopUpAgreement).

def top_ups_of(person):
    """The person's top-up agreements, newest first (the person already fetched through people.access)."""
    return TopUpAgreement.objects.filter(person=person).select_related("created_by", "closed_by").order_by(
        "-agreed_on", "-id")


def top_up_for(person, pk):
    """One of this person's top-up agreements, else 404."""
    return _found_or_404(top_ups_of(person).filter(pk=pk), "No such top-up agreement")


def top_up_in_force_of(person):
    return top_ups_of(person).filter(status=TopUpAgreement.Status.ACTIVE).first()


def top_up_facts(person):
    """What the records show for a first-party top-up (charging.top_ups.Facts): the last day of the 12 weeks the home
    is disregarded in the person's current financial assessment (a first permanent admission with a home and a day of
    moving in), and whether a deferred payment agreement is offered or in force."""
    import datetime

    current = current_assessment_for(person)
    given = current.input if current is not None else {}
    end = None
    if (given.get("setting") == "care_home_permanent" and given.get("first_permanent_admission", True) is not False
            and given.get("admitted_on") and given.get("property")):
        end = datetime.date.fromisoformat(given["admitted_on"]) + TWELVE_WEEKS - datetime.timedelta(days=1)
    return Facts(twelve_weeks_end=end, deferred_payment=open_deferred_payment_of(person) is not None)


def deferred_payment_in_force(person):
    """The person's deferred payment agreement in force, if they have one: what they pay from income, what is deferred."""
    return deferred_payments_of(person).filter(status="active").first()


def people_by_pk(user, pks) -> dict:
    """The people of these ids the user reaches (people.access), by id: a table read back later (an uprating's job)
    shows only the people its reader still reaches."""
    return {person.pk: person for person in people_visible_to(user).filter(pk__in=pks).order_by("la_person_id")}
