"""The figures the budget holder's home shows (money.queries.at_a_glance, money.monitoring): recorded spending counts
at once and once; every alert says what to do; a budget with no direct payment is never "not spending"; an individual
service fund shows what the council paid in, what the provider's statement shows it spent and what it holds, with an
alert when the provider's newest statement is too old."""

import datetime

import pytest

from selfdirect.audit.models import AuditEvent
from selfdirect.money import actions, monitoring, queries, statements
from selfdirect.money.models import JournalEntry, LedgerAccount, StatementLine

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


def _fund_holder(council):
    """A live individual service fund (£200 a week from Exe Valley Home Care from 1 February 2026), paid twice."""
    person = council.live_person(user=council.holder, option="individual_service_fund")
    actions.pay(D(2026, 1, 20), actor=council.finance)
    actions.pay(D(2026, 2, 17), actor=council.finance)
    return council.case(person)


def test_an_individual_service_fund_shows_what_was_paid_in_spent_on_the_providers_statement_and_held(council):
    case = _fund_holder(council)
    reference = f"ISF-EX000001-{council.agency.pk}"
    seen = queries.at_a_glance(case, today=D(2026, 2, 10))
    (fund,) = seen.funds
    assert (fund.provider, fund.reference, fund.paid_pence, fund.payments) == ("Exe Valley Home Care", reference, 160000, 2)
    assert (fund.spent_pence, fund.holds_pence, fund.statement_to, fund.lines, fund.other_pence) == (0, 160000, None, (), 0)
    assert not seen.has_direct_payment and seen.monitor.alerts == [] and seen.alerts == []
    assert seen.next_due and all("individual service fund" in d.payee for d in seen.next_due)
    statement = "Date,Description,Amount,Hours,Fund\n" + "".join(
        f"2026-02-{day:02d},Home care visits,-{amount}.00,{hours},{reference}\n"
        for day, amount, hours in [(7, 200, 10), (14, 180, 9), (21, 200, 10), (28, 200, "")])
    actions.import_fund_statement(statement, name="february.csv", actor=council.provider,
                                  mapping=statements.Mapping(account="Fund", hours="Hours"))
    (fund,) = queries.at_a_glance(case, today=D(2026, 3, 10)).funds
    assert (fund.paid_pence, fund.spent_pence, fund.holds_pence, fund.statement_to) == (160000, 78000, 82000, D(2026, 2, 28))
    assert fund.paid_pence - fund.spent_pence + fund.other_pence == fund.holds_pence
    assert [(line.posted_on.day, line.amount_pence, line.hours) for line in fund.lines] == [
        (28, -20000, None), (21, -20000, 10), (14, -18000, 9), (7, -20000, 10)]
    assert fund.alerts == ()
    # a spending line corrected: what the fund holds moves, and the correction shows as another change
    wrong = StatementLine.objects.get(account__key__startswith="isf:", posted_on=D(2026, 2, 14))
    actions.correct_statement_line(wrong, actor=council.finance, reason="The provider charged a visit that did not happen")
    (fund,) = queries.at_a_glance(case, today=D(2026, 3, 10)).funds
    assert (fund.spent_pence, fund.holds_pence, fund.other_pence) == (78000, 100000, 18000)


def test_a_providers_statement_more_than_eight_weeks_old_is_an_alert_saying_what_to_do(council, settings):
    settings.COUNCIL_PHONE = "01999 000111"
    case = _fund_holder(council)
    # no statement at all: an alert once the fund was first paid more than 8 weeks ago
    assert queries.at_a_glance(case, today=D(2026, 3, 28)).alerts == []
    (alert,) = queries.at_a_glance(case, today=D(2026, 3, 30)).alerts
    assert alert.code == "fund_no_statement"
    assert alert.message == ("Exe Valley Home Care has not sent us a statement of the fund. The council first paid it on "
                             "1 February 2026, 8 weeks ago.")
    assert alert.what_to_do == ("Ask Exe Valley Home Care to send the council a statement of what they have spent from "
                                "the fund. If they do not, or you are worried about the money, phone us on 01999 000111.")
    reference = f"ISF-EX000001-{council.agency.pk}"
    actions.import_statement(f"Date,Description,Amount,Fund\n2026-02-07,Visits,-200.00,{reference}\n", name="s.csv",
                             actor=council.finance, mapping=statements.Mapping(account="Fund"))
    assert queries.at_a_glance(case, today=D(2026, 4, 4)).alerts == []  # 8 weeks to the day: not yet
    (alert,) = queries.at_a_glance(case, today=D(2026, 4, 5)).alerts
    assert alert.code == "fund_statement_old"
    assert alert.message == "Exe Valley Home Care’s newest statement of the fund goes up to 7 February 2026: 8 weeks ago."
    assert all(len(line.split()) <= 12 for line in alert.easy), alert.easy
    settings.FUND_STATEMENT_WEEKS = 12  # the council's own expectation of its providers
    assert queries.at_a_glance(case, today=D(2026, 4, 5)).alerts == []


def test_one_statement_line_is_corrected_once_by_an_entry_of_its_own_and_the_ledger_stays_sound(council):
    case = _fund_holder(council)
    fund = LedgerAccount.objects.get(case=case, key__startswith="isf:")
    text = "Date,Description,Amount,Fund\n" + "".join(f"2026-02-{d:02d},Visit,-50.00,{fund.reference}\n" for d in (3, 10))
    actions.import_statement(text, name="feb.csv", actor=council.finance, mapping=statements.Mapping(account="Fund"))
    first, second = StatementLine.objects.filter(account=fund).order_by("posted_on")
    assert first.entry == second.entry
    with pytest.raises(actions.MoneyError, match="Give the reason"):
        actions.correct_statement_line(first, actor=council.finance, reason=" ")
    made = actions.correct_statement_line(first, actor=council.finance, reason="A visit that did not happen")
    assert made.kind == JournalEntry.Kind.REVERSAL and made.on == D(2026, 2, 3)
    assert sorted((p.account.key, p.amount_pence) for p in made.postings.select_related("account")) == [
        (fund.key, 5000), ("spent", -5000)]
    assert LedgerAccount.objects.get(pk=fund.pk).balance_pence == fund.balance_pence - 10000 + 5000
    with pytest.raises(actions.MoneyError, match="already been corrected"):
        actions.correct_statement_line(first, actor=council.finance, reason="Again")
    with pytest.raises(actions.MoneyError, match="correct the line that is wrong instead"):  # the month's entry stays
        actions.reverse(second.entry, actor=council.finance, reason="Both visits")
    assert queries.check() == []
    assert AuditEvent.objects.filter(what__startswith=f"Corrected statement line {first.pk}").exists()
