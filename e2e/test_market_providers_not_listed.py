"""Issue 20: the council does not list a provider, saying why; the provider sees why on its own entries; when something
has changed the council lists it after all, and anyone signed out then finds its services. Every page is checked with
axe."""

from django.utils import timezone

from selfdirect.market.models import Provider
from tests.market import directory


def test_the_council_does_not_list_a_provider_which_sees_why_and_is_listed_after_all(visitor, council):
    today = timezone.localdate()
    listed = directory.build(council, today)
    agency = listed["home_care"].provider
    Provider.objects.filter(pk=agency.pk).update(status=Provider.Status.PROPOSED, confirmed_on=None)
    v = visitor
    v.sign_in("commissioner")
    v.go("/directory/providers/waiting/")
    assert "Exe Valley Home Care" in v.text() and "Newcomer Care" in v.text()
    v.page.locator("summary", has_text="Do not list Exe Valley Home Care").click()
    v.page.fill(f"#reason-{agency.pk}", "We could not find your registration with the Care Quality Commission")
    v.click("Do not list Exe Valley Home Care")
    text = v.text()
    assert "Exe Valley Home Care is not listed in the directory" in text
    not_listed = text[text.index("Not listed\n") :]
    assert "Exe Valley Home Care" in not_listed
    assert "We could not find your registration with the Care Quality Commission" in not_listed
    assert f"{today.day} {today:%B %Y}" in not_listed
    v.sign_out()

    v.sign_in("provider")
    v.click("Your directory entries", role="link")
    assert (
        f"The council did not list Exe Valley Home Care on {today.day} {today:%B %Y}: We could not find your "
        "registration with the Care Quality Commission." in v.text()
    )
    assert "Ask the council if anything has changed." in v.text()
    v.sign_out()

    v.go("/directory/")
    assert "Home care visits" not in v.text()

    v.sign_in("commissioner")
    v.go("/directory/providers/waiting/")
    v.click("List after all Exe Valley Home Care")
    text = v.text()
    assert "Exe Valley Home Care is listed in the directory after all" in text
    assert "Exe Valley Home Care" not in text[text.index("Not listed\n") :]
    v.sign_out()

    v.go("/directory/")
    assert "Home care visits" in v.text()
