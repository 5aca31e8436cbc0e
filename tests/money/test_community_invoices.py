"""Contributions of people at home (issue 19): a council-managed budget, an individual service fund or a direct payment
under the "gross" policy is invoiced the part of the contribution no instalment counted, on the days the council funded
it, in the same run as care home residents; the ledger counts each contribution once; payments clear what is owed;
invoices not paid are overdue, shown to finance and to the person; no recovery starts without a check of the person's
circumstances. The rules are worked by hand in test_invoices_rules.py; here, the database, the pages and the API."""

import datetime

import pytest

from selfdirect.audit.models import AuditEvent
from selfdirect.charging import actions as charging_actions
from selfdirect.charging.models import ChargingPolicyVersion
from selfdirect.money import actions, postings, queries
from selfdirect.money.models import (
    ContributionArrearsCheck,
    ContributionDebtRecovery,
    ContributionInvoice,
    Instalment,
    PaymentRun,
)
from tests.money.test_invoices import assessed, balances

D = datetime.date
P1, P2 = D(2026, 4, 6), D(2026, 5, 4)  # two four-weekly invoice periods
ISSUED = D(2026, 4, 8)  # the first period's invoices are raised two days into it
TODAY = D(2026, 7, 1)  # more than 28 days later: what is not paid by now is overdue
CHECKED = D(2026, 6, 20)


def at_home(council, option="council_managed", weekly=6000, **person):
    """A person living at home, support from 1 February 2026 (£200.00 a week: ten hours at £20.00), assessed to pay
    `weekly` from then."""
    found = council.person(**person)
    council.assess(found)
    council.plan(found)
    council.submit(found)
    council.approve(found)
    council.go_live(found, option=option)
    assessed(council, found, D(2026, 2, 1), weekly, setting="community")
    return found


def raise_for(council, period, on):
    return actions.raise_contribution_invoices(period, actor=council.finance, on=on)


def policy(council, value):
    ChargingPolicyVersion.objects.all().delete()
    charging_actions.set_policy(actor=council.finance, effective_from=D(2025, 4, 1), reason="The council's decision",
                                values={"direct_payment_contribution": value})


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)
    return TODAY


def test_a_council_managed_budget_is_invoiced_its_contribution_and_the_ledger_counts_it_once(council):
    person = at_home(council)
    for run_date in (D(2026, 1, 20), D(2026, 2, 17), D(2026, 3, 17), D(2026, 4, 14)):
        actions.pay(run_date, actor=council.finance)
    assert Instalment.objects.filter(case__person=person).count() >= 4
    assert balances(person).get("contribution", 0) == 0  # the runs count none of it: it is invoiced
    report = raise_for(council, P1, ISSUED)
    assert (report.invoices, report.invoiced_pence) == (1, 4 * 6000)
    invoice = ContributionInvoice.objects.get()
    assert invoice.explanation == (
        "Your contribution for 6 April to 3 May 2026 is £240.00: £60.00 a week for 28 days from 6 April 2026. This "
        "is your contribution towards the support the council paid for, for the days it paid for it, less any part "
        "already taken off your direct payment.")
    assert (balances(person)["debtor"], balances(person)["contribution"]) == (24000, -24000)
    funded = balances(person)["council_funding"]
    actions.record_contribution_payment(invoice, actor=council.finance, paid_on=D(2026, 4, 20))
    assert balances(person)["debtor"] == 0 and balances(person)["council_funding"] == funded + 24000
    assert balances(person)["contribution"] == -24000  # once
    assert raise_for(council, P1, ISSUED).invoices == 0  # one invoice a period
    assert queries.check() == []


def test_an_individual_service_fund_is_invoiced_as_the_council_arranged_services_are(council):
    at_home(council, option="individual_service_fund")
    assert raise_for(council, P1, ISSUED).invoiced_pence == 4 * 6000


@pytest.mark.parametrize(("value", "invoiced", "paid_into_account", "counted_by_run"),
                         [("net", 0, 80000 - 4 * 5000, -4 * 5000), ("gross", 4 * 5000, 80000, 0)])
