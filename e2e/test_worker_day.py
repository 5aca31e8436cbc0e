"""The issue's whole day, dated today and following links only: a worker takes a new person aged 80 from referral
through eligibility and the self-assessment to an indicative budget carried into the assessment, asks finance for a
financial assessment and co-produces a plan with a reason for its difference from the indicative budget; a manager,
whose browser runs no JavaScript, reads the reason and approves it; an administrator records the person's daughter
and invites her by letter; the daughter, on a 320 px phone, signs in with the letter's code and acts for her mother,
and loses access the day her authority ends."""

import datetime
import re

from django.utils import timezone

from selfdirect.assessment import questionnaire


def _fits(visitor):
    width = visitor.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{visitor.page.url} is {width}px wide"


def _born_eighty_years_ago(today):
    day = today.day if (today.month, today.day) != (2, 29) else 28
    return datetime.date(today.year - 80, today.month, day) - datetime.timedelta(days=40)


def test_a_worker_day_from_referral_to_agreed_plan_and_a_daughter_who_acts_until_her_authority_ends(
        visitor, no_script_visitor, phone_visitor, council):
    today = timezone.localdate()
    born = _born_eighty_years_ago(today)
    v = visitor

    # Referral: the worker adds the person from their home page.
    v.sign_in("worker")
    v.click("Add a person", role="link")
    v.fill("First name", "Iris")
    v.fill("Last name", "Marsh")
    v.date("id_date_of_birth", str(born.day), str(born.month), str(born.year))
    v.fill("NHS number", "943 476 5919")
    v.choose("Female")
    v.select("Ethnicity", "A")
    v.click("Continue")
    v.fill("Postcode", "ex2 4qq")
    v.select("Accommodation status", "Tenant")
    v.select("Employment status", "Unknown")
    v.click("Continue")
    v.choose("Older people")
    v.select("Primary support reason", "Physical Support: Personal care support")
    for group in ("Autism spectrum disorder", "Visual impairment", "Hearing impairment", "Dementia"):
        v.page.get_by_role("group", name=group).get_by_label("No", exact=True).check()
    v.select("Client funding status", "Unknown")
    v.click("Continue")
    v.date("id_referred_on", str(today.day), str(today.month), str(today.year))
    v.select("Route of access", "Community / Other route")
    v.fill("What the person asked for", "Help to stay at home after a fall")
    v.click("Continue")
    assert "Check your answers" in v.text()
    v.click("Add the person and open their case")
    assert "Iris Marsh" in v.text()

    # Eligibility outcome by outcome, then the self-assessment, in one route.
    v.click("Start the assessment")
    v.decide_eligibility({
        "Managing and maintaining nutrition": ("Cannot achieve it without assistance",
                                               "Cannot stand at the cooker since the fall"),
        "Being able to make use of the home safely": (
            "Can achieve it without assistance, but doing so endangers, or is likely to endanger, their health or "
            "safety, or that of others", "Has fallen twice on the stairs"),
    })
    assert "The needs are eligible" in v.text()
    v.click("Record the eligibility decision")
    assert "Next, go through the self-assessment" in v.text()
    v.click("Start")
    adult = questionnaire.get("adult")
    for domain in adult.domains:
        for question in domain.questions:
            v.page.get_by_role("group", name=question.text).get_by_label(question.options[1].text, exact=True).check()
        v.click("Continue")
    v.click("Agree these answers and work out the indicative budget")
    points = questionnaire.score(adult, {q.id: q.options[1].id for _, q in adult.questions}).points
    assert "How the indicative budget was worked out" in v.text() and f"{points} points" in v.text()

    # The indicative budget and its explanation are carried into the assessment, not retyped.
    v.click("Continue to the assessment", role="link")
    explanation = v.page.get_by_label("How the indicative budget was worked out", exact=True).input_value()
    assert f"gave {points} points" in explanation
    v.click("Record the assessment")
    assert "the needs are eligible" in v.text()

    # Finance is asked for the financial assessment from the record.
    v.click("Ask finance for a financial assessment", role="link")
    v.fill("Note for the finance team (optional)", "Owns her home; state pension only")
    v.click("Ask for a financial assessment")
    assert "It is with the finance team" in v.text()

    # The plan costs much less than the indicative budget: the reason is asked for before it can be sent.
    v.click("Work on the support plan", role="link")
    v.fill("What does the person want to achieve, in their own words?", "I want to cook my own tea again")
    v.click("Add outcome")
    v.add_support("Personal assistant to help with meals", "Personal assistant", "hour", "15", "5", "Each week")
    assert v.page.get_by_role("button", name="Submit the plan for agreement").count() == 0
    v.click(re.compile(r"^Say why the plan costs £[\d,.]+ a week less than the indicative budget"), role="link")
    v.fill("Why does the plan cost more or less than the indicative budget?",
           "Her son cooks with her at weekends and a lunch club is free")
    v.click("Save reason")
    v.click("Submit the plan for agreement")
    assert "sent to a team manager" in v.text()
    v.sign_out()

    # The manager, with no JavaScript, reads the reason and approves the plan.
    m = no_script_visitor
    m.sign_in("manager")
    m.click(re.compile(r"^Iris Marsh \(EX\d+\)$"), role="link")
    assert "Her son cooks with her at weekends" in m.text()
    m.choose("Approve the plan")
    m.fill("Comments the person will see", "A plan that builds on what the family already does")
    m.click("Record decision")
    assert "Plan approved" in m.text()
    m.sign_out()

    # The administrator records the daughter and invites her by letter.
    v.sign_in("admin")
    v.click("People", role="link")
    v.click("Iris Marsh", role="link")
    v.click("Record someone who may act for the person", role="link")
    v.fill("Name", "Ruth Marsh")
    v.select("Relationship to the person", "Son or daughter")
    v.choose("Consent of the person, who has capacity")
    v.choose("Welfare and money: the care record, plan, reviews, budget, money and charging")
    v.fill("Reference on the evidence seen", "Consent form signed today")
    v.date("id_starts_on", str(today.day), str(today.month), str(today.year))
    v.click("Save")
    assert "Recorded who may act for the person" in v.text()
    record = v.page.url
    v.click("Invite the person, someone who acts for them or a carer to sign in", role="link")
    v.choose("Ruth Marsh (son or daughter), who acts for them")
    v.choose("In a letter, with a code")
    v.click("Send")
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", v.text()).group(0)
    v.sign_out()

    # The daughter, on a small phone, signs in with the code and acts for her mother.
    d = phone_visitor
    d.go("/sign-in/")
    d.click("Sign in with a letter code", role="link")
    d.fill("Code from your letter", code)
    d.fill("Choose a sign-in name", "ruth.marsh")
    d.fill("Choose a password", "tea at four on thursdays")
    d.fill("Type the password again", "tea at four on thursdays")
    d.click("Continue")
    _fits(d)
    assert "People you act for" in d.text()
    d.click("Iris Marsh", role="link")
    _fits(d)
    assert "I want to cook my own tea again" in d.text()
    mothers_record = d.page.url

    # A worker ends her authority today; from today she cannot act for her mother.
    v.sign_in("worker")
    v.click("Find a person", role="link")
    v.click("Iris Marsh", role="link")
    assert v.page.url == record
    v.click("End authority of Ruth Marsh", role="link")
    v.fill("Reason", "Iris has asked that her daughter no longer acts for her")
    v.click("End authority")
    assert f"Ruth Marsh can no longer act for Iris Marsh from {today.day} {today:%B %Y}" in v.text()

    menu = d.page.get_by_role("button", name="Menu")
    if menu.count() and menu.first.is_visible():  # the service navigation folds into a menu on a phone
        menu.first.click()
    d.click("People you act for", role="link")
    assert "Iris Marsh" not in d.text()
    response = d.page.goto(mothers_record)
    assert response.status == 404
    assert len(v.checked) + len(m.checked) + len(d.checked) > 40
