"""Issue 13 (part): a plan differing from the indicative budget by more than the council's share needs a recorded
reason the approving manager sees; the spending rules match in context; and a direct payment for an item the rules
say no to needs the worker's recorded reason, which managers see."""

from decimal import Decimal
from fractions import Fraction

import pytest
from rest_framework.test import APIClient

from selfdirect.audit.models import AuditEvent
from selfdirect.journey.actions import JourneyError
from selfdirect.planning import actions, queries, rules_explainer
from selfdirect.planning.costing import plan_cost

ALL_OPTIONS = ["council_managed", "individual_service_fund", "direct_payment", "mixed"]


# The rule, Django-free


@pytest.mark.parametrize(("total", "indicative", "share", "needed"), [
    (11000, 10000, 10, False),  # exactly the share: no reason
    (11001, 10000, 10, True),  # a penny over, above
    (9000, 10000, 10, False),
    (8999, 10000, 10, True),  # a penny over, below
    (10000, 10000, 10, False),
    (10750, 10000, Decimal("7.5"), False),
    (10751, 10000, Decimal("7.5"), True),
    (5000, None, 10, False),  # no indicative budget: nothing to compare with
    (0, 0, 10, False),
    (100, 0, 10, True),  # an indicative budget of nothing: any cost needs a reason
    (19999, 10000, 100, False),
    (20001, 10000, 100, True),
    (10001, 10000, 0, True),  # a share of 0: every difference needs a reason
])
def test_a_difference_over_the_councils_share_either_way_needs_a_reason(total, indicative, share, needed):
    assert plan_cost([total], indicative).needs_reason(share) is needed


def test_the_difference_is_given_in_pence_and_as_a_share_and_the_prompt_names_both_figures():
    cost = plan_cost([20000, 3435], 50000)
    assert cost.difference_pence == -26565
    assert cost.difference_share == Fraction(26565, 50000)
    assert cost.share_text() == "53% less"
    assert cost.reason_prompt() == "Say why the plan costs £265.65 a week less than the indicative budget of £500.00"
    assert plan_cost([12000], 10000).reason_prompt() == ("Say why the plan costs £20.00 a week more than the indicative "
                                                         "budget of £100.00")
    assert plan_cost([100], 0).difference_share is None and plan_cost([100], 0).share_text() == ""


# Submitting, and what the manager sees


def _person_under_by_26565(council, **person):
    """The issue's plan: £265.65 a week under an indicative £500."""
    p = council.person(**person)
    council.assess(p, indicative_pence=50000)
    council.plan(p, unit_cost_pence=23435, quantity="1")
    return p


def test_a_plan_far_under_the_indicative_budget_is_not_submitted_without_a_reason(council):
    person = _person_under_by_26565(council)
    case = council.case(person)
    with pytest.raises(JourneyError, match="Say why the plan costs £265.65 a week less than the indicative budget of £500.00"):
        actions.submit_plan(case, actor=council.worker)
    assert council.case(person).state == "planning" and queries.draft_plan_for(case).status == "draft"
    actions.set_difference_reason(case, actor=council.worker, reason="Her son now helps every evening, unpaid")
    actions.submit_plan(council.case(person), actor=council.worker)
    assert council.case(person).state == "agreement"
    event = AuditEvent.objects.filter(what__startswith="Gave the reason plan version 1").get()
    assert event.why == "Her son now helps every evening, unpaid" and event.actor == council.worker


def test_a_difference_within_the_share_needs_no_reason_and_the_share_is_the_councils(council, settings):
    person = council.person()
    council.assess(person, indicative_pence=21000)  # £200 against £210: under 5%
    council.plan(person)
    assert queries.problems_before_submitting(council.case(person)) == []
    settings.PLAN_DIFFERENCE_SHARE_PERCENT = Decimal("4")
    assert queries.problems_before_submitting(council.case(person)) == [
        "Say why the plan costs £10.00 a week less than the indicative budget of £210.00."]