def test_a_direct_payment_is_invoiced_under_gross_and_not_under_net(council, value, invoiced, paid_into_account,
                                                                    counted_by_run):
    policy(council, value)
    person = at_home(council, option="direct_payment", weekly=5000)
    run, _ = actions.pay(D(2026, 1, 20), actor=council.finance)
    assert run.lines.get().amount_pence == paid_into_account
    assert balances(person).get("contribution", 0) == counted_by_run
    assert raise_for(council, P1, ISSUED).invoiced_pence == invoiced
    # net: the person pays £50.00 a week into the account; gross: it is invoiced. Either way counted once a period.
    assert balances(person)["contribution"] == counted_by_run - invoiced
    assert queries.check() == []


def test_a_care_home_residents_direct_payment_is_paid_in_full_and_the_contribution_invoiced(council):
    resident = council.live_person()  # a direct payment of £200.00 a week under "net"
    assessed(council, resident, D(2026, 2, 1), 7000)  # now in a care home
    run, _ = actions.pay(D(2026, 1, 20), actor=council.finance)
    assert run.lines.get().amount_pence == 80000 and balances(resident).get("contribution", 0) == 0
    assert raise_for(council, P1, ISSUED).invoiced_pence == 4 * 7000
    assert queries.check() == []


def test_days_an_instalment_already_counted_are_not_invoiced_again(council):
    """An instalment paid before contributions at home were invoiced counted the whole contribution: those days are
    not invoiced. Worked by hand: the instalment for 29 March to 25 April counted £60.00 a week, so of 6 April to 3 May
    only 26 April (a Sunday: 6000 - floor(6000 x 6 / 7) = 6000 - 5142 = 858p) and the week from 27 April (£60.00)
    are invoiced: £68.58."""
    person = at_home(council)
    case = council.case(person)
    run = PaymentRun.objects.create(run_date=D(2026, 3, 20), created_by=council.finance, status="prepared")
    entry = actions._post(case, "instalment", postings.instalment(direct_payment_pence=0, isf_pence={},
                                                                  commissioned_pence=80000, contribution_pence=24000),
                          on=D(2026, 3, 29), actor=council.finance, description="Four weeks from 29 March 2026")
    Instalment.objects.create(case=case, period_number=2, period_starts_on=D(2026, 3, 29), run=run, entry=entry)
    assert raise_for(council, P1, ISSUED).invoiced_pence == 858 + 6000
    assert queries.check() == []


def test_days_in_a_suspension_the_runs_skip_are_not_invoiced(council):
    person = at_home(council)
    actions.suspend(council.case(person), actor=council.worker, starts_on=D(2026, 3, 29), ends_on=D(2026, 4, 10),
                    reason="In hospital")
    # the instalment period from 29 March is skipped; the next, from 26 April, is funded: 858p + £60.00 (as above)
    assert raise_for(council, P1, ISSUED).invoiced_pence == 858 + 6000


def test_a_backdated_reassessment_at_home_raises_arrears_in_the_next_run(council):
    person = at_home(council)
    raise_for(council, P1, ISSUED)
    assessed(council, person, D(2026, 4, 20), 9000, setting="community")  # £90.00 a week from the third week
    report = raise_for(council, P2, D(2026, 5, 5))
    assert (report.invoices, report.arrears) == (1, 1)
    arrears = ContributionInvoice.objects.get(kind="arrears")
    assert arrears.amount_pence == 2 * 3000
    assert arrears.explanation.startswith(
        "What we invoice of your contribution changed from £60.00 to £90.00 a week from 20 April 2026.")


# ---- arrears: overdue, a check of the person's circumstances, then any recovery ------------------------------------


def overdue(council, **person):
    found = at_home(council, **person)
    raise_for(council, P1, ISSUED)
    return found


def check(council, person, outcome="pursue", checked_on=CHECKED, **changes):
    given = {"income_changed": False, "capacity": "has_capacity", "reassessment_needed": False, "outcome": outcome,
             "notes": "Spoke to her on the phone: she forgot; no change in income", **changes}
    return actions.record_arrears_check(council.case(person), actor=council.finance, checked_on=checked_on, **given)


def recover(council, person, on=TODAY):
    return actions.start_debt_recovery(council.case(person), actor=council.finance, on=on, action="repayment_plan",
                                       reason="She agreed to pay £20.00 a month")


