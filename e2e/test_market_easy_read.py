"""Issue 20: the directory's search is "accessible at 320 px, without JavaScript, and in easy read". A visitor on a
320 px phone opens Find support, follows Easy read, searches, and opens a service in easy read; another, whose browser
runs no script, does the same search. Every page is checked with axe and fits the screen."""

from django.conf import settings
from django.utils import timezone

from tests.market import directory


def _fits(visitor):
    width = visitor.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{visitor.page.url} is {width}px wide"


def test_a_visitor_on_a_small_phone_searches_in_easy_read(phone_visitor, council):
    directory.build(council, timezone.localdate())
    v = phone_visitor
    v.go("/directory/")
    v.click("Easy read version of Find support", role="link")
    assert v.page.url.endswith("/directory/easy-read/")
    _fits(v)
    v.select("What do you want to do?", "day_opportunity")
    v.select("Where do you want help?", "Exeter")
    v.page.get_by_label("What is the most you can pay?", exact=True).fill("40")
    v.select("Is that for an hour, a session, a day or a week?", "session")
    v.click("Search")
    _fits(v)
    text = v.text()
    assert "We found 1 service" in text
    assert "Art and craft days" in text and "Riverside Day Opportunities runs it." in text
    assert "It costs £35.00 for a session on weekdays." in text
    assert "Open Tuesday, 10am to 3pm." in text
    assert f"Ask us to help: phone {settings.COUNCIL_PHONE}." in text

    v.click("Art and craft days", role="link")
    _fits(v)
    assert "You can get in without steps." in v.text()
    v.click("Back to the search", role="link")
    assert "We found 1 service" in v.text()


def test_a_visitor_without_javascript_searches_in_easy_read_and_is_told_what_to_change(no_script_visitor, council):
    directory.build(council, timezone.localdate())
    v = no_script_visitor
    v.go("/directory/easy-read/")
    v.page.get_by_label("What is the most you can pay?", exact=True).fill("lots")
    v.click("Search")
    assert "Write the most you can pay in pounds. For example, 25.00." in v.text()
    v.page.get_by_label("What is the most you can pay?", exact=True).fill("25")
    v.select("Is that for an hour, a session, a day or a week?", "hour")
    v.click("Search")
    text = v.text()
    assert "We found 1 service" in text and "Home care visits" in text
    assert "It costs £24.50 for an hour on weekdays." in text
