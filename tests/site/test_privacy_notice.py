"""Issue 16, the browser walk's findings on the privacy notice (/privacy/): "How long we keep it" gives the periods of
the retention schedule in force, and "Who can see your record" names everyone who sees any of it. The notice is served
by the site app, which sits above retention in the house (pyproject.toml's layers), so it may read the schedule."""

from selfdirect.retention import actions as retention
from selfdirect.retention import schedule


def test_the_notice_gives_the_retention_periods_in_force(client, council):
    body = client.get("/privacy/").content.decode()
    assert "How long we keep each kind of record" in body and "Your care record" in body  # named to the person
    assert "8 years from the later of the last case" in body  # the shipped care record period
    assert "6 years from the end of the financial year" in body
    periods = {**schedule.defaults(), schedule.CARE_RECORD: 7}
    retention.set_schedule(actor=council.admin, periods=periods, reason="Information governance board, May")
    body = client.get("/privacy/").content.decode()
    assert "7 years from the later of the last case" in body and "8 years from the later of the last case" not in body


def test_the_notice_names_everyone_who_sees_part_of_a_record(client, council):
    body = client.get("/privacy/").content.decode()
    for who in ["A care provider</strong> who delivers support in your agreed plan sees only that support",
                "An independent adviser</strong> sees your record only if you asked them to advise you",
                "Researchers</strong> see information about you only if you agreed to research",
                "under a code made up for that one set of information",
                "Our bank</strong>, to pay a direct payment",
                "The council's finance staff</strong> see your budget"]:
        assert who in body, who


def test_the_notice_is_the_site_apps_and_every_page_links_to_it(client, council):
    from django.urls import resolve

    assert resolve("/privacy/").view_name == "site:privacy"
    assert 'href="/privacy/"' in client.get("/consent-information/").content.decode()
