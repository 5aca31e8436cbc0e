"""Issue 20, done means (in part): a provider updates its price and a vacancy through its sign-in, and anyone, signed
out, finds the service in the directory and sees the new price with its date and the earlier one beside it. Every
page is checked with axe; the search works without JavaScript."""

import datetime

from django.utils import timezone

from tests.market import directory


def test_a_provider_updates_its_price_and_a_vacancy_and_the_public_page_shows_both_dated(visitor, council):
    today = timezone.localdate()
    listed = directory.build(council, today)
    home_care = listed["home_care"]
    v = visitor
    v.sign_in("provider")
    v.click("Your directory entries", role="link")
    assert "Home care visits" in v.text() and "£24.50" in v.text()
    assert "Night sitting" not in v.text()  # another provider's

    v.click("Change a price (Home care visits)", role="link")
    v.choose("an hour")
    v.choose("weekdays")
    v.fill("Price", "0")
    v.date("id_starts_on", str(today.day), str(today.month), str(today.year))
    v.click("Save the price")
    assert "The price must be more than £0.00" in v.text()  # named, and nothing saved
    v.fill("Price", "26.40")
    v.click("Save the price")
    assert f"The price of Home care visits is now £26.40 an hour, weekdays, from {today.day} {today:%B %Y}" in v.text()

    v.click("Report places (Home care visits)", role="link")
    v.fill("Places free", "2")
    v.fill("Weeks' wait for a place", "")
    v.click("Save")
    assert "Places at Home care visits reported" in v.text()
    v.sign_out()

    v.go("/directory/")
    v.select("What do you want to do?", "personal_care")
    v.fill("Highest price you can pay", "27")
    v.select("Price for", "hour")
    v.click("Search")
    text = v.text()
    assert "Home care visits" in text
    assert "Personal care, £26.40 an hour: within your £27.00" in text
    v.click("Home care visits", role="link")
    text = v.text()
    assert f"/directory/services/{home_care.pk}/?back=" in v.page.url  # the search goes with it
    assert "£26.40" in text and f"{today.day} {today:%B %Y}" in text
    yesterday = today - datetime.timedelta(days=1)
    earlier = text[text.index("Earlier prices") :]
    assert "£24.50" in earlier and f"{yesterday.day} {yesterday:%B %Y}" in earlier
    assert "2 places free" in text and f"The provider said this on {today.day} {today:%B %Y}" in text
    v.click("Back", role="link")
    assert "Personal care, £26.40 an hour: within your £27.00" in v.text()  # back to the same search


def test_the_search_works_without_javascript(no_script_visitor, council):
    directory.build(council, timezone.localdate())
    v = no_script_visitor
    v.go("/directory/")
    v.select("What do you want to do?", "day_opportunity")
    v.select("Day", "TU")
    v.click("Search")
    assert "Day opportunity, open Tuesdays 10am to 3pm" in v.text()
    assert "Music and drama" not in v.text()


def test_the_search_and_a_service_page_on_a_small_screen(phone_visitor, council):
    listed = directory.build(council, timezone.localdate())
    v = phone_visitor
    v.go("/directory/")
    v.select("Where?", "Exeter")
    v.click("Search")
    assert "Art and craft days" in v.text()
    v.go(f"/directory/services/{listed['art'].pk}/")
    assert "Riverside hall" in v.text() and "Step-free access" in v.text()
    assert v.page.evaluate("document.documentElement.scrollWidth") <= 320
