"""The directory's pages: the public search and a service's page (no sign-in), a provider's own entries, and the
council's queue of providers waiting to be confirmed."""

import datetime
import re

import pytest
from django.utils import timezone

from selfdirect.audit.models import AuditEvent
from selfdirect.market.models import Provider, Rate

from . import directory


@pytest.fixture
def listed(council):
    return directory.build(council, timezone.localdate())


def _names(response) -> list[str]:
    """The services a results page links to, in order (each link may carry the search back, and its text says whose
    service it is in visually hidden words)."""
    return re.findall(r'href="/directory/services/\d+/(?:\?back=[^"]*)?">([^<]+)<', response.content.decode())


def test_anyone_signed_out_finds_only_listed_services_that_are_not_closed(client, listed):
    response = client.get("/directory/")
    assert response.status_code == 200
    assert _names(response) == ["Art and craft days", "Home care visits", "Music and drama", "Night sitting"]
    body = response.content.decode()
    assert "£24.50 an hour, weekdays; £28.00 an hour, weekends" in body
    assert "Good (published 4 March 2025)" in body
    assert "3 places free" in body


def test_the_search_filters_and_says_why_each_service_matched(client, listed):
    response = client.get(
        "/directory/", {"what": "day_opportunity", "area": "Exeter", "day": "TU", "highest": "40", "unit": "session"}
    )
    assert _names(response) == ["Art and craft days"]
    assert (
        "Day opportunity in Exeter, open Tuesdays 10am to 3pm, £35.00 a session: within your £40.00"
        in response.content.decode()
    )


@pytest.mark.parametrize(
    ("asked", "names"),
    [
        ({"language": "Polish"}, ["Art and craft days"]),
        (
            {"time": "21:00", "day": "SA"},
            ["Home care visits"],
        ),  # the day centres are closed; night sitting starts at 10pm
        ({"highest": "25", "unit": "hour"}, ["Home care visits"]),
        ({"rating": "Good"}, ["Home care visits"]),
        ({"words": "drama"}, ["Music and drama"]),
        ({"area": "Barnstaple"}, ["Music and drama"]),
    ],
)
def test_each_question_narrows_the_results(client, listed, asked, names):
    assert _names(client.get("/directory/", asked)) == names


def test_a_price_that_is_not_money_is_named_and_nothing_is_listed(client, listed):
    response = client.get("/directory/", {"highest": "lots"})
    assert response.status_code == 400
    assert "Highest price you can pay must be an amount in pounds and pence" in response.content.decode()
    assert _names(response) == []


def test_results_are_paged_twenty_at_a_time_keeping_the_question(client, listed):
    for number in range(25):
        directory.service(listed["riverside"], f"Extra session {number:02d}", "club", areas=("Sidmouth",))
    first = client.get("/directory/", {"area": "Sidmouth"})
    assert len(_names(first)) == 20 and "Page 1 of 2" in first.content.decode()
    assert "?area=Sidmouth&amp;page=2" in first.content.decode()
    assert len(_names(client.get("/directory/", {"area": "Sidmouth", "page": "2"}))) == 5


