"""What retention reads: the schedule in force, the dates that decide when each person's records are past it (and
what keeps them), the people due for erasure as of a day, what an erasure would touch, and the holds and erasures
recorded."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

from django.apps import apps
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from selfdirect.accounts.models import Invitation, Organisation
from selfdirect.accounts.queries import held_roles_of_account
from selfdirect.assessment.models import Assessment, SelfAssessment
from selfdirect.audit.models import AuditEvent
from selfdirect.charging.models import (
    AssessmentRequest,
    DeferredPaymentAgreement,
    FinancialAssessment,
    Reconsideration,
    TopUpAgreement,
)
from selfdirect.core import permissions
from selfdirect.journey import steps
from selfdirect.journey.models import Case, CaseEvent
from selfdirect.market.models import Review as ServiceReview
from selfdirect.market.models import Suggestion as ServiceSuggestion
from selfdirect.money.models import (
    ContributionArrearsCheck,
    ContributionCollection,
    ContributionDebtRecovery,
    ContributionInvoice,
    DeferredStatement,
    JournalEntry,
    LedgerAccount,
    OneOffPayment,
    PaymentLine,
    PaymentRun,
    Recovery,
    SpendingRecord,
    StatementLine,
    Suspension,
)
from selfdirect.outcomes.models import Evaluation, HelperNotice, Review, ReviewRequest, Story
from selfdirect.people.models import Carer, Consent, Person, Representative
from selfdirect.planning.models import (
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
from selfdirect.research.models import ProjectMember, ReleasedRow, ResearchProject, ResearchRelease
from selfdirect.subject_access.models import Redaction, ReviewItem, SubjectAccessRequest

from . import schedule
from .models import Erasure, LegalHold, ScheduleVersion

# ---- the schedule ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    """The schedule in force: its version (0: the shipped defaults, never changed), the years of each kind, and who
    made it, when and why."""

    version: int
    periods: dict[str, int]
    made_by: object = None
    made_at: datetime.datetime | None = None
    reason: str = ""

    def rows(self) -> list[tuple[schedule.Kind, int]]:
        return [(kind, self.periods[key]) for key, kind in schedule.KINDS.items()]


def _schedule_of(version: ScheduleVersion | None) -> Schedule:
    if version is None:
        return Schedule(version=0, periods=schedule.defaults(), reason="The periods Selfdirect ships with")
    periods = {**schedule.defaults(), **{k: int(v) for k, v in version.periods.items() if k in schedule.KINDS}}
    return Schedule(version=version.number, periods=periods, made_by=version.made_by, made_at=version.made_at,
                    reason=version.reason)


def schedule_in_force() -> Schedule:
    return _schedule_of(ScheduleVersion.objects.select_related("made_by").order_by("-number").first())


def schedule_versions() -> list[Schedule]:
    """Every version the council made, newest first (the shipped defaults are version 0, after them)."""
    return [_schedule_of(v) for v in ScheduleVersion.objects.select_related("made_by").order_by("-number")]


# ---- when each person's records are past it --------------------------------------------------------------------------


def _day(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _latest(queryset: QuerySet, person_path: str, field: str, people) -> dict[int, datetime.date]:
    rows = (queryset.filter(**{f"{person_path}__in": people}).order_by().values(person_path)
            .annotate(latest=Max(field)).values_list(person_path, "latest"))
    return {pk: _day(latest) for pk, latest in rows if latest is not None}


def _later(*days) -> datetime.date | None:
    found = [d for d in days if d is not None]
    return max(found) if found else None


# What money keeps a person's records for: money held in an account of theirs (a direct payment account, an
# individual service fund with a provider, surplus held pending recovery), a recovery not closed, a one-off payment
# not yet paid, a contribution invoice not paid (or a refund not given), a financial assessment asked for and not done.
_HELD_ACCOUNTS = Q(key="direct_payment") | Q(key="surplus") | Q(key__startswith="isf:")


def _money_keeping(people) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}

    def add(ids, why):
        for pk in ids:
            found.setdefault(pk, []).append(why)

    add(set(LedgerAccount.objects.filter(_HELD_ACCOUNTS, case__person__in=people).exclude(balance_pence=0)
            .values_list("case__person_id", flat=True)), "money still held in an account of theirs")
    add(set(Recovery.objects.filter(case__person__in=people)
            .filter(~Q(status=Recovery.Status.CLOSED) | Q(reduction_left_pence__gt=0))
            .values_list("case__person_id", flat=True)), "a recovery of surplus not closed")
    add(set(OneOffPayment.objects.filter(case__person__in=people, entry__isnull=True)
            .values_list("case__person_id", flat=True)), "a one-off payment not yet paid or refused")
    add(set(LedgerAccount.objects.filter(key="debtor", case__person__in=people).exclude(balance_pence=0)
            .values_list("case__person_id", flat=True)), "a contribution invoiced and not paid, or a refund not given")
    add(set(AssessmentRequest.objects.filter(person__in=people, status__in=AssessmentRequest.OPEN)
            .values_list("person_id", flat=True)), "a financial assessment asked for and not done")
    return found


def dates_for(people) -> dict[int, schedule.PersonDates]:
    """For each of these people (a queryset of Person), what decides when their records are past the schedule. A
    fixed number of grouped queries, however many people."""
    people = people.order_by().values("pk")
    cases = Case.objects.all()
    closed = _latest(cases, "person_id", "closed_on", people)
    referred = _latest(cases, "person_id", "referred_on", people)
    open_cases = dict(cases.filter(person__in=people).exclude(state=steps.CLOSED).order_by().values("person_id")
                      .annotate(n=Count("id")).values_list("person_id", "n"))
    contact = [closed, referred,
               _latest(CaseEvent.objects.all(), "case__person_id", "at", people),
               _latest(Assessment.objects.all(), "case__person_id", "completed_at", people),
               _latest(SelfAssessment.objects.all(), "case__person_id", "created_at", people),
               _latest(SupportPlan.objects.all(), "case__person_id", "created_at", people),
               _latest(SupportPlan.objects.all(), "case__person_id", "approved_at", people),
               _latest(Review.objects.all(), "case__person_id", "held_on", people),
               _latest(Consent.objects.all(), "person_id", "given_on", people),
               _latest(Consent.objects.all(), "person_id", "withdrawn_on", people),
               _latest(Person.objects.all(), "pk", "created_at", people)]
    financial = [_latest(JournalEntry.objects.all(), "case__person_id", "on", people),
                 _latest(FinancialAssessment.objects.all(), "person_id", "effective_date", people),
                 _latest(FinancialAssessment.objects.all(), "person_id", "created_at", people),
                 _latest(AssessmentRequest.objects.all(), "person_id", "requested_at", people),
                 _latest(SpendingRecord.objects.all(), "case__person_id", "spent_on", people),
                 _latest(StatementLine.objects.all(), "account__case__person_id", "posted_on", people),
                 _latest(Recovery.objects.all(), "case__person_id", "found_on", people),
                 _latest(ContributionInvoice.objects.all(), "case__person_id", "issued_on", people),
                 _latest(ContributionInvoice.objects.all(), "case__person_id", "paid_on", people),
                 _latest(ContributionArrearsCheck.objects.all(), "case__person_id", "checked_on", people),
                 _latest(ContributionDebtRecovery.objects.all(), "case__person_id", "started_on", people),
                 _latest(TopUpAgreement.objects.all(), "person_id", "agreed_on", people),
                 _latest(TopUpAgreement.objects.all(), "person_id", "closed_on", people)]
    with_receipts = SpendingRecord.objects.exclude(receipt="")
    receipts = [_latest(with_receipts, "case__person_id", "spent_on", people),
                _latest(with_receipts, "case__person_id", "entered_at", people)]
    requests = SubjectAccessRequest.objects.all()
    closed_requests = requests.filter(state__in=[SubjectAccessRequest.State.RELEASED, SubjectAccessRequest.State.REFUSED])
    subject_access = [_latest(closed_requests, "person_id", "released_on", people),
                      _latest(closed_requests, "person_id", "refused_at", people),
                      _latest(closed_requests, "person_id", "refusal_told_on", people)]
    open_requests = dict(requests.filter(person__in=people, state__in=SubjectAccessRequest.OPEN).order_by()
                         .values("person_id").annotate(n=Count("id")).values_list("person_id", "n"))
    holds = dict(LegalHold.objects.filter(person__in=people, lifted_on__isnull=True).values_list("person_id", "reason"))
    erased = dict(Erasure.objects.filter(person__in=people).values_list("person_id", "erased_on"))
    money = _money_keeping(people)
    found = {}
    for pk in Person.objects.filter(pk__in=people).values_list("pk", flat=True):
        found[pk] = schedule.PersonDates(
            last_contact_on=_later(*(d.get(pk) for d in contact)),
            last_financial_on=_later(*(d.get(pk) for d in financial)),
            last_receipt_on=_later(*(d.get(pk) for d in receipts)),
            last_subject_access_on=_later(*(d.get(pk) for d in subject_access)),
            open_cases=open_cases.get(pk, 0), open_subject_access=open_requests.get(pk, 0),
            money=tuple(money.get(pk, ())), hold=holds.get(pk, ""), erased_on=erased.get(pk))
    return found


def decision_for(person, periods: dict[str, int] | None = None) -> schedule.Decision:
    periods = periods or schedule_in_force().periods
    return schedule.decide(dates_for(Person.objects.filter(pk=person.pk))[person.pk], periods)


@dataclass(frozen=True)
class Row:
    person: Person
    decision: schedule.Decision


def _candidates():
    """People who may be past the schedule: not erased, and with no open case (an open case is a live record)."""
    return (Person.objects.exclude(pk__in=Erasure.objects.values("person_id"))
            .exclude(pk__in=Case.objects.exclude(state=steps.CLOSED).values("person_id")))


def past_the_schedule(as_of: datetime.date, periods: dict[str, int] | None = None) -> tuple[list[Row], list[Row]]:
    """As of the day: the people due for erasure, and those past the schedule but kept (a hold, money, an open
    request), each with the decision saying why; both by the day they were past it, oldest first."""
    periods = periods or schedule_in_force().periods
    people = _candidates()
    dates = dates_for(people)
    by_pk = Person.objects.in_bulk(list(dates))
    due, kept = [], []
    for pk, found in dates.items():
        decision = schedule.decide(found, periods)
        if decision.is_due(as_of):
            due.append(Row(by_pk[pk], decision))
        elif decision.past_period(as_of) and decision.erased_on is None:
            kept.append(Row(by_pk[pk], decision))

    def order(row):
        return row.decision.due_on, row.person.la_person_id

    return sorted(due, key=order), sorted(kept, key=order)


def due_for_erasure(as_of: datetime.date, periods: dict[str, int] | None = None) -> list[Row]:
    return past_the_schedule(as_of, periods)[0]


def person_by_reference(reference: str) -> Person | None:
    return Person.objects.filter(la_person_id=reference.strip()).first() if reference.strip() else None


# ---- what an erasure touches -----------------------------------------------------------------------------------------

# Each part of a person's records an erasure changes, in the order it is done, with the words its record shows.
PARTS = {
    "person": "The person's details (the record kept as a tombstone, every identifying field overwritten)",
    "sign_in": "Their own sign-in (made unusable and its names blanked, or unlinked if it is also someone else's)",
    "carers": "Carers (deleted)",
    "representatives": "People who act for them and their authority (deleted)",
    "consents": "Consents (deleted)",
    "invitations": "Invitations to sign in (deleted)",
    "legal_holds": "Legal holds lifted before (reasons blanked)",
    "cases": "Cases (the referral reason blanked)",
    "case_steps": "Steps of the case (reasons blanked)",
    "assessments": "Assessments (findings, evidence, decision letter and advice blanked)",
    "self_assessments": "Self-assessment answers (blanked)",
    "plans": "Support plans (free text and signature blanked)",
    "plan_outcomes": "Outcomes in the plans (blanked)",
    "plan_items": "Support in the plans (descriptions, suppliers' names and reasons blanked)",
    "plan_decisions": "Plan decisions (comments blanked)",
    "risks": "Risks (blanked)",
    "suggestions": "Suggestions to the plan (blanked)",
    "choices": "Choice records (reasons blanked)",
    "choice_confirmations": "Confirmations of choice (comments blanked)",
    "direct_payment_setups": "Direct payment set-up (recipient and bank account blanked)",
    "plan_examples": "Examples shared from their plans (deleted)",
    "market_reviews": "Reviews of services in the directory, and the providers' replies (deleted)",
    "market_suggestions": "Services suggested to them from the directory, and why (deleted)",
    "reviews": "Reviews (what the person said and what changed blanked)",
    "review_requests": "Requests for a review and changes that needed one (who asked, what was said and the reasons "
                       "given blanked)",
    "evaluations": "Answers to the questionnaires asked at reviews (family carers' names blanked; the answers, from "
                   "fixed lists, kept)",
    "stories": "Stories told at reviews (deleted)",
    "story_recordings": "Recordings of the stories (deleted from the disk)",
    "helper_notices": "Notices of their reviews sent to the staff who helped them (deleted)",
    "financial_assessments": "Financial assessments (income, capital and workings blanked; amounts kept)",
    "assessment_requests": "Requests for a financial assessment (notes blanked)",
    "reconsiderations": "Requests to look at a financial assessment again (deleted with the assessments)",
    "ledger_accounts": "Ledger accounts (the statement reference renamed; balances kept)",
    "journal_entries": "Ledger entries (descriptions replaced by their kind; postings and amounts kept)",
    "payment_lines": "Lines of payment files (payee, bank account and reference blanked; amounts kept)",
    "payment_runs": "Payment files holding those lines (written again from their lines, amounts unchanged)",
    "one_off_payments": "One-off payments (descriptions blanked)",
    "suspensions": "Suspensions (reasons blanked)",
    "spending_records": "Spending records (payees, what it was for and receipt names blanked)",
    "receipt_files": "Receipt files (deleted from the disk)",
    "statement_lines": "Bank statement lines (descriptions blanked; amounts kept)",
    "recoveries": "Recoveries of surplus (letters, explanations, reasons and appeals blanked)",
    "contribution_collections": "How a care home contribution is collected (the home and who agreed it blanked)",
    "contribution_invoices": "Contribution invoices, arrears and refunds (explanations blanked; amounts kept)",
    "arrears_checks": "Checks of their circumstances before recovering contributions overdue (notes blanked)",
    "debt_recoveries": "Decisions to recover contributions overdue (reasons blanked; amounts kept)",
    "deferred_payments": "Deferred payment agreements (the home's address, title number and reasons blanked; amounts "
                         "kept)",
    "deferred_statements": "Deferred payment statements as sent (blanked; the amounts stay in the ledger)",
    "top_ups": "Care home top-up agreements (who pays, the home, the agreement's reference and signatories, and what "
               "was done blanked; amounts kept)",
    "research_memberships": "Places in research projects (removed; releases keep no name, and leave their row out)",
    "subject_access_requests": "Subject access requests (requester, checks and what was asked blanked)",
    "subject_access_items": "What was gathered for them (blanked)",
    "subject_access_redactions": "Redactions made in them (words and reasons blanked)",
    # The rows django-simple-history keeps of every change to these records (history_of), in words a reader knows.
    "history": "Earlier versions of all these records, kept each time one was changed (deleted)",
}

# Records that point at a person, a case or a plan and that an erasure leaves as they are, each with why (a test
# proves every model that points at one is either a part above or here).
KEPT = {
    "journey.Case": "kept as the ledger's and the plans' anchor (its referral reason is blanked)",
    "allocation.IndicativeBudget": "points and pounds from the Resource Allocation System, nothing said by anyone",
    "money.Posting": "the ledger's amounts, which stay whole",
    "money.DeferredWeek": "a deferred payment agreement's weeks: amounts and rates only",
    "money.Instalment": "which four-week periods were paid, and how much was deducted",
    "outcomes.OutcomeRating": "a rating from a fixed list",
    "research.ReleasedRow": "a random identifier: kept so the erased person's row stays left out of the release",
    "audit.AuditEvent": "the audit trail: removed only by its own retention, through audit.actions.purge",
    "retention.LegalHold": "its reasons are blanked (legal_holds); the rows stay as the record of the holds",
    "retention.Erasure": "the record of the erasure itself",
    "accounts.Invitation": "deleted (invitations)",
}


def _sar_requests(person):
    return SubjectAccessRequest.objects.filter(person=person)


def parts_of(person) -> dict[str, QuerySet]:
    """The records of each part (PARTS) as they stand: what the erasure changes and counts. `sign_in`, `receipt_files`,
    `payment_runs` and `history` are worked out by their own functions."""
    cases = Case.objects.filter(person=person)
    plans = SupportPlan.objects.filter(case__person=person)
    reps = Representative.objects.filter(person=person)
    carers = Carer.objects.filter(person=person)
    return {
        "person": Person.objects.filter(pk=person.pk),
        "carers": carers,
        "representatives": reps,
        "consents": Consent.objects.filter(person=person),
        "invitations": Invitation.objects.filter(Q(person=person) | Q(representative__in=reps) | Q(carer__in=carers)),
        "legal_holds": LegalHold.objects.filter(person=person, lifted_on__isnull=False),
        "cases": cases,
        "case_steps": CaseEvent.objects.filter(case__person=person),
        "assessments": Assessment.objects.filter(case__person=person),
        "self_assessments": SelfAssessment.objects.filter(case__person=person),
        "plans": plans,
        "plan_outcomes": PlanOutcome.objects.filter(plan__case__person=person),
        "plan_items": PlanItem.objects.filter(plan__case__person=person),
        "plan_decisions": PlanDecision.objects.filter(plan__case__person=person),
        "risks": Risk.objects.filter(plan__case__person=person),
        "suggestions": PlanProposal.objects.filter(plan__case__person=person),
        "choices": ChoiceRecord.objects.filter(case__person=person),
        "choice_confirmations": ChoiceConfirmation.objects.filter(case__person=person),
        "direct_payment_setups": DirectPaymentSetup.objects.filter(case__person=person),
        "plan_examples": PlanExample.objects.filter(from_plan__case__person=person),
        "market_reviews": ServiceReview.objects.filter(person=person),
        "market_suggestions": ServiceSuggestion.objects.filter(person=person),
        "reviews": Review.objects.filter(case__person=person),
        "review_requests": ReviewRequest.objects.filter(case__person=person),
        "evaluations": Evaluation.objects.filter(case__person=person),
        "stories": Story.objects.filter(case__person=person),
        "helper_notices": HelperNotice.objects.filter(review__case__person=person),
        "financial_assessments": FinancialAssessment.objects.filter(person=person),
        "assessment_requests": AssessmentRequest.objects.filter(person=person),
        "reconsiderations": Reconsideration.objects.filter(person=person),
        "ledger_accounts": LedgerAccount.objects.filter(case__person=person).exclude(reference__isnull=True),
        "journal_entries": JournalEntry.objects.filter(case__person=person),
        "payment_lines": PaymentLine.objects.filter(entry__case__person=person),
        "one_off_payments": OneOffPayment.objects.filter(case__person=person),
        "suspensions": Suspension.objects.filter(case__person=person),
        "spending_records": SpendingRecord.objects.filter(case__person=person),
        "statement_lines": StatementLine.objects.filter(account__case__person=person),
        "recoveries": Recovery.objects.filter(case__person=person),
        "contribution_collections": ContributionCollection.objects.filter(case__person=person),
        "contribution_invoices": ContributionInvoice.objects.filter(case__person=person),
        "arrears_checks": ContributionArrearsCheck.objects.filter(case__person=person),
        "debt_recoveries": ContributionDebtRecovery.objects.filter(case__person=person),
        "deferred_payments": DeferredPaymentAgreement.objects.filter(person=person),
        "deferred_statements": DeferredStatement.objects.filter(agreement__person=person),
        "top_ups": TopUpAgreement.objects.filter(person=person),
        "research_memberships": ProjectMember.objects.filter(person=person),
        "subject_access_requests": _sar_requests(person),
        "subject_access_items": ReviewItem.objects.filter(request__person=person),
        "subject_access_redactions": Redaction.objects.filter(item__request__person=person),
    }


def receipt_files_of(person) -> list[str]:
    """The stored names of the person's receipt files (under SELFDIRECT_MEDIA_ROOT)."""
    return [name for name in SpendingRecord.objects.filter(case__person=person).exclude(receipt="")
            .values_list("receipt", flat=True) if name]


