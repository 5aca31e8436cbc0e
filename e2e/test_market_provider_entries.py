"""Issue 20: "Providers maintain their own entries". A provider, signed in, adds a venue with its access, adds a service
given there with what a person can do with it, gives the times it runs, and anyone signed out then finds it with its
venue's access and times. A wrong answer is named on its field. Every page is checked with axe."""

from django.utils import timezone

from tests.market import directory


def test_a_provider_adds_a_venue_and_a_service_with_its_times_and_the_public_finds_them(visitor, council):
    directory.build(council, timezone.localdate())
    v = visitor
    v.sign_in("provider")
    v.click("Your directory entries", role="link")

    v.click("Add a venue", role="link")
    v.fill("Name of the venue", "Exmouth day room")
    v.fill("Postcode", "EX8")
    v.click("Save the venue")
    assert "Postcode must be a UK postcode" in v.text()
    v.fill("Address line 1", "2 The Strand")
    v.fill("Town or city", "Exmouth")
    v.fill("Postcode", "ex8 1aa")
    v.page.get_by_role("group", name="Can people get in without steps?").get_by_label("Yes").check()
    v.page.get_by_role("group", name="Is there a hearing loop?").get_by_label("Yes").check()
    v.click("Save the venue")
    assert "Exmouth day room is saved" in v.text()

    v.click("Add a service", role="link")
    v.fill("Name of the service", "Tuesday tea and chat")
    v.page.get_by_label("Club or group").check()
    v.fill("Describe it", "Tea, cake and a chat with friends, and a quiz")
    v.fill("Areas it reaches", "Exmouth")
    v.page.get_by_label("Exmouth day room, Exmouth").check()
    v.click("Add the service")
    assert "Tuesday tea and chat is added to the directory" in v.text()

    v.click("Times (Tuesday tea and chat)", role="link")
    v.page.get_by_label("Tuesday").check()
    v.select("Opens at", "14:00")
    v.select("Closes at", "13:00")
    v.click("Add the time")
    assert "It must close after it opens (2pm)" in v.text()
    v.page.get_by_label("Tuesday").check()
    v.select("Closes at", "16:30")
    v.click("Add the time")
    assert "Added: Tuesdays 2pm to 4:30pm" in v.text()
    v.sign_out()

    v.go("/directory/")
    v.select("Where?", "Exmouth")
    v.select("Day", "TU")
    v.click("Search")
    assert "Tuesday tea and chat" in v.text()
    v.click("Tuesday tea and chat", role="link")
    text = v.text()
    assert "Tuesdays 2pm to 4:30pm" in text
    assert "Exmouth day room" in text and "2 The Strand" in text
