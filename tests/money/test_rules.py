"""The money's rules, without a database: postings balance, the schedule pays each period once, statements are read
exactly, matching is deterministic, and recovery waits for every safeguard."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selfdirect.money import monitoring, postings, reconcile, recovery, schedule, statements
from selfdirect.money.postings import Posting

D = datetime.date


def test_an_entry_must_balance_to_the_penny():
    with pytest.raises(postings.UnbalancedEntry, match="sum to 1p"):
        postings.entry(Posting("direct_payment", 101), Posting("council_funding", -100))
    with pytest.raises(postings.UnbalancedEntry, match="whole pence"):
        postings.entry(Posting("direct_payment", 1.5), Posting("council_funding", -1.5))
    with pytest.raises(postings.UnbalancedEntry, match="unknown account"):
        postings.entry(Posting("pocket", 1), Posting("council_funding", -1))


@given(dp=st.integers(0, 10**7), commissioned=st.integers(0, 10**7), contribution=st.integers(0, 10**7),
       isf=st.dictionaries(st.integers(1, 5), st.integers(0, 10**6), max_size=3), policy=st.sampled_from(["net", "gross"]))
def test_an_instalment_always_balances_and_the_person_never_pays_more_than_the_budget(dp, commissioned, contribution, isf, policy):
    total = dp + commissioned + sum(isf.values())
    if total == 0:
        return
    made = {p.account: p.amount_pence for p in postings.instalment(direct_payment_pence=dp, isf_pence=isf,
                                                                   commissioned_pence=commissioned, contribution_pence=contribution)}
    assert sum(made.values()) == 0
    assert -made.get("contribution", 0) == min(contribution, total)
    cash = postings.paid_by_council_to_direct_payment(direct_payment_pence=dp, contribution_pence=contribution, policy=policy)
    assert 0 <= cash <= dp


def test_a_direct_payment_is_paid_net_of_the_contribution_only_under_net_and_never_for_a_care_home_resident():
    # £200.00 of direct payment over four weeks, a contribution of £50.00 a week (£200.00 over four weeks)
    assert postings.netted_pence(contribution_pence=20000, direct_payment_pence=80000, policy="net") == 20000
    assert postings.netted_pence(contribution_pence=90000, direct_payment_pence=80000, policy="net") == 80000
    assert postings.netted_pence(contribution_pence=20000, direct_payment_pence=80000, policy="gross") == 0
    assert postings.netted_pence(contribution_pence=20000, direct_payment_pence=80000, policy="net",
                                 invoiced_in_full=True) == 0  # a care home resident's: invoiced in full
    assert postings.paid_by_council_to_direct_payment(direct_payment_pence=80000, contribution_pence=20000,
                                                      policy="net", offset_pence=1000) == 59000
    assert postings.paid_by_council_to_direct_payment(direct_payment_pence=80000, contribution_pence=20000,
                                                      policy="net", invoiced_in_full=True) == 80000


def test_a_reversal_turns_every_posting_over():
    original = postings.spending(2500)
    assert {p.account: p.amount_pence for p in postings.reversal(original)} == {"direct_payment": 2500, "spent": -2500}


CYCLE = schedule.Cycle(D(2026, 1, 12), advance_days=2)  # runs every four weeks from Monday 12 January 2026 (more in test_schedule)


def test_periods_are_four_weekly_in_advance_and_each_is_paid_once():
    start = D(2026, 1, 5)
    to_pay, late, _ = schedule.due_periods(start, D(2025, 12, 15), cycle=CYCLE, paid=set())
    assert [p.starts_on for p in to_pay] == [D(2026, 1, 5)] and late == []
    to_pay, late, _ = schedule.due_periods(start, D(2026, 3, 10), cycle=CYCLE, paid={0})
    # 30 March too: the next run (Thursday 2 April, Easter Monday moved back) would be too late for it
    assert [p.starts_on for p in to_pay] == [D(2026, 2, 2), D(2026, 3, 2), D(2026, 3, 30)]
    assert [p.starts_on for p in late] == [D(2026, 2, 2), D(2026, 3, 2)]  # a missed run catches up and says so


@given(st.lists(st.dates(D(2026, 1, 1), D(2027, 12, 31)), min_size=1, max_size=12))
def test_whatever_the_run_dates_each_period_is_paid_exactly_once(run_dates):
    start, paid = D(2026, 1, 5), []
    for run_date in run_dates:
        to_pay, _, _ = schedule.due_periods(start, run_date, cycle=CYCLE, paid=set(paid))
        paid += [p.number for p in to_pay]
    assert len(paid) == len(set(paid))
    assert sorted(paid) == list(range(len(paid)))  # no gaps: the periods up to the latest run are all paid


def test_a_suspended_period_is_skipped_and_reported():
    to_pay, _, skipped = schedule.due_periods(D(2026, 1, 5), D(2026, 2, 1), cycle=CYCLE, paid=set(),
                                              suspended=lambda p: p.starts_on == D(2026, 2, 2))
    assert [p.number for p in to_pay] == [0] and [p.number for p in skipped] == [1]


@pytest.mark.parametrize(("text", "pence"), [("12.30", 1230), ("-12.3", -1230), ("£1,234.56", 123456), ("(5.00)", -500),
                                             ("7.50 DR", -750), ("+3", 300)])
def test_amounts_are_read_to_the_penny_without_floats(text, pence):
    assert statements.parse_pence(text) == pence


def test_a_csv_with_debit_and_credit_columns_and_day_first_dates_is_read():
    text = "Date,Details,Paid out,Paid in\n01/12/2026,SAM OKAFOR PA,120.00,\n03/12/2026,COUNCIL DP,,800.00\n"
    mapping = statements.Mapping(date="Date", description="Details", amount=None, debit="Paid out", credit="Paid in")
    lines = statements.read_csv(text, mapping, account="DP-EX000001")
    assert [(line.posted_on, line.amount_pence) for line in lines] == [(D(2026, 12, 1), -12000), (D(2026, 12, 3), 80000)]


def test_two_genuine_equal_payments_on_one_day_both_stay_and_a_repeat_file_has_the_same_fingerprints():
    text = "Date,Description,Amount\n2026-12-01,Taxi,-9.00\n2026-12-01,Taxi,-9.00\n"
    first = statements.read_csv(text, statements.Mapping(), account="A")
    again = statements.read_csv(text, statements.Mapping(), account="A")
    assert len({line.fingerprint for line in first}) == 2
    assert [line.fingerprint for line in first] == [line.fingerprint for line in again]


def test_a_transaction_id_is_the_fingerprint_when_there_is_one():
    one = statements.read_csv("Date,Description,Amount,Id\n2026-12-01,Taxi,-9.00,T1\n", statements.Mapping(transaction_id="Id"), account="A")
    other = statements.read_csv("Date,Description,Amount,Id\n2026-12-01,TAXI LTD,-9.00,T1\n", statements.Mapping(transaction_id="Id"), account="A")
    assert one[0].fingerprint == other[0].fingerprint


@pytest.mark.parametrize(("text", "message"), [
    ("Date,Description,Amount\n2026-13-01,Taxi,-9.00\n", "line 2, column 'Date'"),
    ("Date,Description,Amount\n2026-12-01,Taxi,nine\n", "line 2, column 'Amount'"),
    ("Date,Description,Amount\n2026-12-01,Taxi\n", "line 2: 2 columns, expected 3"),
    ("When,Description,Amount\n", "line 1: no column named 'Date'"),
    ("", "line 1: the file is empty"),
])
def test_a_malformed_csv_is_refused_whole_naming_the_line_and_column(text, message):
    with pytest.raises(statements.StatementError, match=message.replace("(", r"\(")):
        statements.read_csv(text, statements.Mapping(), account="A")


OFX = """OFXHEADER:100
DATA:OFXSGML
<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKACCTFROM><ACCTID>DP-EX000001</BANKACCTFROM><BANKTRANLIST>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20261201120000<TRNAMT>-45.50<FITID>A1<NAME>Drumming class
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261202<TRNAMT>800.00<FITID>A2<NAME>Exampleshire Council
</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
"""


def test_an_ofx_statement_is_read_with_its_transaction_ids():
    lines = statements.read(OFX, name="statement.ofx")
    assert [(line.account, line.posted_on, line.amount_pence, line.transaction_id) for line in lines] == [
        ("DP-EX000001", D(2026, 12, 1), -4550, "A1"), ("DP-EX000001", D(2026, 12, 2), 80000, "A2")]
    with pytest.raises(statements.StatementError, match="TRNAMT"):
        statements.read(OFX.replace("-45.50", "lots"), name="statement.ofx")


def test_a_debit_matches_the_nearest_reported_spending_of_the_same_amount_then_a_plan_item():
    debits = [reconcile.Debit(1, "A", D(2026, 12, 2), 12000, "SAM OKAFOR"), reconcile.Debit(2, "A", D(2026, 12, 9), 4550, "DRUM CLUB"),
              reconcile.Debit(3, "A", D(2026, 12, 9), 999, "BETTING SHOP")]
    reported = [reconcile.Reported(10, "A", D(2026, 11, 20), 12000, "Sam", 7), reconcile.Reported(11, "A", D(2026, 12, 1), 12000, "Sam Okafor", 7)]
    items = [reconcile.Item(8, "A", "Community Drum Club", 4550, 18200)]
    found = reconcile.match(debits, reported, items)
    assert found == [reconcile.Match(1, 11, 7, "reported"), reconcile.Match(2, None, 8, "plan item")]


def test_recovery_is_refused_until_every_safeguard_is_met():
    today = D(2026, 12, 1)
    problems = recovery.refusals(today=today, reviews=[D(2025, 6, 1)], warning_sent_on=D(2026, 11, 20), response_days=28,
                                 explanation="", amount_pence=5000, surplus_pence=4000)
    assert len(problems) == 4
    assert any("review" in p for p in problems) and any("18 December 2026" in p for p in problems)
    assert recovery.refusals(today=today, reviews=[D(2026, 6, 1)], warning_sent_on=D(2026, 11, 1), response_days=28,
                             explanation="None given", amount_pence=4000, surplus_pence=4000) == []


def test_the_surplus_is_what_is_above_the_allowed_weeks_after_committed_spending():
    assert recovery.surplus(300000, 20000, weeks_allowed=8, committed_pence=50000) == 90000
    assert recovery.surplus(100000, 20000, weeks_allowed=8) == 0


def test_audits_are_due_six_months_after_the_first_payment_then_every_twelve():
    assert recovery.audits_due(D(2026, 8, 31), [], D(2026, 9, 1)) == D(2027, 2, 28)
    assert recovery.audits_due(D(2026, 1, 1), [D(2026, 7, 1)], D(2026, 9, 1)) == D(2027, 7, 1)


def test_alerts_name_a_high_balance_no_spending_outside_plan_and_a_pa_paid_above_the_rate():
    found = monitoring.alerts(today=D(2026, 12, 1), balance_pence=200000, weekly_pence=20000, weeks_allowed=8,
                              last_spent_on=D(2026, 9, 1), first_paid_on=D(2026, 1, 1), outside_plan=2, pa_overpaid=["Sam"])
    assert [a.code for a in found] == ["balance_high", "no_spending", "outside_plan", "pa_rate"]
    assert monitoring.alerts(today=D(2026, 12, 1), balance_pence=100, weekly_pence=20000, weeks_allowed=8,
                             last_spent_on=D(2026, 11, 30), first_paid_on=D(2026, 1, 1), outside_plan=0, pa_overpaid=[]) == []
