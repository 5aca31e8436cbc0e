"""The budget holder's home (issue 19): on a phone, she sees what came in and what is left, records a spending with a
receipt from the home page, and sees the money left and the alert change; the easy read and print versions; a family
member acting for her opens the same page without JavaScript and prints it; a provider sends its statement of an
individual service fund and its holder sees it on her home."""

import base64
import datetime

import pytest
from django.utils import timezone

D = datetime.date
PNG = base64.b64decode(  # a real PNG (one pixel): receipts are judged by decoding them
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==")


@pytest.fixture
def paid_twice(council, monkeypatch):
    """A live direct payment budget (£200 a week from 1 February 2026), paid for February and March; today 1 May."""
    from selfdirect.money import actions

    monkeypatch.setattr(timezone, "localdate", lambda *a: D(2026, 5, 1))
    person = council.live_person(user=council.holder)
    for run_date in (D(2026, 1, 20), D(2026, 2, 17)):
        actions.pay(run_date, actor=council.finance)
    return person


def test_the_budget_holder_records_a_spending_from_her_home_and_sees_the_money_left_and_the_alert_change(
        phone_visitor, council, paid_twice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    receipt = tmp_path / "receipt.png"
    receipt.write_bytes(PNG)
    v = phone_visitor
    v.sign_in("holder")
    text = v.text()
    assert "Your account should have about £1,600.00." in text
    assert "Paid in by the council" in text and "£1,600.00 (2 payments)" in text
    assert "No spending for 12 weeks" in text and "What to do:" in text
    v.record_a_spending(receipt, day="20", month="4", year="2026")
    text = v.text()
    assert "Spending recorded with its receipt" in text
    assert "Your account should have about £1,480.00 once the spending you told us about leaves it." in text
    assert "No spending for" not in text and "Nothing needs looking at now" in text
    assert "20 April 2026: £120.00 to Sam Okafor" in text
    v.click("Easy read", role="link")
    assert "You should have about £1,480.00 left." in v.text()
    v.click("Print this page", role="link")
    assert "This is the print version" in v.text() and "Record a spending" not in v.text()
    v.go("/")
    v.click("Print this page", role="link")
    assert "Printed on 1 May 2026" in v.text()
    assert v.page.get_by_role("link", name="Record a spending").count() == 0


def test_a_family_member_opens_the_same_page_without_javascript_and_prints_it(no_script_visitor, council, paid_twice):
    from selfdirect.people import actions as people_actions

    people_actions.add_representative(paid_twice, actor=council.worker, name="Frank Evans",
                                      relationship="Son or daughter", kind="consent", scope="welfare_and_property",
                                      evidence_reference="Consent form", user=council.family, starts_on=D(2026, 1, 1))
    v = no_script_visitor
    v.sign_in("family")
    v.click("Elsie’s money, payments and what to do next", role="link")
    text = v.text()
    assert "Elsie’s personal budget" in text and "Elsie’s account should have about £1,600.00." in text
    assert "Phone adult social care on 01234 567890" in text
    v.click("Print this page", role="link")
    assert "This is the print version" in v.text()
    v.click("Back to the page", role="link")
    v.click("Easy read", role="link")
    assert "Elsie should have about £1,600.00 left." in v.text()


def test_a_provider_sends_its_statement_of_a_fund_and_the_holder_sees_it_on_her_home(visitor, council, monkeypatch,
                                                                                      tmp_path):
    """An individual service fund's holder sees the fund's statement from the provider the same way: Exe Valley Home
    Care sends its statement of the fund on its page, and she sees what was paid in, what it spent and what it holds."""
    from selfdirect.money import actions

    monkeypatch.setattr(timezone, "localdate", lambda *a: D(2026, 5, 1))
    council.live_person(user=council.holder, option="individual_service_fund")
    for run_date in (D(2026, 1, 20), D(2026, 2, 17)):
        actions.pay(run_date, actor=council.finance)
    reference = f"ISF-EX000001-{council.agency.pk}"
    statement = tmp_path / "april.csv"
    statement.write_text("Date,Description,Amount,Hours,Fund\n"
                         f"04/04/2026,Home care visits,-200.00,10,{reference}\n"
                         f"11/04/2026,Home care visits,-180.00,9,{reference}\n")
    v = visitor
    v.sign_in("provider")
    v.click("Fund statements", role="link")
    assert reference in v.text() and "Elsie Evans" in v.text()
    v.page.set_input_files("#id_statement", str(statement))
    v.choose("Date, Description, Amount, Hours, Fund: one file for every fund you hold")
    v.click("Send the statement")
    assert "2 lines imported, 0 duplicates skipped, 0 refused" in v.text()
    v.sign_out()
    v.sign_in("holder")
    text = v.text()
    assert "Your individual service fund with Exe Valley Home Care" in text
    assert "Exe Valley Home Care should hold about £1,220.00 for you, by its statement up to 11 April 2026." in text
    assert "11 April 2026: £180.00 spent, Home care visits (9 hours)" in text
    v.click("Easy read", role="link")
    assert "They should have about £1,220.00 left." in v.text()
