"""The figures the budget holder's home shows (money.queries.at_a_glance, money.monitoring): recorded spending counts
at once and once; every alert says what to do; a budget with no direct payment is never "not spending"."""

import datetime

from selfdirect.money import actions, monitoring, queries
from selfdirect.money.models import JournalEntry, StatementLine

D = datetime.date


def _alerts(**given):
    figures = {"today": D(2026, 12, 1), "balance_pence": 0, "weekly_pence": 20000, "weeks_allowed": 8,
               "last_spent_on": None, "first_paid_on": D(2026, 1, 1), "outside_plan": 0, "pa_overpaid": []}
    return monitoring.alerts(**{**figures, **given})


def test_every_alert_says_in_plain_words_what_to_do_and_has_short_easy_read_lines():
    found = _alerts(balance_pence=200000, outside_plan=2, pa_overpaid=["Sam"])
    assert [a.code for a in found] == ["balance_high", "no_spending", "outside_plan", "pa_rate"]
    for alert in found:
        assert alert.message and alert.what_to_do and alert.easy
        assert all(len(line.split()) <= 12 for line in alert.easy), alert.easy
    words = {a.code: a for a in found}
    assert words["no_spending"].message == ("No spending for 47 weeks: nothing recorded or on a bank statement since "
                                            "1 January 2026.")
    assert "£2,000.00 is 10.0 weeks of payments" in words["balance_high"].message
    assert words["outside_plan"].message == "Payments from the account that match no item in the plan: 2."


def test_no_spending_counts_from_the_latest_spending_and_never_for_a_budget_with_no_direct_payment():
    assert [a.code for a in _alerts(last_spent_on=D(2026, 11, 1))] == []
    assert [a.code for a in _alerts(last_spent_on=D(2026, 10, 1))] == ["no_spending"]
    assert _alerts(weekly_pence=0) == []  # an individual service fund: the person has no account to spend from


def test_spending_recorded_counts_at_once_and_once_more_when_the_statement_shows_it(council):
    person = council.live_person(user=council.holder)
    case = council.case(person)
    actions.pay(D(2026, 1, 20), actor=council.finance)
    actions.pay(D(2026, 2, 17), actor=council.finance)
    today = D(2026, 5, 1)
    assert [a.code for a in queries.monitor(case, today=today).alerts] == ["no_spending"]
    actions.record_spending(case, actor=council.holder, spent_on=D(2026, 4, 20), payee="Sam Okafor", amount_pence=12000)
    m = queries.monitor(case, today=today)
    assert (m.balance_pence, m.waiting_pence, m.left_pence, m.last_spent_on) == (160000, 12000, 148000, D(2026, 4, 20))
    assert m.alerts == []
    assert queries.accounts_with_alerts(today=today) == []  # finance's list counts it too
    actions.import_statement("Date,Description,Amount\n2026-04-21,SAM OKAFOR,-120.00\n", name="s.csv",
                             actor=council.finance, account_ref="DP-EX000001")
    actions.reconcile()
    seen = queries.at_a_glance(case, today=today)
    assert (seen.monitor.balance_pence, seen.monitor.waiting_pence, seen.monitor.left_pence) == (148000, 0, 148000)
    assert (seen.paid_in_pence, seen.payments_in, seen.statement_spent_pence, seen.statement_to) == (
        160000, 2, 12000, D(2026, 4, 21))
    assert (seen.recorded_pence, seen.recorded, seen.waiting_count, seen.other_pence) == (12000, 1, 0, 0)
    assert StatementLine.objects.get().reported is not None


def test_the_figures_add_up_to_the_balance_after_a_correction(council):
    person = council.live_person(user=council.holder)
    case = council.case(person)
    actions.pay(D(2026, 1, 20), actor=council.finance)
    entry = JournalEntry.objects.get(case=case, kind=JournalEntry.Kind.INSTALMENT)
    actions.reverse(entry, actor=council.finance, reason="Paid to the wrong account")
    seen = queries.at_a_glance(case, today=D(2026, 2, 10))
    assert seen.monitor.balance_pence == 0 and seen.paid_in_pence == 80000 and seen.other_pence == -80000
    assert (seen.paid_in_pence + seen.contribution_pence - seen.statement_spent_pence + seen.other_pence
            == seen.monitor.balance_pence)


def test_an_individual_service_fund_shows_what_the_ledger_holds_for_the_provider(council):
    from selfdirect.planning import actions as planning

    person = council.person(user=council.holder)
    council.assess(person)
    council.plan(person)
    council.submit(person)
    council.approve(person)
    council.organise(person, "individual_service_fund")
    planning.start_support(council.case(person), actor=council.worker, starts_on=D(2026, 2, 1))
    actions.pay(D(2026, 1, 20), actor=council.finance)
    seen = queries.at_a_glance(council.case(person), today=D(2026, 2, 10))
    paid = council.case(person).instalments.count()
    assert seen.funds == [queries.Fund("Exe Valley Home Care", paid * 80000, paid)]
    assert not seen.has_direct_payment and seen.monitor.alerts == []
    assert seen.next_due and all("individual service fund" in d.payee for d in seen.next_due)
