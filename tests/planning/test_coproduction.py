"""Co-production, delivery options, the choice record, direct payment set-up, arranging support, agreement
thresholds, versions, the rules explainer and the examples library: each rule, with its refusals."""

import datetime
from decimal import Decimal

import pytest

from selfdirect.audit.models import AuditEvent
from selfdirect.journey.actions import JourneyError
from selfdirect.planning import actions, queries, rules_explainer
from selfdirect.planning.diff import plan_diff, snapshot
from selfdirect.planning.models import ChoiceRecord, PlanExample, PlanProposal
from tests.pdfs import read_tagged_pdf

ALL_OPTIONS = ["council_managed", "individual_service_fund", "direct_payment", "mixed"]


def _approved(council, user="holder", **person):
    p = council.person(user=council.holder if user == "holder" else user, **person)
    council.assess(p)
    council.plan(p)
    council.submit(p)
    council.approve(p)
    return p


# Co-production


def test_a_budget_holders_suggestion_waits_for_the_worker_and_is_not_applied_until_accepted(council):
    person = council.person(user=council.holder)
    council.assess(person)
    case = council.case(person)
    made = actions.propose(case, actor=council.holder, kind="item",
                           details={"description": "Allotment society membership", "supplier_kind": "community_group",
                                    "unit": "year", "unit_cost_pence": 2600, "quantity": "1", "period": "annual"})
    plan = queries.draft_plan_for(case)
    assert made.status == PlanProposal.Status.WAITING and not plan.items.exists()
    actions.respond_to_proposal(case, made.pk, actor=council.worker, accept=True, response="Good idea")
    item = plan.items.get()
    assert item.description == "Allotment society membership" and item.weekly_cost_pence == 50  # 2600 / 52
    assert item.added_by == council.holder  # the change is attributed to the person who suggested it
    with pytest.raises(actions.PlanError, match="not waiting"):
        actions.respond_to_proposal(case, made.pk, actor=council.worker, accept=False, response="Changed my mind")


def test_declining_a_suggestion_needs_a_reason_the_person_will_see(council):
    person = council.person(user=council.holder)
    council.assess(person)
    case = council.case(person)
    made = actions.propose(case, actor=council.holder, kind="outcome", details={"in_own_words": "Go to the coast"})
    with pytest.raises(actions.PlanError, match="Say why"):
        actions.respond_to_proposal(case, made.pk, actor=council.worker, accept=False)
    actions.respond_to_proposal(case, made.pk, actor=council.worker, accept=False, response="Already in outcome 1")
    made.refresh_from_db()
    assert made.status == PlanProposal.Status.DECLINED and not queries.draft_plan_for(case).outcomes.exists()


def test_suggestions_with_bad_figures_or_outside_planning_are_refused(council):
    person = council.person(user=council.holder)
    council.assess(person)
    case = council.case(person)
    with pytest.raises(actions.PlanError, match="Quantity must be more than 0"):
        actions.propose(case, actor=council.holder, kind="item",
                        details={"description": "Taxi", "unit": "trip", "unit_cost_pence": 900, "quantity": "0", "period": "weekly"})
    approved = _approved(council, user=None, nhs_number="9434765870")
    with pytest.raises(actions.PlanError, match="while the plan is being written"):
        actions.propose(council.case(approved), actor=council.holder, kind="outcome", details={"in_own_words": "x"})


def test_the_worker_cannot_submit_while_a_suggestion_waits(council, client):
    person = council.person(user=council.holder)
    council.assess(person)
    council.plan(person)
    actions.propose(council.case(person), actor=council.holder, kind="risk",
                    details={"risk": "Falls in the shower", "how_managed": "Grab rail and a shower seat"})
    client.force_login(council.worker)
    response = client.post(f"/people/{person.pk}/plan/submit/", follow=True)
    assert "Respond to the person&#39;s suggestions" in response.content.decode()
    assert council.case(person).state == "planning"


