"""Issue 20, done means (in part): a budget holder's review gets the provider's reply. Elsie, whose approved plan uses
Exe Valley Home Care, reviews its home care visits; a commissioner checks the review against the published policy and
publishes it; the provider replies from its directory entries; and anyone, signed out, sees the review on the
service's page with the reply beside it and no name. And a person without a sign-in gives a review by phone, which
her worker writes down for the council. Every page is checked with axe."""

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


GIVEN = "They are always cheerful and never rush me. I look forward to the visits."


def test_a_review_given_by_phone_is_written_down_by_the_worker_and_published_without_a_name(visitor, council):
    """Olive has no sign-in: she tells her worker by phone what she thinks of her home care, agreeing to it being
    published without her name; the worker writes it down from Olive's directory page, the council publishes it, and
    it shows as given on paper or by phone."""
    listed = directory.build(council, timezone.localdate())
    person = council.person(first_name="Olive", last_name="Oakley", nhs_number="9434765870")
    council.assess(person)
    council.plan(person)  # home care from Exe Valley Home Care
    council.submit(person)
    council.approve(person)
    v = visitor

    v.sign_in("worker")
    v.go(f"/directory/people/{person.pk}/")
    v.click("Record a review they gave on paper or by phone", role="link")
    assert "Record a review Olive gave on paper or by phone" in v.text()
    v.choose("Home care visits, Exe Valley Home Care")
    v.choose("By phone")
    v.fill("What did they say about it?", GIVEN)
    v.choose("4 stars")
    v.click("Send it to the council")
    assert "Confirm that Olive agreed to the review being sent to the council" in v.text()  # nothing saved
    v.choose("Olive agreed to this review being sent to the council to publish, without their name")
    v.click("Send it to the council")
    assert "Olive's review of Home care visits is sent to the council" in v.text()
    assert "Waiting for the council to check it" in v.text()
    v.sign_out()

    v.sign_in("commissioner")
    v.go("/directory/reviews/waiting/")
    v.click("Check the review of Home care visits", role="link")
    assert GIVEN in v.text() and "on paper or by phone" in v.text()
    v.choose("Yes: publish it")
    v.click("Save the decision")
    v.sign_out()

    v.go(f"/directory/services/{listed['home_care'].pk}/")
    text = v.text()
    assert GIVEN in text and "A person who uses this service, on paper or by phone" in text
    assert "Olive" not in text and "Oakley" not in text