def story_recordings_of(person) -> list[str]:
    """The stored names of the recordings of the person's stories (under SELFDIRECT_MEDIA_ROOT)."""
    return [name for name in Story.objects.filter(case__person=person).exclude(audio="")
            .values_list("audio", flat=True) if name]


def payment_runs_of(person) -> QuerySet:
    return PaymentRun.objects.filter(lines__entry__case__person=person).distinct()


def provider_payees() -> set[tuple[str, str]]:
    """(name, account number) of every organisation paid by the council: a payment line to one is the provider's,
    not the person's, and keeps its payee."""
    return set(Organisation.objects.values_list("name", "bank_account_number"))


# Historical (django-simple-history) tables whose rows are not a person's.
NOT_A_PERSONS_HISTORY = {"research.ResearchProject",
                         # the market directory: providers, their venues and services, and CQC's ratings of them
                         "market.Provider", "market.Location", "market.Service", "market.CqcRating"}


def history_of(person) -> list[QuerySet]:
    """Every django-simple-history table's rows for the person's records (those of records already deleted too): by
    the record's own id for the person, by the person's id where the history keeps one, else by the case's. A
    tracked model this does not know stops the erasure rather than leave its history behind."""
    case_ids = list(Case.objects.filter(person=person).values_list("pk", flat=True))
    found = []
    for model in apps.get_models():
        tracked = getattr(model, "instance_type", None)
        if tracked is None or not model.__name__.startswith("Historical"):
            continue
        names = {f.name for f in model._meta.fields}
        if tracked is Person:
            found.append(model.objects.filter(id=person.pk))
        elif "person" in names:
            found.append(model.objects.filter(person_id=person.pk))
        elif "case" in names:
            found.append(model.objects.filter(case_id__in=case_ids))
        elif tracked._meta.label not in NOT_A_PERSONS_HISTORY:
            raise LookupError(f"Retention does not know whose rows {model._meta.label} holds: add it to "
                              "retention.queries.history_of")
    return found


