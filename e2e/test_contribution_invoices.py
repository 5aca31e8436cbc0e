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
    v.click("Contributions: invoices and arrears", role="link")
    v.select("Four-weekly period", first.starts_on.isoformat())
    v.click("Show the period")
    assert f"Contributions for {first.label}" in v.text() and "Not raised" in v.text()
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


def test_a_council_managed_contribution_overdue_is_checked_before_recovery_and_the_person_is_told(visitor, council):
    """Issue 19: someone at home on services the council arranges is invoiced their contribution; an invoice not paid
    is overdue; finance records a check of her circumstances, and only then the decision to recover it; she sees
    what is overdue, and what to do, on her home page and her contributions page."""
    person = council.person(user=council.holder)
    council.assess(person)
    council.plan(person)
    council.submit(person)
    council.approve(person)
    council.go_live(person, option="council_managed")
    today = timezone.localdate()
    period = invoices.period_of(today - datetime.timedelta(days=3 * invoices.PERIOD_DAYS))
    assessed(council, person, period.starts_on - datetime.timedelta(days=7), 6000, setting="community")
    from selfdirect.money import actions

    actions.raise_contribution_invoices(period.starts_on, actor=council.finance, on=period.starts_on)
    v = visitor
    v.sign_in("finance")
    v.go("/finance/contributions/")
    assert "Check their circumstances" in v.text()
    v.go(f"/people/{person.pk}/account/contributions/arrears/")
    assert "£240.00 is overdue" in v.text()
    v.click("Record a check of their circumstances", role="link")
    v.page.check('input[name="income_changed"][value="no"]')
    v.choose("Has the capacity to manage the debt")
    v.page.check('input[name="reassessment_needed"][value="no"]')
    v.choose("Pursue the debt")
    v.fill("What was checked, with whom, and why this outcome", "Phoned her: she had forgotten, and can pay monthly")
    v.click("Record the check")
    assert "Check of their circumstances recorded" in v.text()
    v.click("Decide how to recover it", role="link")
    v.choose("Agree a plan to repay it in parts")
    v.fill("Reason for the decision", "She asked to pay £60.00 a month")
    v.click("Record the decision")
    assert "Recovery started on" in v.text()
    v.sign_out()

    v.sign_in("holder")
    assert "£240.00 of your contribution is overdue" in v.text()
    v.click("Your contribution invoices, and what is overdue", role="link")
    assert "£240.00 is overdue" in v.text() and "the council decided to recover it" in v.text()