@pytest.mark.parametrize(("reason", "message"), [
    ("", "Enter why the plan costs more or less than the indicative budget"),
    ("   ", "Enter why the plan costs more or less than the indicative budget"),
    ("x" * 2001, "Reason must be 2000 characters or less"),
])
def test_a_blank_or_long_reason_is_refused_and_nothing_is_written(council, reason, message):
    person = _person_under_by_26565(council)
    case = council.case(person)
    with pytest.raises(actions.PlanError, match=message) as refused:
        actions.set_difference_reason(case, actor=council.worker, reason=reason)
    assert refused.value.field == "difference_reason"
    assert queries.draft_plan_for(case).difference_reason == ""
    assert not AuditEvent.objects.filter(what__startswith="Gave the reason").exists()


def test_the_reason_is_frozen_with_the_approved_version_and_shown_to_the_approving_manager(council, client):
    person = _person_under_by_26565(council)
    case = council.case(person)
    actions.set_difference_reason(case, actor=council.worker, reason="Her son now helps every evening, unpaid")
    council.submit(person)
    client.force_login(council.manager)
    body = client.get(f"/people/{person.pk}/plan/decision/").content.decode()
    assert "Difference from the indicative budget" in body and "53% less than the indicative budget of £500.00" in body
    assert "The worker's reason:</strong> Her son now helps every evening, unpaid" in body
    assert body.count("Her son now helps every evening") == 1  # said once, at the top, not again in the plan body
    council.approve(person)
    with pytest.raises(actions.PlanError, match="planning step"):
        actions.set_difference_reason(council.case(person), actor=council.worker, reason="Changed")
    approved = queries.approved_plan_for(council.case(person))
    assert approved.difference_reason == "Her son now helps every evening, unpaid"
    assert "Her son now helps every evening" in client.get(f"/people/{person.pk}/plan/").content.decode()


def test_the_plan_page_says_a_reason_is_needed_before_submitting_and_links_to_where_to_give_it(council, client):
    person = _person_under_by_26565(council)
    client.force_login(council.worker)
    body = client.get(f"/people/{person.pk}/plan/").content.decode()
    assert "more than 10% more or less than the indicative budget" in body
    assert ('<a class="govuk-link" href="#id_difference_reason">Say why the plan costs £265.65 a week less than the '
            'indicative budget of £500.00.</a>') in body
    assert 'id="id_difference_reason"' in body  # the link's target is the reason box
    assert "Submit the plan for agreement" not in body
    refused = client.post(f"/people/{person.pk}/plan/reason/", {"difference_reason": ""})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert 'href="#id_difference_reason"' in text and "Enter why the plan costs more or less than the indicative budget" in text
    assert client.post(f"/people/{person.pk}/plan/reason/", {"difference_reason": "Family help"}).status_code == 302
    body = client.get(f"/people/{person.pk}/plan/").content.decode()
    assert "Submit the plan for agreement" in body and "Reason recorded" in body


def test_the_api_returns_the_difference_and_records_the_reason(council):
    person = _person_under_by_26565(council)
    worker = APIClient()
    worker.force_authenticate(council.worker)
    base = f"/api/v1/people/{person.pk}"
    plan = worker.get(f"{base}/plan/").json()
    assert (plan["indicative_weekly_pence"], plan["difference_pence"], plan["difference_reason_needed"]) == (50000, -26565, True)
    refused = worker.post(f"{base}/plan/submit/", format="json")
    assert refused.status_code == 409 and "£265.65 a week less" in refused.json()["detail"]
    blank = worker.patch(f"{base}/plan/", {"difference_reason": ""}, format="json")
    assert blank.status_code == 400 and "difference_reason" in blank.json()["errors"]
    long = worker.patch(f"{base}/plan/", {"difference_reason": "x" * 2001}, format="json")
    assert long.status_code == 400 and "2000 characters or less" in long.json()["errors"]["difference_reason"][0]
    saved = worker.patch(f"{base}/plan/", {"difference_reason": "Family help"}, format="json")
    assert saved.status_code == 200 and saved.json()["difference_reason"] == "Family help"
    assert worker.post(f"{base}/plan/submit/", format="json").status_code == 200
    south = APIClient()
    south.force_authenticate(council.south_worker)
    assert south.patch(f"{base}/plan/", {"difference_reason": "x"}, format="json").status_code == 404


