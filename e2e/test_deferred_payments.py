"""A deferred payment agreement in the browser (issue 18, "done means"): finance assesses a widowed pensioner who moved
into a care home for good; after the 12-week disregard her home counts, so an agreement must be offered. Finance adds
the national maximum interest rates the shipped file lacks (test figures here: the published ones for July 2024 onwards
could not be found, docs/deferred-payments.md), offers the agreement, records her signature and the legal charge, and
brings the account up to date: the deferred amount accrues week by week with interest. She reads it all in plain words.
Every page is checked with axe."""

import datetime

from e2e.test_care_homes import key_the_widow


def test_a_widow_whose_home_counts_is_offered_a_deferred_payment_agreement_and_it_accrues(visitor, council):
    person = council.live_person(user=council.holder, date_of_birth=datetime.date(1940, 3, 1))
    v = visitor
    v.sign_in("finance")
    assert "£900.00 a week (full cost)" in key_the_widow(v, person, "4", "8", "2025")

    v.click("Deferred payment agreements", role="link")
    text = v.text()
    assert "The council must offer an agreement" in text, text[:2000]
    # with the home left out she pays £230.25 less the £30.65 allowance from income; the other £700.40 is deferred
    assert "£199.60" in text and "£700.40" in text
    # equity limit: £250,000 less 10%, less the £14,250 lower capital limit
    assert "£210,750.00" in text

    v.click("Deferred payment interest rates", role="link")
    assert "West Sussex" in v.text()
    for day, month, year, percent in (("1", "7", "2025", "4.30"), ("1", "1", "2026", "4.40"), ("1", "7", "2026", "4.50")):
        v.date("id_starts_on", day, month, year)
        v.fill("The national maximum rate, in percent a year", percent)
        v.fill("Where it was published", "Test figure for this journey")
        v.click("Add the rate")
    assert "4.50%" in v.text()

    v.go(f"/people/{person.pk}/")  # back to her record, then by links to the agreement
    v.click("Financial assessment", role="link")
    v.click("4 August 2025", role="link")
    v.click("Deferred payment agreements", role="link")
    v.fill("The home's address, as the agreement names it", "1 Orchard Lane, Exeter EX1 1AA")
    v.date("id_valued_on", "1", "8", "2025")
    v.fill("Administration costs of setting it up, added to what is owed", "450")
    v.date("id_starts_on", "4", "8", "2025")
    v.click("Offer the agreement")
    assert "Offered on" in v.text()

    v.choose("They signed it, and the legal charge is registered")
    v.date("id_decide-decided_on", "11", "8", "2025")
    v.fill("Land Registry title number", "DN123456")
    v.date("id_decide-charge_registered_on", "11", "8", "2025")
    v.click("Record the decision")
    assert "In force" in v.text()
    v.click("Bring up to date")
    text = v.text()
    weeks = (datetime.date.today() - datetime.date(2025, 8, 4)).days // 7
    assert f"{weeks} weeks added" in text, text[:2000]
    owed_without_interest = 45000 + 70040 * weeks
    owed = int(text.split("What is owed")[1].split("£")[1].split()[0].replace(",", "").replace(".", ""))
    assert owed > owed_without_interest  # interest was added, compound, at the rates above
    assert "Interest added" in text
    v.click("Issue the statement for 4 August 2025 to 3 February 2026")
    v.sign_out()

    v.sign_in("holder")
    v.go(f"/people/{person.pk}/")
    v.click("See how your contribution was worked out", role="link")
    v.click("4 August 2025", role="link")
    v.click("Read your letter", role="link")
    letter = v.text()
    assert "You need not sell your home in your lifetime to pay for your care." in letter
    v.go(f"/people/{person.pk}/charging/")
    v.click("4 August 2025", role="link")
    v.click("Deferred payment agreements", role="link")
    v.click("Agreement offered on", role="link")
    text = v.text()
    assert "1 Orchard Lane" in text and "Record the person's decision" not in text
    assert "the most that can be deferred against the home" in text
    v.click("4 August 2025 to 3 February 2026", role="link")
    statement = v.text()
    assert "Administration charges added" in statement and "£450.00" in statement
