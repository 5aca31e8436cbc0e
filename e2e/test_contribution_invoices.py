"""Care home contributions (issue 18): a finance officer raises a period's invoices, a backdated reassessment's arrears
and a payment; the resident reads their invoices with why each was raised."""

import datetime

from django.utils import timezone

from selfdirect.money import invoices
from selfdirect.money.models import ContributionInvoice
from tests.money.test_invoices import assessed


def test_finance_invoices_a_resident_raises_the_arrears_of_a_backdated_reassessment_and_the_resident_reads_why(
        visitor, council):
    person = council.live_person(user=council.holder)
    today = timezone.localdate()
    first = invoices.period_of(today - datetime.timedelta(days=2 * invoices.PERIOD_DAYS))
    assessed(council, person, first.starts_on, 7000)
    v = visitor
    v.sign_in("finance")
    v.go("/finance/")
    v.click("Care home contributions", role="link")
    v.select("Four-weekly period", first.starts_on.isoformat())
    v.click("Show the period")
    assert f"Residents for {first.label}" in v.text() and "Not raised" in v.text()
    v.click(f"Raise the invoices for {first.label}")
    assert "1 invoice and 0 arrears invoices (£280.00), 0 refund credits (£0.00)" in v.text()
    v.click(f"Raise the invoices for {first.label}")
    assert "0 invoices" in v.text()  # raised once

    changed = first.starts_on + datetime.timedelta(days=21)  # the last week of the period, backdated
    assessed(council, person, changed, 8400)
    v.go(f"/finance/contributions/?period={first.starts_on.isoformat()}")
    assert "Arrears £14.00" in v.text()
    v.click("Raise the arrears invoices and refund credits")
    assert "1 arrears invoice" in v.text() and "None: every period invoiced matches" in v.text()

    v.click("Record the payment")
    assert "Enter the invoice reference" in v.text()
    reference = ContributionInvoice.objects.get(kind="invoice").reference
    v.fill("Invoice reference", reference)
    v.date("id_paid_on", str(today.day), str(today.month), str(today.year))
    v.click("Record the payment")
    assert f"Payment of {reference} recorded" in v.text()
    v.sign_out()

    v.sign_in("holder")
    v.go(f"/people/{person.pk}/account/")
    v.click("Your care home contribution: invoices, arrears and refunds", role="link")
    text = v.text()
    assert f"Your contribution changed from £70.00 to £84.00 a week from {changed:%-d %B %Y}." in text
    assert "You owe £14.00 more." in text and "Owed on invoices now\t£14.00" in text
    assert "Paid on" in text