def sign_in_is_only_theirs(user, person) -> bool:
    """Whether the person's own sign-in is theirs alone: every role it holds is a budget holder's (acting for
    themselves), and it acts for and cares for no one else. Only then is it made unusable and its names blanked;
    otherwise it is someone else's too (a worker who was also a budget holder) and is only unlinked."""
    if user is None:
        return False
    for held in held_roles_of_account(user):  # active or not: a deactivated worker's account is still theirs
        if not permissions.is_budget_holder(SimpleNamespace(is_authenticated=True, role=held.role.value)):
            return False
    acts_for_others = Representative.objects.filter(user=user).exclude(person=person).exists()
    cares_for_others = Carer.objects.filter(user=user).exclude(person=person).exists()
    return not (acts_for_others or cares_for_others)


@dataclass(frozen=True)
class Preview:
    """What an erasure of the person would touch: (label, count) for each part that has any."""

    parts: list[tuple[str, int]]


def preview(person) -> Preview:
    counts = {key: queryset.count() for key, queryset in parts_of(person).items()}
    counts["sign_in"] = 1 if person.user_id else 0
    counts["receipt_files"] = len(receipt_files_of(person))
    counts["story_recordings"] = len(story_recordings_of(person))
    counts["payment_runs"] = payment_runs_of(person).count()
    counts["history"] = sum(queryset.count() for queryset in history_of(person))
    return Preview(parts=[(PARTS[key], counts[key]) for key in PARTS if counts.get(key)])


