"""The ledger with a database: payment runs pay each instalment once and survive being killed, statements import once,
reconciliation matches, recovery waits for its safeguards, and `money check` finds anything wrong."""

import datetime

import pytest

from selfdirect.money import actions, queries, statements
from selfdirect.money.models import JournalEntry, LedgerAccount, PaymentLine, PaymentRun, StatementLine

D = datetime.date


@pytest.fixture
def holder(council):
    """Elsie: £200 a week by direct payment from 1 February 2026, paid into sort code 30-99-50, account 12345678."""
    return council.live_person(user=council.holder)


def dp_balance(case):
    return LedgerAccount.objects.get(case=case, key="direct_payment").balance_pence


def test_a_run_pays_four_weeks_in_advance_once_whatever_the_run_dates(council, holder):
    case = council.case(holder)
    run, report = actions.pay(D(2026, 1, 20), actor=council.finance)
    assert report.paid == 1 and report.late == []
    assert run.file_text.splitlines()[1] == "E Evans DP account,309950,12345678,800.00,SD260120EX000001"
    again, report_again = actions.pay(D(2026, 1, 20), actor=council.finance)
    assert report_again.already_made and again.file_text == run.file_text and again.pk == run.pk
    _, later = actions.pay(D(2026, 3, 20), actor=council.finance)  # the February run was missed
    assert later.paid == 2 and len(later.late) == 1 and "missed by an earlier run" in later.late[0]
    _, earlier = actions.pay(D(2026, 2, 10), actor=council.finance)  # a run dated between pays nothing twice
    assert earlier.paid == 0
    assert sorted(case.instalments.values_list("period_number", flat=True)) == [0, 1, 2]
    assert dp_balance(case) == 3 * 80000
    assert queries.check() == []


def test_a_run_killed_before_it_commits_leaves_nothing_and_runs_again_the_same(council, holder, monkeypatch):
    def killed(run, report):
        raise KeyboardInterrupt

    monkeypatch.setattr(actions, "_pay_one_offs", killed)
    with pytest.raises(KeyboardInterrupt):
        actions.pay(D(2026, 1, 20), actor=council.finance)
    assert not PaymentRun.objects.exists() and not JournalEntry.objects.exists()
    monkeypatch.undo()
    run, report = actions.pay(D(2026, 1, 20), actor=council.finance)
    assert report.paid == 1 and run.lines.count() == 1 and queries.check() == []


def test_a_suspended_budget_is_skipped_and_reported(council, holder):
    actions.suspend(council.case(holder), actor=council.worker, starts_on=D(2026, 1, 1), ends_on=D(2026, 2, 20),
                    reason="In hospital")
    run, report = actions.pay(D(2026, 1, 20), actor=council.finance)
    assert report.paid == 0 and report.suspended == ["EX000001: period from 2026-02-01 skipped (suspended)"]
    assert run.file_text == "payee,sort_code,account_number,amount,reference\r\n"
    with pytest.raises(actions.MoneyError, match="reason"):
        actions.suspend(council.case(holder), actor=council.worker, starts_on=D(2026, 1, 1), reason=" ")


@pytest.mark.parametrize(("policy", "paid"), [("net", 60000), ("gross", 80000)])
def test_the_direct_payment_is_net_of_the_contribution_or_gross_by_council_policy(council, holder, monkeypatch, policy, paid):
    from selfdirect.charging import actions as charging_actions
    from selfdirect.charging import queries as charging
    from selfdirect.charging.models import ChargingPolicyVersion

    ChargingPolicyVersion.objects.all().delete()  # not the version the migrations imported: these two
    charging_actions.set_policy(actor=council.finance, effective_from=D(2025, 4, 1), reason="The council's decision",
                                values={"direct_payment_contribution": "gross" if policy == "net" else "net"})
    charging_actions.set_policy(actor=council.finance, effective_from=D(2026, 1, 1), reason="The council's decision",
                                values={"direct_payment_contribution": policy})  # the policy in force when paid
    monkeypatch.setattr(charging, "contribution_weekly_pence", lambda person: 5000)
    run, report = actions.pay(D(2026, 1, 20), actor=council.finance)
    assert run.lines.get().amount_pence == paid
    # net: the person pays their contribution into the account, which the run counts; gross: the run counts none of
    # it, and it is invoiced instead (tests/money/test_community_invoices.py), so it is never counted twice
    assert queries.balances(council.case(holder)).get("contribution", 0) == (-20000 if policy == "net" else 0)
    assert queries.check() == []


