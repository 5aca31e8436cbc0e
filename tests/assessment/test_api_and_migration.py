"""The assessment endpoint outcome by outcome, and assessments recorded before findings kept readable."""

import importlib

from selfdirect.allocation import actions as allocation_actions
from selfdirect.assessment.models import Assessment

FINDINGS = [
    {"outcome": "nutrition", "meanings": ["without_assistance"], "evidence": "Cannot cook"},
    {"outcome": "community", "meanings": ["endangers", "takes_longer"], "evidence": "Fell at the bus stop",
     "fluctuates": True, "fluctuation_period": "the winter months"},
    {"outcome": "hygiene", "meanings": [], "evidence": "Washes with a shower seat"},
]




def body(**extra):
    return {"arises_from_impairment": True, "findings": FINDINGS, "significant_impact_on_wellbeing": True,
            "wellbeing_areas": ["health", "participation"], "wellbeing_impact": "Housebound most weeks",
            "indicative_weekly_pence": 15000, "indicative_reason": "Banded table", **extra}


def test_the_api_records_and_returns_findings_outcome_by_outcome(council, api):
    person = council.person()
    client = api(council.worker)
    made = client.post(f"/api/v1/people/{person.pk}/assessment/", body(), format="json")
    assert made.status_code == 201, made.content
    data = made.json()
    assert data["eligible"] and data["outcomes_unable"] == ["nutrition", "community"]
    assert [f["outcome"] for f in data["findings"]] == ["nutrition", "hygiene", "community"]
    assert data["findings"][2]["meanings"] == ["endangers", "takes_longer"]
    assert data["findings"][2]["fluctuation_period"] == "the winter months"
    assert "Making use of necessary facilities" in data["decision_text"]
    assert council.case(person).state == "planning"
    read = api(council.holder if person.user_id == council.holder.pk else council.worker).get(
        f"/api/v1/people/{person.pk}/assessment/")
    assert read.status_code == 200 and read.json()["findings"] == data["findings"]


def test_the_api_refuses_an_outcome_unable_without_evidence_and_writes_nothing(council, api):
    person = council.person()
    findings = [{"outcome": "nutrition", "meanings": ["without_assistance"], "evidence": ""}, FINDINGS[1]]
    refused = api(council.worker).post(f"/api/v1/people/{person.pk}/assessment/", body(findings=findings), format="json")
    assert refused.status_code == 400
    assert "Enter the evidence for managing and maintaining nutrition" in str(refused.json()["errors"]["findings"])
    assert not Assessment.objects.exists() and council.case(person).state == "referral"


def test_the_api_refuses_an_unknown_meaning(council, api):
    person = council.person()
    findings = [{"outcome": "nutrition", "meanings": ["tired"], "evidence": "x"}]
    refused = api(council.worker).post(f"/api/v1/people/{person.pk}/assessment/", body(findings=findings), format="json")
    assert refused.status_code == 400 and any(key.startswith("findings") for key in refused.json()["errors"])


def test_not_eligible_through_the_api_needs_information_and_advice(council, api):
    person = council.person()
    client = api(council.worker)
    one = body(findings=[FINDINGS[0]], indicative_weekly_pence=None)
    refused = client.post(f"/api/v1/people/{person.pk}/assessment/", one, format="json")
    assert refused.status_code == 400 and "information and advice" in str(refused.json()["errors"]["advice"])
    made = client.post(f"/api/v1/people/{person.pk}/assessment/", {**one, "advice": "Try the lunch club"}, format="json")
    assert made.status_code == 201 and not made.json()["eligible"]
    assert Assessment.objects.get().advice == "Try the lunch club"


def test_the_api_is_scoped_like_the_pages(council, api):
    person = council.person()
    assert api(council.south_worker).post(f"/api/v1/people/{person.pk}/assessment/", body(), format="json").status_code == 404
    assert api(council.other_holder).get(f"/api/v1/people/{person.pk}/assessment/").status_code == 404


def test_a_change_of_figure_through_the_api_needs_a_reason(council, api):
    from tests.allocation.test_command_line import ANSWERS

    person = council.person()
    case = council.case(person)
    allocation_actions.record_self_assessment(case, actor=council.worker, questionnaire_key="adult", answers=ANSWERS,
                                              kind="agreed")
    refused = api(council.worker).post(f"/api/v1/people/{person.pk}/assessment/", body(indicative_weekly_pence=1), format="json")
    assert refused.status_code == 400 and "override_reason" in refused.json()["errors"]
    assert not Assessment.objects.exists()
    made = api(council.worker).post(f"/api/v1/people/{person.pk}/assessment/",
                                    body(indicative_weekly_pence=None, indicative_reason=""), format="json")
    assert made.status_code == 201
    saved = Assessment.objects.get()
    assert saved.indicative_weekly_pence == saved.ras_weekly_pence
    assert saved.indicative_reason.startswith("From the Resource Allocation System")


def test_the_migration_turns_the_old_tick_boxes_and_evidence_into_findings(council):
    from django.apps import apps

    person = council.person()
    council.assess(person)
    Assessment.objects.update(findings=[], budget_set_at=None, outcomes_unable=["hygiene", "nutrition"],
                              evidence="One box for everything")
    migration = importlib.import_module("selfdirect.assessment.migrations.0003_outcome_findings")
    migration.findings_from_the_old_fields(apps, None)
    made = Assessment.objects.get()
    assert [f["outcome"] for f in made.findings] == ["nutrition", "hygiene"]
    assert all(f["legacy"] and f["evidence"] == "One box for everything" for f in made.findings)
    assert made.budget_set_at == made.completed_at
    assert [f.outcome for f in made.finding_list() if f.unable] == ["nutrition", "hygiene"]
