"""Issue 20, done means (in part): a budget holder's review gets the provider's reply. Elsie, whose approved plan uses
Exe Valley Home Care, reviews its home care visits; a commissioner checks the review against the published policy and
publishes it; the provider replies from its directory entries; and anyone, signed out, sees the review on the
service's page with the reply beside it and no name. Every page is checked with axe."""

from django.utils import timezone

from tests.market import directory

SAID = "The carers came on time every morning and helped me wash and dress."
REPLY = "Thank you for telling us: we have passed this on to the morning team."


def test_a_budget_holders_review_gets_the_providers_reply(visitor, council):
    listed = directory.build(council, timezone.localdate())
    home_care = listed["home_care"]
    person = council.person(user=council.holder)
    council.assess(person)
    council.plan(person)  # home care from Exe Valley Home Care, the `provider` sign-in's organisation
    council.submit(person)
    council.approve(person)
    v = visitor

    v.sign_in("holder")
    v.go(f"/directory/services/{home_care.pk}/")
    v.click("Write a review of Home care visits", role="link")
    v.fill("What did you use, and how was it?", "Good")
    v.click("Send it to the council")
    assert "Write at least 20 characters in your review" in v.text()  # named, nothing saved
    v.fill("What did you use, and how was it?", SAID)
    v.choose("5 stars")
    v.click("Send it to the council")
    assert "the council checks your review against the review policy" in v.text()
    assert "Your review: waiting for the council to check it" in v.text()
    v.sign_out()

    v.sign_in("commissioner")
    v.go("/directory/reviews/waiting/")
    assert "Home care visits" in v.text()
    v.click("Check the review of Home care visits", role="link")
    assert SAID in v.text()
    v.choose("Yes: publish it")
    v.click("Save the decision")
    assert "The review of Home care visits is published" in v.text()
    assert "No review is waiting" in v.text()
    v.sign_out()

    v.sign_in("provider")
    v.click("Your directory entries", role="link")
    assert SAID in v.text()
    v.click("Reply to the review of Home care visits", role="link")
    v.fill("Your reply", REPLY)
    v.click("Publish the reply")
    assert "Your reply to the review of Home care visits is published beside it" in v.text()
    v.sign_out()

    v.go(f"/directory/services/{home_care.pk}/")
    text = v.text()
    reviews = text[text.index("Reviews") :]
    assert SAID in reviews and REPLY in reviews and "5 out of 5 stars" in reviews
    assert "A person who uses this service" in reviews and "The provider's reply" in reviews
    assert "Elsie" not in text and "Use through Selfdirect" not in text
    v.click("review policy", role="link")
    assert "Why a review is not published" in v.text()
