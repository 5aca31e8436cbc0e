"""Scoped fetches of money's records, one per kind, each with what the user may do with it (core.access.Access).

A person's money (their account, spending and receipts, one-off payments) is reached through the person's case
(journey.access.case_for: 404 outside the user's scope, the read audited as every person read is). Finance's own
records (payment runs, statement lines) are finance staff's only: anyone else is refused (PermissionDenied) before
anything is read."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from selfdirect.accounts.queries import acting
from selfdirect.charging import queries as charging
from selfdirect.core import permissions
from selfdirect.core.access import Access
from selfdirect.journey.access import case_for
from selfdirect.people import access as people_access

from . import queries
from .models import ContributionInvoice, DeferredStatement, OneOffPayment, PaymentRun, SpendingRecord, StatementLine


@dataclass(frozen=True)
class AccountAccess(Access):
    """A person's direct payment account. `record` is their case (the ledger is the case's); `may_change` is for staff
    working on the record (they suspend payments and ask for one-offs)."""

    may_record: bool = False  # record spending: the person, someone acting for them, their worker or finance
    finance: bool = False  # finance staff, who also key in records sent on paper
    is_self: bool = False  # the budget holder, whom the page calls "you"


@dataclass(frozen=True)
class OneOffAccess(Access):
    """A one-off payment (or, from one_offs_for, the case's one-off payments), for staff who may change the record."""

    may_approve: bool = False


def provider_organisation(user) -> int:
    """The organisation a provider acts for: it sends the statements of the individual service funds that
    organisation holds (403 for anyone else, and for a provider sign-in with no organisation)."""
    held = acting(user)
    if not permissions.may_send_fund_statements(user) or held is None or not held.organisation_id:
        raise PermissionDenied
    return held.organisation_id


def require_finance(user) -> None:
    """Payment runs, statements, matching and account audits are finance's (403 for anyone else)."""
    if not permissions.may_handle_payments(user):
        raise PermissionDenied


def account_for(user, person_pk, *, why: str = "", channel: str = "web", change: bool = False, recording: bool = False,
                finance: bool = False) -> AccountAccess:
    """The person's account for a user who may see their budget. change=True: only for staff who may change the
    record; recording=True: only for a user who may record spending; finance=True: only for finance staff, refused
    before the person's record is opened."""
    if finance:
        require_finance(user)
    person, case = case_for(user, person_pk, why=why, channel=channel, change=change,
                            section=None if change else "budget")
    staff = people_access.can_change(user, person)
    finance_staff = permissions.may_handle_payments(user)
    may_record = finance_staff or staff or people_access.acts_as_person(user, person)
    if recording and not may_record:
        raise PermissionDenied
    return AccountAccess(record=case, person=person, case=case, may_change=staff, may_record=may_record,
                         finance=finance_staff, is_self=permissions.is_budget_holder(user))


def receipt_for(user, person_pk, record_pk, *, channel: str = "web") -> Access[SpendingRecord]:
    """A spending record's receipt, for a user who may see the person's budget; 404 for a record with no receipt."""
    person, case = case_for(user, person_pk, why="to see a receipt", channel=channel, section="budget")
    record = SpendingRecord.objects.filter(case=case, pk=record_pk).exclude(receipt="").first()
    if record is None:
        raise Http404("No such receipt")
    return Access(record=record, person=person, case=case)


def one_offs_for(user, person_pk, *, why: str = "to ask for a one-off payment",
                 channel: str = "web") -> OneOffAccess:
    """The case's one-off payments (record, a queryset), for staff who may change the person's record."""
    person, case = case_for(user, person_pk, why=why, channel=channel, change=True)
    payments = OneOffPayment.objects.filter(case=case).select_related("requested_by", "approved_by", "entry")
    return OneOffAccess(record=payments, person=person, case=case, may_change=True,
                        may_approve=permissions.may_approve_one_off(user))


def one_off_for(user, person_pk, one_off_pk, *, why: str = "to ask for a one-off payment",
                channel: str = "web") -> OneOffAccess:
    """A one-off payment waiting for approval, for staff who may change the person's record; 404 when that payment is
    not this person's or is not waiting. `may_approve` says whether this user may approve it (the action decides)."""
    person, case = case_for(user, person_pk, why=why, channel=channel, change=True)
    try:
        waiting = OneOffPayment.objects.filter(case=case, pk=one_off_pk, approved_by__isnull=True).first()
    except (ValueError, TypeError):
        waiting = None
    if waiting is None:
        raise Http404("No such payment waiting")
    return OneOffAccess(record=waiting, person=person, case=case, may_change=True,
                        may_approve=permissions.may_approve_one_off(user))


def payment_runs_for(user) -> QuerySet[PaymentRun]:
    """Every payment run, newest first, for finance staff."""
    require_finance(user)
    return PaymentRun.objects.all()


def payment_run_for(user, run_pk, *, paid: bool = False) -> Access[PaymentRun]:
    """One payment run, for finance staff (403 for anyone else); 404 when there is none (or, with paid=True, when it is
    only prepared: it has no file until it is approved). A run, once paid, is never changed: its file is the one the
    bank was sent."""
    require_finance(user)
    runs = PaymentRun.objects.filter(status=PaymentRun.Status.PAID) if paid else PaymentRun.objects.all()
    run = runs.select_related("created_by", "approved_by").filter(pk=run_pk).first()
    if run is None:
        raise Http404("No such run")
    return Access(record=run)


def statement_line_for(user, line_pk) -> Access[StatementLine]:
    """A statement line still to match, for finance staff (403 for anyone else), who may match it; 404 when it is
    already matched (or there is none)."""
    require_finance(user)
    line = queries.unmatched_lines().filter(pk=line_pk).first()
    if line is None:
        raise Http404("That line is already matched")
    case = line.account.case
    return Access(record=line, person=case.person, case=case, may_change=True)


@dataclass(frozen=True)
class DeferredAccess(Access):
    """A person's deferred payment agreements (record: a list, or one agreement). Everyone who may see the person's
    budget may read them; `finance` (finance staff) offer, record, post and end them."""

    finance: bool = False
    is_self: bool = False


def deferred_payments_for(user, person_pk, *, why: str = "to see deferred payment agreements", channel: str = "web",
                          finance: bool = False) -> DeferredAccess:
    """The person's agreements, newest first. finance=True: finance staff only, refused before the person is read."""
    money = account_for(user, person_pk, why=why, channel=channel, finance=finance)
    return DeferredAccess(record=list(charging.deferred_payments_of(money.person)), person=money.person,
                          case=money.case, finance=money.finance, is_self=money.is_self)


def deferred_payment_for(user, person_pk, agreement_pk, *, why: str = "to see a deferred payment agreement",
                         channel: str = "web", finance: bool = False) -> DeferredAccess:
    """One of the person's agreements (404 when it is not theirs)."""
    money = account_for(user, person_pk, why=why, channel=channel, finance=finance)
    return DeferredAccess(record=charging.deferred_payment_for(money.person, agreement_pk), person=money.person,
                          case=money.case, finance=money.finance, is_self=money.is_self)


def deferred_statement_for(user, person_pk, agreement_pk, statement_pk, *, channel: str = "web") -> DeferredAccess:
    """A statement issued under one of the person's agreements (404 when it is not theirs)."""
    found = deferred_payment_for(user, person_pk, agreement_pk, why="to see a deferred payment statement",
                                 channel=channel)
    statement = DeferredStatement.objects.filter(agreement=found.record, pk=statement_pk).first()
    if statement is None:
        raise Http404("No such statement")
    return DeferredAccess(record=statement, person=found.person, case=found.case, finance=found.finance,
                          is_self=found.is_self)


def contribution_invoice_by_reference(user, reference: str) -> ContributionInvoice | None:
    """A contribution invoice by its reference (CI-000123), for finance staff (403 for anyone else), who record its
    payment; None when there is none."""
    require_finance(user)
    return ContributionInvoice.objects.filter(reference=reference.strip().upper()).select_related("case__person").first()
