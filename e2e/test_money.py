"""A budget holder records spending with a receipt on a phone; a finance officer imports a statement and clears
reconciliation."""

import base64
import datetime


def test_a_budget_holder_records_spending_with_a_receipt(phone_visitor, council, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = council.live_person(user=council.holder)
    receipt = tmp_path / "receipt.png"
    receipt.write_bytes(base64.b64decode(  # a real PNG (one pixel): receipts are judged by decoding them
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg=="))
    v = phone_visitor
    v.sign_in("holder")
    v.click("See your plan, budget and next review", role="link")
    v.click("Your direct payment account", role="link")
    v.click("Record spending", role="link")
    v.click("Save")
    assert "Enter who you paid" in v.text()
    v.date("id_spent_on", "3", "2", "2026")
    v.fill("Who you paid", "Sam Okafor")
    v.fill("Amount", "120.00")
    v.select("What it was for (from your plan)", "Help with personal care")
    v.fill("Hours (if you paid a personal assistant)", "6")
    v.page.set_input_files("#id_receipt", str(receipt))
    v.click("Save")
    assert "Spending recorded with its receipt" in v.text() and "Sam Okafor" in v.text()
    v.click("Print a monthly return to fill in on paper", role="link")
    assert "Direct payment monthly return" in v.text()
    assert person.cases.get().spending_records.count() == 1


def test_a_finance_officer_imports_a_statement_and_clears_reconciliation(visitor, council, tmp_path):
    from selfdirect.money import actions

    person = council.live_person(user=council.holder)
    case = council.case(person)
    item = case.plans.get().items.get()
    actions.pay(datetime.date(2026, 1, 20), actor=council.finance)
    actions.record_spending(case, actor=council.holder, spent_on=datetime.date(2026, 2, 2), payee="Sam Okafor",
                            amount_pence=12000, item=item)
    statement = tmp_path / "february.csv"
    statement.write_text("Date,Description,Paid out,Paid in\n03/02/2026,SAM OKAFOR,120.00,\n"
                         "05/02/2026,EXAMPLESHIRE COUNCIL,,800.00\n07/02/2026,GARDEN CENTRE,35.99,\n")
    v = visitor
    v.sign_in("finance")
    v.click("Payments and statements", role="link")
    v.click("Import a statement", role="link")
    v.page.set_input_files("#id_statement", str(statement))
    v.fill("Direct payment account reference", "DP-EX000001")
    v.choose("Date, Description, Paid out, Paid in")
    v.click("Import")  # on the task worker: the job's page says how it went
    assert "3 lines imported, 0 duplicates skipped, 0 refused; 1 line matched" in v.text()
    v.go("/finance/statements/")
    v.page.set_input_files("#id_statement", str(statement))
    v.fill("Direct payment account reference", "DP-EX000001")
    v.choose("Date, Description, Paid out, Paid in")
    v.click("Import")
    assert "0 lines imported, 3 duplicates skipped" in v.text()
    v.click("Match the lines left over", role="link")
    assert "GARDEN CENTRE" in v.text()
    v.click("Match GARDEN CENTRE", role="link")
    v.choose("Plan item: Help with personal care")
    v.click("Save")
    assert "Every line is matched" in v.text()
    v.go(f"/people/{person.pk}/account/")
    v.click("Audit and surplus", role="link")
    v.click("Check for surplus now")
    assert "Audit recorded: the balance is within the weeks of payments" in v.text()  # one instalment is no surplus
    assert "Earlier audits" in v.text() and "surplus £0.00; closed" in v.text()


def test_a_worker_asks_for_a_one_off_payment_a_manager_approves_it_and_payments_are_suspended(visitor, council):
    person = council.live_person(user=council.holder)
    v = visitor
    v.sign_in("worker")
    v.go(f"/people/{person.pk}/account/")
    v.click("One-off payments", role="link")
    v.fill("What it is for", "Shower chair")
    v.fill("Amount", "89.99")
    v.click("Ask for approval")
    assert "waiting for approval" in v.text()
    v.go(f"/people/{person.pk}/account/")
    v.click("Suspend payments (for example, a hospital stay)", role="link")
    v.date("id_starts_on", "1", "3", "2026")
    v.fill("Why", "In hospital")
    v.click("Suspend payments")
    assert "Payments suspended" in v.text()
    v.sign_out()
    v.sign_in("manager")
    v.go(f"/people/{person.pk}/account/one-off/")
    v.click("Approve Shower chair")
    assert "approved by Manager" in v.text()
