"""One route through step 2 in the pages: start -> eligibility outcome by outcome -> self-assessment -> indicative
budget -> the assessment with the figure and explanation filled in -> planning; or, if not eligible, the written
decision with information and advice."""

import pytest

from selfdirect.allocation.models import IndicativeBudget
from selfdirect.assessment.models import Assessment
from tests.allocation.test_command_line import ANSWERS


def outcomes_post(**by_code):
    """The outcomes page's POST: each given outcome as (meanings, evidence[, period])."""
    data = {}
    for code, value in by_code.items():
        meanings, evidence, *period = value
        data[f"{code}-meanings"] = meanings
        data[f"{code}-evidence"] = evidence
        if period:
            data[f"{code}-fluctuates"] = "on"
            data[f"{code}-fluctuation_period"] = period[0]
    return data


def decide_eligibility(client, person, outcomes, *, significant="yes", areas=("health", "dignity"), advice=None):
    page = f"/people/{person.pk}/"
    assert client.post(f"{page}assessment/start/")["Location"] == f"{page}eligibility/"
    assert client.post(f"{page}eligibility/", {"arises_from_impairment": "yes"})["Location"] == f"{page}eligibility/outcomes/"
    assert client.post(f"{page}eligibility/outcomes/", outcomes)["Location"] == f"{page}eligibility/wellbeing/"
    response = client.post(f"{page}eligibility/wellbeing/", {"significant_impact_on_wellbeing": significant,
                                                             "wellbeing_areas": list(areas),
                                                             "wellbeing_impact": "Meals are missed; stopped going out"})
    assert response["Location"] == f"{page}eligibility/check/"
    return client.post(f"{page}eligibility/check/", {"advice": advice} if advice else {})


def answer_self_assessment(client, person):
    from selfdirect.assessment import questionnaire

    client.post(f"/people/{person.pk}/self-assessment/", {"questionnaire": "adult-v1", "easy_read": "no"})
    for domain in questionnaire.get("adult").domains:
        client.post(f"/people/{person.pk}/self-assessment/{domain.id}/", {q.id: ANSWERS[q.id] for q in domain.questions})
    return client.post(f"/people/{person.pk}/self-assessment/check/")


TWO = outcomes_post(nutrition=(["without_assistance"], "Cannot stand to cook"),
                    toilet=(["pain_distress_anxiety", "takes_longer"], "Severe pain at night", "the last 3 months"))


def test_start_leads_through_eligibility_the_self_assessment_and_the_budget_to_planning(council, client):
    person = council.person(user=council.holder)
    client.force_login(council.worker)
    page = f"/people/{person.pk}/"
    assert "Start the assessment" in client.get(page).content.decode()
    response = decide_eligibility(client, person, TWO)
    assert response["Location"] == f"{page}self-assessment/"
    made = Assessment.objects.get()
    assert made.eligible and made.awaiting_budget and council.case(person).state == "assessment"
    assert made.outcomes_unable == ["nutrition", "toilet"]
    toilet = next(f for f in made.findings if f["outcome"] == "toilet")
    assert toilet == {"outcome": "toilet", "meanings": ["pain_distress_anxiety", "takes_longer"],
                      "evidence": "Severe pain at night", "fluctuates": True, "fluctuation_period": "the last 3 months"}
    assert made.wellbeing_areas == ["dignity", "health"]
    # the record now says what comes next
    body = client.get(page).content.decode()
    assert "Go through the self-assessment" in body and "the written decision" in body

    assert answer_self_assessment(client, person)["Location"] == f"{page}indicative-budget/"
    ras = IndicativeBudget.objects.get()
    indicative = client.get(f"{page}indicative-budget/").content.decode()
    assert "Continue to the assessment" in indicative and f'href="{page}assessment/"' in indicative

    confirm = client.get(f"{page}assessment/").content.decode()
    assert f'value="{ras.weekly_pence // 100}.{ras.weekly_pence % 100:02d}"' in confirm
    assert f"gave {ras.points} points" in confirm  # the explanation is filled in
    refused = client.post(f"{page}assessment/", {"indicative_weekly_pence": "999.00",
                                                 "indicative_reason": "From the table", "override_reason": ""})
    assert refused.status_code == 400
    assert "Enter why the indicative budget differs" in refused.content.decode()
    assert 'href="#id_override_reason"' in refused.content.decode()
    assert Assessment.objects.get().awaiting_budget  # nothing half-written
    response = client.post(f"{page}assessment/", {"indicative_weekly_pence": f"{ras.weekly_pence / 100:.2f}",
                                                  "indicative_reason": "From the Resource Allocation System: agreed answers",
                                                  "override_reason": ""})
    assert response["Location"] == page
    made.refresh_from_db()
    assert made.indicative_weekly_pence == ras.weekly_pence and not made.overrides_ras and made.budget_set_at
    assert council.case(person).state == "planning"
    assert "Work on the support plan" in client.get(page).content.decode()


