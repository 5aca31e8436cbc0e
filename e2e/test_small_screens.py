"""A budget holder on a 320 px phone: every page fits the screen and passes axe."""


def _fits(visitor):
    width = visitor.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{visitor.page.url} is {width}px wide"


def test_a_budget_holder_reads_their_plan_on_a_small_phone(phone_visitor, council):
    person = council.live_person(user=council.holder)
    v = phone_visitor
    v.sign_in("holder")
    _fits(v)
    v.go(f"/people/{person.pk}/")
    _fits(v)
    assert "£200.00 a week" in v.text()
    v.go("/accessibility/")
    _fits(v)


def test_a_worker_adds_to_a_plan_on_a_small_screen(phone_visitor, council):
    person = council.person()
    council.assess(person)
    v = phone_visitor
    v.sign_in("worker")
    v.go(f"/people/{person.pk}/plan/")
    v.click("Add support to the plan", role="link")
    v.click("Add to plan")
    assert "Enter what the item is" in v.text()
    _fits(v)


def test_a_manager_reads_every_dashboard_on_a_small_screen(phone_visitor, council):
    council.live_person()
    v = phone_visitor
    v.sign_in("manager")
    for page in ("take-up", "journey-times", "choice-offered", "money"):
        v.go(f"/insight/{page}/?start=2020-01-01")
        _fits(v)  # wide tables scroll inside their own region, never the page
        assert "Download every table" in v.text()