def test_a_budget_holder_adding_support_in_the_pages_makes_a_suggestion_not_an_item(council, client):
    person = council.person(user=council.holder)
    council.assess(person)
    client.force_login(council.holder)
    item = {"description": "Drumming class", "supplier_kind": "community_group", "unit": "session", "unit_cost_pence": "8",
            "quantity": "1", "period": "weekly"}
    assert client.post(f"/people/{person.pk}/plan/items/add/", item).status_code == 302
    case = council.case(person)
    assert queries.waiting_proposals(case).count() == 1 and not queries.draft_plan_for(case).items.exists()
    client.force_login(council.worker)
    body = client.get(f"/people/{person.pk}/plan/").content.decode()
    assert "Drumming class" in body and "Holder" in body


def test_risks_unpaid_support_contingency_and_emergency_plans_are_kept_in_new_versions(council):
    person = _approved(council)
    case = council.case(person)
    plan = queries.approved_plan_for(case)
    assert plan.status == "approved"
    from selfdirect.journey import actions as journey

    council.go_live(person)
    journey.move(case, "start_review", actor=council.worker)
    journey.move(case, "reassess", actor=council.worker)
    council.assess(person)
    case = council.case(person)
    actions.add_risk(case, actor=council.worker, risk="Going out alone", how_managed="Phone with a contact list")
    actions.set_plan_details(case, actor=council.worker, unpaid_support="Daughter shops on Saturdays",
                             contingency_plan="Agency's on-call line", emergency_plan="Call daughter, then 111")
    with pytest.raises(actions.PlanError, match="Describe the risk"):
        actions.add_risk(case, actor=council.worker, risk="Going out", how_managed=" ")
    draft = queries.draft_plan_for(case)
    assert draft.version == 2 and draft.risks.count() == 1 and draft.emergency_plan == "Call daughter, then 111"


# Agreement: thresholds, versions and diffs


def test_plans_over_the_managers_limit_go_to_the_funding_panel(council, settings):
    settings.PLAN_MANAGER_LIMIT_PENCE = 10_000
    person = council.person()
    council.assess(person)
    council.plan(person)  # 10 hours at £20 = £200 a week
    council.submit(person)
    with pytest.raises(JourneyError, match="funding panel"):
        council.approve(person)
    assert council.case(person).state == "agreement"
    actions.approve_plan(council.case(person), actor=council.admin, comment="Panel agreed")
    assert council.case(person).state == "organising"


def test_an_approved_plan_is_frozen_and_a_new_version_shows_what_changed(council):
    person = _approved(council)
    case = council.case(person)
    council.go_live(person)
    from selfdirect.journey import actions as journey

    journey.move(case, "start_review", actor=council.worker)
    journey.move(case, "reassess", actor=council.worker)
    council.assess(person)
    case = council.case(person)
    actions.add_item(case, actor=council.worker, description="Gym pass", supplier_kind="shop", unit="month",
                     unit_cost_pence=2600, quantity=Decimal("1"), period="monthly")
    draft = queries.draft_plan_for(case)
    changes = queries.diff_from_approved(draft)
    assert "Support added: Gym pass (£6.00 a week)" in changes and "Weekly cost from £200.00 to £206.00" in changes
    first = queries.approved_plan_for(case)
    assert first.version == 1 and first.items.count() == 1  # the approved version did not change


def test_the_diff_names_removed_and_changed_support():
    old = snapshot(["Stay at home"], [("Personal care", 20000), ("Taxi", 1000)])
    new = snapshot(["Stay at home", "See friends"], [("Personal care", 18000)])
    assert plan_diff(old, new) == [
        "Outcome added: “See friends”",
        "Support changed: Personal care from £200.00 to £180.00 a week",
        "Support removed: Taxi (£10.00 a week)",
        "Weekly cost from £210.00 to £180.00",
    ]


def test_the_person_sees_the_decision_and_reason_in_plain_english(council, client):
    person = council.person(user=council.holder)
    council.assess(person)
    council.plan(person)
    council.submit(person)
    actions.return_plan(council.case(person), actor=council.manager, comment="Please add what your son will do")
    client.force_login(council.holder)
    body = client.get(f"/people/{person.pk}/plan/").content.decode()
    assert "Please add what your son will do" in body


