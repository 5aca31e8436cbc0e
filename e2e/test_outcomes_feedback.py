"""Issue 21, "Done means": a worker holds the 6-week review with the person and her daughter present, records the
POET-style answers with who answered (the person's, her daughter's as family carer, the worker's) and a story shared
with the staff who helped; then the first-contact worker and the assessor, different staff from the reviewer, see
the outcome and the story on "What happened to the people I helped". Links are followed, not typed, after the start
page; axe checks every page."""

import datetime
import re

import pytest

from selfdirect.people.authority import OUTCOMES_TO_HELPERS

STORY = "I go to the lunch club on Tuesdays now, and my daughter has her Saturdays back"


def _staff(username, team):
    from selfdirect.accounts.models import User
    from selfdirect.core.roles import Role

    user = User.objects.create_user(username=username, password="a-long-test-password", role=Role.SOCIAL_WORKER,
                                    team=team)
    user.first_name = username.title()
    user.save()
    return user


@pytest.fixture
def elsie(council):
    """Elsie Evans: referred by `worker` (the first contact), assessed by `assessor`, her plan agreed by the manager
    and her support started; she consented to telling the staff who helped her how things went, and her daughter
    Jane cares for her. The review is held by `reviewer`, who had no part before."""
    from selfdirect.people import actions as people_actions

    assessor = _staff("assessor", council.north)
    _staff("reviewer", council.north)
    person = council.person(consents=(OUTCOMES_TO_HELPERS,))
    people_actions.add_carer(person, actor=council.worker, name="Jane Evans", relationship="Daughter",
                             lives_with_person=False, hours_caring_per_week=20, willing_and_able_to_continue=True)
    council.assess(person, actor=assessor)
    council.plan(person)
    council.submit(person)
    council.approve(person)
    council.go_live(person)
    return person


def _fits(visitor, width=320):
    scrolled = visitor.page.evaluate("document.documentElement.scrollWidth")
    assert scrolled <= width, f"{visitor.page.url} is {scrolled}px wide"


def _answer(v, questions_and_answers):
    for question, answer in questions_and_answers.items():
        v.page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def _hold_the_review(v, person):
    today = datetime.date.today()
    v.go("/people/")
    v.click(person.full_name, role="link")
    v.click("Record a review", role="link")
    v.date("id_held_on", str(today.day), str(today.month), str(today.year))
    v.choose("Planned: a scheduled review, including the first review after support starts")
    v.choose("The person and their carer reviewed together")
    v.fill("What did the person say about how things are going?", "Much better since the visits moved to mornings")
    v.page.get_by_role("group", name="Outcome 1").get_by_label("Achieved", exact=True).check()
    v.choose("Support continues as planned")
    v.choose("Light review")
    v.fill("What changed in the plan and the budget as a result?", "Nothing changed")
    v.click("Record the review")
    text = v.text()
    assert "Review recorded" in text and f"Review of {today.day} {today:%B %Y}" in text
    assert "No answers are recorded yet" in text and "No stories are recorded yet" in text


