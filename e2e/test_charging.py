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
    v.fill("Capital as one total (or list each item below, not both)", "15750")
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


def test_finance_assesses_a_couple_at_home_with_joint_savings_and_the_person_reads_the_letter(visitor, council, settings,
                                                                                          tmp_path):
    """Both over pension age, savings held jointly, a pension paid to them both. The couple's Minimum Income Guarantee
    is not in any shipped rates file (docs/charging-rates.md), so the council has added this year's file to its own
    rates folder, as the Charging rates page asks; its figures here are test values, not the statutory ones."""
    import json

    from django.utils import timezone

    from selfdirect.charging.rates import blank_file, financial_year_of

    today = timezone.localdate()
    year = financial_year_of(today)
    data = json.loads(blank_file(year))
    for entry in data["figures"].values():
        if entry["pence"] is None:
            entry.update(pence=5000, source="test value")
    data["figures"].update({
        "upper_capital_limit": {"pence": 2325000, "source": "test value"},
        "lower_capital_limit": {"pence": 1425000, "source": "test value"},
        "mig_couple_member_pension_credit_age": {"pence": 17500, "source": "test value"}})
    (tmp_path / (year.replace("/", "-") + ".json")).write_text(json.dumps(data))
    settings.CHARGING_RATES_DIR = str(tmp_path)

    person = council.live_person(user=council.holder, date_of_birth=datetime.date(1950, 2, 2))
    v = visitor
    v.sign_in("finance")
    v.go(f"/people/{person.pk}/")
    v.click("Financial assessment", role="link")
    v.click("Make a financial assessment", role="link")
    v.date("id_effective_date", str(today.day), str(today.month), str(today.year))
    v.fill("Weekly cost of care (the personal budget)", "200")
    v.page.get_by_role("group", name="Does the person live with a partner?").get_by_label("Yes", exact=True).check()
    v.date("id_partner_date_of_birth", "3", "9", "1952")
    v.page.get_by_role("group", name="Does the person receive care at night?").get_by_label("No", exact=True).check()
    v.page.select_option("#id_income-0-type", "state_pension")
    v.page.fill("#id_income-0-amount_pence", "169.50")
    v.page.select_option("#id_joint-0-type", "occupational_pension")
    v.page.fill("#id_joint-0-amount_pence", "40")
    v.page.select_option("#id_capital-0-type", "savings")
    v.page.fill("#id_capital-0-amount_pence", "32000")
    v.page.fill("#id_capital-0-owners", "2")
    v.click("Work out the contribution")
    # 169.50 + half of 40.00 + tariff on a half share of £32,000 (£16,000: 7 steps of £250 above £14,250) - 175.00
    assert "£21.50 a week" in v.text(), v.text()[:3000]
    assert "Minimum Income Guarantee, member of a couple where one or both have reached Pension Credit age" in v.text()
    v.click("Read the letter to the person", role="link")
    letter = v.text()
    assert "You will pay £21.50 a week" in letter
    assert "You live with a partner. We counted only your own income and savings" in letter
    assert "the person's share of £32,000.00 held by 2" in letter
    v.sign_out()
    v.sign_in("holder")
    v.go(f"/people/{person.pk}/")
    v.click("See how your contribution was worked out", role="link")
    v.click(f"{today.day} {today:%B %Y}", role="link")
    v.click("Read your letter", role="link")
    text = v.text()
    assert "You will pay £21.50 a week" in text and "half of any money paid to you both" in text
