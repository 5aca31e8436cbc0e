"""The budget holder's home (issue 19, "The budget holder's home"): what came in, what went out (recorded and on the
bank statement), what is left, what comes next, alerts with what to do, the next review and who to call; an easy read
and a print version; the same page for a family member acting for the person; an individual service fund's statement
from its provider, shown the same way."""

import datetime
import re

import pytest
from django.utils import timezone

from selfdirect.audit.models import AuditEvent
from selfdirect.core.money import Money
from selfdirect.money import actions

D = datetime.date
TODAY = D(2026, 5, 1)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    return TODAY


def _record(client, person, *, day="20", month="4", amount="120.00", payee="Sam Okafor", came_from="home"):
    form = {"spent_on_0": day, "spent_on_1": month, "spent_on_2": "2026", "payee": payee, "amount_pence": amount}
    return client.post(f"/people/{person.pk}/account/spending/?from={came_from}", form)


def _text(body):
    """The page's words, tags and entities gone, spaces run together."""
    body = body[body.index('<main'):body.index('</main>')]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace("&#39;", "'").replace("’", "'")
    return re.sub(r" ([.,:;)])", r"\1", text)


@pytest.fixture
def paid(council, today):
    """A live direct payment budget (£200 a week from 1 February 2026) the council has paid twice: £1,600, as much as
    the 8 weeks of payments the council allows to build up."""
    person = council.live_person(user=council.holder)
    for run_date in (D(2026, 1, 20), D(2026, 2, 17)):
        actions.pay(run_date, actor=council.finance)
    return person


def test_spending_recorded_through_the_page_moves_the_balance_and_the_no_spending_alert(council, client, paid):
    client.force_login(council.holder)
    before = _text(client.get("/").content.decode())
    paid_in = council.case(paid).instalments.count() * 80000
    assert paid_in == 160000
    assert f"Paid in by the council {Money(paid_in).format()}" in before
    assert "No spending for 12 weeks" in before  # nothing since the first payment, on 1 February
    saved = _record(client, paid)
    assert saved.status_code == 302 and saved["Location"] == "/"
    after = _text(client.get("/").content.decode())
    left = Money(paid_in - 12000).format()
    assert f"Your account should have about {left} once the spending you told us about leaves it" in after
    assert "No spending for" not in after and "Nothing needs looking at now" in after
    assert "Spending you told us about that is not on a bank statement yet £120.00 (1 payment)" in after
    assert "20 April 2026: £120.00 to Sam Okafor" in after
    # the account page says the same
    account = _text(client.get(f"/people/{paid.pk}/account/").content.decode())
    assert f"Money left once that spending leaves the account about {left}" in account


def test_a_statement_that_shows_the_spending_counts_it_once(council, client, paid):
    client.force_login(council.holder)
    _record(client, paid)
    actions.import_statement("Date,Description,Amount\n2026-04-21,SAM OKAFOR,-120.00\n", name="s.csv",
                             actor=council.finance, account_ref="DP-EX000001")
    actions.reconcile()
    body = _text(client.get("/").content.decode())
    paid_in = council.case(paid).instalments.count() * 80000
    left = Money(paid_in - 12000).format()
    assert "Spent, as the bank statements show £120.00, on statements up to 21 April 2026" in body
    assert f"What the bank should show now {left}" in body and f"Your account should have about {left}." in body
    assert "not on a bank statement yet £0.00 (0 payments)" in body


def test_the_home_says_what_comes_next_the_review_who_to_call_and_links_to_the_plan_and_account(council, client, paid,
                                                                                                  settings, monkeypatch):
    settings.COUNCIL_PHONE = "01999 000111"
    client.force_login(council.holder)
    html = client.get("/").content.decode()
    body = _text(html)
    # On 1 May the period from 29 March is unpaid: no run has been made since 17 February.
    assert ("The next payment into your account: £800.00, for the four weeks from 29 March 2026. It is late: it should "
            "have been in the account by 27 March 2026. If it has not arrived, phone us.") in body
    review = council.case(paid).next_review_on
    assert f"Your next review {review.day} {review:%B %Y}" in body
    assert "Phone adult social care on 01999 000111" in body and "01234 567890" not in html
    assert f'href="/people/{paid.pk}/plan/"' in html and f'href="/people/{paid.pk}/account/"' in html
    assert f'href="/people/{paid.pk}/account/spending/?from=home"' in html and "Record a spending" in body
    assert 'href="?version=easy-read"' in html and 'href="?version=print"' in html
    # On 20 February the run of 17 February has sent the period from 1 March (a Sunday): it arrives on the Friday.
    monkeypatch.setattr(timezone, "localdate", lambda *a: D(2026, 2, 20))
    assert ("The next payment into your account: £800.00, for the four weeks from 1 March 2026. The council has sent "
            "it. It should be in the account by 27 February 2026.") in _text(client.get("/").content.decode())
    easy = _text(client.get("/", {"version": "easy-read"}).content.decode())
    assert "The council has sent £800.00 to your account. It should be there by 27 February 2026." in easy
    assert AuditEvent.objects.filter(person=paid, actor=council.holder,
                                     why="to show the budget on the home page").exists()


