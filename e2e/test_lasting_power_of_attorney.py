"""Issue 16, "done means": a daughter's lasting power of attorney for health and welfare is recorded with its evidence,
gives her access, and its end removes it. Following links only, every page checked with axe: a worker records the LPA
(first without its evidence, which the page asks for by name), sees it under "Consent and authority", and invites the
daughter by letter; the daughter, on a phone, reads the privacy notice signed out, signs in with the letter's code
and sees her mother's care record and plan but not her money (the LPA covers welfare only); the worker ends the
authority today, and from today the daughter can no longer open the record. On the way the worker records Iris's own
consent to research, and the daughter reads the easy read information given before it, and sees on her mother's record
what her mother agreed to."""

import re

from django.utils import timezone


def test_a_daughters_lpa_for_health_and_welfare_gives_her_the_care_record_until_it_ends(
        visitor, phone_visitor, council):
    today = timezone.localdate()
    council.live_person(first_name="Iris", last_name="Marsh")
    v = visitor

    # The worker records the LPA. Without its evidence the page names the field it needs.
    v.sign_in("worker")
    v.click("Find a person", role="link")
    v.click("Iris Marsh", role="link")
    record = v.page.url
    v.click("Record someone who may act for the person", role="link")
    v.fill("Name", "Ruth Marsh")
    v.select("Relationship to the person", "Son or daughter")
    v.choose("Lasting power of attorney for health and welfare")
    v.choose("Follows from the kind (for all but a deputy and the person's consent)")
    v.date("id_starts_on", str(today.day), str(today.month), str(today.year))
    v.click("Save")
    # every problem at once: the evidence's reference and the day it was seen together, not one a submission
    assert "Enter the reference on the evidence you saw for a lasting power of attorney for health and welfare" in (
        v.text()) and "Enter the date you saw the evidence" in v.text()
    v.fill("Reference on the evidence seen", "OPG 7000-1234-5678")
    v.date("id_evidence_seen_on", str(today.day), str(today.month), str(today.year))
    v.date("id_review_on", str(today.day), str(today.month), str(today.year + 1))
    v.click("Save")
    assert "Recorded who may act for the person" in v.text()
    assert "Ruth Marsh (son or daughter): Lasting power of attorney for health and welfare" in v.text()
    assert "Evidence: OPG 7000-1234-5678" in v.text() and f"Review by {today.day} {today:%B} {today.year + 1}" in v.text()
    v.click("Consent and authority: record, withdraw and see their history", role="link")
    assert "Mental Capacity Act 2005, sections 9 to 14" in v.text()
    assert "Personal welfare: the care record, the support plan and reviews" in v.text()
    # Iris herself agrees to research, having read version 1 of what we tell people
    v.click("Record consent to research using information about them, without their name", role="link")
    assert "version 1" in v.text()
    v.click("Record consent")
    assert "Consent to research using information about them, without their name recorded" in v.text()
    v.click("Back to the record", role="link")
    v.click("Invite the person, someone who acts for them or a carer to sign in", role="link")
    v.choose("Ruth Marsh (son or daughter), who acts for them")
    v.choose("In a letter, with a code")
    v.click("Send")
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", v.text()).group(0)
    v.sign_out()

    # The daughter reads how her mother's information is used, then signs in with the letter's code.
    d = phone_visitor
    d.go("/sign-in/")
    d.click("How we use your information", role="link")
    assert "article 6(1)(c)" in d.text() and "Someone who acts for you sees only what their authority covers" in d.text()
    assert "How long we keep each kind of record" in d.text() and "8 years from" in d.text()
    d.click("Read what we tell people before they decide, with easy read versions", role="link")
    d.click("Easy read about research using information about them, without their name", role="link")
    assert "Using information about you in research, without your name" in d.text()
    assert "Saying no will not change your care." in d.text()
    d.go("/sign-in/")
    d.click("Sign in with a letter code", role="link")
    d.fill("Code from your letter", code)
    d.fill("Choose a sign-in name", "ruth.marsh")
    d.fill("Choose a password", "tea at four on thursdays")
    d.fill("Type the password again", "tea at four on thursdays")
    d.click("Continue")
    assert "People you act for" in d.text()
    d.click("Iris Marsh", role="link")
    mothers_record = d.page.url
    assert "I want to stay at home" in d.text()  # her plan: welfare
    assert "Personal budget" not in d.text()  # her money is not what the LPA covers
    # what Iris agreed to, read-only, with the version of the information she was given
    assert "What Iris has agreed to" in d.text() and f"Given on {today.day} {today:%B %Y}" in d.text()
    assert "Record consent" not in d.text() and "Withdraw" not in d.text()
    d.click("See the whole plan", role="link")
    assert "I want to stay at home" in d.text()
    assert d.page.goto(mothers_record.rstrip("/") + "/account/").status == 403

    # The worker ends the authority today; from today the daughter cannot open the record.
    v.sign_in("worker")
    v.click("Find a person", role="link")
    v.click("Iris Marsh", role="link")
    assert v.page.url == record
    v.click("End authority of Ruth Marsh", role="link")
    v.fill("Reason", "The Office of the Public Guardian told us the LPA was revoked")
    v.click("End authority")
    assert f"Ruth Marsh can no longer act for Iris Marsh from {today.day} {today:%B %Y}" in v.text()

    d.go("/")
    assert "Iris Marsh" not in d.text()
    assert d.page.goto(mothers_record).status == 404
    assert len(v.checked) + len(d.checked) > 15
