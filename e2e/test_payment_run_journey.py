"""Money a finance team can run and a budget holder can follow (issue 19), in the browser: finance prepares a run, a
second finance officer approves it, and the payment file, the Bacs file and each payee's remittance advice are
downloaded; the budget holder sees the payment sent and her next payment change, records a spending with its receipt and
sees her balance change; an imported bank statement then shows the spending and matches it."""

import base64
import csv
import datetime
import io

import pytest
from django.utils import timezone

D = datetime.date
PNG = base64.b64decode(  # a real PNG (one pixel): receipts are judged by decoding them
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==")


@pytest.fixture
def two_budgets(council, settings):
    """Elsie's direct payment (£200 a week) and Arthur's individual service fund with Exe Valley Home Care (£200 a
    week), both from Sunday 1 February 2026; the council's Bacs details set; a second finance officer."""
    from selfdirect.accounts.models import User
    from selfdirect.core.roles import Role

    settings.BACS_SERVICE_USER_NUMBER, settings.BACS_SORT_CODE = "999123", "123456"
    settings.BACS_ACCOUNT_NUMBER, settings.BACS_ACCOUNT_NAME = "87654321", "Exampleshire Council"
    council.agency.bank_sort_code, council.agency.bank_account_number = "401234", "55551111"
    council.agency.save()
    elsie = council.live_person(user=council.holder)
    arthur = council.live_person(first_name="Arthur", last_name="Ames", nhs_number="9434765870",
                                 option="individual_service_fund")
    User.objects.create_user(username="finance.approver", password="a-long-test-password", role=Role.FINANCE_OFFICER,
                             first_name="Ade", last_name="Approver")
    return elsie, arthur


def _download(v, link_name):
    """Follow a download link, as a person saves the file: its name and bytes."""
    with v.page.expect_download() as started:
        v.page.get_by_role("link", name=link_name).first.click()
    download = started.value
    with open(download.path(), "rb") as saved:
        return download.suggested_filename, saved.read()


def test_two_finance_officers_make_a_run_and_the_budget_holder_follows_her_money(visitor, council, two_budgets,
                                                                                   monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    elsie, arthur = two_budgets
    monkeypatch.setattr(timezone, "localdate", lambda *a: D(2026, 1, 20))
    v = visitor

    v.sign_in("holder")
    text = v.text()
    assert "The next payment into your account: £800.00, for the four weeks from 1 February 2026." in text
    assert "The council has sent it." not in text
    v.sign_out()

    # Finance prepares the run: nothing is posted until a second officer approves it.
    v.sign_in("finance")
    v.click("Payments and statements", role="link")
    v.click("Prepare a payment run", role="link")
    v.date("id_run_date", "20", "1", "2026")
    v.click("Prepare the run")
    assert "RUN-20260120 prepared: 2 payments, £1,600.00" in v.text()
    v.click("See the result", role="link")
    text = v.text()
    assert "E Evans DP account" in text and "Exe Valley Home Care" in text
    assert "You prepared this run: a second finance officer checks it and approves it." in text
    assert v.page.get_by_role("button", name="Approve and pay RUN-20260120").count() == 0
    v.sign_out()

    v.sign_in("finance.approver")
    v.click("Payments and statements", role="link")
    assert "20 January 2026: 2 instalments, 2 payments, £1,600.00" in v.text()
    v.click("RUN-20260120", role="link")
    v.click("Approve and pay RUN-20260120")
    assert "RUN-20260120 approved and paid: 2 payments, £1,600.00" in v.text()
    v.click("See the result", role="link")
    name, data = _download(v, "Download the payment file for 20 January 2026")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert name == "payments-2026-01-20.csv" and len(rows) == 3
    name, data = _download(v, "Download the Bacs file for 20 January 2026")
    records = data.decode("ascii").split("\r\n")
    assert records[0].startswith("VOL1")
    assert sorted(r[35:46] for r in records if len(r) == 100 and r[15:17] == "99") == ["00000080000", "00000080000"]

    # Each payee's remittance advice: a page, a CSV and a tagged PDF.
    v.click("Exe Valley Home Care", role="link")
    text = v.text()
    assert "Remittance advice" in text and "£800.00" in text and "1 February 2026" in text
    name, data = _download(v, "Download as CSV")
    assert name.endswith(".csv") and "800.00" in data.decode("utf-8")
    name, data = _download(v, "Download as PDF")
    assert name.endswith(".pdf") and data.startswith(b"%PDF")
    v.sign_out()

    # Elsie sees the payment sent; once the period has begun, her next payment is the next four weeks'.
    v.sign_in("holder")
    text = v.text()
    assert "The next payment into your account: £800.00, for the four weeks from 1 February 2026." in text
    assert "The council has sent it. It should be in the account by 30 January 2026." in text
    v.sign_out()
    monkeypatch.setattr(timezone, "localdate", lambda *a: D(2026, 2, 6))
    v.sign_in("holder")
    text = v.text()
    assert "Paid in by the council" in text and "£800.00 (1 payment)" in text
    assert "Your account should have about £800.00." in text
    assert "The next payment into your account: £800.00, for the four weeks from 1 March 2026." in text

    receipt = tmp_path / "receipt.png"
    receipt.write_bytes(PNG)
    v.record_a_spending(receipt, day="3", month="2", year="2026")
    text = v.text()
    assert "Spending recorded with its receipt" in text
    assert "Your account should have about £680.00 once the spending you told us about leaves it." in text
    assert "3 February 2026: £120.00 to Sam Okafor" in text
    v.sign_out()

    # Finance imports the bank statement: the line matches what Elsie recorded, and her page counts it once.
    statement = tmp_path / "february.csv"
    statement.write_text("Date,Description,Paid out,Paid in\n04/02/2026,SAM OKAFOR,120.00,\n")
    v.sign_in("finance")
    v.click("Payments and statements", role="link")
    v.click("Import a statement", role="link")
    v.page.set_input_files("#id_statement", str(statement))
    v.fill("Direct payment account reference", f"DP-{elsie.la_person_id}")
    v.choose("Date, Description, Paid out, Paid in")
    v.click("Import")
    assert "1 line imported" in v.text() and "1 line matched" in v.text()
    v.sign_out()
    v.sign_in("holder")
    text = v.text()
    assert "Spent, as the bank statements show" in text and "£120.00, on statements up to 4 February 2026" in text
    assert "Your account should have about £680.00." in text
    assert "Sam Okafor" not in text  # matched: no longer waiting for a statement
