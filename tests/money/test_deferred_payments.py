"""Deferred payment agreements end to end below the browser (issue 18): offered when regulation 2 says it must be,
signed with its legal charge, the deferred amount posted to its own ledger account week by week with interest, each
week once, statements every six months, and the end with the sum due. Each entry balances; the account's balance is
the sum due."""

import datetime

import pytest

from selfdirect.charging import actions as charging
from selfdirect.charging.models import DeferredPaymentAgreement
from selfdirect.money import deferred
from selfdirect.money.models import DeferredWeek, JournalEntry, Posting

ADMITTED = datetime.date(2025, 10, 1)
TWELVE_WEEKS_END = ADMITTED + datetime.timedelta(weeks=12)  # the home counts from this day (Sch 2 para 2)


def resident_input(effective: datetime.date, **changes) -> dict:
    """A widow of 85 who moved into a care home for good: State Pension £230 a week, £5,000 saved, her home worth
    £250,000, a care home costing £900 a week."""
    return {"effective_date": effective.isoformat(), "date_of_birth": "1940-03-01", "setting": "care_home_permanent",
            "weekly_cost_of_care_pence": 90000, "admitted_on": ADMITTED.isoformat(), "first_permanent_admission": True,
            "income": [{"type": "state_pension", "amount_pence": 23000, "period": "weekly"}],
            "capital": [{"type": "savings", "amount_pence": 500000}],
            "property": {"value_pence": 25000000, "secured_debt_pence": 0}} | changes


def agreement_in_force(council, person):
    """For other tests that need one (every URL, subject access, retention): a person's agreement in force, charging
    no interest (so no rate is needed), with its first statement issued."""
    assessment = charging.record_assessment(person, resident_input(
        TWELVE_WEEKS_END, date_of_birth=person.date_of_birth.isoformat()), actor=council.finance,
        reason="circumstances")
    agreement = charging.offer_deferred_payment(assessment, actor=council.finance, home="2 Quay Street",
                                                valued_on=TWELVE_WEEKS_END, starts_on=TWELVE_WEEKS_END,
                                                offered_on=TWELVE_WEEKS_END, interest_basis_points=0)
    charging.decide_deferred_payment(agreement, actor=council.finance, agreed=True, on=TWELVE_WEEKS_END,
                                     title_number="DN1", charge_registered_on=TWELVE_WEEKS_END)
    deferred.issue_statement(agreement, actor=council.finance, starts_on=TWELVE_WEEKS_END,
                             on=datetime.date(2026, 7, 1))
    return agreement


@pytest.fixture
def widow(council):
    return council.live_person(user=council.holder, date_of_birth=datetime.date(1940, 3, 1))


@pytest.fixture
def rates(council):
    """The national maximum for the half years the shipped file lacks, as a council adds them (test figures)."""
    for start, bp in [(datetime.date(2025, 7, 1), 430), (datetime.date(2026, 1, 1), 440),
                      (datetime.date(2026, 7, 1), 450)]:
        charging.add_deferred_interest_rate(actor=council.finance, starts_on=start, basis_points=bp,
                                            source="Test figure")


def counted(council, widow):
    return charging.record_assessment(widow, resident_input(TWELVE_WEEKS_END), actor=council.finance,
                                      reason="circumstances")


def test_no_agreement_is_offered_while_the_home_is_disregarded_then_one_must_be(council, widow):
    first = charging.record_assessment(widow, resident_input(ADMITTED), actor=council.finance)
    assert "reg 2(1)(c)" in " ".join(charging.deferred_payment_proposal(first).unmet)
    proposal = charging.deferred_payment_proposal(counted(council, widow))
    assert proposal.unmet == []
    # with the home left out she pays from income £230.00 less the £30.65 allowance = £199.35; the rest is deferred
    assert (proposal.income_contribution_pence, proposal.weekly_deferred_pence) == (19935, 70065)
    assert proposal.equity_limit_pence == 25000000 - 2500000 - 1425000


def test_savings_above_the_upper_limit_mean_no_agreement_need_be_offered(council, widow):
    rich = charging.record_assessment(widow, resident_input(TWELVE_WEEKS_END, capital=[
        {"type": "savings", "amount_pence": 3000000}]), actor=council.finance)
    assert "reg 2(1)(b)" in " ".join(charging.deferred_payment_proposal(rich).unmet)
    with pytest.raises(charging.DeferredPaymentError):
        _offer(council, rich)


def _offer(council, assessment, **changes):
    return charging.offer_deferred_payment(assessment, actor=council.finance, home="1 Orchard Lane, Exeter",
                                           valued_on=TWELVE_WEEKS_END, starts_on=TWELVE_WEEKS_END,
                                           offered_on=TWELVE_WEEKS_END, **changes)


