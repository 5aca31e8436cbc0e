"""No money page and no payment run asks more queries for more rows (issue 14). Each page is read with one round of
rows and again with two; a payment run is made over one round of budgets and again over two. Rows are made with the
`council` fixture and the money's own actions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from selfdirect.charging import actions as charging
from selfdirect.money import actions, queries
from selfdirect.money.models import StatementLine
from selfdirect.planning.models import DirectPaymentSetup
from tests.charging.inputs import assessment_input

D = datetime.date
TODAY = D(2026, 6, 1)

# What one batch of a payment run may ask at most (actions.PAY_BATCH budgets a batch): ten reads (the cases, their
# suspensions, contributions, plans, plan items, paid periods, direct payment set-ups, reductions, providers, ledger
# accounts) and six writes (accounts opened, entries, postings, instalments, payment lines, reductions taken), each
# one statement while the batch's rows fit the database's limit on an INSERT's parameters.
PER_BATCH = 16


def counted(fn):
    with CaptureQueriesContext(connection) as captured:
        result = fn()
    return len(captured), result


def read(client, user, url) -> tuple[int, str]:
    client.force_login(user)
    assert client.get(url).status_code == 200
    n, response = counted(lambda: client.get(url))
    assert response.status_code == 200
    return n, response.content.decode()


def add_budgets(council, run_on, n=3) -> list:
    """n live direct payment budgets as the finance pages see them: a contribution assessed, paid by a run on
    `run_on`, their personal assistant paid above the plan's rate, and a statement of three lines (one matched to the
    reported spending, one matched by hand to nothing in the plan, one left to match)."""
    people = []
    for _ in range(n):
        person = council.live_person()
        item = council.case(person).plans.get().items.get()
        item.supplier_kind = "personal_assistant"
        item.save()
        charging.record_assessment(person, assessment_input(person), actor=council.finance)
        people.append(person)
    actions.pay(run_on, actor=council.finance)
    for person in people:
        case = council.case(person)
        actions.record_spending(case, actor=council.finance, spent_on=D(2026, 2, 2), payee="Sam Okafor", amount_pence=20000,
                                item=case.plans.get().items.get(), hours=8)
        actions.import_statement("Date,Description,Amount\n2026-02-03,SAM OKAFOR,-200.00\n2026-02-04,BETTING SHOP,-10.00\n"
                                 "2026-02-05,CORNER SHOP,-4.00\n", name=f"{person.la_person_id}.csv", actor=council.finance,
                                 account_ref=actions.account_reference(case))
    actions.reconcile()
    for line in StatementLine.objects.filter(description="BETTING SHOP", matched_how=""):
        actions.match_by_hand(line, actor=council.finance, outside_plan=True)
    return people


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    return TODAY


def test_the_finance_home_asks_the_same_queries_for_twice_the_accounts(council, client, today):
    add_budgets(council, D(2026, 1, 20))
    once, body = read(client, council.finance, "/finance/")
    add_budgets(council, D(2026, 2, 17))
    twice, body_twice = read(client, council.finance, "/finance/")
    assert body.count("DP-EX") == 3 and body_twice.count("DP-EX") == 6  # every account has alerts
    assert "paid above the plan" in body and "match no item in the plan" in body and "No spending for" in body
    assert twice == once


def test_the_alerts_are_the_same_read_for_many_accounts_as_for_one(council, today):
    people = add_budgets(council, D(2026, 1, 20))
    cases = [council.case(p) for p in people]
    many = queries.monitors(cases, today=today)
    for case in cases:
        one = queries.monitor(case, today=today)
        assert (one.balance_pence, one.weekly_pence, one.burn_weekly_pence, one.alerts) == (
            many[case.pk].balance_pence, many[case.pk].weekly_pence, many[case.pk].burn_weekly_pence, many[case.pk].alerts)
    found = queries.accounts_with_alerts(today=today)
    assert [acct.case_id for acct, _ in found] == [c.pk for c in cases]
    assert {a.code for _, m in found for a in m.alerts} >= {"no_spending", "outside_plan", "pa_rate"}


def test_the_lines_to_match_ask_the_same_queries_for_twice_the_lines(council, client, today):
    add_budgets(council, D(2026, 1, 20))
    once, body = read(client, council.finance, "/finance/reconcile/")
    add_budgets(council, D(2026, 2, 17))
    twice, body_twice = read(client, council.finance, "/finance/reconcile/")
    assert body_twice.count("CORNER SHOP") == 2 * body.count("CORNER SHOP") > 0
    assert twice == once


def test_an_account_page_asks_the_same_queries_for_twice_its_lines_and_spending(council, client, today):
    person = add_budgets(council, D(2026, 1, 20), n=1)[0]
    case = council.case(person)
    url = f"/people/{person.pk}/account/"
    once, body = read(client, council.finance, url)

    actions.record_spending(case, actor=council.finance, spent_on=D(2026, 3, 2), payee="Sam Okafor", amount_pence=20000,
                            item=case.plans.get().items.get(), hours=8)
    actions.import_statement("Date,Description,Amount\n2026-03-03,SAM OKAFOR,-200.00\n2026-03-04,BETTING SHOP,-10.00\n"
                             "2026-03-05,CORNER SHOP,-4.00\n", name="march.csv", actor=council.finance,
                             account_ref=actions.account_reference(case))
    actions.reconcile()
    twice, body_twice = read(client, council.finance, url)
    assert body_twice.count("CORNER SHOP") == 2 * body.count("CORNER SHOP") > 0
    assert twice == once


@pytest.mark.parametrize("url", ["/api/v1/finance/runs/", "/api/v1/people/{pk}/account/spending/", "/api/v1/people/{pk}/account/"])
def test_the_money_api_lists_ask_the_same_queries_for_twice_the_rows(council, today, url):
    client = APIClient()
    client.force_authenticate(council.finance)
    person = add_budgets(council, D(2026, 1, 20), n=1)[0]
    case = council.case(person)
    path = url.format(pk=person.pk)

    def get():
        response = client.get(path)
        assert response.status_code == 200
        return response

    once, _ = counted(get)
    actions.pay(D(2026, 2, 17), actor=council.finance)
    actions.record_spending(case, actor=council.finance, spent_on=D(2026, 3, 2), payee="Sam Okafor", amount_pence=500,
                            item=case.plans.get().items.get(), hours=1)
    twice, _ = counted(get)
    assert twice == once


# The payment run


def add_budgets_of_every_kind(council) -> None:
    """One budget of each kind a run pays or passes over: a direct payment with a contribution and a one-off payment
    approved; an individual service fund held by the provider; council-managed services; a direct payment suspended
    over February 2026; and a direct payment with no bank account recorded."""
    council.agency.bank_sort_code, council.agency.bank_account_number = "401122", "87654321"
    council.agency.save()
    paid = council.live_person()
    charging.record_assessment(paid, assessment_input(paid), actor=council.finance)
    one_off = actions.request_one_off(council.case(paid), actor=council.worker, description="Shower chair", amount_pence=8999)
    actions.approve_one_off(one_off, actor=council.manager)
    for option in ("individual_service_fund", "council_managed"):
        person = council.person()
        council.assess(person)
        council.plan(person)
        council.submit(person)
        council.approve(person)
        council.go_live(person, option=option)
    suspended = council.live_person()
    actions.suspend(council.case(suspended), actor=council.worker, starts_on=D(2026, 1, 1), ends_on=D(2026, 2, 20),
                    reason="In hospital")
    unready = council.live_person()
    DirectPaymentSetup.objects.filter(case=council.case(unready)).update(account_number="")


def test_a_payment_run_asks_the_same_queries_for_twice_the_budgets(council):
    add_budgets_of_every_kind(council)
    once, (_, first) = counted(lambda: actions.pay(D(2026, 1, 20), actor=council.finance))
    add_budgets_of_every_kind(council)
    twice, (_, second) = counted(lambda: actions.pay(D(2026, 2, 17), actor=council.finance))
    assert (first.paid, first.one_offs, len(first.suspended), len(first.not_ready)) == (3, 1, 1, 1)
    # the first round's next period, the suspended budget's included; the second round's first two (one late), but
    # the suspended budget's first; the budget with no account is not paid in either round
    assert (second.paid, second.one_offs, len(second.suspended), len(second.not_ready)) == (4 + 7, 1, 2, 2)
    assert twice == once
    assert queries.check() == []


def test_a_payment_run_grows_by_at_most_a_fixed_number_of_queries_a_batch(council, monkeypatch):
    monkeypatch.setattr(actions, "PAY_BATCH", 2)
    add_budgets_of_every_kind(council)  # five budgets: three batches
    once, _ = counted(lambda: actions.pay(D(2026, 1, 20), actor=council.finance))
    add_budgets_of_every_kind(council)
    add_budgets_of_every_kind(council)  # fifteen budgets: eight batches
    twice, (_, report) = counted(lambda: actions.pay(D(2026, 2, 17), actor=council.finance))
    assert report.paid == 4 + 2 * 7
    assert once < twice <= once + 5 * PER_BATCH
    assert queries.check() == []