def test_an_invoice_not_paid_within_the_councils_days_is_overdue(council, today, settings):
    person = overdue(council)
    [found] = queries.arrears(today=TODAY)
    assert (found.person, found.owed_pence, found.oldest_issued_on) == (person, 24000, ISSUED)
    assert queries.arrears(today=ISSUED + datetime.timedelta(days=28)) == []  # 28 days after issue: not yet
    settings.CONTRIBUTION_OVERDUE_DAYS = 90
    assert queries.arrears(today=TODAY) == []
    settings.CONTRIBUTION_OVERDUE_DAYS = 28
    actions.record_contribution_payment(ContributionInvoice.objects.get(), actor=council.finance, paid_on=TODAY)
    assert queries.arrears(today=TODAY) == []


def test_no_recovery_without_a_check_of_the_persons_circumstances_that_found_it_should_be_pursued(council, today):
    person = overdue(council)
    with pytest.raises(actions.MoneyError, match="Record a check of the person's circumstances first") as refused:
        recover(council, person)
    assert refused.value.field == "check"
    check(council, person, outcome="reassess", reassessment_needed=True)
    with pytest.raises(actions.MoneyError, match="found the debt should not be pursued now") as refused:
        recover(council, person)
    assert refused.value.field == "check"
    with pytest.raises(actions.MoneyError, match="reassess what the person can afford") as refused:
        check(council, person, reassessment_needed=True)
    assert refused.value.field == "outcome"
    with pytest.raises(actions.MoneyError, match="may lack capacity") as refused:
        check(council, person, capacity="no_one")
    assert refused.value.field == "outcome"
    with pytest.raises(actions.MoneyError, match="was overdue on") as refused:
        check(council, person, checked_on=D(2026, 4, 20))  # nothing was overdue yet
    assert refused.value.field == "checked_on"
    with pytest.raises(actions.MoneyError, match="Only finance"):
        actions.record_arrears_check(council.case(person), actor=council.worker, checked_on=TODAY, income_changed=False,
                                     capacity="has_capacity", reassessment_needed=False, outcome="pursue", notes="x")
    made = check(council, person)
    assert made.owed_pence == 24000
    started = recover(council, person)
    assert (started.check_made, started.owed_pence, started.action) == (made, 24000, "repayment_plan")
    with pytest.raises(actions.MoneyError, match="Recovery was started on 1 July 2026 after that check"):
        recover(council, person)
    assert AuditEvent.objects.filter(person=person, what__startswith="Started recovering £240.00").exists()
    assert queries.check() == []  # nothing posted


def test_a_check_made_before_the_oldest_unpaid_invoice_was_issued_does_not_count(council, today):
    person = overdue(council)
    check(council, person, checked_on=D(2026, 6, 20))
    actions.record_contribution_payment(ContributionInvoice.objects.get(), actor=council.finance, paid_on=D(2026, 6, 25))
    raise_for(council, P2, D(2026, 6, 21))  # issued the day after the check, and overdue from 20 July
    with pytest.raises(actions.MoneyError, match="none has been recorded since 21 June 2026") as refused:
        recover(council, person, on=D(2026, 7, 25))
    assert refused.value.field == "check"


# ---- the pages, the API and who may see them ------------------------------------------------------------------------


def test_finance_sees_who_is_overdue_records_a_check_and_then_the_decision(council, client, today):
    person = overdue(council)
    client.force_login(council.finance)
    body = client.get("/finance/contributions/").content.decode()
    assert "Contributions: invoices and arrears" in body and "Check their circumstances" in body
    address = f"/people/{person.pk}/account/contributions/arrears/"
    assert address in body
    page = client.get(address).content.decode()
    assert "£240.00 is overdue: 1 invoice not paid within 28 days of being issued." in page
    assert "No step to recover the debt can be taken until the person's circumstances have been checked" in page
    refused = client.post(address + "recovery/", {"action": "repayment_plan", "reason": "She agreed"})
    assert refused.status_code == 400
    assert "Record a check of the person&#39;s circumstances first" in refused.content.decode()
    wrong = client.post(address + "check/", {"checked_on_0": "20", "checked_on_1": "6", "checked_on_2": "2026",
                                             "income_changed": "yes", "capacity": "unsure",
                                             "reassessment_needed": "no", "outcome": "pursue", "notes": "Phoned"})
    assert wrong.status_code == 400 and "may lack capacity" in wrong.content.decode()
    assert client.post(address + "check/", {"checked_on_0": "20", "checked_on_1": "6", "checked_on_2": "2026",
                                            "income_changed": "no", "capacity": "has_capacity",
                                            "reassessment_needed": "no", "outcome": "pursue",
                                            "notes": "Phoned her: she forgot"}).status_code == 302
    page = client.get(address).content.decode()
    assert "Decide how to recover it" in page and "Phoned her: she forgot" in page
    assert client.post(address + "recovery/", {"action": "repayment_plan", "reason": "She agreed"}).status_code == 302
    assert "Recovery started on 1 July 2026: agree a plan to repay it in parts" in client.get(address).content.decode()
    assert "Recovery started 1 July 2026" in client.get("/finance/contributions/").content.decode()
    assert AuditEvent.objects.filter(person=person, action="read", why="to see contributions overdue").exists()