def _signed(council, widow, **changes):
    agreement = _offer(council, counted(council, widow), **changes)
    return charging.decide_deferred_payment(agreement, actor=council.finance, agreed=True, on=TWELVE_WEEKS_END,
                                            title_number="dn123456", charge_registered_on=TWELVE_WEEKS_END)


def test_the_agreement_needs_its_legal_charge_before_it_is_in_force(council, widow):
    agreement = _offer(council, counted(council, widow))
    with pytest.raises(charging.DeferredPaymentError) as problem:
        charging.decide_deferred_payment(agreement, actor=council.finance, agreed=True, on=TWELVE_WEEKS_END)
    assert {problem.value.field, *(p.field for p in problem.value.also)} == {"title_number", "charge_registered_on"}
    agreement.refresh_from_db()
    assert agreement.status == "offered"
    with pytest.raises(deferred.DeferredLedgerError):
        deferred.accrue(agreement, up_to=datetime.date(2026, 2, 1), actor=council.finance)


def test_each_week_is_posted_once_balanced_with_interest_on_what_was_owed(council, widow, rates):
    agreement = _signed(council, widow, set_up_charge_pence=50000)
    report = deferred.accrue(agreement, up_to=TWELVE_WEEKS_END + datetime.timedelta(days=13), actor=council.finance)
    assert len(report.weeks) == 2
    first, second = report.weeks
    assert (first.care_pence, first.interest_pence) == (70065, 41)  # £500 set-up costs x 4.30% x 7/365 = 41.23p
    # week 2: (£500.00 + £700.65 + £0.41) x 4.30% x 7 / 365 = 99.05p
    assert second.interest_pence == 99
    assert deferred.owed_pence(agreement) == 50000 + 70065 + 41 + 70065 + 99
    again = deferred.accrue(agreement, up_to=TWELVE_WEEKS_END + datetime.timedelta(days=13), actor=council.finance)
    assert again.weeks == [] and DeferredWeek.objects.filter(agreement=agreement).count() == 2
    for entry in JournalEntry.objects.filter(kind="deferred"):
        assert sum(p.amount_pence for p in entry.postings.all()) == 0
    kinds = {m.kind for m in deferred.movements(agreement)}
    assert kinds == {"charge", "care", "interest"}


def test_a_week_with_no_known_rate_waits_and_says_which_day(council, widow):
    agreement = _signed(council, widow)
    report = deferred.accrue(agreement, up_to=datetime.date(2026, 1, 20), actor=council.finance)
    assert report.weeks == [] and report.missing_rate_on == TWELVE_WEEKS_END
    assert "no national maximum interest rate" in report.summary


def test_a_statement_is_kept_as_issued_and_closes_on_the_account(council, widow, rates):
    agreement = _signed(council, widow)
    six_months_on = datetime.date(2026, 6, 30)
    assert deferred.statements_due(agreement, on=six_months_on) == [(TWELVE_WEEKS_END, datetime.date(2026, 6, 23))]
    statement = deferred.issue_statement(agreement, actor=council.finance, starts_on=TWELVE_WEEKS_END,
                                         on=six_months_on)
    weeks = DeferredWeek.objects.filter(agreement=agreement)
    assert statement.figures["closing_pence"] == weeks.order_by("-starts_on").first().balance_pence
    assert statement.figures["totals"]["care"] == sum(w.care_pence for w in weeks)
    with pytest.raises(deferred.DeferredLedgerError):
        deferred.issue_statement(agreement, actor=council.finance, starts_on=TWELVE_WEEKS_END, on=six_months_on)


def test_the_end_adds_the_part_week_and_the_sum_due_is_what_is_owed_then_repaid_in_full(council, widow, rates):
    agreement = _signed(council, widow)
    deferred.accrue(agreement, up_to=datetime.date(2026, 3, 1), actor=council.finance)
    ended = deferred.end_agreement(agreement, actor=council.finance, on=datetime.date(2026, 3, 4), reason="death")
    assert ended.status == DeferredPaymentAgreement.Status.ENDED
    last = DeferredWeek.objects.filter(agreement=agreement).order_by("-starts_on").first()
    assert last.starts_on + datetime.timedelta(days=6) > datetime.date(2026, 3, 4) >= last.starts_on
    assert ended.sum_due_pence == deferred.owed_pence(agreement) == last.balance_pence
    with pytest.raises(deferred.DeferredLedgerError):
        deferred.repay(agreement, actor=council.finance, on=datetime.date(2026, 5, 1),
                       amount_pence=ended.sum_due_pence + 1)
    deferred.repay(agreement, actor=council.finance, on=datetime.date(2026, 5, 1), amount_pence=ended.sum_due_pence)
    assert deferred.owed_pence(agreement) == 0
    council_funding = Posting.objects.filter(account__key="council_funding", account__case=agreement.case,
                                             entry__kind="deferred")
    assert sum(p.amount_pence for p in council_funding) == -sum(
        w.care_pence for w in DeferredWeek.objects.filter(agreement=agreement)) + ended.sum_due_pence


