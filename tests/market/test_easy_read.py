"""The directory in easy read (issue 20: search "accessible at 320 px, without JavaScript, and in easy read"): the
same services as the standard search for the same answers, each in short sentences, with no tables."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone

from selfdirect.market import easy_read, queries, search
from selfdirect.market.models import Provider

from . import directory


@pytest.fixture
def listed(council):
    return directory.build(council, timezone.localdate())


def _names(response) -> list[str]:
    """The services an easy read results page links to, in order."""
    return re.findall(r'href="/directory/services/\d+/easy-read/(?:\?back=[^"]*)?">([^<]+)<', response.content.decode())


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


# ---- the wording (plain rules) ---------------------------------------------------------------------------------------


def test_a_price_and_an_opening_are_short_sentences():
    assert easy_read.price_sentence(search.Price(3500, "session", "weekday")) == (
        "It costs £35.00 for a session on weekdays."
    )
    assert easy_read.price_sentence(search.Price(3100, "hour", "night")) == "It costs £31.00 for an hour at night."
    t = datetime.time
    assert easy_read.open_sentence(search.Opening(("TU", "TH"), t(10), t(15))) == (
        "Open Tuesday and Thursday, 10am to 3pm."
    )
    assert easy_read.open_sentence(search.Opening(("MO", "TU", "WE", "TH", "FR"), t(9), t(17))) == (
        "Open Monday to Friday, 9am to 5pm."
    )
    assert easy_read.open_sentence(search.Opening(tuple(search.DAYS), t(7), t(22))) == "Open every day, 7am to 10pm."


@pytest.mark.parametrize(
    ("facts", "said"),
    [
        ({"active": True, "vacancies": 3, "waiting_weeks": None, "reported": True}, ["It has 3 places free."]),
        ({"active": True, "vacancies": 1, "waiting_weeks": None, "reported": True}, ["It has 1 place free."]),
        (
            {"active": True, "vacancies": 0, "waiting_weeks": 4, "reported": True},
            ["It has no places free now.", "You may wait 4 weeks for a place."],
        ),
        (
            {"active": True, "vacancies": None, "waiting_weeks": None, "reported": False},
            ["Ask them if they have a place for you."],
        ),
        ({"active": False, "vacancies": 3, "waiting_weeks": None, "reported": True}, ["It has no places now."]),
    ],
)
def test_places_are_said_in_short_sentences(facts, said):
    assert easy_read.places_sentences(**facts) == said


# ---- the pages -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "asked",
    [
        {},
        {"what": "day_opportunity"},
        {"area": "Exeter"},
        {"area": "Barnstaple"},
        {"highest": "25", "unit": "hour"},
        {"what": "day_opportunity", "area": "Exeter", "highest": "40", "unit": "session"},
        {"what": "club"},
    ],
)
def test_the_easy_read_search_finds_what_the_standard_search_finds(client, listed, asked):
    terms = {t.code: t.name for t in queries.directory_terms()}
    wanted = search.Wanted(
        term=terms.get(asked.get("what", ""), ""),
        area=asked.get("area", ""),
        highest_pence=int(asked["highest"]) * 100 if "highest" in asked else None,
        unit=asked.get("unit", ""),
    )
    expected = [r.service.name for r in queries.find(wanted, today=timezone.localdate())]
    response = client.get("/directory/easy-read/", asked)
    assert response.status_code == 200
    assert _names(response) == expected
    standard = client.get("/directory/", asked).content.decode()
    assert all(name in standard for name in expected)


def test_each_service_is_said_in_plain_sentences_with_no_tables(client, listed):
    Provider.objects.filter(pk=listed["riverside"].pk).update(phone="01392 000111")
    response = client.get("/directory/easy-read/", {"what": "day_opportunity", "area": "Exeter"})
    text = _text(response)
    assert _names(response) == ["Art and craft days"]
    for sentence in [
        "Riverside Day Opportunities runs it.",
        "It costs £35.00 for a session on weekdays.",
        "Open Tuesday, 10am to 3pm.",
        "Ask them if they have a place for you.",
        "Phone them on 01392 000111.",
        "We found 1 service",
    ]:
        assert sentence in text
    assert "<table" not in response.content.decode()
    assert 'class="govuk-body-l"' in response.content.decode()


def test_a_service_without_a_phone_number_says_to_ask_the_council(client, listed):
    text = _text(client.get("/directory/easy-read/", {"area": "Exmouth"}))
    assert "Exe Valley Home Care runs it." in text
    assert "It costs £24.50 for an hour on weekdays." in text
    assert "It costs £28.00 for an hour at weekends." in text
    assert "Open every day, 7am to 10pm." in text
    assert "It has 3 places free." in text
    assert f"Ask us to help: phone {settings.COUNCIL_PHONE}." in text


def test_the_standard_search_links_to_the_easy_read_search_with_the_same_answers(client, listed):
    body = client.get("/directory/", {"area": "Exeter", "day": "TU"}).content.decode()
    assert 'href="/directory/easy-read/?area=Exeter">Easy read' in body
    easy = client.get("/directory/easy-read/", {"area": "Exeter"}).content.decode()
    assert 'href="/directory/?area=Exeter">Standard version' in easy


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        ({"highest": "lots", "unit": "hour"}, "Write the most you can pay in pounds. For example, 25.00."),
        ({"highest": "30"}, "Say if the price is for an hour, a session, a day or a week."),
        ({"what": "flying"}, "Choose what you want to do from the list."),
        ({"area": "Atlantis"}, "Choose a place from the list."),
    ],
)
def test_a_wrong_answer_gets_an_easy_read_message_naming_the_question(client, listed, asked, message):
    response = client.get("/directory/easy-read/", asked)
    assert response.status_code == 400
    text = _text(response)
    assert message in text
    assert "Please check your answers" in text
    assert _names(response) == []


def test_the_easy_read_service_page_says_what_it_costs_when_it_is_open_and_how_to_get_in(client, listed):
    response = client.get(
        f"/directory/services/{listed['art'].pk}/easy-read/", {"back": "area=Exeter&what=day_opportunity&day=TU"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    text = _text(response)
    for sentence in [
        "Riverside Day Opportunities runs it.",
        "Type of support: day opportunity.",
        "It costs £35.00 for a session on weekdays.",
        "Open Tuesday, 10am to 3pm.",
        "You can get in without steps.",
        "It has a toilet for disabled people.",
        f"Ask us to help: phone {settings.COUNCIL_PHONE}.",
    ]:
        assert sentence in text
    assert "It has a hearing loop." not in text
    assert "<table" not in body
    # the Back link keeps only the easy read questions' answers
    assert 'href="/directory/easy-read/?what=day_opportunity&amp;area=Exeter"' in body
    assert (
        f'href="/directory/services/{listed["art"].pk}/easy-read/"'
        in client.get(f"/directory/services/{listed['art'].pk}/").content.decode()
    )


def test_the_easy_read_service_page_gives_the_cqc_rating_and_no_earlier_price(client, listed):
    text = _text(client.get(f"/directory/services/{listed['home_care'].pk}/easy-read/"))
    assert "They said it is Good." in text
    assert "£23.00" not in text  # the price that ended 40 days ago


@pytest.mark.parametrize("which", ["closed", "hidden"])
def test_a_closed_or_unconfirmed_service_has_no_easy_read_page(client, listed, which):
    assert client.get(f"/directory/services/{listed[which].pk}/easy-read/").status_code == 404