def test_a_review_with_the_person_and_her_daughter_goes_back_to_the_staff_who_helped(visitor, council, elsie):
    v = visitor
    v.sign_in("reviewer")
    _hold_the_review(v, elsie)

    # The person's answers, given with her daughter in the room: the easy read version printed first, then the answers
    # recorded, with a mistake first.
    v.click("Add the person's answers", role="link")
    assert "How things have changed for you" in v.text()
    v.click("Print the easy read version", role="link")
    text = v.text()
    assert "Tick one box on each line" in text and "Your friends" in text and "Not for me" in text
    v.click("Back to the review", role="link")
    v.click("Add the person's answers", role="link")
    v.click("Record the answers")
    text = v.text()
    assert "There is a problem" in text and "Select who answered" in text and "Select an answer for health" in text
    assert "Select an answer for where I live" in text
    v.choose("The person, with family present")
    _answer(v, {"Health: Your physical": "Better", "Where you live": "About the same",
                "Who you live with": "About the same", "Choice and control over your daily life": "Better",
                "Your friendships": "Better", "Being part of your community": "Better",
                "Work, volunteering or learning": "Does not apply", "Your money": "About the same",
                "Being treated with dignity": "Better", "Feeling safe": "About the same"})
    v.click("Record the answers")
    text = v.text()
    assert "The person's answers recorded" in text and "Answered by: the person, with family present" in text
    assert "Add the person's answers" not in text  # once a review

    # Her daughter's answers as a family carer.
    v.click("Add a family carer's answers", role="link")
    assert "These are the family carer's own answers" in v.text() and "Who answered?" not in v.text()
    v.click("Record the answers")
    text = v.text()
    assert "Enter the family carer's name" in text and "Select an answer for being able to go on caring" in text
    assert "Select who answered" not in text
    v.fill("The family carer's name", "Jane Evans")
    _answer(v, {"Your own physical and mental health": "Better", "Being able to go on caring": "Better",
                "Having a life of your own outside caring": "Better", "The choice and control": "Better",
                "How safe the person you care for is": "About the same", "The dignity of the support": "Better"})
    v.click("Record the answers")
    text = v.text()
    assert "A family carer's answers recorded" in text and "Jane Evans" in text

    # The worker's own view.
    v.click("Add the worker's answers", role="link")
    _answer(v, {"Their health": "Better", "Where they live": "About the same",
                "Their choice and control": "Better", "Their friendships": "Better",
                "Their part in the community": "Better", "Work, volunteering or learning": "Does not apply",
                "Their money": "About the same", "The dignity of their support": "Better",
                "Their safety": "About the same"})
    v.click("Record the answers")
    assert "The worker's answers recorded" in v.text()

    # A short story, in her words, shared with the staff who helped her.
    v.click("Add a story", role="link")
    v.page.get_by_role("group", name="Who told the story?").get_by_label("A family carer", exact=True).check()
    v.click("Record the story")
    # every problem at once, in the order of the page
    problems = ["Enter the name of who told the story", "Write the story down, or add a recording of it",
                "Select whether the staff who helped may read it", "Select whether researchers may read it"]
    summary = v.page.locator(".govuk-error-summary").inner_text()
    assert [summary.index(p) for p in problems] == sorted(summary.index(p) for p in problems)
    v.page.get_by_role("group", name="Who told the story?").get_by_label("The person", exact=True).check()
    v.fill("The story, in their own words", STORY)
    v.page.get_by_label("Friendships", exact=True).check()
    v.page.get_by_role("group", name="May the staff who helped").get_by_label("Yes", exact=True).check()
    v.page.get_by_role("group", name="May researchers").get_by_label("No", exact=True).check()
    v.click("Record the story")
    text = v.text()
    assert "Story recorded" in text and STORY in text and "Who may read it beyond the care team: the staff who helped" in text

    assert "Add the worker's answers" not in text and "Add a family carer's answers" in text
    v.sign_out()

    # The first contact, then the assessor: the count on their home page, then what happened.
    for helper, as_what in (("worker", "How you helped: first contact: opened the case"),
                            ("assessor", "How you helped: assessed their needs")):
        v.sign_in(helper)
        assert "What happened to the people I helped" in v.text() and "1 new review" in v.text(), helper
        v.click("What happened to the people I helped", role="link")
        text = v.text()
        assert "Elsie Evans" in text and as_what in text, helper
        assert "I want to stay at home" in text and "Achieved" in text, helper
        assert "The person's answers, given by: the person, with family present" in text and STORY in text, helper
        assert "Much better since the visits moved to mornings" not in text  # what was said stays in the record
        assert "Jane Evans" not in text  # never a family carer's name
        v.click("Home", role="link")
        assert "new review" not in v.text(), helper  # read now
        v.sign_out()
    assert len(v.checked) > 20


def test_the_helped_page_and_a_review_fit_a_small_screen(phone_visitor, council, elsie):
    from selfdirect.outcomes import actions
    from selfdirect.planning import queries as planning

    case = council.case(elsie)
    plan = planning.approved_plan_for(case)
    reviewer = council.worker.__class__.objects.get(username="reviewer")
    review = actions.record_review(
        case, actor=reviewer, held_on=datetime.date.today(), summary="Going well", decision="continue",
        ratings={o.pk: "achieved" for o in plan.outcomes.all()}, depth="light", reason="Planned",
        method="Service user and carer", what_changed="Nothing changed")
    actions.record_story(review, actor=reviewer, told_by="person", teller_name="", words=STORY, audio_file=None,
                         domains=["friendships"], outcome_ids=[], share_with_helpers=True, share_for_research=False)
    v = phone_visitor
    v.sign_in("worker")
    _fits(v)
    v.click("What happened to the people I helped", role="link")
    assert STORY in v.text()
    _fits(v)  # the tables scroll inside their own region, never the page
    v.sign_out()
    v.sign_in("reviewer")
    v.go("/people/")
    v.click(elsie.full_name, role="link")
    today = datetime.date.today()
    v.page.get_by_role("link", name=re.compile(rf"^{today.day} {today:%B %Y}\s*: the review$")).click()
    v.check_accessibility()
    _fits(v)
    v.click("Add the person's answers", role="link")
    _fits(v)
    v.click("Print the easy read version", role="link")
    _fits(v)
