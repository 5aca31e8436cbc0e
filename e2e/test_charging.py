"""A finance officer goes from a person's record to the contribution letter; the person reads it."""

import datetime


def test_a_finance_officer_assesses_and_the_person_reads_the_letter(visitor, council):
    person = council.live_person(user=council.holder, date_of_birth=datetime.date(1950, 2, 2))
    v = visitor
    v.sign_in("finance")
    v.go(f"/people/{person.pk}/")
    v.click("Financial assessment", role="link")
    v.click("Make a financial assessment", role="link")
    v.date("id_effective_date", "1", "3", "2024")
    v.fill("Capital (savings and investments, not the home they live in)", "15750")
    v.page.get_by_role("group", name="Does the person receive care at night?").get_by_label("No", exact=True).check()
    v.page.select_option("#id_income-0-type", "state_pension")
    v.page.fill("#id_income-0-amount_pence", "203.85")
    v.page.select_option("#id_income-1-type", "attendance_allowance_higher")
    v.page.fill("#id_income-1-amount_pence", "101.75")
    v.page.fill("#id_dre-0-description", "Extra heating")
    v.page.fill("#id_dre-0-amount_pence", "40")
    v.page.select_option("#id_dre-0-period", "monthly")
    v.click("Work out the contribution")
    # 203.85 + 101.75 - 33.65 night care - 9.23 heating - 214.35 + 6.00 tariff = 54.37
    assert "£54.37 a week" in v.text()
    v.click("Read the letter to the person", role="link")
    assert "You will pay £54.37 a week" in v.text()
    v.sign_out()
    v.sign_in("holder")
    v.go(f"/people/{person.pk}/")
    assert "£54.37 a week" in v.text()
    v.click("See how your contribution was worked out", role="link")
    assert "(current)" in v.text()