def test_a_service_page_shows_prices_with_their_dates_and_the_earlier_price(client, listed):
    today = timezone.localdate()
    response = client.get(f"/directory/services/{listed['home_care'].pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    started = today - datetime.timedelta(days=39)
    assert "£24.50" in body and f"{started.day} {started:%B %Y}" in body
    earlier = body[body.index("Earlier prices") :]
    ended = today - datetime.timedelta(days=40)
    assert "£23.00" in earlier and f"{ended.day} {ended:%B %Y}" in earlier
    assert "Requires improvement" in body and "4 March 2025" in body  # the rating per key question, dated
    assert "1 Fore Street, Exeter, EX1 1AA" in body
    assert "3 places free" in body


def test_a_venue_shows_its_access(client, listed):
    body = client.get(f"/directory/services/{listed['art'].pk}/").content.decode()
    assert "Step-free access" in body and "Hearing loop" in body
    assert "Not registered with the Care Quality Commission" in body


@pytest.mark.parametrize("which", ["closed", "hidden"])
def test_a_closed_service_or_an_unconfirmed_providers_is_not_found(client, listed, which):
    assert client.get(f"/directory/services/{listed[which].pk}/").status_code == 404


def test_a_provider_changes_its_own_price_dated_and_the_old_one_ends_the_day_before(council, signed_in, listed):
    today = timezone.localdate()
    starts = today + datetime.timedelta(days=10)
    provider = signed_in(council.provider)
    assert "Home care visits" in provider.get("/directory/yours/").content.decode()
    response = provider.post(
        f"/directory/yours/services/{listed['home_care'].pk}/price/",
        {
            "unit": "hour",
            "band": "weekday",
            "amount_pence": "25.75",
            "starts_on_0": starts.day,
            "starts_on_1": starts.month,
            "starts_on_2": starts.year,
        },
    )
    assert response.status_code == 302
    rates = list(Rate.objects.filter(service=listed["home_care"], unit="hour", band="weekday").order_by("starts_on"))
    assert [(r.amount_pence, r.ends_on) for r in rates][-2:] == [
        (2450, starts - datetime.timedelta(days=1)),
        (25_75, None),
    ]
    assert rates[-1].changed_by == council.provider and rates[-1].confirmed_on == today
    assert AuditEvent.objects.filter(
        actor=council.provider, what__startswith="Set the price of Home care visits"
    ).exists()


def test_a_price_of_nothing_is_refused_naming_the_field(council, signed_in, listed):
    today = timezone.localdate()
    response = signed_in(council.provider).post(
        f"/directory/yours/services/{listed['home_care'].pk}/price/",
        {
            "unit": "hour",
            "band": "weekday",
            "amount_pence": "0",
            "starts_on_0": today.day,
            "starts_on_1": today.month,
            "starts_on_2": today.year,
        },
    )
    assert response.status_code == 400
    assert "The price must be more than £0.00" in response.content.decode()
    assert Rate.objects.filter(service=listed["home_care"]).count() == 3


def test_a_provider_reports_places_dated_today(council, signed_in, listed):
    response = signed_in(council.provider).post(
        f"/directory/yours/services/{listed['home_care'].pk}/places/", {"vacancies": "0", "waiting_weeks": "4"}
    )
    assert response.status_code == 302
    listed["home_care"].refresh_from_db()
    assert (listed["home_care"].vacancies, listed["home_care"].waiting_weeks) == (0, 4)
    assert listed["home_care"].capacity_reported_on == timezone.localdate()


@pytest.mark.parametrize("page", ["price", "places"])
def test_a_provider_cannot_reach_another_providers_service(council, signed_in, listed, page):
    provider = signed_in(council.provider)
    address = f"/directory/yours/services/{listed['elsewhere'].pk}/{page}/"
    assert provider.get(address).status_code == 404
    assert (
        provider.post(
            address, {"unit": "hour", "band": "weekday", "amount_pence": "1.00", "vacancies": "2"}
        ).status_code
        == 404
    )
    assert Rate.objects.filter(service=listed["elsewhere"]).count() == 1
    assert "Night sitting" not in provider.get("/directory/yours/").content.decode()


def test_staff_and_people_are_refused_a_providers_pages(council, signed_in, listed):
    for user in [council.worker, council.holder, council.commissioner]:
        client = signed_in(user)
        assert client.get("/directory/yours/").status_code == 403
        assert client.get(f"/directory/yours/services/{listed['home_care'].pk}/price/").status_code == 403


def test_the_council_confirms_a_waiting_provider_which_is_then_found(council, signed_in, client, listed):
    commissioner = signed_in(council.commissioner)
    page = commissioner.get("/directory/providers/waiting/").content.decode()
    assert "Newcomer Care" in page and "Exe Valley Home Care" not in page
    assert commissioner.post(f"/directory/providers/{listed['waiting'].pk}/confirm/").status_code == 302
    listed["waiting"].refresh_from_db()
    assert listed["waiting"].status == Provider.Status.LISTED
    assert listed["waiting"].confirmed_by == council.commissioner
    assert listed["waiting"].confirmed_on == timezone.localdate()
    client.logout()
    assert "Newcomer home care" in _names(client.get("/directory/", {"words": "newcomer"}))
    # Confirmed once: it is no longer waiting, so a second confirmation finds nothing to confirm.
    assert (
        signed_in(council.commissioner).post(f"/directory/providers/{listed['waiting'].pk}/confirm/").status_code == 404
    )


def test_only_the_council_sees_or_confirms_the_waiting_providers(council, signed_in, listed):
    for user in [council.provider, council.worker, council.finance]:
        client = signed_in(user)
        assert client.get("/directory/providers/waiting/").status_code == 403
        assert client.post(f"/directory/providers/{listed['waiting'].pk}/confirm/").status_code == 403
    listed["waiting"].refresh_from_db()
    assert listed["waiting"].status == Provider.Status.PROPOSED


def test_everyone_is_offered_find_support_in_the_menu(client, council, signed_in):
    assert 'href="/directory/"' in client.get("/directory/").content.decode()
    body = signed_in(council.holder).get("/").content.decode()
    nav = body[body.index('class="govuk-service-navigation') :]
    assert 'href="/directory/"' in nav[: nav.index("</nav>")]


def test_a_price_must_start_after_the_current_one_and_nothing_is_half_written(council, listed):
    from selfdirect.market import actions

    current = Rate.objects.get(service=listed["home_care"], unit="hour", band="weekday", ends_on__isnull=True)
    with pytest.raises(actions.MarketError) as refused:
        actions.set_rate(
            listed["home_care"],
            actor=council.provider,
            unit="hour",
            band="weekday",
            amount_pence=2600,
            starts_on=current.starts_on,
            confirmed_on=timezone.localdate(),
        )
    assert refused.value.field == "starts_on"
    current.refresh_from_db()
    assert current.ends_on is None and Rate.objects.filter(service=listed["home_care"]).count() == 3


def test_a_price_cannot_start_before_the_day_it_is_confirmed(council, listed):
    """A new price for a day gone by would rewrite the price people were shown for it (found by the review)."""
    from selfdirect.market import actions

    today = timezone.localdate()
    current = Rate.objects.get(service=listed["home_care"], unit="hour", band="weekday", ends_on__isnull=True)
    with pytest.raises(actions.MarketError) as refused:
        actions.set_rate(listed["home_care"], actor=council.provider, unit="hour", band="weekday", amount_pence=2600,
                         starts_on=today - datetime.timedelta(days=1), confirmed_on=today)
    assert refused.value.field == "starts_on" and "or later" in str(refused.value)
    current.refresh_from_db()
    assert current.ends_on is None


def test_every_problem_with_a_price_is_named_at_once(council, listed):
    from selfdirect.market import actions

    with pytest.raises(actions.MarketError) as refused:
        actions.set_rate(
            listed["home_care"],
            actor=council.provider,
            unit="fortnight",
            band="",
            amount_pence=-5,
            starts_on=None,
            confirmed_on=timezone.localdate(),
        )
    assert [p.field for p in refused.value.every] == ["unit", "band", "amount_pence", "starts_on"]


def test_the_council_may_change_any_price_and_a_provider_only_its_own(council, listed):
    from django.core.exceptions import PermissionDenied

    from selfdirect.market import actions

    day = timezone.localdate() + datetime.timedelta(days=3)
    actions.set_rate(
        listed["elsewhere"],
        actor=council.admin,
        unit="hour",
        band="night",
        amount_pence=3300,
        starts_on=day,
        confirmed_on=day,
    )
    for user in [council.provider, council.worker]:
        with pytest.raises(PermissionDenied):
            actions.report_capacity(listed["elsewhere"], actor=user, vacancies=1, waiting_weeks=None, on=day)


# ---- defects found walking the directory in a browser ----------------------------------------------------------------


def test_a_highest_price_must_say_what_it_is_for_and_no_unit_is_assumed(client, listed):
    asked = {"what": "day_opportunity", "highest": "40"}
    response = client.get("/directory/", asked)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Select what the price is for: an hour, a session, a day or a week" in body
    blank = client.get("/directory/").content.decode()
    unit = blank[blank.index('id="id_unit"') :]
    assert re.match(r'id="id_unit" name="unit">\s*<option value="" selected>', unit)  # no unit is chosen for you
    assert _names(client.get("/directory/", asked | {"unit": "session"})) == ["Art and craft days"]
    # a unit without a price asks nothing
    assert _names(client.get("/directory/", {"unit": "day"})) == _names(client.get("/directory/"))


def test_nothing_found_suggests_another_unit_for_the_price(client, listed):
    body = client.get("/directory/", {"highest": "1", "unit": "hour"}).content.decode()
    assert "0 services found" in body and 'a different answer to "Price for"' in " ".join(body.split())


def test_a_decimal_comma_is_refused_not_read_as_thousands(client, listed):
    response = client.get("/directory/", {"highest": "25,50", "unit": "hour"})
    assert response.status_code == 400
    assert "Highest price you can pay must be an amount in pounds and pence, like 25.00" in response.content.decode()


def test_a_service_not_open_is_tagged_and_shows_no_places(council, signed_in, client, listed):
    listed["home_care"].status = "temporarily closed"
    listed["home_care"].save()
    listed["art"].status = "inactive"
    listed["art"].save()
    body = client.get("/directory/").content.decode()
    assert "Not running" in body and "3 places free" not in body
    home = body[body.index("Home care visits") : body.index("Music and drama")]
    assert "govuk-tag" in home and "Closed for now" in home
    yours = signed_in(council.provider).get("/directory/yours/").content.decode()
    assert "Closed for now" in yours


def test_a_current_price_with_an_end_says_until_and_a_coming_one_from(council, signed_in, client, listed):
    today = timezone.localdate()
    coming = today + datetime.timedelta(days=30)
    response = signed_in(council.provider).post(
        f"/directory/yours/services/{listed['home_care'].pk}/price/",
        {
            "unit": "hour",
            "band": "weekday",
            "amount_pence": "31.25",
            "starts_on_0": coming.day,
            "starts_on_1": coming.month,
            "starts_on_2": coming.year,
        },
        follow=True,
    )
    assert f"The price of Home care visits will be £31.25 an hour, weekdays, from {coming.day} {coming:%B %Y}" in (
        response.content.decode()
    )
    body = client.get(f"/directory/services/{listed['home_care'].pk}/").content.decode()
    ends = coming - datetime.timedelta(days=1)
    assert f"until {ends.day} {ends:%B %Y}" in body
    assert f"From {coming.day} {coming:%B %Y}" in body


def test_a_price_from_today_is_now(council, signed_in, listed):
    today = timezone.localdate()
    response = signed_in(council.provider).post(
        f"/directory/yours/services/{listed['home_care'].pk}/price/",
        {
            "unit": "day",
            "band": "weekday",
            "amount_pence": "90",
            "starts_on_0": today.day,
            "starts_on_1": today.month,
            "starts_on_2": today.year,
        },
        follow=True,
    )
    assert "The price of Home care visits is now £90.00 a day, weekdays" in response.content.decode()


def test_a_service_page_shows_the_providers_phone_email_and_website(client, listed):
    provider = listed["agency"]
    provider.phone, provider.email, provider.website = "01392 000 111", "hello@exevalley.example", "https://exe.example"
    provider.save()
    body = client.get(f"/directory/services/{listed['home_care'].pk}/").content.decode()
    assert 'href="tel:01392000111"' in body and "01392 000 111" in body
    assert 'href="mailto:hello@exevalley.example"' in body
    assert 'href="https://exe.example"' in body


def test_results_carry_the_search_to_the_service_page_and_back(client, listed):
    body = client.get("/directory/", {"area": "Barnstaple", "words": "drama"}).content.decode()
    link = re.search(r'href="(/directory/services/\d+/\?back=[^"]+)"', body).group(1).replace("&amp;", "&")
    page = client.get(link).content.decode()
    assert '<a href="/directory/?area=Barnstaple&amp;words=drama" class="govuk-back-link">' in page


@pytest.mark.parametrize("back", ["https://evil.example/", "//evil.example", "/admin/", "javascript:alert(1)"])
def test_the_back_link_only_ever_returns_to_the_directory(client, listed, back):
    page = client.get(f"/directory/services/{listed['art'].pk}/", {"back": back}).content.decode()
    assert "evil.example" not in page and "/admin/" not in page and "javascript:" not in page
    assert '<a href="/directory/" class="govuk-back-link">' in page


def test_each_result_says_whose_it_is_and_why_only_when_something_was_asked(client, listed):
    everything = client.get("/directory/").content.decode()
    assert "Why it is here" not in everything
    assert 'Home care visits<span class="govuk-visually-hidden"> by Exe Valley Home Care</span></a>' in everything
    assert "Why it is here" in client.get("/directory/", {"area": "Exeter"}).content.decode()
    assert "Why it is here" not in client.get("/directory/", {"unit": "week"}).content.decode()


def test_the_providers_entries_and_the_waiting_providers_are_cards_not_wide_tables(council, signed_in, listed):
    yours = signed_in(council.provider).get("/directory/yours/").content.decode()
    services = yours[yours.index("Your services") : yours.index("Reviews of your services")]
    assert "<table" not in services and "govuk-summary-card" in services
    assert f'href="/directory/yours/services/{listed["home_care"].pk}/price/"' in services
    waiting = signed_in(council.commissioner).get("/directory/providers/waiting/").content.decode()
    assert "<table" not in waiting and "govuk-summary-card" in waiting


def test_the_waiting_page_shows_venues_with_their_cqc_link_and_services(council, signed_in, listed):
    from selfdirect.market.models import Location

    Location.objects.create(
        provider=listed["waiting"], name="Newcomer office", city="Exmouth", cqc_location_id="1-2345"
    )
    page = signed_in(council.commissioner).get("/directory/providers/waiting/").content.decode()
    assert 'href="https://www.cqc.org.uk/location/1-2345"' in page and "Newcomer office" in page
    assert "<li>Newcomer home care</li>" in page
    assert f'action="/directory/providers/{listed["waiting"].pk}/decline/"' in page


def test_the_council_does_not_list_a_provider_only_with_a_reason(council, signed_in, listed):
    commissioner = signed_in(council.commissioner)
    address = f"/directory/providers/{listed['waiting'].pk}/decline/"
    refused = commissioner.post(address, {"reason": "  "})
    assert (
        refused.status_code == 400 and "Enter why the council will not list Newcomer Care" in refused.content.decode()
    )
    listed["waiting"].refresh_from_db()
    assert listed["waiting"].status == Provider.Status.PROPOSED
    assert commissioner.post(address, {"reason": "Not registered with CQC for personal care"}).status_code == 302
    listed["waiting"].refresh_from_db()
    assert listed["waiting"].status == Provider.Status.WITHDRAWN
    event = AuditEvent.objects.get(actor=council.commissioner, what__startswith="Did not list Newcomer Care")
    assert event.why == "Not registered with CQC for personal care"
    assert "Do not list Newcomer Care" not in commissioner.get("/directory/providers/waiting/").content.decode()
    assert commissioner.post(address, {"reason": "again"}).status_code == 404


def test_only_the_council_declines_a_provider(council, signed_in, listed):
    for user in [council.provider, council.worker, council.finance]:
        assert (
            signed_in(user).post(f"/directory/providers/{listed['waiting'].pk}/decline/", {"reason": "x"}).status_code
            == 403
        )
    listed["waiting"].refresh_from_db()
    assert listed["waiting"].status == Provider.Status.PROPOSED


def test_a_service_page_uses_plain_words(client, listed):
    listed["home_care"].relationship = "framework"
    listed["home_care"].save()
    body = client.get(f"/directory/services/{listed['home_care'].pk}/").content.decode()
    assert "The council has agreed prices with them (framework)" in body
    assert "A provider managing your budget for you (an individual service fund) can pay for it" in body
    assert "The council can arrange and pay for it" in body
    assert "Care Quality Commission (CQC) location ID 1-100000001" in body
    for old in ["On the council&#39;s framework", "An individual service fund can hold it", "CQC location 1-"]:
        assert old not in body


def test_the_service_pages_tables_have_few_enough_columns_for_a_small_screen(client, listed):
    body = client.get(f"/directory/services/{listed['home_care'].pk}/").content.decode()
    tables = re.findall(r"<table.*?</table>", body, flags=re.S)
    assert len(tables) == 3  # prices now and to come, earlier prices, CQC ratings
    assert [len(re.findall(r'<th scope="col"', t)) for t in tables] == [3, 3, 2]
    assert "Published 4 March 2025" in tables[2]