# Delivery options and the choice record


def test_an_option_not_offered_needs_a_reason_from_the_list_and_words(council):
    person = _approved(council)
    case = council.case(person)
    with pytest.raises(actions.PlanError, match="Select why"):
        actions.record_choice(case, actor=council.worker, option="direct_payment", offered=False)
    with pytest.raises(actions.PlanError, match="Explain why"):
        actions.record_choice(case, actor=council.worker, option="direct_payment", offered=False,
                              not_offered_reason="other", reason_text="  ")
    with pytest.raises(actions.PlanError, match="how the option was explained"):
        actions.record_choice(case, actor=council.worker, option="direct_payment", offered=True, decision="chosen")
    made = actions.record_choice(case, actor=council.worker, option="direct_payment", offered=False,
                                 not_offered_reason="person_asked_not", reason_text="Asked not to discuss money today")
    assert made.not_offered_reason == "person_asked_not"
    assert AuditEvent.objects.filter(person=person, what="Direct payment: not offered").exists()


def test_support_cannot_start_until_every_option_is_recorded_and_each_item_arranged(council):
    person = _approved(council)
    case = council.case(person)
    problems = queries.problems_before_starting(case)
    assert any("Record whether each option was offered" in p for p in problems)
    with pytest.raises(JourneyError):
        actions.start_support(case, actor=council.worker)
    council.organise(person, option="council_managed")
    assert queries.problems_before_starting(case) == []
    actions.start_support(case, actor=council.worker, starts_on=datetime.date(2026, 2, 1))
    assert council.case(person).state == "live"


def test_a_mixed_budget_is_split_item_by_item(council):
    person = council.person()
    council.assess(person)
    council.plan(person)
    case = council.case(person)
    actions.add_item(case, actor=council.worker, description="Personal assistant for the allotment",
                     supplier_kind="personal_assistant", unit="hour", unit_cost_pence=1500, quantity=Decimal("4"),
                     period="weekly")
    council.submit(person)
    council.approve(person)
    case = council.case(person)
    agency_item, pa_item = queries.approved_plan_for(case).items.order_by("id")
    with pytest.raises(actions.PlanError, match="Select how the money"):
        actions.organise_money(case, actor=council.worker, deliveries={agency_item.pk: "council_managed"})
    plan = actions.organise_money(case, actor=council.worker,
                                  deliveries={agency_item.pk: "council_managed", pa_item.pk: "direct_payment"})
    assert plan.delivery_option == "mixed"
    problems = queries.problems_before_starting(case)
    assert any("employer responsibilities" in p.lower() or "checklist" in p for p in problems)


def test_an_individual_service_fund_needs_a_provider_to_hold_it(council):
    person = council.person()
    council.assess(person)
    case = council.case(person)
    actions.add_outcome(case, actor=council.worker, in_own_words="Get out more")
    actions.add_item(case, actor=council.worker, description="Walking group", supplier_kind="community_group", unit="week",
                     unit_cost_pence=500, quantity=Decimal("1"), period="weekly")
    council.submit(person)
    council.approve(person)
    with pytest.raises(actions.PlanError, match="needs a provider"):
        actions.organise_money(council.case(person), actor=council.worker, delivery_option="individual_service_fund")


def test_the_direct_payment_checklist_names_each_missing_step(council):
    person = _approved(council)
    case = council.case(person)
    assert queries.direct_payment_setup_problems(None, employs_pa=False) == ["Complete the direct payment set-up checklist."]
    with pytest.raises(actions.PlanError, match="Sort code must be 6 digits"):
        actions.save_direct_payment_setup(case, actor=council.worker, recipient="person", sort_code="30-99")
    setup = actions.save_direct_payment_setup(case, actor=council.worker, recipient="authorised", sort_code="30 99 50",
                                              account_number="12345678", account_kind="bank", account_name="DP account")
    assert setup.sort_code == "309950"
    problems = queries.direct_payment_setup_problems(setup, employs_pa=True)
    assert "Record capacity and consent (or that an authorised person agreed)." in problems
    assert "Name the nominated or authorised person who will receive the direct payment." in problems
    assert any("employer responsibilities" in p for p in problems)
    assert not any("bank account" in p for p in problems)


