"""A worker and a budget holder write a plan together on a 320 px phone screen: a drumming class, a personal
assistant, an allotment and a wine-making class, a suggestion from the person, the reason the plan costs far less than
the indicative budget, a return for changes, agreement, a mix of a direct payment and a council-managed budget with
every option recorded (and the worker's reason for a direct payment the rules say no to), the person arranging their
own support, and the plan as a PDF."""


def test_a_worker_and_budget_holder_coproduce_a_mixed_plan_that_is_returned_once_then_agreed(phone_visitor, council):
    v = phone_visitor
    person = council.person(user=council.holder, first_name="Kofi", last_name="Mensah")
    council.assess(person)
    plan_page = f"/people/{person.pk}/plan/"

    # The worker starts the plan with a non-traditional item and a personal assistant.
    v.sign_in("worker")
    v.go(plan_page)
    v.fill("What does the person want to achieve, in their own words?", "I want to play music with other people")
    v.click("Add outcome")
    v.add_support("Community drumming class", "Community group, club or class", "session", "8", "1", "Each week")
    v.add_support("Personal assistant to get to the class and go shopping", "Personal assistant", "hour", "14.50", "6",
                  "Each week")
    v.add_support("Allotment society membership and plot rent", "Community group, club or class", "year", "52", "1",
                  "Each year")
    v.add_support("Wine-making class", "Community group, club or class", "session", "6", "1", "Each week")
    text = v.text()
    assert "Community drumming class" in text and "Personal assistant to get to the class" in text
    assert "A direct payment cannot buy alcohol or tobacco" in text  # the wine-making class, word by word
    assert "Allotment society membership and plot rent" in text and "cannot pay for things the NHS provides" not in text
    v.sign_out()

    # The person suggests an outcome of their own; it waits for the worker.
    v.sign_in("holder")
    v.go(plan_page)
    v.fill("What does the person want to achieve, in their own words?", "I want to cook for my grandchildren")
    v.click("Suggest this outcome")
    assert "Waiting for the worker" in v.text()
    v.sign_out()

    v.sign_in("worker")
    v.go(plan_page)
    v.click("Respond to: Outcome", role="link")
    v.choose("Accept it into the plan")
    v.fill("Your reply (the person will see it)", "Added: the PA can help with shopping")
    v.click("Send response")
    assert "I want to cook for my grandchildren" in v.text()
    # £102.00 a week against an indicative £300.00: the plan says a reason is needed and links to the box.
    assert "Submit the plan for agreement" not in v.text()
    v.click("Say why the plan costs £198.00 a week less than the indicative budget of £300.00.", role="link")
    v.fill("Why does the plan cost more or less than the indicative budget?",
           "Kofi's sister and the drumming group give much of the help the allocation counted as paid care")
    v.click("Save reason")
    assert "Reason saved" in v.text()
    v.click("Submit the plan for agreement")
    v.sign_out()

    # The manager returns it once, the worker adds what was asked, and the manager agrees it.
    v.sign_in("manager")
    v.go(f"/people/{person.pk}/plan/decision/")
    text = v.text()
    assert "66% less than the indicative budget of £300.00" in text
    assert "The worker's reason: Kofi's sister and the drumming group" in text
    v.choose("Return it for changes")
    v.fill("Comments the person will see", "Please add the contingency plan")
    v.click("Record decision")
    v.sign_out()
    v.sign_in("worker")
    v.go(plan_page)
    v.fill("What happens if support does not turn up", "Kofi's sister covers, and the agency's on-call line")
    v.click("Save")
    v.click("Submit the plan for agreement")
    v.sign_out()
    v.sign_in("manager")
    v.go(f"/people/{person.pk}/plan/decision/")
    v.choose("Approve the plan")
    v.fill("Comments the person will see", "Agreed with thanks")
    v.click("Record decision")
    assert "Plan approved" in v.text()
    v.sign_out()

    # The worker records every option and takes a mix: a direct payment for the PA, the council manages the class.
    v.sign_in("worker")
    v.go(f"/people/{person.pk}/money/")
    v.record_every_option(chosen="A mix of these", how="With an easy-read leaflet")
    v.click("Choose for each item", role="link")
    for description, option in {"Community drumming class": "Council-managed budget", "Personal assistant": "Direct payment",
                                "Allotment society": "Direct payment", "Wine-making class": "Direct payment"}.items():
        v.page.get_by_role("group", name=description).get_by_label(option, exact=True).check()
    v.click("Save")
    assert "There is a problem" in v.text() and "Say why a direct payment will pay for Wine-making class" in v.text()
    v.fill("If a direct payment pays for Wine-making class, why?",
           "It is a class, not alcohol: Kofi makes the wine with his neighbours, the outcome in his plan")
    v.click("Save")
    assert "A mix" in v.text() or "Mixed" in v.text()
    assert "Reason: It is a class, not alcohol" in v.text()
    v.set_up_direct_payment()
    v.sign_out()

    # The person confirms they were offered the options and arranges their own support.
    v.sign_in("holder")
    v.go(f"/people/{person.pk}/money/")
    v.click("Confirm you were offered the options", role="link")
    v.page.get_by_label("I was told about all four ways", exact=False).check()
    v.click("Confirm")
    assert "Thank you for confirming" in v.text()
    v.arrange("Community drumming class", "Exeter Community Drummers", "7", "12", "2026")
    v.arrange("Personal assistant to get to the class and go shopping", "Sam Okafor", "7", "12", "2026")
    v.arrange("Allotment society membership and plot rent", "Exeter Allotment Society", "7", "12", "2026")
    v.arrange("Wine-making class", "Heavitree Wine Circle", "7", "12", "2026")
    v.sign_out()

    # The manager sees the direct payment the rules say no to, with the worker's reason, in their list.
    v.sign_in("manager")
    v.go("/plans/choices/")
    assert "It is a class, not alcohol" in v.text() and "Kofi Mensah" in v.text()
    v.sign_out()

    v.sign_in("worker")
    v.go(f"/people/{person.pk}/money/")
    v.click("Start support")
    assert "Support in place" in v.text()
    v.sign_out()

    # The person reads the agreed plan, its decisions, and downloads the PDF.
    v.sign_in("holder")
    v.go(plan_page)
    text = v.text()
    assert "Please add the contingency plan" in text and "Agreed with thanks" in text
    assert "I want to cook for my grandchildren" in text and "Community drumming class" in text
    pdf = v.page.request.get(v.base_url + f"/people/{person.pk}/plan.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    assert v.page.evaluate("document.documentElement.scrollWidth") <= 320
