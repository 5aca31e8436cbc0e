"""Random sequences of two-person payment runs (prepared, approved, or prepared again), contribution invoices with
backdated reassessments and payments, deferred payment weeks and repayments, and reversals always leave `money check`
clean, never invoice a period twice, and never post a deferred week twice (issues 18 and 19). The invoices are a care
home resident's and those of someone at home on a council-managed budget, whose contribution the runs never count and
the invoices count once."""

import datetime

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from selfdirect.accounts.models import User
from selfdirect.charging.models import FinancialAssessment
from selfdirect.core.roles import Role
from selfdirect.money import actions, deferred, queries
from selfdirect.money.models import ContributionInvoice, DeferredWeek, JournalEntry, PaymentRun
from selfdirect.site import demo
from tests.hypo import examples
from tests.money.test_deferred_payments import agreement_in_force

D = datetime.date
FIRST_PERIOD = D(2026, 4, 6)


@pytest.mark.django_db
def test_random_runs_invoices_deferred_weeks_and_reversals_leave_the_ledger_sound(council):
    approver = User.objects.create_user(username="finance.approver", password="a-long-test-password",
                                        role=Role.FINANCE_OFFICER)
    council.live_person(user=council.holder)  # a direct payment, paid by the runs
    resident = council.live_person(nhs_number="9434765870")
    agreement = agreement_in_force(council, resident)  # a care home resident deferring, no interest
    at_home = council.person(nhs_number="9434765862")  # services the council arranges, £200.00 a week from 1 February
    council.assess(at_home)
    council.plan(at_home)
    council.submit(at_home)
    council.approve(at_home)
    council.go_live(at_home, option="council_managed")
    FinancialAssessment.objects.create(
        person=at_home, effective_date=D(2026, 2, 1), financial_year="2025/26", reason="new",
        input={"setting": "community"}, result={}, weekly_cost_of_care_pence=20000, weekly_contribution_pence=4500,
        full_cost=False, created_by=council.finance)

    class Ledger(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            demo.clear_money()  # each example starts with an empty ledger (the assessments and agreement stay)
            PaymentRun.objects.all().delete()
            FinancialAssessment.objects.filter(person__in=[resident, at_home], reason="uprating").delete()

        @rule(day=st.integers(0, 300), approve=st.booleans())
        def prepare_a_run(self, day, approve):
            run_date = D(2026, 1, 1) + datetime.timedelta(days=day)
            try:
                run = actions.prepare_run(run_date, actor=council.finance)
            except actions.MoneyError:
                return  # the date's run was paid already
            if approve:
                actions.approve_run(run, actor=approver)

        @rule(periods_on=st.integers(0, 6))
        def raise_invoices(self, periods_on):
            day = FIRST_PERIOD + datetime.timedelta(days=28 * periods_on)
            actions.raise_contribution_invoices(day, actor=council.finance, on=day + datetime.timedelta(days=1))

        @rule(weekly=st.integers(0, 60000), back=st.integers(0, 120))
        def reassess_backdated(self, weekly, back):
            FinancialAssessment.objects.create(
                person=resident, effective_date=FIRST_PERIOD + datetime.timedelta(days=back), financial_year="2026/27",
                reason="uprating", input={"setting": "care_home_permanent"}, result={}, weekly_cost_of_care_pence=90000,
                weekly_contribution_pence=weekly, full_cost=False, created_by=council.finance)

        @rule(weekly=st.integers(0, 30000), back=st.integers(0, 120))
        def reassess_at_home_backdated(self, weekly, back):
            FinancialAssessment.objects.create(
                person=at_home, effective_date=FIRST_PERIOD + datetime.timedelta(days=back), financial_year="2026/27",
                reason="uprating", input={"setting": "community"}, result={}, weekly_cost_of_care_pence=20000,
                weekly_contribution_pence=weekly, full_cost=False, created_by=council.finance)

        @precondition(lambda self: ContributionInvoice.objects.filter(status="issued").exclude(kind="refund").exists())
        @rule(pick=st.integers(0, 20))
        def pay_an_invoice(self, pick):
            unpaid = list(ContributionInvoice.objects.filter(status="issued").exclude(kind="refund").order_by("id"))
            invoice = unpaid[pick % len(unpaid)]
            actions.record_contribution_payment(invoice, actor=council.finance, paid_on=invoice.issued_on)

        @rule(weeks=st.integers(0, 40))
        def accrue_deferred(self, weeks):
            deferred.accrue(agreement, up_to=agreement.starts_on + datetime.timedelta(weeks=weeks),
                            actor=council.finance)

        @precondition(lambda self: deferred.owed_pence(agreement) > 0)
        @rule(share=st.integers(1, 100))
        def repay_deferred(self, share):
            owed = deferred.owed_pence(agreement)
            deferred.repay(agreement, actor=council.finance, on=D(2026, 8, 1), amount_pence=max(1, owed * share // 100))

        @precondition(lambda self: JournalEntry.objects.filter(kind__in=["instalment", "deferred"],
                                                               reversed_by__isnull=True).exists())
        @rule(pick=st.integers(0, 50))
        def reverse_an_entry(self, pick):
            candidates = list(JournalEntry.objects.filter(kind__in=["instalment"], reversed_by__isnull=True)
                              .order_by("id"))
            if candidates:
                actions.reverse(candidates[pick % len(candidates)], actor=council.finance, reason="Correction")

        @invariant()
        def the_ledger_is_sound(self):
            assert queries.check() == []
            invoiced = list(ContributionInvoice.objects.filter(kind="invoice").values_list("case_id", "period_starts_on"))
            assert len(invoiced) == len(set(invoiced))
            weeks = list(DeferredWeek.objects.values_list("agreement_id", "starts_on"))
            assert len(weeks) == len(set(weeks))
            assert deferred.owed_pence(agreement) >= 0
            # at home on a council-managed budget: the runs count none of the contribution, the invoices all of it
            invoiced = sum(i.signed_pence for i in ContributionInvoice.objects.filter(case__person=at_home))
            assert queries.balances(council.case(at_home)).get("contribution", 0) == -invoiced

    Ledger.TestCase.settings = settings(max_examples=examples(12), stateful_step_count=10, deadline=None,
                                        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    Ledger.TestCase().runTest()