def test_the_alerts_say_what_to_do(council, client, paid):
    client.force_login(council.holder)
    body = _text(client.get("/").content.decode())
    assert "What to do: If you have paid for support, record it" in body


def test_the_easy_read_version_has_short_lines_large_type_and_no_tables(council, client, paid):
    client.force_login(council.holder)
    _record(client, paid)
    html = client.get("/", {"version": "easy-read"}).content.decode()
    body = _text(html)
    paid_in = council.case(paid).instalments.count() * 80000
    assert "<table" not in html and "govuk-summary-list" not in html and "govuk-body-l" in html
    assert f"The council paid in {Money(paid_in).format()}." in body
    assert "You told us you spent £120.00 more." in body
    assert "The council will pay £800.00 to your account. It is late." in body  # the period from 29 March: no run since
    assert f"You should have about {Money(paid_in - 12000).format()} left." in body
    assert "Phone 01234 567890." in body and "Record a spending" in body
    for sentence in re.findall(r'<p class="govuk-body-l">(.*?)</p>', html, re.S):
        assert len(re.sub(r"<[^>]+>", "", sentence).split()) <= 12, sentence


def test_the_print_version_is_a_plain_page_without_buttons(council, client, paid):
    client.force_login(council.holder)
    html = client.get("/", {"version": "print"}).content.decode()
    body = _text(html)
    assert "This is the print version" in body and "Printed on 1 May 2026" in body
    assert "account/spending/" not in html and "Print this page" not in body and "?version=easy-read" not in html
    assert "Your account should have about" in body
    easy = _text(client.get("/", {"version": "easy-read-print"}).content.decode())
    assert "This is the print version" in easy and "should have about" in easy and "Print this page" not in easy


def test_a_family_member_sees_the_same_page_for_the_person_they_act_for_and_no_one_else(council, client, paid):
    from selfdirect.people import actions as people_actions

    people_actions.add_representative(paid, actor=council.worker, name="Frank Evans", relationship="Son or daughter",
                                      kind="consent", scope="welfare_and_property",
                                      evidence_reference="Consent form", user=council.family, starts_on=D(2026, 1, 1))
    other = council.live_person(first_name="Ann", nhs_number="9434765870", user=council.other_holder)
    client.force_login(council.family)
    home = client.get("/").content.decode()
    assert f'href="/people/{paid.pk}/at-a-glance/"' in home and f"/people/{other.pk}/at-a-glance/" not in home
    page = client.get(f"/people/{paid.pk}/at-a-glance/")
    body = _text(page.content.decode())
    assert page.status_code == 200 and "Elsie's personal budget" in body
    assert "Elsie's account should have about" in body
    assert _record(client, paid, came_from="glance")["Location"] == f"/people/{paid.pk}/at-a-glance/"
    assert "once the spending recorded here leaves it" in _text(client.get(f"/people/{paid.pk}/at-a-glance/").content.decode())
    assert "Elsie's money" in _text(client.get(f"/people/{paid.pk}/at-a-glance/", {"version": "easy-read"}).content.decode())
    assert client.get(f"/people/{other.pk}/at-a-glance/").status_code == 404
    assert AuditEvent.objects.filter(person=paid, actor=council.family, why="to see the budget at a glance").exists()


def test_a_representative_for_welfare_only_is_not_shown_the_money(council, client, paid):
    from selfdirect.people import actions as people_actions

    people_actions.add_representative(paid, actor=council.worker, name="Frank Evans", relationship="Son or daughter",
                                      kind="consent", scope="welfare", evidence_reference="Consent form",
                                      user=council.family, starts_on=D(2026, 1, 1))
    client.force_login(council.family)
    assert "at-a-glance" not in client.get("/").content.decode()
    assert client.get(f"/people/{paid.pk}/at-a-glance/").status_code == 403


@pytest.fixture
def fund_holder(council, today):
    """A live individual service fund (£200 a week of home care from Exe Valley Home Care from 1 February 2026), paid
    twice: £1,600. Its person is the `holder` sign-in."""
    person = council.live_person(user=council.holder, option="individual_service_fund")
    actions.pay(D(2026, 1, 20), actor=council.finance)
    actions.pay(D(2026, 2, 17), actor=council.finance)
    return person