# What a direct payment can buy, in context


@pytest.mark.parametrize(("description", "verdict", "rule"), [
    ("Allotment society membership and plot rent", "allowed", "community_activities"),
    ("Rent for my flat", "not_allowed", "nhs_or_council_duty"),
    ("RENT   for my flat", "not_allowed", "nhs_or_council_duty"),
    ("Parental support group", "allowed", "default"),
    ("Plot rent, and the rent for my flat", "not_allowed", "nhs_or_council_duty"),  # the other 'rent' still counts
    ("Gym membership and beer", "not_allowed", "alcohol_tobacco"),  # a Yes for one part does not hide a No
    ("Help to take medication", "allowed", "default"),
    ("Medication", "not_allowed", "nhs_or_council_duty"),
    ("Hall rent for the drama group", "allowed", "default"),
    ("Car rental for a day trip", "allowed", "default"),
    ("Council tax", "not_allowed", "nhs_or_council_duty"),
    ("Alphabet lessons", "allowed", "default"),
    ("Betting shop", "not_allowed", "gambling"),
    ("Tablet for video calls", "needs_agreement", "equipment"),
    ("Short break at a care home", "allowed", "default"),
])
def test_rules_match_whole_words_in_context(description, verdict, rule):
    answer = rules_explainer.explain(description)
    assert (answer.verdict, answer.rule) == (verdict, rule)


def test_the_answer_says_which_words_decided_it():
    assert rules_explainer.explain("Rent for my flat").matched == "rent"
    assert rules_explainer.explain("Allotment society membership and plot rent").matched in {"plot rent", "society membership",
                                                                                              "allotment society"}


def test_a_longer_phrase_wins_whatever_the_order_and_unless_stops_a_keyword_in_its_phrase():
    data = rules_explainer.parse_rules(
        "default: {verdict: allowed, reason: Fine}\nrules:\n"
        "- {id: housing, keywords: [rent], unless: [stall rent], verdict: not_allowed, reason: No housing}\n"
        "- {id: allotments, keywords: [plot rent], verdict: allowed, reason: Allotments are fine}\n")
    assert rules_explainer.explain("Plot rent", data=data).rule == "allotments"
    assert rules_explainer.explain("Market stall rent", data=data).rule == "default"
    assert rules_explainer.explain("Stall rent and rent", data=data).rule == "housing"


@pytest.mark.parametrize(("text", "message"), [
    ("rules:\n- {id: a, keywords: [x], verdict: allowed, reason: r}\n", "needs 'default' and 'rules'"),
    ("default: {verdict: allowed, reason: r}\nrules:\n- {id: pets, keywords: [dog], unles: [hot dog], verdict: allowed, reason: r}\n",
     r"rule 1 \(pets\) has unknown key 'unles'"),
    ("default: {verdict: allowed, reason: r}\nrules:\n- {id: pets, keywords: [dog], unless: [cat food], verdict: allowed, reason: r}\n",
     r"rule 1 \(pets\), 'unless': 'cat food' contains none of the rule's keywords"),
    ("default: {verdict: allowed, reason: r}\nrules:\n- {id: pets, keywords: dog, verdict: allowed, reason: r}\n",
     r"rule 1 \(pets\), 'keywords' must be a list"),
    ("default: {verdict: allowed, reason: r}\nrules:\n- {id: pets, keywords: [dog, ''], verdict: allowed, reason: r}\n",
     r"rule 1 \(pets\), 'keywords' has ''"),
    ("default: {verdict: allowed, reason: r}\nrules:\n- {id: pets, when: raining, verdict: allowed, reason: r}\n",
     r"rule 1 \(pets\), 'when': 'raining' is not a condition"),
    ("default: {verdict: allowed, reason: r}\nrules:\n- {id: pets, keywords: [dog], verdict: allowed, reason: r}\n"
     "- {id: pets, keywords: [cat], verdict: allowed, reason: r}\n", r"rule 2 \(pets\): 'id' 'pets' is used twice"),
    ("default: {verdict: allowed, reason: r}\nrules:\n- {keywords: [dog], verdict: allowed, reason: r}\n",
     r"rule 1 \(None\) needs an 'id'"),
    ("default: {verdict: perhaps, reason: r}\nrules: []\n", "'default' needs a verdict"),
    ("default: {verdict: allowed, reason: r}\nrules: []\nextra: 1\n", "unknown key 'extra'"),
])
def test_a_malformed_rules_file_is_refused_naming_the_rule_and_key(text, message):
    with pytest.raises(rules_explainer.RulesError, match=message):
        rules_explainer.parse_rules(text, path="council.yaml")