def test_a_changed_figure_keeps_the_reason(council, client):
    person = council.person()
    client.force_login(council.worker)
    decide_eligibility(client, person, TWO)
    answer_self_assessment(client, person)
    ras = IndicativeBudget.objects.get()
    client.post(f"/people/{person.pk}/assessment/", {"indicative_weekly_pence": "999.00", "indicative_reason": "Table",
                                                     "override_reason": "Night-time needs"})
    made = Assessment.objects.get()
    assert made.indicative_weekly_pence == 99900 and made.ras_weekly_pence == ras.weekly_pence
    assert made.overrides_ras and made.override_reason == "Night-time needs"
    assert "Night-time needs" in client.get(f"/people/{person.pk}/indicative-budget/").content.decode()


def test_without_a_self_assessment_the_worker_enters_the_figure_and_how_it_was_worked_out(council, client):
    person = council.person()
    client.force_login(council.worker)
    decide_eligibility(client, person, TWO)
    assert "set the indicative budget without a self-assessment" in client.get(f"/people/{person.pk}/self-assessment/").content.decode()
    refused = client.post(f"/people/{person.pk}/assessment/", {"indicative_weekly_pence": "", "indicative_reason": ""})
    body = refused.content.decode()
    assert refused.status_code == 400
    assert "Enter the indicative weekly budget" in body and "Enter how the indicative budget was worked out" in body
    client.post(f"/people/{person.pk}/assessment/", {"indicative_weekly_pence": "250.00", "indicative_reason": "Banded table"})
    assert Assessment.objects.get().indicative_weekly_pence == 25000
    assert council.case(person).state == "planning"


def test_each_outcome_unable_needs_evidence_named_and_linked_from_the_error_summary(council, client):
    person = council.person()
    client.force_login(council.worker)
    page = f"/people/{person.pk}/"
    client.post(f"{page}assessment/start/")
    client.post(f"{page}eligibility/", {"arises_from_impairment": "yes"})
    response = client.post(f"{page}eligibility/outcomes/", outcomes_post(nutrition=(["without_assistance"], ""),
                                                                         toilet=(["endangers"], "Falls", "")))
    body = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in body
    assert "Enter the evidence for managing and maintaining nutrition" in body and 'href="#id_nutrition-evidence"' in body
    assert "Enter the period over which the fluctuating needs for managing toilet needs" in body
    assert 'href="#id_toilet-fluctuation_period"' in body
    assert not Assessment.objects.exists()


def test_the_first_page_and_the_wellbeing_page_refuse_missing_answers(council, client):
    person = council.person()
    client.force_login(council.worker)
    page = f"/people/{person.pk}/"
    client.post(f"{page}assessment/start/")
    assert "Select yes if the needs arise from an impairment or illness" in client.post(f"{page}eligibility/", {}).content.decode()
    client.post(f"{page}eligibility/", {"arises_from_impairment": "yes"})
    client.post(f"{page}eligibility/outcomes/", TWO)
    body = client.post(f"{page}eligibility/wellbeing/", {"significant_impact_on_wellbeing": "yes"}).content.decode()
    assert "Select the areas of wellbeing that are affected" in body and "Describe the effect on their wellbeing" in body


def test_pages_out_of_order_go_back_to_the_first_unanswered_part(council, client):
    person = council.person()
    client.force_login(council.worker)
    page = f"/people/{person.pk}/"
    client.post(f"{page}assessment/start/")
    assert client.get(f"{page}eligibility/check/")["Location"] == f"{page}eligibility/"
    assert client.get(f"{page}eligibility/wellbeing/")["Location"] == f"{page}eligibility/outcomes/"


def test_the_check_page_shows_each_finding_with_the_evidence_escaped(council, client):
    person = council.person()
    client.force_login(council.worker)
    page = f"/people/{person.pk}/"
    client.post(f"{page}assessment/start/")
    client.post(f"{page}eligibility/", {"arises_from_impairment": "yes"})
    client.post(f"{page}eligibility/outcomes/", outcomes_post(nutrition=(["without_assistance"], "<b>Skips</b> meals"),
                                                              hygiene=(["takes_longer"], "Slow")))
    client.post(f"{page}eligibility/wellbeing/", {"significant_impact_on_wellbeing": "yes", "wellbeing_areas": ["health"],
                                                  "wellbeing_impact": "Weight loss"})
    body = client.get(f"{page}eligibility/check/").content.decode()
    assert "<strong>Unable to achieve</strong>: cannot achieve it without assistance." in body
    assert "&lt;b&gt;Skips&lt;/b&gt; meals" in body and "<b>Skips" not in body
    assert "The needs are eligible" in body and "Physical and mental health and emotional wellbeing" in body
    outcomes = client.get(f"{page}eligibility/outcomes/").content.decode()
    assert 'Evidence<span class="govuk-visually-hidden"> for managing and maintaining nutrition</span>' in outcomes
    assert 'value="without_assistance" checked' in outcomes  # what was entered is kept when going back


