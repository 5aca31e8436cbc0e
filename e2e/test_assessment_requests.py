"""A worker asks finance for a financial assessment from the record and sees it on their home; finance finds it in
its queue and starts it; the person sees where it is; an administrator reaches every dashboard from one page."""


def test_a_worker_asks_finance_and_the_person_sees_where_it_is(visitor, council):
    person = council.live_person(user=council.holder)
    v = visitor
    v.sign_in("worker")
    v.go(f"/people/{person.pk}/")
    v.click("Ask finance for a financial assessment", role="link")
    v.fill("Note for the finance team (optional)", "x" * 2001)
    v.click("Ask for a financial assessment")
    assert "There is a problem" in v.text() and "2000 characters or less" in v.text()
    v.fill("Note for the finance team (optional)", "Her pension has gone up")
    v.click("Ask for a financial assessment")
    assert "It is with the finance team" in v.text()
    v.go("/")
    assert "Your work, most urgent first" in v.text() and "Financial assessment asked for" in v.text()
    v.sign_out()

    v.sign_in("finance")
    v.click("Assessment requests", role="link")
    assert "Elsie Evans" in v.text() and "working day" in v.text()
    v.click("Start Elsie Evans's assessment")
    assert "Make a financial assessment" in v.text() or "Work out the contribution" in v.text()
    v.sign_out()

    v.sign_in("holder")
    assert "The finance team is working on it" in v.text()


def test_an_administrator_reaches_every_dashboard_from_one_page(visitor, council):
    v = visitor
    v.sign_in("admin")
    v.click("Dashboards", role="link")
    for name in ["Take-up", "Journey times", "Choice offered: groups", "Choices offered", "Money", "Allocation",
                 "Calibration", "Fairness", "Payments and statements", "Financial assessments asked for",
                 "Client Level Data return", "Audit trail", "Code lists"]:
        assert v.page.get_by_role("link", name=name, exact=True).count() >= 1, name
    v.page.get_by_role("main").get_by_role("link", name="Financial assessments asked for").click()
    v.page.wait_for_load_state()
    v.check_accessibility()
    assert "No financial assessments are waiting" in v.text()