def test_one_open_agreement_a_person(council, widow):
    assessment = counted(council, widow)
    _offer(council, assessment)
    with pytest.raises(charging.DeferredPaymentError, match="already"):
        _offer(council, assessment)


def test_the_weekly_job_brings_every_agreement_up_to_date_once_and_exits_1_while_a_rate_is_missing(council, widow):
    import io

    from django.core.management import CommandError, call_command

    agreement = _signed(council, widow)
    out = io.StringIO()
    with pytest.raises(CommandError) as waiting:
        call_command("money", "deferred", "--up-to", "2026-01-20", "--actor", "finance", stdout=out)
    assert waiting.value.returncode == 1 and "1 agreement waiting for a national maximum interest rate" in str(
        waiting.value)
    assert "stopped at 24 December 2025" in out.getvalue()
    charging.add_deferred_interest_rate(actor=council.finance, starts_on=datetime.date(2025, 7, 1), basis_points=430,
                                        source="Test figure")
    charging.add_deferred_interest_rate(actor=council.finance, starts_on=datetime.date(2026, 1, 1), basis_points=440,
                                        source="Test figure")
    out = io.StringIO()
    call_command("money", "deferred", "--up-to", "2026-01-20", "--actor", "finance", stdout=out)
    assert f"Agreement {agreement.pk} ({widow.la_person_id}): 4 weeks added" in out.getvalue()
    out = io.StringIO()
    call_command("money", "deferred", "--up-to", "2026-01-20", "--actor", "finance", stdout=out)
    assert "Already up to date" in out.getvalue()
    with pytest.raises(CommandError, match="finance officer or administrator"):
        call_command("money", "deferred", "--actor", "worker", stdout=io.StringIO())


def test_the_api_shows_the_person_their_agreement_and_what_they_owe(council, widow, rates, api):
    agreement = _signed(council, widow)
    deferred.accrue(agreement, up_to=TWELVE_WEEKS_END + datetime.timedelta(days=6), actor=council.finance)
    answer = api(council.holder).get(f"/api/v1/people/{widow.pk}/deferred-payments/")
    assert answer.status_code == 200
    [shown] = answer.json()
    assert shown["status"] == "active" and shown["owed_pence"] == deferred.owed_pence(agreement) == 70065
    assert shown["weekly_deferred_pence"] == 70065 and shown["interest_basis_points"] is None
    assert api(council.other_holder).get(f"/api/v1/people/{widow.pk}/deferred-payments/").status_code in (403, 404)


def test_under_an_agreement_the_person_is_invoiced_only_what_they_pay_from_income(council, widow):
    """Invoiced at the full cost while the home counted; the agreement, signed later and starting earlier, turns the
    period already invoiced into one refund of the deferred part, and the next period is invoiced at £199.35 a week."""
    from selfdirect.money import actions as money
    from selfdirect.money.models import ContributionInvoice

    first_period, second_period = datetime.date(2026, 4, 6), datetime.date(2026, 5, 4)
    assessment = counted(council, widow)
    money.raise_contribution_invoices(first_period, actor=council.finance, on=datetime.date(2026, 4, 10))
    assert ContributionInvoice.objects.get().amount_pence == 4 * 90000
    agreement = _offer(council, assessment, interest_basis_points=0)
    charging.decide_deferred_payment(agreement, actor=council.finance, agreed=True, on=datetime.date(2026, 4, 20),
                                     title_number="DN9", charge_registered_on=datetime.date(2026, 4, 20))
    money.raise_contribution_invoices(second_period, actor=council.finance, on=datetime.date(2026, 5, 5))
    refund = ContributionInvoice.objects.get(kind="refund")
    assert refund.period_starts_on == first_period and refund.amount_pence == 4 * (90000 - 19935)
    assert "from £900.00 to £199.35 a week" in refund.explanation
    assert ContributionInvoice.objects.get(kind="invoice", period_starts_on=second_period).amount_pence == 4 * 19935
    money.raise_contribution_invoices(second_period, actor=council.finance, on=datetime.date(2026, 5, 5))
    assert ContributionInvoice.objects.count() == 3  # run again, nothing new
