"""Issue 20, done means: a family member finds a day opportunity within the budget and adds it to the plan. Families
suggest and the worker decides (planning.actions.propose): the suggestion waits until the worker accepts it, and the
plan then names the provider. The worker chooses a provider for another item, its price shown against what the plan
allows. Every page is checked with axe."""


from django.utils import timezone

from tests.market import directory


def test_a_family_member_finds_a_day_opportunity_within_the_budget_and_the_worker_adds_it(visitor, council):

    directory.build(council, timezone.localdate())
    person = council.person(user=council.holder)
    council.assess(person)  # an indicative £300.00 a week
    council.plan(person)  # 10 hours a week of personal care at £20.00: £200.00 a week
    council.family_acts_for(person)
    plan_page = f"/people/{person.pk}/plan/"
    v = visitor

    # The family member finds a day opportunity the budget has room for, and suggests it.
    v.sign_in("family")
    v.go(plan_page)
    v.click("Suggest some support", role="link")
    v.click("Find a day opportunity or other support in the directory", role="link")
    assert "The plan has £100.00 a week left of the indicative budget." in v.text()
    v.select("What kind of support", "day_opportunity")
    v.click("Show services")
    text = v.text()
    assert "Art and craft days" in text and "Home care visits" not in text
    assert "£35.00 a session, once a week: £35.00 a week, within the £100.00 a week the plan has left" in text
    v.click("Suggest this for the plan – Art and craft days", role="link")
    v.choose("£35.00 a session")
    v.fill("How many", "1")
    v.choose("Each week")
    v.click("Send suggestion")
    text = v.text()
    assert "Your suggestion has been sent to your worker" in text
    assert "Support: Art and craft days from Riverside Day Opportunities (1 session a week at £35.00: £35.00 a week)" in text and "Waiting for the worker" in text
    v.sign_out()

    # The worker accepts it: the plan names the provider.
    v.sign_in("worker")
    v.go(plan_page)
    v.click("Respond to: Support: Art and craft days", role="link")
    v.choose("Accept it into the plan")
    v.fill("Your reply (the person will see it)", "Added from the directory")
    v.click("Send response")
    text = v.text()
    assert "Response recorded" in text and "Riverside Day Opportunities" in text and "£235.00" in text

    # The worker chooses a provider for the personal care, its price against what the plan allows.
    v.click("Choose a provider from the directory for Help with personal care", role="link")
    text = v.text()
    assert "£24.50 an hour; your plan allows £20.00: £4.50 over, £45.00 a week" in text
    v.page.get_by_label("Use this provider's price (£24.50) for Home care visits").check()
    v.click("Choose this provider – Home care visits")
    text = v.text()
    assert "Exe Valley Home Care chosen for Help with personal care" in text
    assert "£280.00" in text  # £245.00 of personal care and £35.00 of art a week
    assert len(v.checked) >= 8