def test_only_the_person_or_their_nominee_confirms_online_and_staff_record_a_signed_form(council):
    person = _approved(council)
    case = council.case(person)
    with pytest.raises(actions.PlanError, match="Only the person"):
        actions.confirm_choices(case, actor=council.worker, method="online")
    actions.confirm_choices(case, actor=council.worker, method="paper")
    actions.confirm_choices(case, actor=council.holder, method="online", comment="Thank you")
    assert case.choice_confirmations.count() == 2


def test_the_budget_holder_arranges_their_own_support_but_cannot_start_it(council, client):
    person = _approved(council)
    case = council.case(person)
    item = queries.approved_plan_for(case).items.get()
    client.force_login(council.holder)
    arranged = {"arranged_with": "Sam Okafor", "starts_on_0": "1", "starts_on_1": "3", "starts_on_2": "2026"}
    assert client.post(f"/people/{person.pk}/money/items/{item.pk}/", arranged).status_code == 302
    item.refresh_from_db()
    assert item.arranged_with == "Sam Okafor" and item.arranged_on == datetime.date(2026, 3, 1)
    assert client.post(f"/people/{person.pk}/money/start/").status_code == 403
    with pytest.raises(actions.PlanError, match="Enter who"):
        actions.arrange_item(case, item.pk, actor=council.holder, arranged_with=" ", starts_on=datetime.date(2026, 3, 1))


def test_managers_see_who_was_offered_what_per_worker_and_team(council, client):
    for nhs, team, not_offered in [("9434765919", None, False), ("9434765870", "south", True)]:
        person = council.person(nhs_number=nhs, team=council.south if team else None)
        worker = council.south_worker if team else council.worker
        council.assess(person, actor=worker)
        council.plan(person, actor=worker)
        council.submit(person, actor=worker)
        actions.approve_plan(council.case(person), actor=council.south_manager if team else council.manager)
        for option in ALL_OPTIONS:
            if option == "direct_payment" and not_offered:
                actions.record_choice(council.case(person), actor=worker, option=option, offered=False,
                                      not_offered_reason="other", reason_text="Thought it too complicated for him")
            else:
                actions.record_choice(council.case(person), actor=worker, option=option, offered=True, how="leaflet",
                                      decision="declined")
    rows, reasons = queries.choice_report()
    north = next(r for r in rows if r["team"] == "North locality team")
    assert north["direct_payment"] == {"offered": 1, "not_offered": 0} and north["cases"] == 1
    south = next(r for r in rows if r["team"] == "South locality team")
    assert south["direct_payment"] == {"offered": 0, "not_offered": 1}
    assert [r.reason_text for r in reasons] == ["Thought it too complicated for him"]
    client.force_login(council.manager)
    body = client.get("/plans/choices/").content.decode()
    assert "North locality team" in body and "South locality team" not in body  # a team manager sees their team
    client.force_login(council.admin)
    assert "Thought it too complicated for him" in client.get("/plans/choices/").content.decode()
    client.force_login(council.worker)
    assert client.get("/plans/choices/").status_code == 403
    assert ChoiceRecord.objects.count() == 8


# Spending rules at the point of use


@pytest.mark.parametrize(("description", "relative", "verdict", "rule"), [
    ("Personal assistant to help with meals", True, "needs_agreement", "household_relative_pa"),
    ("Personal assistant to help with meals", False, "allowed", "default"),
    ("Bingo nights", False, "not_allowed", "gambling"),
    ("Wine with dinner", False, "not_allowed", "alcohol_tobacco"),
    ("Permanent care home placement", False, "not_allowed", "long_term_residential"),
    ("Perching stool", False, "needs_agreement", "equipment"),
    ("Drumming class at the community centre", False, "allowed", "default"),
])
def test_the_rules_explainer_answers_can_a_direct_payment_buy_this(description, relative, verdict, rule):
    answer = rules_explainer.explain(description, household_relative_pa=relative)
    assert (answer.verdict, answer.rule) == (verdict, rule)
    assert answer.reason and answer.guidance.startswith("https://")


