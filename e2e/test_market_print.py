"""Issue 20, done means (in part): "a worker prints a large-print directory for a person without internet". A social
worker opens Find support from the menu, searches by area and need, follows "Large print" to the page to print, and
downloads it as a tagged PDF. Every page is checked with axe."""

import pathlib

from django.conf import settings
from django.utils import timezone

from tests.market import directory
from tests.pdfs import pdf_text, read_tagged_pdf


def test_a_worker_prints_a_large_print_directory_for_an_area_and_a_need(visitor, council):
    directory.build(council, timezone.localdate())
    v = visitor
    v.sign_in("worker")
    v.click("Find support", role="link")
    v.select("What do you want to do?", "personal_care")
    v.select("Where?", "Exeter")
    v.click("Search")
    assert "Home care visits" in v.text() and "Night sitting" in v.text()

    v.page.get_by_role("link", name="Large print", exact=True).click()
    v.page.wait_for_load_state()
    v.check_accessibility()
    assert v.page.url.endswith("/directory/print/?area=Exeter&what=personal_care&large=1")
    text = v.text()
    assert "Support for personal care in Exeter" in text
    assert "Home care visits" in text and "Night sitting" in text and "Newcomer home care" not in text
    assert "£24.50 an hour, weekdays" in text and settings.COUNCIL_PHONE in text
    body_size = v.page.evaluate("getComputedStyle(document.querySelector('.sd-print p.govuk-body-l')).fontSize")
    # at least UKAAF's 16 point minimum for large print (G003): 16pt is 21⅓ CSS pixels; GOV.UK's is 18pt in print
    assert float(body_size.removesuffix("px")) >= 16 * 96 / 72

    with v.page.expect_download() as download:
        v.page.get_by_role("link", name="Download this list as a PDF in large print").click()
    assert download.value.suggested_filename == "support-personal-care-exeter-large-print.pdf"
    text = pdf_text(read_tagged_pdf(pathlib.Path(download.value.path()).read_bytes()))
    assert "Home care visits" in text and "Night sitting" in text