def test_the_person_sees_what_is_overdue_and_what_to_do_on_their_page_and_at_home(council, client, today):
    person = overdue(council, user=council.holder)
    client.force_login(council.holder)
    body = client.get(f"/people/{person.pk}/account/contributions/").content.decode()
    assert "Your contribution</h1>" in body and "£240.00 is overdue" in body and "Overdue</strong>" in body
    assert "We talk to you before we take any other step." in body
    assert "check their circumstances" not in body  # finance's link
    home = client.get("/").content.decode()
    assert "£240.00 of your contribution is overdue: 1 invoice not paid, the oldest issued on 8 April 2026." in home
    assert "We can agree to spread the payments or look again at what you pay." in home
    assert f"/people/{person.pk}/account/contributions/" in home
    assert "You owe us £240.00 for your care." in client.get("/", {"version": "easy-read"}).content.decode()
    check(council, person)
    recover(council, person)
    body = client.get(f"/people/{person.pk}/account/contributions/").content.decode()
    assert "On 1 July 2026 the council decided to recover it: agree a plan to repay it in parts." in body


def test_only_finance_opens_the_arrears_pages_and_no_one_else_sees_a_persons_contributions(council, client, today):
    person = overdue(council, user=council.holder)
    base = f"/people/{person.pk}/account/contributions/"
    for user in (council.holder, council.worker, council.manager, council.south_worker, council.other_holder):
        client.force_login(user)
        for page in ("arrears/", "arrears/check/", "arrears/recovery/"):
            assert client.get(base + page).status_code == 403
        assert client.post(base + "arrears/recovery/", {"action": "court", "reason": "x"}).status_code == 403
    for user in (council.other_holder, council.south_worker):
        client.force_login(user)
        assert client.get(base).status_code == 404
    assert not ContributionArrearsCheck.objects.exists() and not ContributionDebtRecovery.objects.exists()


def test_the_api_gives_the_arrears_and_refuses_a_recovery_without_a_check(council, api, today):
    person = overdue(council, user=council.holder)
    address = f"/api/v1/people/{person.pk}/account/contribution-arrears/"
    mine = api(council.holder).get(address).json()
    assert mine["owed_pence"] == 24000 and mine["overdue_days"] == 28 and "checks" not in mine
    assert mine["invoices"][0]["reference"].startswith("CI-") and mine["recoveries"] == []
    assert api(council.other_holder).get(address).status_code == 404
    assert api(council.holder).post(address + "checks/", {}, format="json").status_code == 403
    refused = api(council.finance).post(address + "recoveries/", {"action": "court", "reason": "Refused to pay"},
                                        format="json")
    assert refused.status_code == 409 and "Record a check of the person's circumstances first" in str(refused.json())
    made = api(council.finance).post(address + "checks/", {
        "checked_on": "2026-06-20", "income_changed": False, "capacity": "acted_for", "reassessment_needed": False,
        "outcome": "pursue", "notes": "Her son holds a lasting power of attorney for her finances"}, format="json")
    assert made.status_code == 201 and made.json()["owed_pence"] == 24000
    started = api(council.finance).post(address + "recoveries/", {"action": "deferred_payment", "reason": "Agreed"},
                                        format="json")
    assert started.status_code == 201 and started.json()["check"] == made.json()["id"]
    seen = api(council.finance).get(address).json()
    assert seen["checks"][0]["capacity"] == "acted_for" and seen["recoveries"][0]["action"] == "deferred_payment"
