"""Care home residents (issue 18): a finance officer keys a resident's assessment in the browser, and the person reads
a plain-English letter. Dates are in 2025/26, whose rates hold the Personal Expenses Allowance (£30.65 a week)."""

import datetime


def _start(v, person, day, month, year, *, cost="900"):
    v.go(f"/people/{person.pk}/")
    v.click("Financial assessment", role="link")
    v.click("Make a financial assessment", role="link")
    v.date("id_effective_date", day, month, year)
    v.fill("Weekly cost of care (the personal budget)", cost)
    v.choose("A permanent place in a care home")


def _income(v, row, kind, amount):
    v.page.select_option(f"#id_income-{row}-type", kind)
    v.page.fill(f"#id_income-{row}-amount_pence", amount)


def key_the_widow(v, person, day, month, year, *, attendance_allowance=False, reason=None):
    """Finance keys the widow of these journeys, who moved into a care home for good on 1 May 2025: State Pension
    £230.25 a week (and, at first, Attendance Allowance), £5,000 saved, her home worth £250,000."""
    _start(v, person, day, month, year)
    if reason:
        v.choose(reason)
    v.date("id_admitted_on", "1", "5", "2025")
    _income(v, 0, "state_pension", "230.25")
    if attendance_allowance:
        _income(v, 1, "attendance_allowance_higher", "110.40")
    v.page.select_option("#id_capital-0-type", "savings")
    v.page.fill("#id_capital-0-amount_pence", "5000")
    v.fill("Value of the home", "250000")
    v.click("Work out the contribution")
    return v.text()


def test_a_widowed_pensioner_moves_into_a_care_home_the_home_is_disregarded_12_weeks_then_counted(visitor, council):
    person = council.live_person(user=council.holder, date_of_birth=datetime.date(1940, 3, 1))
    v = visitor
    v.sign_in("finance")
    text = key_the_widow(v, person, "2", "6", "2025", attendance_allowance=True)
    # £230.25 - £30.65: Attendance Allowance stopped 28 days after 1 May; the home disregarded for 12 weeks
    assert "£199.60 a week" in text, text[:3000]
    assert "A permanent place in a care home" in text
    assert "disregarded for the first 12 weeks, to 23 July 2025" in text
    assert "stopped on 29 May 2025" in text

    text = key_the_widow(v, person, "4", "8", "2025", reason="The person's income or capital changed")
    # £250,000 less 10% for selling: £225,000 counted, with £5,000 savings above £23,250: the full cost
    assert "£900.00 a week (full cost)" in text, text[:3000]
    assert "£225,000.00 counted" in text
    v.sign_out()

    v.sign_in("holder")
    v.go(f"/people/{person.pk}/")
    v.click("See how your contribution was worked out", role="link")
    v.click("4 August 2025", role="link")
    v.click("Read your letter", role="link")
    letter = v.text()
    assert "You will pay the full cost of your care: £900.00 a week" in letter
    assert "We counted your home as part of your savings: £225,000.00. This is its value of £250,000.00, less 10% " \
           "for the costs of selling it." in letter
    v.go(f"/people/{person.pk}/charging/")
    v.click("2 June 2025", role="link")
    v.click("Read your letter", role="link")
    letter = v.text()
    assert "You will pay £199.60 a week towards the cost of your care home place of £900.00 a week" in letter
    assert "The law calls this the Personal Expenses Allowance. It is £30.65 a week." in letter
    assert "We did not count the value of your home for your first 12 weeks in the care home, up to and including " \
           "23 July 2025." in letter
    assert "After 23 July 2025 your home counts as part of your savings" in letter
    assert "Attendance Allowance, higher rate: not counted from 29 May 2025" in letter


def test_one_of_a_couple_moves_into_a_care_home_and_the_partner_stays_at_home(visitor, phone_visitor, council):
    person = council.live_person(user=council.holder, date_of_birth=datetime.date(1945, 6, 10))
    v = visitor
    v.sign_in("finance")
    _start(v, person, "3", "11", "2025")
    v.date("id_admitted_on", "2", "6", "2025")
    v.fill("Pension the person pays each week to a spouse or civil partner who lives elsewhere", "80")
    _income(v, 0, "state_pension", "200")
    _income(v, 1, "occupational_pension", "150")
    v.fill("Value of the home", "300000")
    v.choose("The resident's partner or former partner (unless estranged)")
    v.click("Work out the contribution")
    text = v.text()
    # £200 + £150 - £75 (half the pension, at least half of it paid to the wife at home) - £30.65
    assert "£244.35 a week" in text, text[:3000]
    assert "disregarded while the resident's partner or former partner (unless estranged) lives there" in text
    v.sign_out()

    phone = phone_visitor  # the person reads the letter on a small phone
    phone.sign_in("holder")
    phone.go(f"/people/{person.pk}/charging/")
    phone.click("3 November 2025", role="link")
    phone.click("Read your letter", role="link")
    letter = phone.text()
    assert "You will pay £244.35 a week" in letter
    assert "We did not count the value of your home, because your partner lives there." in letter
    assert "You pay £80.00 a week of your pension to your husband, wife or civil partner, who does not live with " \
           "you. Because that is at least half of your pension, we did not count half of your pension: £75.00 a " \
           "week." in letter
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 320