def _send_statement(council, *lines):
    from selfdirect.money import statements

    reference = f"ISF-EX000001-{council.agency.pk}"
    rows = "".join(f'{day},"{what}",{amount},{hours},{reference}\n' for day, what, amount, hours in lines)
    return actions.import_fund_statement("Date,Description,Amount,Hours,Fund\n" + rows, name="fund.csv",
                                         actor=council.provider,
                                         mapping=statements.Mapping(account="Fund", hours="Hours"))


APRIL = [("2026-04-04", "Home care visits, week to 4 April", "-200.00", "10"),
         ("2026-04-11", "Home care visits, week to 11 April", "-180.00", "9"),
         ("2026-04-18", "Home care visits, week to 18 April", "-200.00", "10")]


def test_an_individual_service_funds_holder_sees_the_providers_statement_the_same_way(council, client, fund_holder):
    client.force_login(council.holder)
    body = _text(client.get("/").content.decode())
    assert "Your individual service fund with Exe Valley Home Care" in body
    assert "Paid in by the council £1,600.00 (2 payments)" in body
    assert ("Spent, as Exe Valley Home Care's statements show £0.00. Exe Valley Home Care has not sent us a statement "
            "of this fund yet.") in body
    # no statement and the fund first paid 12 weeks ago: what to do about it
    assert "Exe Valley Home Care has not sent us a statement of the fund" in body
    assert "What to do: Ask Exe Valley Home Care to send the council a statement" in body
    _send_statement(council, *APRIL)
    body = _text(client.get("/").content.decode())
    assert "Exe Valley Home Care should hold about £1,020.00 for you, by its statement up to 18 April 2026." in body
    assert "Spent, as Exe Valley Home Care's statements show £580.00, on statements up to 18 April 2026" in body
    assert "What the fund holds now about £1,020.00" in body
    assert f"naming the fund ISF-EX000001-{council.agency.pk}" in body
    assert ("18 April 2026: £200.00 spent, Home care visits, week to 18 April (10 hours) 11 April 2026: £180.00 spent, "
            "Home care visits, week to 11 April (9 hours)") in body
    assert "Nothing needs looking at now" in body
    assert "No spending for" not in body and "Record a spending" not in body  # no account of their own to spend from
    easy = _text(client.get("/", {"version": "easy-read"}).content.decode())
    assert "Money with Exe Valley Home Care" in easy and "They told us they spent £580.00." in easy
    assert "They should have about £1,020.00 left." in easy
    printed = _text(client.get("/", {"version": "print"}).content.decode())
    assert "This is the print version" in printed and "What the fund holds now about £1,020.00" in printed


def test_a_providers_old_statement_is_an_alert_in_plain_english_with_what_to_do(council, client, fund_holder,
                                                                              settings):
    settings.COUNCIL_PHONE = "01999 000111"
    _send_statement(council, ("2026-02-28", "Home care visits, week to 28 February", "-200.00", "10"))
    client.force_login(council.holder)
    body = _text(client.get("/").content.decode())
    assert ("Exe Valley Home Care's newest statement of the fund goes up to 28 February 2026: 8 weeks ago. What to do: "
            "Ask Exe Valley Home Care to send the council a statement of what they have spent from the fund. If they "
            "do not, or you are worried about the money, phone us on 01999 000111.") in body
    easy = _text(client.get("/", {"version": "easy-read"}).content.decode())
    assert "Exe Valley Home Care has not sent a statement for 8 weeks." in easy and "Ask them for a new statement." in easy


def test_the_fund_is_shown_to_the_person_they_act_for_and_not_to_another_holder(council, client, fund_holder):
    from selfdirect.people import actions as people_actions

    _send_statement(council, *APRIL)
    people_actions.add_representative(fund_holder, actor=council.worker, name="Frank Evans",
                                      relationship="Son or daughter", kind="consent", scope="welfare_and_property",
                                      evidence_reference="Consent form", user=council.family, starts_on=D(2026, 1, 1))
    client.force_login(council.family)
    body = _text(client.get(f"/people/{fund_holder.pk}/at-a-glance/").content.decode())
    assert "Elsie's individual service fund with Exe Valley Home Care" in body
    assert "Exe Valley Home Care should hold about £1,020.00 for Elsie" in body
    other = council.live_person(first_name="Ann", nhs_number="9434765870", user=council.other_holder)
    client.force_login(council.other_holder)
    own = _text(client.get("/").content.decode())
    assert "individual service fund" not in own and "Home care visits" not in own
    assert client.get(f"/people/{fund_holder.pk}/at-a-glance/").status_code == 404
    assert other.pk != fund_holder.pk


def test_before_support_starts_the_page_says_there_is_no_money_yet(council, client, today):
    person = council.person(user=council.holder)
    client.force_login(council.holder)
    body = _text(client.get("/").content.decode())
    assert "There is no money to show yet" in body and "Who to call" in body
    assert client.get(f"/people/{person.pk}/at-a-glance/").status_code == 200
