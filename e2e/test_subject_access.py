"""Issue 16, "done means": a subject access request is gathered, redacted, approved and released with the month's
deadline shown. A worker logs Elsie's request from her record and sees its deadline, gathers everything held, redacts
her daughter's health from a review, and sends the review for approval; the team manager, who did not review it,
approves it from the home page; the worker releases it and downloads the archive, whose page for the review carries
the redaction and not the words."""

import datetime
import io
import zipfile

from django.utils import timezone

from selfdirect.subject_access import deadlines


def test_a_request_is_gathered_redacted_approved_and_released_with_its_deadline(visitor, council):
    from selfdirect.outcomes import actions as outcomes
    from selfdirect.people import actions as people
    from selfdirect.planning import queries as plans

    person = council.live_person()
    case = council.case(person)
    people.add_carer(person, actor=council.worker, name="Jane Evans", relationship="Daughter", lives_with_person=True,
                     hours_caring_per_week=20, willing_and_able_to_continue=True)
    outcome = plans.approved_plan_for(case).outcomes.get()
    outcomes.record_review(case, actor=council.worker, held_on=datetime.date(2026, 3, 1),
                           summary="Going well. Jane's back pain makes lifting hard for her.", decision="continue",
                           ratings={outcome.pk: "achieved"},
                           depth="light", reason="Planned", method="Service user only",
                           what_changed="Nothing changed")
    today = timezone.localdate()
    due = deadlines.due_date(today)

    v = visitor
    v.sign_in("worker")
    v.go(f"/people/{person.pk}/")
    assert "Subject access requests" in v.text() and "None open." in v.text()
    v.click("Log a subject access request, or see earlier ones", role="link")
    v.click("Log a request", role="link")
    v.click("Log the request")
    assert "There is a problem" in v.text() and "Enter an answer to ‘How was the requester's identity checked?’" in v.text()
    v.date("id_received_on", str(today.day), str(today.month), str(today.year))
    v.choose("Letter")
    v.choose("The person themselves")
    v.fill("How was the requester's identity checked?", "Known to me: I visit her")
    v.fill("What did they ask for?", "Everything you hold about me")
    v.click("Log the request")
    assert f"it must be answered by {due.day} {due:%B %Y}" in v.text()
    assert f"{due.day} {due:%B %Y}" in v.text() and "days left" in v.text()

    v.click("Gather everything held")
    assert "items gathered" in v.text() and "Unpaid carer: Jane Evans" in v.text()
    v.click("Review held on 1 March 2026", role="link")
    assert "back pain" in v.text()
    redact = v.page.locator("form", has=v.page.get_by_role("button", name="Redact", exact=True))
    redact.get_by_label("Which part of the item?").select_option(label="What the person said about how things are going")
    redact.get_by_label("Words to redact", exact=True).fill("back pain")
    redact.get_by_label("Information about someone else", exact=True).check()
    redact.get_by_label("Reason, as the person will read it", exact=True).fill("third party: carer's own health")
    v.click("Redact")
    assert "[redacted: third party: carer's own health]" in v.text() and "Jane's back pain" not in v.text().split(
        "Redactions")[0]
    v.click("Back to the request", role="link")
    v.click("The review is done: send it for approval")
    assert "The review is sent to a manager to approve" in v.text()
    assert "Approve the release" not in v.text()  # a worker does not approve
    v.sign_out()

    v.sign_in("manager")
    assert "Subject access requests, soonest due first" in v.text() and f"{due.day} {due:%B %Y}" in v.text()
    v.page.locator("#subject-access ~ .sd-table-wrap").get_by_role("link", name=person.full_name).click()
    v.page.wait_for_load_state()
    v.check_accessibility()
    v.click("Approve the release")
    assert "The release is approved" in v.text()
    v.sign_out()

    v.sign_in("worker")
    v.go("/subject-access/")
    v.click(person.full_name, role="link")
    v.choose("By secure email")
    v.click("Release")
    assert "Released: the release is recorded" in v.text() and "Archive SHA-256" in v.text()
    with v.page.expect_download() as download:
        v.page.get_by_role("link", name="Download the archive (zip file)").click()
    zipped = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))
    index = zipped.read("index.html").decode()
    assert "Unpaid carer: Jane Evans" in index and "Given, with parts redacted under" in index
    review = next(name for name in zipped.namelist() if name.endswith("-reviews.html"))
    page = zipped.read(review).decode()
    assert "[redacted: third party: carer&#x27;s own health]" in page and "back pain" not in page


def _archive_release():
    """A release like a real one: long titles, a redacted item, a withheld one, and a receipt."""
    from selfdirect.subject_access import archive, exemptions

    note = archive.Note("third party: carer's own health", exemptions.THIRD_PARTY.law)
    return archive.Release(
        council="Exampleshire Council", person_name="Elsie Evans", reference="EX000001", request_number=7,
        received_on=datetime.date(2026, 3, 2), released_on=datetime.date(2026, 3, 20), items=[
            archive.Item(1, "Your record", "The record of Elsie Evans", [("First name", "Elsie")]),
            archive.Item(2, "Unpaid carers", "Unpaid carer: Jane Evans", [("Health", "[redacted: third party]")],
                         redacted=[note]),
            archive.Item(3, "Reviews", "Review held on 1 March 2026", [],
                         withheld=archive.Note("serious harm", exemptions.SERIOUS_HARM.law)),
            archive.Item(4, "How your money is managed: choices offered",
                         "Choices offered in the case referred on 5 January 2026", [("Option", "Direct payment")]),
            archive.Item(5, "Spending you recorded, and any receipts", "Spending of £12.50 on 3 February 2026",
                         [("Payee", "Corner shop")], file_name="receipt-12345.pdf", file_path="receipts/x.pdf"),
            *(archive.Item(n, "Payments", f"Paid {n}", [("Paid", "£1.00")]) for n in range(6, 12)),
        ])


def test_the_archives_index_is_accessible_and_reflows_at_320_pixels(browser, tmp_path):
    """The released archive's pages, opened from the archive as a family member opens them, pass axe (WCAG 2.2 AA, with
    2.5.8 target size) on a desktop and at 320 CSS pixels wide, where nothing scrolls sideways (1.4.10 reflow)."""
    from e2e.conftest import AXE, AXE_TAGS
    from selfdirect.subject_access import archive

    release = _archive_release()
    (tmp_path / "items").mkdir()
    (tmp_path / "index.html").write_text(archive.index_html(release), encoding="utf-8")
    spending = release.items[4]
    (tmp_path / spending.page).write_text(archive.item_html(release, spending), encoding="utf-8")
    for width in (1024, 320):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for name in ("index.html", spending.page):
            page.goto((tmp_path / name).as_uri())
            page.evaluate(AXE.read_text())
            result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                                   "resultTypes: ['violations']})", AXE_TAGS)
            assert not [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]], (width, name)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (width, name)
        page.goto((tmp_path / "index.html").as_uri())
        link = page.get_by_role("link", name="Choices offered in the case referred on 5 January 2026")
        box = link.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (width, box)
        assert page.get_by_role("link", name="005-receipt-12345.pdf").get_attribute("href") == \
            "files/005-receipt-12345.pdf"
        context.close()