def test_a_word_inside_another_word_does_not_trigger_a_rule():
    assert rules_explainer.explain("Alphabet lessons").rule == "default"  # not 'bet'


def test_a_councils_own_rules_are_data_and_a_broken_file_is_refused_with_its_line(tmp_path):
    data = rules_explainer.parse_rules("default: {verdict: allowed, reason: Fine}\nrules:\n- id: pets\n  keywords: [dog food]\n"
                                       "  verdict: not_allowed\n  reason: Pets are not a care need\n")
    assert rules_explainer.explain("Dog food", data=data).verdict == "not_allowed"
    with pytest.raises(rules_explainer.RulesError, match="rule 1 \\(pets\\) has verdict 'maybe'"):
        rules_explainer.parse_rules("default: {verdict: allowed, reason: x}\nrules:\n- {id: pets, keywords: [a], verdict: maybe, reason: x}\n")
    with pytest.raises(rules_explainer.RulesError, match="line 2"):
        rules_explainer.parse_rules("default: {verdict: allowed\nrules: [\n")


def test_the_rules_explainer_page_answers_with_the_reason_and_a_link(council, client):
    client.force_login(council.holder)
    body = client.get("/plans/can-it-be-bought/", {"item": "Scratchcards and betting"}).content.decode()
    assert "cannot be used for gambling" in body and "what-you-can-buy" in body


def test_a_household_relative_pa_needs_the_councils_recorded_agreement_before_submitting(council):
    person = council.person()
    council.assess(person, indicative_pence=6000)  # the plan's cost, so no reason for a difference is needed
    case = council.case(person)
    actions.add_outcome(case, actor=council.worker, in_own_words="Stay at home with my husband")
    actions.add_item(case, actor=council.worker, description="Husband as personal assistant", supplier_kind="personal_assistant",
                     unit="hour", unit_cost_pence=1200, quantity=Decimal("5"), period="weekly", pa_is_household_relative=True)
    assert any("council's agreement" in p for p in queries.problems_before_submitting(case))
    item = queries.draft_plan_for(case).items.get()
    item.relative_agreed_reason = "No agency will cover the rural area at night"
    item.save()
    assert queries.problems_before_submitting(case) == []


# Examples from other people's plans


def test_an_approved_plan_is_shared_only_with_consent_and_found_by_outcome_and_client_group(council, client):
    from django.utils import timezone

    from selfdirect.people import actions as people_actions

    person = _approved(council)
    plan = queries.approved_plan_for(council.case(person))
    with pytest.raises(actions.PlanError, match="has not consented to examples from their plan"):
        actions.share_example(plan, actor=council.worker, title="Swimming", outcome="Swim weekly", how_met="")
    consent = people_actions.record_consent(person, actor=council.worker, purpose="plan_examples",
                                            given_on=datetime.date(2026, 1, 5))
    actions.share_example(plan, actor=council.worker, title="Swimming instead of a day centre",
                          outcome="Get fitter and meet people", how_met="A PA goes swimming with them")
    example = PlanExample.objects.get()
    assert example.weekly_cost_pence == 20000 and "Elsie" not in str(example.items)
    assert list(queries.find_examples(text="fitter", client_group="older_people")) == [example]
    assert not queries.find_examples(text="fitter", client_group="learning_disability").exists()
    client.force_login(council.holder)
    body = client.get("/plans/examples/", {"q": "fitter"}).content.decode()
    assert "Swimming instead of a day centre" in body and "Evans" not in body

    # Consent withdrawn today: the example leaves the library today (people.queries.consents).
    people_actions.withdraw_consent(consent, actor=council.worker, withdrawn_on=timezone.localdate())
    assert not queries.find_examples(text="fitter").exists()
    assert "Swimming instead of a day centre" not in client.get("/plans/examples/", {"q": "fitter"}).content.decode()


# Print, PDF, easy read and signature


