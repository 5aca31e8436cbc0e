"""One route: the person answers the self-assessment; the worker decides eligibility outcome by outcome, agrees the
answers, sees the indicative budget explained and continues to the assessment with it filled in; the person reads
the decision. And the route that ends with a decision that the needs are not eligible."""

from selfdirect.assessment import questionnaire


def test_a_person_answers_a_worker_agrees_and_the_indicative_budget_is_explained(visitor, council):
    from selfdirect.journey import actions as journey_actions

    person = council.person(user=council.holder)
    journey_actions.move(council.case(person), "start_assessment", actor=council.worker)
    v = visitor
    v.sign_in("holder")
    v.click("See your plan, budget and next review", role="link")
    v.click("Fill in your self-assessment", role="link")
    v.choose("Easy read: short, simple words")
    v.click("Start")
    for domain in questionnaire.get("adult").domains:
        for question in domain.questions:
            v.page.get_by_role("group", name=question.easy_read).get_by_label(question.options[1].easy_read, exact=True).check()
        v.click("Continue")
    assert "Check the answers" in v.text()
    v.click("Send my answers")
    v.sign_out()

    v.sign_in("worker")
    v.go(f"/people/{person.pk}/")
    v.click("Decide eligibility, outcome by outcome", role="link")
    v.decide_eligibility({
        "Managing and maintaining nutrition": ("Cannot achieve it without assistance", "Needs help with meals every day"),
        "Maintaining personal hygiene": ("Can achieve it without assistance, but doing so endangers, or is likely to "
                                         "endanger, their health or safety, or that of others", "Has fallen in the bath"),
    })
    assert "The needs are eligible" in v.text() and "Maintaining personal hygiene: you can do this without help" in v.text()
    v.click("Record the eligibility decision")
    assert "Next, go through the self-assessment" in v.text()
    v.click("Start")
    for _ in questionnaire.get("adult").domains:
        v.click("Continue")  # the person's answers are already filled in
    v.click("Agree these answers and work out the indicative budget")
    assert "How the indicative budget was worked out" in v.text()
    points = questionnaire.score(questionnaire.get("adult"),
                                 {q.id: q.options[1].id for _, q in questionnaire.get("adult").questions}).points
    assert f"{points} points" in v.text()
    v.click("Continue to the assessment", role="link")
    assert f"gave {points} points" in v.page.get_by_label("How the indicative budget was worked out", exact=True).input_value()
    v.click("Record the assessment")
    assert "the needs are eligible" in v.text()
    v.click("Work on the support plan", role="link")
    assert "Support plan" in v.text()
    v.sign_out()

    # the person reads the decision and its reasons from their record
    v.sign_in("holder")
    v.click("See your plan, budget and next review", role="link")
    v.click("Your eligibility decision and the reasons for it", role="link")
    assert "Managing and maintaining nutrition: you cannot do this without help." in v.text()
    v.sign_out()
    v.sign_in("finance")
    v.click("Fairness", role="link")
    v.click("Allocation", role="link")
    v.fill("Price per point", "7.10")
    v.click("Show the effect")
    assert "Budgets that rise" in v.text()


def test_needs_that_are_not_eligible_end_with_the_written_decision_and_advice(visitor, council):
    person = council.person(user=council.holder)
    v = visitor
    v.sign_in("worker")
    v.go(f"/people/{person.pk}/")
    v.click("Start the assessment")
    v.decide_eligibility({"Managing toilet needs": ("Can achieve it without assistance, but it takes significantly "
                                                    "longer than would normally be expected", "Slow at night")},
                         areas=(), significant="No", impact="")
    assert "The needs are not eligible" in v.text()
    v.click("Record the eligibility decision")
    assert "Enter the information and advice for the person" in v.text()
    v.fill("Information and advice for the person", "The falls team can fit a raised toilet seat and rails.")
    v.click("Record the eligibility decision")
    assert "Your needs do not meet the eligibility criteria" in v.text() and "raised toilet seat" in v.text()
    v.click(f"Return to {person.full_name}'s record", role="link")
    assert "The needs are not eligible" in v.text()


def test_the_eligibility_pages_and_the_decision_fit_a_small_phone(phone_visitor, council):
    person = council.person(user=council.holder)
    v = phone_visitor

    def fits():
        width = v.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{v.page.url} is {width}px wide"

    v.sign_in("worker")
    v.go(f"/people/{person.pk}/")
    v.click("Start the assessment")
    v.page.get_by_role("group", name="Do the needs arise").get_by_label("Yes", exact=True).check()
    v.click("Continue")
    v.page.get_by_role("group", name="Managing and maintaining nutrition", exact=True).get_by_label(
        "Cannot achieve it without assistance", exact=True).check()
    v.click("Continue")
    assert "Enter the evidence for managing and maintaining nutrition" in v.text()
    fits()
    v.page.get_by_role("link", name="Enter the evidence for managing and maintaining nutrition").click()
    assert v.page.evaluate("document.activeElement.id") == "id_nutrition-evidence"
    v.page.get_by_label("Evidence for managing and maintaining nutrition", exact=True).fill("Cannot cook")
    v.page.get_by_role("group", name="Managing toilet needs", exact=True).get_by_label(
        "Cannot achieve it without assistance", exact=True).check()
    v.page.get_by_label("Evidence for managing toilet needs", exact=True).fill("Needs help at night")
    v.click("Continue")
    v.choose("Personal dignity, including treatment with respect")
    v.page.get_by_role("group", name="significant impact").get_by_label("Yes", exact=True).check()
    v.fill("Describe the effect on their wellbeing", "Embarrassed and unwell")
    v.click("Continue")
    fits()
    v.click("Record the eligibility decision")
    v.sign_out()
    v.sign_in("holder")
    v.go(f"/people/{person.pk}/eligibility/decision/")
    assert "Your needs meet the eligibility criteria" in v.text()
    fits()
