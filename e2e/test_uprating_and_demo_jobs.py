"""Long jobs from the browser (core.jobs), each page checked for accessibility: finance checks what uprating would
change and reads the table of changes; an administrator opens the demo council's page."""

import datetime


def test_finance_checks_what_uprating_would_change_and_reads_each_change(visitor, council):
    from selfdirect.charging import actions
    from tests.charging.inputs import assessment_input

    person = council.live_person(date_of_birth=datetime.date(1948, 5, 1))
    actions.record_assessment(person, assessment_input(person), actor=council.finance)
    v = visitor
    v.sign_in("finance")
    v.click("Charging rates", role="link")
    v.page.get_by_role("link", name="uprate financial assessments", exact=False).first.click()
    v.page.wait_for_load_state()
    v.check_accessibility()
    v.click("Check what would change")
    assert "Enter the date the new contributions start" in v.text()
    v.date("id_as_of", "8", "4", "2024")
    v.click("Check what would change")  # on the task worker: the job's page says what it found
    assert "Checked as of 8 April 2024: 1 person would be reassessed" in v.text()
    v.click("See each change", role="link")
    assert person.full_name in v.text() and "-£14.35" in v.text() and "Nothing was saved" in v.text()


def test_an_administrator_opens_the_demo_councils_page(visitor, council, settings):
    settings.DEMO_MODE = True
    v = visitor
    v.sign_in("admin")
    v.click("Dashboards", role="link")
    v.click("Rebuild the demo council", role="link")
    assert "Everything in the database is deleted" in v.text()
    v.fill("How many people", "1")
    v.click("Rebuild the demo council")
    assert "Enter 2 people or more" in v.text()