def test_the_person_reads_their_approved_plan_in_print_easy_read_and_a_tagged_pdf(council, client):
    person = _approved(council)
    client.force_login(council.holder)
    printable = client.get(f"/people/{person.pk}/plan/print/").content.decode()
    assert "I want to stay at home" in printable
    easy = client.get(f"/people/{person.pk}/plan/print/", {"easy": "1"}).content.decode()
    assert "I want to stay at home" in easy
    pdf = client.get(f"/people/{person.pk}/plan.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    read_tagged_pdf(pdf.content)
    client.force_login(council.other_holder)
    assert client.get(f"/people/{person.pk}/plan.pdf").status_code in {403, 404}


def test_the_person_signs_their_plan(council, client):
    person = _approved(council)
    client.force_login(council.holder)
    response = client.post(f"/people/{person.pk}/plan/sign/", {"signed_name": "", "how": "online"})
    assert response.status_code == 400 and "Enter the name of the person signing" in response.content.decode()
    assert client.post(f"/people/{person.pk}/plan/sign/", {"signed_name": "Elsie Evans", "how": "online"}).status_code == 302
    plan = queries.approved_plan_for(council.case(person))
    assert plan.signed_name == "Elsie Evans" and plan.signed_how == "online"


# The API keeps the same rules


def test_the_api_records_suggestions_choices_and_arranging_with_the_pages_rules(council):
    from rest_framework.test import APIClient

    person = council.person(user=council.holder)
    council.assess(person)
    holder, worker = APIClient(), APIClient()
    holder.force_authenticate(council.holder)
    worker.force_authenticate(council.worker)
    base = f"/api/v1/people/{person.pk}"
    made = holder.post(f"{base}/plan/proposals/", {"kind": "outcome", "details": {"in_own_words": "Sing in a choir"}}, format="json")
    assert made.status_code == 201 and made.json()["status"] == "waiting"
    assert worker.post(f"{base}/plan/proposals/", {"kind": "outcome", "details": {"in_own_words": "x"}}, format="json").status_code == 403
    refused = worker.post(f"{base}/plan/proposals/{made.json()['id']}/response/", {"accept": False}, format="json")
    assert refused.status_code == 409 and "Say why" in refused.json()["detail"]
    accepted = worker.post(f"{base}/plan/proposals/{made.json()['id']}/response/", {"accept": True}, format="json")
    assert accepted.json()["status"] == "accepted"
    council.plan(person)
    council.submit(person)
    council.approve(person)
    bad = worker.post(f"{base}/money/choices/", {"option": "direct_payment", "offered": False}, format="json")
    assert bad.status_code == 400 and "why the option was not offered" in str(bad.json())
    for option in ALL_OPTIONS:
        assert worker.post(f"{base}/money/choices/", {"option": option, "offered": True, "how": "interpreter",
                                                       "decision": "declined"}, format="json").status_code == 201
    assert len(holder.get(f"{base}/money/choices/").json()) == 4
    assert holder.post(f"{base}/money/choices/", {"option": "mixed", "offered": True}, format="json").status_code == 403
    assert worker.post(f"{base}/money/", {"delivery_option": "council_managed"}, format="json").status_code == 200
    item = queries.approved_plan_for(council.case(person)).items.get()
    assert holder.post(f"{base}/money/items/{item.pk}/arrange/", {"arranged_with": "Exe Valley Home Care",
                                                                  "starts_on": "2026-02-01"}, format="json").status_code == 200
    started = worker.post(f"{base}/money/start/", {"starts_on": "2026-02-01"}, format="json")
    assert started.status_code == 200 and started.json()["state"] == "live"


def test_the_direct_payment_answer_on_a_form_with_a_mistake_is_shown_as_text_not_markup(council, client):
    person = council.person()
    council.assess(person)
    client.force_login(council.worker)
    item = {"description": "Gym <b>membership</b>", "supplier_kind": "community_group", "unit": "month",
            "unit_cost_pence": "abc", "quantity": "1", "period": "monthly"}
    body = client.post(f"/people/{person.pk}/plan/items/add/", item).content.decode()
    assert "<strong>Can a direct payment buy this?" in body and "&lt;strong&gt;" not in body
    assert 'href="https://' in body and "&lt;a class" not in body