def test_not_eligible_ends_with_the_written_decision_and_information_and_advice(council, client):
    person = council.person(user=council.holder)
    client.force_login(council.worker)
    page = f"/people/{person.pk}/"
    one = outcomes_post(community=(["without_assistance"], "Cannot use the bus alone"))
    response = decide_eligibility(client, person, one, significant="no", areas=())
    assert response.status_code == 400 and "Enter the information and advice for the person" in response.content.decode()
    assert not Assessment.objects.exists()
    response = client.post(f"{page}eligibility/check/", {"advice": "The community transport scheme can take you to the shops."})
    assert response["Location"] == f"{page}eligibility/decision/"
    made = Assessment.objects.get()
    assert not made.eligible and made.advice.startswith("The community transport")
    assert council.case(person).state == "assessment"
    body = client.get(response["Location"]).content.decode()
    assert "Your needs do not meet the eligibility criteria" in body and "Information and advice" in body
    assert "The community transport scheme" in body and "section 13(5)" in body
    assert "Making use of necessary facilities" in body and "you cannot do this without help" in body
    assert "Decide eligibility again" in client.get(page).content.decode()
    # the person opens it from their record
    client.force_login(council.holder)
    record = client.get(page).content.decode()
    assert "Your eligibility decision and the reasons for it" in record
    body = client.get(f"{page}eligibility/decision/").content.decode()
    assert "Your eligibility decision" in body and "The community transport scheme" in body
    assert "Return to your plan and budget" in body


@pytest.mark.parametrize("who", ["other_holder", "south_worker", "provider", "finance"])
def test_the_decision_is_refused_to_those_who_may_not_see_it(council, client, who):
    person = council.person(user=council.holder)
    council.assess(person)
    client.force_login(getattr(council, who))
    assert client.get(f"/people/{person.pk}/eligibility/decision/").status_code in ({404} if who in {"other_holder", "south_worker", "provider"} else {403})


def test_only_the_persons_workers_may_decide_eligibility(council, client):
    person = council.person(user=council.holder)
    client.force_login(council.holder)
    assert client.get(f"/people/{person.pk}/eligibility/").status_code == 403
    assert client.post(f"/people/{person.pk}/assessment/start/").status_code == 403
    client.force_login(council.south_worker)
    assert client.get(f"/people/{person.pk}/eligibility/").status_code == 404
    assert client.get(f"/people/{person.pk}/assessment/").status_code == 404


def test_eligibility_pages_only_at_the_assessment_step(council, client):
    person = council.person()
    council.assess(person)
    client.force_login(council.worker)
    response = client.get(f"/people/{person.pk}/eligibility/")
    assert response["Location"] == f"/people/{person.pk}/"
    assert client.get(f"/people/{person.pk}/assessment/")["Location"] == f"/people/{person.pk}/"


def test_the_assessment_page_needs_an_eligible_decision_first(council, client):
    person = council.person()
    client.force_login(council.worker)
    client.post(f"/people/{person.pk}/assessment/start/")
    assert client.get(f"/people/{person.pk}/assessment/")["Location"] == f"/people/{person.pk}/eligibility/"


def test_the_decision_page_reads_an_assessment_recorded_before_findings(council, client):
    from selfdirect.assessment.eligibility import legacy_findings

    person = council.person()
    council.assess(person)
    made = Assessment.objects.get()
    made.findings = legacy_findings(["hygiene", "nutrition"], "Seen at home by the old form")
    made.decision_text = "The needs arise from a physical or mental impairment or illness. The person is unable to achieve 2."
    made.save()
    client.force_login(council.worker)
    body = client.get(f"/people/{person.pk}/eligibility/decision/").content.decode()
    assert "Seen at home by the old form" in body and "before the meanings were kept" in body
    assert "The person is unable to achieve 2." in body


def test_a_nominated_person_reads_the_decision_only_while_their_authority_lasts(council, client):
    import datetime

    from selfdirect.people import actions as people_actions

    person = council.person()
    council.assess(person)
    client.force_login(council.family)
    page = f"/people/{person.pk}/eligibility/decision/"
    assert client.get(page).status_code == 404
    rep = people_actions.add_representative(person, actor=council.worker, name="Frank", relationship="Son or daughter",
                                            kind="consent", scope="welfare_and_property", evidence_reference="signed form", user=council.family,
                                            starts_on=datetime.date(2026, 1, 1))
    body = client.get(page).content.decode()
    assert "Managing and maintaining nutrition: you cannot do this without help." in body
    rep.ends_on = datetime.date(2026, 1, 2)
    rep.save()
    assert client.get(page).status_code == 404
