"""A social worker, a team manager and a budget holder walk one person through the seven steps."""

import datetime

from django.utils import timezone


def test_a_worker_manager_and_budget_holder_walk_the_seven_steps(visitor, council):
    v = visitor
    v.sign_in("worker")
    assert "Your team's cases" in v.text()

    # 1. Person and referral, one question group per page, with a mistake first.
    v.go("/people/new/")
    v.fill("First name", "Grace")
    v.fill("Last name", "Hopper")
    v.date("id_date_of_birth", "9", "12", "1946")
    v.fill("NHS number", "943 476 5918")
    v.choose("Female")
    v.select("Ethnicity", "A")
    v.click("Continue")
    assert "There is a problem" in v.text() and "check digit does not match" in v.text()
    v.fill("NHS number", "943 476 5919")
    v.click("Continue")
    v.fill("Postcode", "ex1 1aa")
    v.select("Accommodation status", "Tenant")
    v.select("Employment status", "Unknown")
    v.click("Continue")
    v.choose("Older people")
    v.select("Primary support reason", "Physical Support: Personal care support")
    v.page.get_by_role("group", name="Autism spectrum disorder").get_by_label("No", exact=True).check()
    v.page.get_by_role("group", name="Visual impairment").get_by_label("No", exact=True).check()
    v.page.get_by_role("group", name="Hearing impairment").get_by_label("No", exact=True).check()
    v.page.get_by_role("group", name="Dementia").get_by_label("No", exact=True).check()
    v.select("Client funding status", "Unknown")
    v.click("Continue")
    v.date("id_referred_on", "2", "11", "2026")
    v.select("Route of access", "Discharge from Hospital")
    v.fill("What the person asked for", "Help at home after a fall")
    v.click("Continue")
    assert "Check your answers" in v.text() and "EX1 1AA" in v.text()
    v.click("Add the person and open their case")
    assert "Grace Hopper" in v.text()

    # 2. Find out the budget.
    v.click("Start the assessment")
    v.decide_eligibility({
        "Managing and maintaining nutrition": ("Cannot achieve it without assistance", "Cannot stand long enough to cook"),
        "Maintaining personal hygiene": ("Can achieve it without assistance, but doing so causes significant pain, "
                                         "distress or anxiety", "Washing safely is painful"),
    })
    v.click("Record the eligibility decision")
    v.click("set the indicative budget without a self-assessment", role="link")
    v.fill("Indicative weekly budget", "300")
    v.fill("How the indicative budget was worked out", "Council banded table, band C")
    v.click("Record the assessment")
    assert "the needs are eligible" in v.text()

    # 3. Plan support, not only hours of care.
    v.click("Work on the support plan", role="link")
    v.fill("What does the person want to achieve, in their own words?", "I want to cook my own dinner again")
    v.click("Add outcome")
    v.add_support("Perching stool and kitchen trolley", "Shop or online retailer", "item", "120", "1", "Each year")
    v.add_support("Personal assistant to help with meals", "Personal assistant", "hour", "15", "7", "Each week")
    assert "£107.31" in v.text()  # 2.31 + 105.00
    v.click("Say why the plan costs £192.69 a week less than the indicative budget of £300.00.", role="link")
    v.fill("Why does the plan cost more or less than the indicative budget?", "Her daughter cooks with her at weekends")
    v.click("Save reason")
    v.click("Submit the plan for agreement")
    assert "sent to a team manager" in v.text()
    v.sign_out()

    # 4. Agree: the team manager approves.
    v.sign_in("manager")
    v.click("Grace Hopper (EX000001)", role="link")
    v.choose("Approve the plan")
    v.fill("Comments the person will see", "A good, creative plan")
    v.click("Record decision")
    assert "Plan approved" in v.text()
    v.sign_out()

    # 5. Organise the money and the support: every option recorded, the money, the set-up, each item arranged.
    v.sign_in("worker")
    v.go("/people/")
    v.click("Grace Hopper", role="link")
    v.click("Organise the money", role="link")
    assert "Record whether each option was offered" in v.text()
    v.record_every_option(chosen="Direct payment")
    v.choose_for_items({"Perching stool": "Direct payment", "Personal assistant": "Direct payment"})
    assert "Complete the direct payment set-up checklist" in v.text()
    v.set_up_direct_payment()
    v.arrange("Perching stool and kitchen trolley", "Mobility shop", "16", "11", "2026")
    v.arrange("Personal assistant to help with meals", "Ada Lovelace", "16", "11", "2026")
    v.click("Start support")
    assert "Support in place" in v.text()
    v.sign_out()

    # 6. Live life: Grace signs in and sees her budget, plan and next review.
    from selfdirect.people.models import Person

    grace = Person.objects.get(last_name="Hopper")
    grace.user = council.holder  # accounts for budget holders are made by an administrator
    grace.save()
    v.sign_in("holder")
    v.click("See your plan, budget and next review", role="link")
    text = v.text()
    # The first review is due 8 weeks after the plan was signed off (today, above), not after support started.
    first_review = timezone.localdate() + datetime.timedelta(weeks=8)
    assert "£107.31 a week" in text and "Direct payment" in text and f"{first_review.day} {first_review:%B %Y}" in text
    assert "I want to cook my own dinner again" in text and "A good, creative plan" in text
    v.sign_out()

    # 7. See how it worked.
    v.sign_in("worker")
    v.go(f"/people/{grace.pk}/")
    v.click("Record a review", role="link")
    v.date("id_held_on", "20", "11", "2026")
    v.fill("What did the person say about how things are going?", "Cooking most days now")
    v.choose("Planned: a scheduled review, including the first review after support starts")
    v.choose("The person and their carer reviewed together")
    v.choose("Support continues as planned")
    v.choose("Light review")
    v.fill("What changed in the plan and the budget as a result?", "Nothing changed")
    v.choose("Achieved")
    v.click("Record the review")
    assert "Review recorded" in v.text() and "Support in place" in v.text()
    assert "Light review" in v.text() and "The person and their carer reviewed together" in v.text()
    assert len(v.checked) > 25


def test_a_manager_searches_the_audit_trail(visitor, council):
    person = council.live_person()
    visitor.sign_in("worker")
    visitor.go(f"/people/{person.pk}/")
    visitor.sign_out()
    visitor.sign_in("manager")
    visitor.click("Audit trail", role="link")
    visitor.fill("Sign-in name of the person who acted", "worker")
    visitor.click("Search")
    assert "Opened the record" in visitor.text()