def test_the_shipped_rules_parse():
    data = rules_explainer.parse_rules(rules_explainer.SHIPPED_RULES.read_text(encoding="utf-8"))
    assert {r["id"] for r in data["rules"]} >= {"nhs_or_council_duty", "community_activities"}


# A direct payment for something the rules say no to


def _approved_with_rent(council, **person):
    p = council.person(**person)
    council.assess(p, indicative_pence=30000)
    council.plan(p, quantity="12")  # £240
    case = council.case(p)
    actions.add_item(case, actor=council.worker, description="Rent for my flat", supplier_kind="other", unit="week",
                     unit_cost_pence=6000, quantity="1", period="weekly")
    council.submit(p)
    council.approve(p)
    case = council.case(p)
    agency, rent = queries.approved_plan_for(case).items.order_by("id")
    return p, case, agency, rent


def test_a_direct_payment_for_an_item_the_rules_say_no_to_needs_the_workers_reason(council):
    person, case, agency, rent = _approved_with_rent(council)
    with pytest.raises(actions.PlanError, match="Say why a direct payment will pay for 'Rent for my flat'") as refused:
        actions.organise_money(case, actor=council.worker, delivery_option="direct_payment")
    assert (refused.value.field, refused.value.item_id) == ("reasons", rent.pk)
    agency.refresh_from_db()
    assert agency.delivery == "" and queries.approved_plan_for(case).delivery_option == ""  # nothing half-written
    with pytest.raises(actions.PlanError, match="2000 characters or less"):
        actions.organise_money(case, actor=council.worker, delivery_option="direct_payment", reasons={rent.pk: "x" * 2001})
    with pytest.raises(actions.PlanError, match="not in the approved plan"):
        actions.organise_money(case, actor=council.worker, delivery_option="direct_payment", reasons={999999: "x"})
    # council-managed needs no reason
    actions.organise_money(case, actor=council.worker, deliveries={agency.pk: "direct_payment", rent.pk: "council_managed"})
    reason = "Temporary: the housing benefit claim is being decided and the tenancy is at risk"
    plan = actions.organise_money(case, actor=council.worker, delivery_option="direct_payment", reasons={rent.pk: reason})
    rent.refresh_from_db()
    assert plan.delivery_option == "direct_payment"
    assert (rent.direct_payment_reason, rent.direct_payment_reason_by) == (reason, council.worker)
    assert rent.direct_payment_reason_at is not None
    event = AuditEvent.objects.get(what="Chose a direct payment for 'Rent for my flat', which the spending rules say no to")
    assert event.why == reason and event.person == person
    # choosing again keeps the recorded reason; moving the item off a direct payment clears it
    actions.organise_money(case, actor=council.worker, delivery_option="direct_payment")
    rent.refresh_from_db()
    assert rent.direct_payment_reason == reason
    actions.organise_money(case, actor=council.worker, delivery_option="council_managed")
    rent.refresh_from_db()
    assert rent.direct_payment_reason == "" and rent.direct_payment_reason_by is None


