"""The seven steps through the pages, as a worker, a team manager and a budget holder would click them."""

from selfdirect.audit.models import AuditEvent
from selfdirect.journey.models import CaseEvent


def test_a_person_is_taken_through_all_seven_steps_in_the_browser_pages(council, client):
    person = council.person(user=council.holder)
    client.force_login(council.worker)
    page = f"/people/{person.pk}/"
    assert "Start the assessment" in client.get(page).content.decode()

    # 2. Find out the budget
    assert client.post(f"{page}assessment/start/").status_code == 302
    assert client.post(f"{page}eligibility/", {"arises_from_impairment": "yes"}).status_code == 302
    outcomes = {"nutrition-meanings": ["without_assistance"], "nutrition-evidence": "Seen at home",
                "hygiene-meanings": ["endangers"], "hygiene-evidence": "Seen at home"}
    assert client.post(f"{page}eligibility/outcomes/", outcomes).status_code == 302
    assert client.post(f"{page}eligibility/wellbeing/", {"significant_impact_on_wellbeing": "yes", "wellbeing_areas": ["health"],
                                                         "wellbeing_impact": "Meals missed"}).status_code == 302
    assert client.post(f"{page}eligibility/check/").status_code == 302
    form = {"indicative_weekly_pence": "250.00", "indicative_reason": "Banded table"}
    assert client.post(f"{page}assessment/", form).status_code == 302
    # 3. Plan
    assert client.get(f"{page}plan/").status_code == 200
    assert client.post(f"{page}plan/outcomes/", {"in_own_words": "I want to go swimming"}).status_code == 302
    item = {"description": "Swimming pass", "supplier_kind": "shop", "unit": "month", "unit_cost_pence": "30",
            "quantity": "1", "period": "monthly"}
    assert client.post(f"{page}plan/items/add/", item).status_code == 302
    item = {"description": "Personal assistant", "supplier_kind": "personal_assistant", "unit": "hour",
            "unit_cost_pence": "15.00", "quantity": "7.5", "period": "weekly", "organisation": council.agency.pk}
    assert client.post(f"{page}plan/items/add/", item).status_code == 302
    body = client.get(f"{page}plan/").content.decode()
    assert "£119.42" in body  # 6.92 + 112.50
    assert "less than the indicative budget" in body
    # 4. Agree: submit, then a manager approves
    reason = {"difference_reason": "She swims with her sister, who pays her own way"}  # £119.42 against £250
    assert client.post(f"{page}plan/reason/", reason).status_code == 302
    assert client.post(f"{page}plan/submit/").status_code == 302
    assert client.get(f"{page}plan/decision/").status_code == 403
    client.force_login(council.manager)
    assert "Agree or return the plan" in client.get(page).content.decode()
    response = client.post(f"{page}plan/decision/", {"decision": "return", "comment": ""})
    assert "Say what needs to change" in response.content.decode()
    assert client.post(f"{page}plan/decision/", {"decision": "approve", "comment": "Good plan"}).status_code == 302
    # 5. Organise the money and the support
    client.force_login(council.worker)
    for option in ["council_managed", "individual_service_fund", "direct_payment", "mixed"]:
        choice = {"option": option, "offered": "yes", "how": "easy_read", "decision": "chosen" if option == "mixed" else "declined"}
        assert client.post(f"{page}money/choices/", choice).status_code == 302
    items = list(person.cases.get().plans.get().items.order_by("id"))
    deliveries = {f"item_{items[0].pk}": "council_managed", f"item_{items[1].pk}": "council_managed"}
    assert client.post(f"{page}money/deliveries/", deliveries).status_code == 302
    client.force_login(council.holder)  # the budget holder arranges their own support
    for item in items:
        arranged = {"arranged_with": "Sam Okafor", "starts_on_0": "1", "starts_on_1": "12", "starts_on_2": "2026"}
        assert client.post(f"{page}money/items/{item.pk}/", arranged).status_code == 302
    client.force_login(council.worker)
    assert client.post(f"{page}money/start/").status_code == 302
    # 6. Live life: the budget holder sees their budget, plan and next review
    client.force_login(council.holder)
    body = client.get(page).content.decode()
    assert "£119.42 a week" in body and "I want to go swimming" in body
    assert "Good plan" in body
    # 7. See how it worked, and start again
    client.force_login(council.worker)
    outcome_id = person.cases.get().plans.get().outcomes.get().pk
    review = {"held_on_0": "20", "held_on_1": "11", "held_on_2": "2026", "summary": "Swimming twice a week now",
              "decision": "reassess", f"outcome_{outcome_id}": "achieved", "depth": "full",
              "reason": "Unplanned - Other Reason", "method": "Service user only",
              "what_changed": "Assessing again: she wants to swim more, so the budget may change"}
    assert client.post(f"{page}review/", review).status_code == 302
    case = person.cases.get()
    assert case.state == "assessment"
    transitions = list(CaseEvent.objects.filter(case=case).values_list("transition", flat=True))
    assert transitions[-3:] == ["start_support", "start_review", "reassess"]
    assert AuditEvent.objects.filter(person=person, action="read", actor=council.holder).exists()


def test_every_bad_form_names_the_field_and_writes_nothing(council, client):
    person = council.person()
    council.assess(person)
    client.force_login(council.worker)
    bad = {"description": "", "supplier_kind": "shop", "unit": "hour", "unit_cost_pence": "-1", "quantity": "0",
           "period": "weekly"}
    body = client.post(f"/people/{person.pk}/plan/items/add/", bad).content.decode()
    assert 'href="#id_description"' in body
    assert "Cost of one unit must not be negative" in body
    assert "How many units must be more than 0" in body
    assert not person.cases.get().plans.filter(items__isnull=False).exists()


def test_a_worker_moves_a_case_back_with_a_reason(council, client):
    person = council.person()
    council.assess(person)
    client.force_login(council.worker)
    assert "Enter why the case is moving back" in client.post(f"/people/{person.pk}/step-back/", {"reason": ""}).content.decode()
    assert client.post(f"/people/{person.pk}/step-back/", {"reason": "Wrong outcomes"}).status_code == 302
    assert person.cases.get().state == "assessment"
