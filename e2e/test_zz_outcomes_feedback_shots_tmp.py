"""Temporary: screenshots of the outcomes pages for a review by eye (deleted after)."""
import datetime

from e2e.test_outcomes_feedback import elsie, _hold_the_review, _answer, STORY  # noqa: F401

OUT = "/tmp/shots"


def shot(v, name):
    v.page.screenshot(path=f"{OUT}/{name}.png", full_page=True)


def test_shots(visitor, council, elsie):  # noqa: F811
    v = visitor
    v.sign_in("reviewer")
    _hold_the_review(v, elsie)
    v.click("Add a family carer's answers", role="link")
    shot(v, "01_carer_form")
    v.fill("The family carer's name", "Jane Evans")
    _answer(v, {"Your own physical and mental health": "Better", "Being able to go on caring": "Better",
                "Having a life of your own outside caring": "Better", "The choice and control": "Better",
                "How safe the person you care for is": "About the same", "The dignity of the support": "Better"})
    v.click("Record the answers")
    v.click("Add the person's answers", role="link")
    v.choose("A relative, without the person")
    _answer(v, {"Health: Your physical": "Better", "Where you live": "About the same",
                "Who you live with": "About the same", "Choice and control over your daily life": "Better",
                "Your friendships": "Better", "Being part of your community": "Better",
                "Work, volunteering or learning": "Does not apply", "Your money": "About the same",
                "Being treated with dignity": "Better", "Feeling safe": "About the same"})
    v.click("Record the answers")
    v.click("Add a story", role="link")
    v.page.get_by_role("group", name="Who told the story?").get_by_label("A family carer", exact=True).check()
    v.click("Record the story")
    shot(v, "02_story_errors")
    v.page.get_by_role("group", name="Who told the story?").get_by_label("The person", exact=True).check()
    v.fill("The story, in their own words", STORY)
    v.page.get_by_role("group", name="May the staff who helped").get_by_label("Yes", exact=True).check()
    v.page.get_by_role("group", name="May researchers").get_by_label("No", exact=True).check()
    v.click("Record the story")
    shot(v, "03_held_full")
    v.click("Change", role="link")
    shot(v, "04_story_consent")
    v.click("Back", role="link")
    v.click("Add a family carer's answers", role="link")
    v.click("Print the easy read version", role="link")
    shot(v, "05_easy_read_carer")
    v.sign_out()
    v.sign_in("assessor")
    v.click("What happened to the people I helped", role="link")
    shot(v, "06_helped_assessor")
    v.sign_out()
    v.sign_in("manager")
    v.click("What happened to the people your team helped", role="link")
    shot(v, "07_helped_team")
    v.page.set_viewport_size({"width": 320, "height": 640})
    shot(v, "08_helped_team_phone")