def counted_parts(counts: dict[str, int]) -> list[tuple[str, int]]:
    """An erasure's counts as (label, count), in the order of PARTS."""
    return [(PARTS.get(key, key), counts[key]) for key in PARTS if counts.get(key)]


# ---- holds and erasures ----------------------------------------------------------------------------------------------


def open_hold_of(person) -> LegalHold | None:
    return LegalHold.objects.filter(person=person, lifted_on__isnull=True).first()


def holds(*, open_only: bool = False) -> QuerySet[LegalHold]:
    found = LegalHold.objects.select_related("person", "set_by", "lifted_by")
    return found.filter(lifted_on__isnull=True) if open_only else found


def holds_of(person) -> QuerySet[LegalHold]:
    return holds().filter(person=person)


def erasure_of(person) -> Erasure | None:
    return Erasure.objects.select_related("erased_by").filter(person=person).first()


def erasures(limit: int = 50) -> list[Erasure]:
    return list(Erasure.objects.select_related("person", "erased_by")[:limit])


def is_erased(person) -> bool:
    return Erasure.objects.filter(person=person).exists()


# ---- audit events and research releases past their period


def audit_events_before(cutoff: datetime.date) -> int:
    """How many events audit.actions.purge(before=cutoff) would remove: every event written before the first one
    dated on or after the day (the trail is removed from its start only, so its chain still verifies)."""
    start = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time(0)))
    first_kept = AuditEvent.objects.filter(at__gte=start).order_by("id").values_list("id", flat=True).first()
    events = AuditEvent.objects.all() if first_kept is None else AuditEvent.objects.filter(id__lt=first_kept)
    return events.count()


# ---- research releases past their period -----------------------------------------------------------------------------


def research_releases_past(as_of: datetime.date, years: int) -> QuerySet[ResearchRelease]:
    """Releases of projects that ended more than `years` years before the day."""
    ended = [p.pk for p in ResearchProject.objects.only("pk", "ends_on")
             if schedule.research_due(p.ends_on, years) <= as_of]
    return ResearchRelease.objects.filter(project_id__in=ended)


def released_rows_of(releases) -> QuerySet[ReleasedRow]:
    return ReleasedRow.objects.filter(release__in=releases)