def test_an_individual_service_fund_is_paid_to_the_provider_as_held(council):
    council.agency.bank_sort_code, council.agency.bank_account_number = "401122", "87654321"
    council.agency.save()
    person = council.person()
    council.assess(person)
    council.plan(person)
    council.submit(person)
    council.approve(person)
    council.go_live(person, option="individual_service_fund")
    run, _ = actions.pay(D(2026, 1, 20), actor=council.finance)
    line = run.lines.get()
    assert (line.payee, line.sort_code, line.account_number, line.amount_pence) == ("Exe Valley Home Care", "401122", "87654321", 80000)
    assert queries.balances(council.case(person))[f"isf:{council.agency.pk}"] == 80000


def test_a_one_off_payment_needs_approval_by_someone_else_and_is_paid_once(council, holder):
    case = council.case(holder)
    one_off = actions.request_one_off(case, actor=council.worker, description="Shower chair", amount_pence=8999)
    actions.pay(D(2026, 1, 20), actor=council.finance)
    assert PaymentLine.objects.filter(amount_pence=8999).count() == 0
    with pytest.raises(actions.MoneyError, match="team manager"):
        actions.approve_one_off(one_off, actor=council.worker)
    actions.approve_one_off(one_off, actor=council.manager)
    _, report = actions.pay(D(2026, 1, 27), actor=council.finance)
    _, report2 = actions.pay(D(2026, 1, 28), actor=council.finance)
    assert report.one_offs == 1 and report2.one_offs == 0
    assert PaymentLine.objects.filter(amount_pence=8999).count() == 1


STATEMENT = """Date,Description,Amount,Account
2026-02-03,SAM OKAFOR,-120.00,DP-EX000001
2026-02-03,SAM OKAFOR,-120.00,DP-EX000001
2026-02-05,EXAMPLESHIRE COUNCIL,800.00,DP-EX000001
2026-02-06,CORNER SHOP,-12.50,DP-NOBODY
"""


def test_a_statement_imports_once_keeps_equal_payments_and_refuses_unknown_accounts(council, holder):
    actions.pay(D(2026, 1, 20), actor=council.finance)
    mapping = statements.Mapping(account="Account")
    first = actions.import_statement(STATEMENT, name="feb.csv", actor=council.finance, mapping=mapping)
    assert (first.imported, first.duplicates) == (3, 0)
    assert first.refused == ["line 5: no direct payment account 'DP-NOBODY'"]
    again = actions.import_statement(STATEMENT, name="feb-again.csv", actor=council.finance, mapping=mapping)
    assert (again.imported, again.duplicates) == (0, 3)
    assert dp_balance(council.case(holder)) == 80000 - 24000  # the two equal payments both stay
    assert queries.check() == []


def test_a_malformed_statement_writes_nothing(council, holder):
    bad = STATEMENT.replace("-12.50", "twelve")
    with pytest.raises(statements.StatementError, match="line 5, column 'Amount'"):
        actions.import_statement(bad, name="bad.csv", actor=council.finance, mapping=statements.Mapping(account="Account"))
    assert not StatementLine.objects.exists() and not JournalEntry.objects.filter(kind="spending").exists()


