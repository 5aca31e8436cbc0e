"""A provider the council did not list: the reason and the day are kept on it, shown to the provider on its own entries
and to the council under "Not listed", where the council may list it after all."""

import datetime

import pytest
from django.utils import timezone

from selfdirect.audit.models import AuditEvent
from selfdirect.market import actions
from selfdirect.market.models import Provider

from . import directory

ON = datetime.date(2026, 3, 2)


@pytest.fixture
def listed(council):
    return directory.build(council, timezone.localdate())


def _decline(council, provider, reason="Not registered with CQC for personal care"):
    return actions.decline_provider(provider, actor=council.commissioner, on=ON, reason=reason)


def test_declining_a_provider_keeps_why_and_when_on_it(council, listed):
    declined = _decline(council, listed["waiting"])
    declined.refresh_from_db()
    assert (declined.status, declined.declined_reason, declined.declined_on) == (
        Provider.Status.WITHDRAWN,
        "Not registered with CQC for personal care",
        ON,
    )


def test_the_declined_provider_sees_why_on_its_own_entries(council, signed_in, listed):
    agency = listed["home_care"].provider
    agency.status = Provider.Status.PROPOSED
    agency.save()
    _decline(council, agency, reason="We could not check your CQC registration")
    page = signed_in(council.provider).get("/directory/yours/").content.decode()
    assert (
        "The council did not list Exe Valley Home Care on 2 March 2026: We could not check your CQC registration."
        in page
    )
    assert "Ask the council if anything has changed." in page
    assert "Exe Valley Home Care: not listed" not in page  # said once, with why, not also as a bare status


def test_a_listed_provider_is_not_told_it_was_not_listed(council, signed_in, listed):
    assert "did not list" not in signed_in(council.provider).get("/directory/yours/").content.decode()


def test_the_waiting_page_lists_the_providers_not_listed_with_why_and_when(council, signed_in, listed):
    commissioner = signed_in(council.commissioner)
    assert "Newcomer Care" in commissioner.get("/directory/providers/waiting/").content.decode()
    _decline(council, listed["waiting"])
    page = commissioner.get("/directory/providers/waiting/").content.decode()
    not_listed = page[page.index("Not listed</h2>") :]
    assert "Newcomer Care" in not_listed and "Newcomer Care" not in page[: page.index("Not listed</h2>")]
    assert "2 March 2026" in not_listed and "Not registered with CQC for personal care" in not_listed
    assert f'action="/directory/providers/{listed["waiting"].pk}/confirm/"' in not_listed
    assert f'action="/directory/providers/{listed["waiting"].pk}/decline/"' not in page


def test_the_council_lists_a_provider_after_all_which_clears_why_and_is_audited(council, signed_in, client, listed):
    _decline(council, listed["waiting"])
    commissioner = signed_in(council.commissioner)
    assert commissioner.post(f"/directory/providers/{listed['waiting'].pk}/confirm/").status_code == 302
    provider = Provider.objects.get(pk=listed["waiting"].pk)
    assert (provider.status, provider.declined_reason, provider.declined_on) == (Provider.Status.LISTED, "", None)
    assert (provider.confirmed_by, provider.confirmed_on) == (council.commissioner, timezone.localdate())
    event = AuditEvent.objects.get(actor=council.commissioner, what__startswith="Listed Newcomer Care")
    assert event.action == "decision"
    assert event.what == "Listed Newcomer Care in the directory after all (not listed on 2 March 2026)"
    page = commissioner.get("/directory/providers/waiting/").content.decode()
    assert "Newcomer Care is listed in the directory after all" in page
    assert "Newcomer Care" not in page[page.index("Not listed</h2>") :]
    client.logout()
    assert "Newcomer home care" in client.get("/directory/", {"words": "newcomer"}).content.decode()


def test_only_the_council_lists_a_provider_after_all(council, signed_in, listed):
    _decline(council, listed["waiting"])
    for user in [council.provider, council.worker, council.finance]:
        assert signed_in(user).post(f"/directory/providers/{listed['waiting'].pk}/confirm/").status_code == 403
    with pytest.raises(actions.PermissionDenied):
        actions.confirm_provider(listed["waiting"], actor=council.provider, on=ON)
    listed["waiting"].refresh_from_db()
    assert listed["waiting"].status == Provider.Status.WITHDRAWN


def test_a_provider_not_listed_cannot_be_declined_again(council, signed_in, listed):
    _decline(council, listed["waiting"])
    response = signed_in(council.commissioner).post(
        f"/directory/providers/{listed['waiting'].pk}/decline/", {"reason": "again"}
    )
    assert response.status_code == 404
    with pytest.raises(actions.MarketError):
        _decline(council, listed["waiting"], reason="again")
    listed["waiting"].refresh_from_db()
    assert listed["waiting"].declined_reason == "Not registered with CQC for personal care"