def test_managers_see_the_reason_on_the_plan_and_in_their_teams_list_and_commissioners_only_a_count(council, client):
    person, case, agency, rent = _approved_with_rent(council)
    actions.organise_money(case, actor=council.worker, delivery_option="direct_payment",
                           reasons={rent.pk: "Tenancy at risk while housing benefit is decided"})
    client.force_login(council.manager)
    plan_page = client.get(f"/people/{person.pk}/plan/").content.decode()
    assert "Direct payment although the council's rules say no." in plan_page
    assert "Tenancy at risk while housing benefit is decided" in plan_page
    listed = client.get("/plans/choices/").content.decode()
    assert "Direct payments for things the council's rules say no to" in listed
    assert "Tenancy at risk while housing benefit is decided" in listed and f"/people/{person.pk}/plan/" in listed
    from selfdirect.audit.models import AuditEvent

    assert AuditEvent.objects.filter(actor=council.manager, person=person, action="read",
                                     what__startswith="Saw a direct payment the rules say no to").exists()
    from selfdirect.accounts.models import User

    teamless = User.objects.create_user(username="manager.none", password="a-long-test-password", role="team_manager")
    client.force_login(teamless)
    assert "Tenancy at risk" not in client.get("/plans/choices/").content.decode()
    client.force_login(council.south_manager)
    assert "Tenancy at risk" not in client.get("/plans/choices/").content.decode()
    client.force_login(council.commissioner)
    body = client.get("/plans/choices/").content.decode()
    assert "Tenancy at risk" not in body and "Elsie" not in body and "fewer than 5 in all" in body  # 1, hidden


def test_the_deliveries_page_asks_for_the_reason_beside_the_item(council, client):
    person, case, agency, rent = _approved_with_rent(council)
    client.force_login(council.worker)
    page = f"/people/{person.pk}/money/deliveries/"
    body = client.get(page).content.decode()
    assert f'name="reason_{rent.pk}"' in body and f'name="reason_{agency.pk}"' not in body
    assert "The council&#39;s rules say a direct payment cannot buy this" in body
    choose = {f"item_{agency.pk}": "direct_payment", f"item_{rent.pk}": "direct_payment"}
    refused = client.post(page, choose)
    assert refused.status_code == 400
    text = refused.content.decode()
    assert f'href="#id_reason_{rent.pk}"' in text
    assert "Say why a direct payment will pay for Rent for my flat" in text
    rent.refresh_from_db()
    assert rent.delivery == ""
    assert client.post(page, {**choose, f"reason_{rent.pk}": "Tenancy at risk"}).status_code == 302
    rent.refresh_from_db()
    assert rent.delivery == "direct_payment" and rent.direct_payment_reason == "Tenancy at risk"
    assert "Tenancy at risk" in client.get(f"/people/{person.pk}/money/").content.decode()


def test_the_api_takes_the_reason_per_item_and_returns_it(council):
    person, case, agency, rent = _approved_with_rent(council)
    worker = APIClient()
    worker.force_authenticate(council.worker)
    base = f"/api/v1/people/{person.pk}"
    refused = worker.post(f"{base}/money/", {"delivery_option": "direct_payment"}, format="json")
    assert refused.status_code == 400 and f"reasons.{rent.pk}" in refused.json()["errors"]
    made = worker.post(f"{base}/money/", {"delivery_option": "direct_payment", "reasons": {str(rent.pk): "Tenancy at risk"}},
                       format="json")
    assert made.status_code == 200
    items = {i["id"]: i for i in made.json()["items"]}
    assert items[rent.pk]["direct_payment_verdict"] == "not_allowed"
    assert items[rent.pk]["direct_payment_reason"] == "Tenancy at risk" and items[rent.pk]["delivery"] == "direct_payment"
    assert items[agency.pk]["direct_payment_verdict"] == "allowed" and items[agency.pk]["direct_payment_reason"] == ""
