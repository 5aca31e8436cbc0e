"""From eligibility through the self-assessment to an explained indicative budget."""

from selfdirect.assessment import questionnaire


def test_a_person_answers_a_worker_agrees_and_the_indicative_budget_is_explained(visitor, council):
    from selfdirect.journey import services as journey

    person = council.person(user=council.holder)
    journey.move(council.case(person), "start_assessment", actor=council.worker)
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
    v.click("Go through the self-assessment", role="link")
    v.click("Start")
    for _ in questionnaire.get("adult").domains:
        v.click("Continue")  # the person's answers are already filled in
    v.click("Agree these answers and work out the indicative budget")
    assert "How the indicative budget was worked out" in v.text()
    points = questionnaire.score(questionnaire.get("adult"),
                                 {q.id: q.options[1].id for _, q in questionnaire.get("adult").questions}).points
    assert f"{points} points" in v.text()
    v.go(f"/people/{person.pk}/assessment/")
    v.page.get_by_role("group", name="Do the needs arise").get_by_label("Yes").check()
    v.choose("Managing and maintaining nutrition")
    v.choose("Maintaining personal hygiene")
    v.page.get_by_role("group", name="significant impact").get_by_label("Yes").check()
    v.fill("Evidence for each outcome", "Needs help with meals and washing every day")
    v.click("Record the assessment")
    assert "the needs are eligible" in v.text()
    v.sign_out()
    v.sign_in("finance")
    v.click("Fairness", role="link")
    v.click("Allocation", role="link")
    v.fill("Price per point", "7.10")
    v.click("Show the effect")
    assert "Budgets that rise" in v.text()
