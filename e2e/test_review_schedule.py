"""Issue 21, "Reviews when the law says": a direct payment's 6-month review is due and shown as late when missed; the
team manager sees it on "Reviews due"; the family member asks for a review, which the worker declines with reasons
the family member then reads."""

import datetime

from django.utils import timezone


def test_a_missed_direct_payment_review_is_late_and_a_familys_request_is_declined_with_reasons(visitor, council):
    from selfdirect.money import actions as money_actions

    person = council.live_person(option="direct_payment")
    council.family_acts_for(person)
    paid_on = timezone.localdate() - datetime.timedelta(days=213)  # the first payment 7 months ago
    money_actions.pay(paid_on, actor=council.finance)
    v = visitor

    # The worker sees the direct payment's review, due within 6 months of the first payment, late.
    v.sign_in("worker")
    v.go(f"/people/{person.pk}/")
    text = v.text()
    assert "First review of the direct payment" in text and "Late" in text and "regulation 7" in text
    v.sign_out()

    # The manager's "Reviews due" lists it, late first, and counts it.
    v.sign_in("manager")
    v.click("Reviews due", role="link")
    text = v.text()
    assert person.full_name in text and "First review of the direct payment" in text
    listed = text[text.index("Person\tKind"):]  # the list itself, after the counts of late reviews by kind
    assert listed.index("First review of the direct payment") < listed.index("First review of the plan")
    v.sign_out()

    # The family member asks for a review.
    v.sign_in("family")
    v.go(f"/people/{person.pk}/")
    v.click("Ask for a review", role="link")
    v.fill("Why would you like a review?", "Mum fell last week and needs more help in the mornings")
    v.click("Ask for a review")
    assert "You have asked for a review" in v.text()
    v.sign_out()

    # The worker declines it, with the reasons the family will read.
    v.sign_in("worker")
    v.go(f"/people/{person.pk}/")
    v.click("Decide", role="link")
    assert "Mum fell last week" in v.text()
    v.click("Save the decision")
    assert "Select whether the review will be held" in v.text()
    v.choose("No: decline the request")
    v.click("Save the decision")
    assert "Enter the reasons the review will not be held" in v.text()
    v.choose("No: decline the request")
    v.fill("If not, the reasons, as they will be given to the person",
           "Her direct payment review is being arranged this month and will cover the mornings")
    v.click("Save the decision")
    assert "Request declined" in v.text()
    v.sign_out()

    # The family member reads the reasons.
    v.sign_in("family")
    v.go(f"/people/{person.pk}/")
    assert "Her direct payment review is being arranged this month and will cover the mornings" in v.text()