def test_reconciliation_matches_reported_spending_and_plan_items_and_leaves_the_rest(council, holder):
    case = council.case(holder)
    item = case.plans.get().items.get()
    actions.pay(D(2026, 1, 20), actor=council.finance)
    actions.record_spending(case, actor=council.holder, spent_on=D(2026, 2, 2), payee="Sam Okafor", amount_pence=12000,
                            item=item, what_for="PA wages", hours=8)
    text = ("Date,Description,Amount\n2026-02-03,SAM OKAFOR,-120.00\n2026-02-04,Exe Valley Home Care,-20.00\n"
            "2026-02-05,BETTING SHOP,-10.00\n")
    actions.import_statement(text, name="s.csv", actor=council.finance, account_ref="DP-EX000001")
    assert actions.reconcile() == 2
    by_text = {line.description: line for line in StatementLine.objects.all()}
    assert by_text["SAM OKAFOR"].reported.payee == "Sam Okafor" and by_text["SAM OKAFOR"].item == item
    assert by_text["Exe Valley Home Care"].matched_how == "plan item"
    assert list(queries.unmatched_lines()) == [by_text["BETTING SHOP"]]
    actions.match_by_hand(by_text["BETTING SHOP"], actor=council.finance, outside_plan=True)
    alerts = [a.code for a in queries.monitor(case, today=D(2026, 2, 10)).alerts]
    assert "outside_plan" in alerts
    assert actions.reconcile() == 0  # nothing is matched twice


def test_a_pa_paid_above_the_plans_rate_is_an_alert(council, holder):
    case = council.case(holder)
    item = case.plans.get().items.get()  # £20 an hour
    actions.record_spending(case, actor=council.holder, spent_on=D(2026, 2, 2), payee="Sam Okafor", amount_pence=20000,
                            item=item, hours=8)
    assert not any(a.code == "pa_rate" for a in queries.monitor(case, today=D(2026, 2, 10)).alerts)
    item.supplier_kind = "personal_assistant"
    item.save()
    assert any(a.code == "pa_rate" for a in queries.monitor(case, today=D(2026, 2, 10)).alerts)


def _with_surplus(council, holder):
    case = council.case(holder)
    actions.pay(D(2026, 10, 1), actor=council.finance)  # ten instalments: £8,000 unspent
    return case


def test_a_recovery_is_refused_without_a_review_a_warning_the_response_period_and_the_explanation(council, holder):
    from selfdirect.outcomes import actions as reviews

    case = _with_surplus(council, holder)
    assert dp_balance(case) == 10 * 80000
    found = actions.find_surplus(case, actor=council.finance, on=D(2026, 10, 2))
    assert found.surplus_pence == 10 * 80000 - 8 * 20000
    with pytest.raises(actions.MoneyError) as refused:
        actions.decide_recovery(found, actor=council.finance, on=D(2026, 10, 2), decision="recover", amount_pence=100000, reason="Surplus")
    assert "review" in str(refused.value) and "warning letter" in str(refused.value) and "explanation" in str(refused.value)
    actions.send_warning(found, actor=council.finance, on=D(2026, 10, 2))
    assert "£6,400.00" in found.letter and "We have not taken any money" in found.letter
    plan = case.plans.get()
    reviews.record_review(case, actor=council.worker, held_on=D(2026, 9, 1), summary="Going well", decision="continue",
                          ratings={o.pk: "achieved" for o in plan.outcomes.all()},
                          depth="light", reason="Planned", method="Service user only",
                          what_changed="Nothing changed")
    actions.record_explanation(found, actor=council.finance, explanation="Saving for a week's respite in March",
                               committed_pence=120000)
    with pytest.raises(actions.MoneyError, match="until 30 October 2026"):
        actions.decide_recovery(found, actor=council.finance, on=D(2026, 10, 20), decision="recover", amount_pence=100000, reason="x")
    with pytest.raises(actions.MoneyError, match="more than the surplus"):
        actions.decide_recovery(found, actor=council.finance, on=D(2026, 11, 1), decision="recover", amount_pence=700000, reason="x")
    actions.decide_recovery(found, actor=council.finance, on=D(2026, 11, 1), decision="recover", amount_pence=500000,
                            reason="Surplus after respite savings")
    balances = queries.balances(case)
    assert balances["recovered"] == 500000 and balances["direct_payment"] == 10 * 80000 - 500000 and balances["surplus"] == 0
    actions.appeal(found, actor=council.manager, on=D(2026, 11, 20), text="The respite costs more", upheld=True)
    assert queries.balances(case)["direct_payment"] == 10 * 80000 and queries.balances(case)["recovered"] == 0
    assert queries.check() == []


