"""The directory on paper (issue 20: "a worker prints a large-print directory for a person without internet"): a page
to print and a tagged PDF listing every listed service for one area and one need, with contacts, venues and their
access, times, prices, CQC ratings and places, each dated, and the council's phone number."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone

from selfdirect.market.models import Provider
from tests.pdfs import pdf_text, read_tagged_pdf

from . import directory


@pytest.fixture
def listed(council):
    return directory.build(council, timezone.localdate())


def _services(response) -> list[str]:
    """The services' names, as the list's third-level headings give them."""
    return re.findall(r'<h3 class="govuk-heading-[sm]">([^<]+)</h3>', response.content.decode())


def _day(date: datetime.date) -> str:
    return f"{date.day} {date:%B %Y}"


def test_the_list_has_every_listed_service_for_the_need_in_the_area_and_no_other(client, listed):
    response = client.get("/directory/print/", {"area": "Exeter", "what": "personal_care"})
    assert response.status_code == 200
    # Newcomer home care is personal care in Exeter too, but its provider is not yet confirmed
    # grouped by provider, in name order: Another Agency's Night sitting, then Exe Valley Home Care's visits
    assert _services(response) == ["Night sitting", "Home care visits"]
    body = response.content.decode()
    assert "Support for personal care in Exeter" in body
    assert body.index("Another Agency</h2>") < body.index("Night sitting") < body.index("Exe Valley Home Care</h2>")
    assert body.index("Exe Valley Home Care</h2>") < body.index("Home care visits</h3>")
    assert "Newcomer" not in body


def test_other_areas_and_closed_services_are_left_out(client, listed):
    day_centres = client.get("/directory/print/", {"area": "Exeter", "what": "day_opportunity"})
    assert _services(day_centres) == ["Art and craft days"]  # Music and drama is in Barnstaple
    clubs = client.get("/directory/print/", {"area": "Exeter", "what": "club"})
    assert clubs.status_code == 200
    assert _services(clubs) == []  # the lunch club is closed for good
    assert "No service in the directory offers club or group in Exeter" in clubs.content.decode()


def test_each_service_shows_its_contacts_venue_access_times_prices_rating_and_places_with_their_dates(client, listed):
    today = timezone.localdate()
    Provider.objects.filter(pk=listed["agency"].pk).update(
        phone="01392 000111", email="hello@exevalley.example", website="https://exevalley.example"
    )
    response = client.get("/directory/print/", {"area": "Exeter", "what": "personal_care"})
    body = response.content.decode()
    assert "01392 000111" in body and "hello@exevalley.example" in body and "https://exevalley.example" in body
    assert "Exe Valley Home Care office, 1 Fore Street, Exeter, EX1 1AA" in body
    assert "Step-free access: not known; accessible toilet: not known" in body
    assert "Every day 7am to 10pm" in body
    # the price in force, not the one it replaced, each with the day the provider confirmed it
    confirmed = today - datetime.timedelta(days=39)
    assert f"£24.50 an hour, weekdays (confirmed {_day(confirmed)})" in body
    assert "£28.00 an hour, weekends" in body and "£23.00" not in body
    assert "£31.00 an hour, nights" in body  # Night sitting
    assert "Good (published 4 March 2025)" in body
    assert f"3 places free (the provider said on {_day(today - datetime.timedelta(days=5))})" in body
    assert f"Made on {_day(today)}" in body
    assert settings.COUNCIL_PHONE in body
    # the other provider gave no contact details: the council's number stands in
    assert f"Not given: phone us on {settings.COUNCIL_PHONE} for their details" in body


def test_a_venue_with_access_facts_says_each_one(client, listed):
    body = client.get("/directory/print/", {"area": "Exeter", "what": "day_opportunity"}).content.decode()
    assert "Riverside hall, 4 Mill Lane, Exeter, EX2 4PQ" in body
    assert "Step-free access: yes; accessible toilet: yes; hearing loop: no; accessible parking: not known" in body
    assert "No CQC rating" in body
    assert "£35.00 a session, weekdays" in body


def test_large_print_uses_the_larger_type_and_links_to_the_large_pdf(client, listed):
    standard = client.get("/directory/print/", {"area": "Exeter", "what": "personal_care"}).content.decode()
    large = client.get("/directory/print/", {"area": "Exeter", "what": "personal_care", "large": "1"}).content.decode()
    assert 'class="govuk-body"' in standard and "govuk-body-l" not in standard
    assert 'class="govuk-body-l"' in large and 'class="govuk-body"' not in large
    assert "sd-print--large" in large and "sd-print--large" not in standard
    assert "/directory/print.pdf?area=Exeter&amp;what=personal_care&amp;large=1" in large
    assert "/directory/print.pdf?area=Exeter&amp;what=personal_care&quot;" not in large
    assert '"/directory/print/?area=Exeter&amp;what=personal_care"' in large  # back to standard print


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        ({"area": "Atlantis", "what": "personal_care"}, "Area: no listed service reaches ‘Atlantis’"),
        ({"area": "Exeter", "what": "flying"}, "What the person wants to do: ‘flying’ is not in the directory"),
        ({"what": "personal_care"}, "Select the area the list is for"),
        ({"area": "Exeter"}, "Select what the person wants to do"),
    ],
)
def test_a_wrong_or_missing_answer_is_named_and_nothing_is_listed(client, listed, asked, message):
    for address in ("/directory/print/", "/directory/print.pdf"):
        response = client.get(address, asked)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        body = response.content.decode()
        assert "There is a problem" in body and message in body
        assert _services(response) == []


def test_with_no_question_the_page_asks_both(client, listed):
    response = client.get("/directory/print/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Print a list of support" in body and 'name="area"' in body and 'name="what"' in body
    assert "There is a problem" not in body


def test_the_pdf_is_tagged_titled_in_english_and_lists_the_services(client, listed):
    response = client.get("/directory/print.pdf", {"area": "Exeter", "what": "personal_care", "large": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="support-personal-care-exeter-large-print.pdf"' in response["Content-Disposition"]
    reader = read_tagged_pdf(response.content)
    assert reader.metadata.title == f"Large print: Support for personal care in Exeter – {settings.COUNCIL_NAME}"
    assert str(reader.trailer["/Root"].get("/Lang")) == "en-GB"
    text = " ".join(pdf_text(reader).split())
    assert "Home care visits" in text and "Night sitting" in text
    assert "Newcomer home care" not in text and "Art and craft days" not in text
    assert "£24.50 an hour, weekdays" in text
    assert settings.COUNCIL_PHONE in text


def test_the_large_print_pdf_sets_its_text_at_18_point_and_the_standard_at_14(client, listed):
    """UKAAF's minimum for large print is 16 point, ideally 18; for clear print 12, ideally 14 (G003)."""

    def sizes(content) -> set[float]:
        """The point size of every piece of text on the first page (font size scaled by the page's matrices)."""
        found = set()

        def seen(text, cm, tm, font, size):
            if text.strip():
                found.add(round(size * abs(cm[0] * tm[0]), 1))

        read_tagged_pdf(content).pages[0].extract_text(visitor_text=seen)
        return found

    large = sizes(client.get("/directory/print.pdf", {"area": "Exeter", "what": "personal_care", "large": "1"}).content)
    standard = sizes(client.get("/directory/print.pdf", {"area": "Exeter", "what": "personal_care"}).content)
    assert min(large) == 18.0, large
    assert min(standard) == 14.0, standard


def test_the_search_links_to_the_printed_list_for_its_area_and_need(client, listed):
    asked = client.get("/directory/", {"what": "personal_care", "area": "Exeter", "day": "SA"}).content.decode()
    assert '/directory/print/?area=Exeter&amp;what=personal_care"' in asked
    assert "/directory/print/?area=Exeter&amp;what=personal_care&amp;large=1" in asked
    assert "/directory/print.pdf?area=Exeter&amp;what=personal_care&amp;large=1" in asked
    unasked = " ".join(client.get("/directory/", {"what": "personal_care"}).content.decode().split())
    assert "/directory/print/" not in unasked
    assert "choose what they want to do and where" in unasked


def test_a_list_printed_from_a_workers_search_with_a_person_goes_back_to_that_search(client, listed):
    page = client.get("/directory/print/", {"area": "Exeter", "what": "personal_care", "for": "7"}).content.decode()
    assert 'href="/directory/people/7/?area=Exeter&amp;what=personal_care"' in page
    assert "large=1" in page and "for=7" in page  # the large print version keeps it
    public = client.get("/directory/print/", {"area": "Exeter", "what": "personal_care", "for": "x"}).content.decode()
    assert 'href="/directory/?area=Exeter&amp;what=personal_care"' in public