def test_a_reduction_of_future_payments_is_taken_from_the_next_runs(council, holder):
    from selfdirect.outcomes import actions as reviews

    case = _with_surplus(council, holder)
    found = actions.find_surplus(case, actor=council.finance, on=D(2026, 10, 2))
    actions.send_warning(found, actor=council.finance, on=D(2026, 10, 2))
    plan = case.plans.get()
    reviews.record_review(case, actor=council.worker, held_on=D(2026, 9, 1), summary="Fine", decision="continue",
                          ratings={o.pk: "achieved" for o in plan.outcomes.all()},
                          depth="light", reason="Planned", method="Service user only",
                          what_changed="Nothing changed")
    actions.record_explanation(found, actor=council.finance, explanation="No reply", committed_pence=0)
    actions.decide_recovery(found, actor=council.finance, on=D(2026, 11, 1), decision="reduce", amount_pence=100000, reason="Agreed")
    run, _ = actions.pay(D(2026, 11, 1), actor=council.finance)
    assert not run.lines.exists()  # the whole £800 instalment was taken off
    found.refresh_from_db()
    assert found.reduction_left_pence == 20000
    run2, _ = actions.pay(D(2026, 11, 25), actor=council.finance)
    assert run2.lines.get().amount_pence == 60000
    assert queries.balances(case)["recovered"] == 100000 and queries.check() == []


def test_the_check_finds_a_tampered_balance_a_changed_payment_file_and_an_unbalanced_entry(council, holder):
    from selfdirect.money.models import Posting

    run, _ = actions.pay(D(2026, 1, 20), actor=council.finance)
    assert queries.check() == []
    LedgerAccount.objects.filter(key="direct_payment").update(balance_pence=1)
    PaymentRun.objects.filter(pk=run.pk).update(file_text=run.file_text.replace("800.00", "8000.00"))
    Posting.objects.filter(account__key="commissioned").delete()
    posting = Posting.objects.filter(account__key="council_funding").first()
    Posting.objects.filter(pk=posting.pk).update(amount_pence=posting.amount_pence + 1)
    problems = queries.check()
    assert any("balance 1p but its postings sum to 80000p" in p for p in problems)
    assert any("payment file does not match" in p for p in problems)
    assert any("postings sum to 1p" in p for p in problems)


def test_a_correction_is_a_reversing_entry_made_once(council, holder):
    actions.pay(D(2026, 1, 20), actor=council.finance)
    entry = JournalEntry.objects.get(kind="instalment")
    with pytest.raises(actions.MoneyError, match="reason"):
        actions.reverse(entry, actor=council.finance, reason="")
    actions.reverse(entry, actor=council.finance, reason="Paid to the wrong budget")
    with pytest.raises(actions.MoneyError, match="already been corrected"):
        actions.reverse(entry, actor=council.finance, reason="Again")
    assert dp_balance(council.case(holder)) == 0 and queries.check() == []


def test_an_audit_with_no_surplus_is_recorded_and_sets_when_the_next_is_due(council, holder):
    from selfdirect.money import recovery

    case = council.case(holder)
    actions.pay(D(2026, 1, 20), actor=council.finance)
    found = actions.find_surplus(case, actor=council.finance, on=D(2026, 7, 1))
    assert found.status == "closed" and found.surplus_pence == 0
    audits = list(case.recoveries.values_list("found_on", flat=True))
    assert recovery.audits_due(D(2026, 2, 1), audits, D(2026, 7, 2)) == D(2027, 7, 1)
