from selfdirect.allocation import actions as allocation_actions
from selfdirect.allocation.models import AllocationTable, IndicativeBudget
from selfdirect.assessment.models import Assessment, SelfAssessment
from tests.pdfs import pdf_text, read_tagged_pdf

from .test_command_line import ANSWERS


def _answer_everything(client, person, answers=ANSWERS, easy=False):
    from selfdirect.assessment import questionnaire

    client.post(f"/people/{person.pk}/self-assessment/", {"questionnaire": "adult-v1", "easy_read": "yes" if easy else "no"})
    for domain in questionnaire.get("adult").domains:
        response = client.post(f"/people/{person.pk}/self-assessment/{domain.id}/",
                               {q.id: answers[q.id] for q in domain.questions})
        assert response.status_code == 302
    return client.post(f"/people/{person.pk}/self-assessment/check/")


def test_the_person_answers_then_the_worker_agrees_and_the_budget_is_explained(council, client):
    person = council.person(user=council.holder)
    from selfdirect.journey import actions as journey_actions

    journey_actions.move(council.case(person), "start_assessment", actor=council.worker)
    client.force_login(council.holder)
    assert "Fill in your self-assessment" in client.get(f"/people/{person.pk}/").content.decode()
    _answer_everything(client, person, easy=True)
    assert SelfAssessment.objects.get().kind == "person"
    assert not IndicativeBudget.objects.exists()
    client.force_login(council.worker)
    client.post(f"/people/{person.pk}/self-assessment/", {"questionnaire": "adult-v1", "easy_read": "no"})
    page = client.get(f"/people/{person.pk}/self-assessment/personal_care/").content.decode()
    assert 'value="some_help" checked' in page  # the person's answers are filled in for the worker
    response = _answer_everything(client, person, answers={**ANSWERS, "washing": "full_help"})
    assert response["Location"] == f"/people/{person.pk}/indicative-budget/"
    assert list(SelfAssessment.objects.order_by("id").values_list("kind", flat=True)) == ["person", "agreed"]
    budget = IndicativeBudget.objects.get()
    assert budget.points == 22 - 3 + 10
    body = client.get(f"/people/{person.pk}/indicative-budget/").content.decode()
    assert "Someone has to do this for me, every time" in body and f"{budget.points} points ×" in body
    client.force_login(council.holder)
    pdf = client.get(f"/people/{person.pk}/indicative-budget.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert f"{budget.points} points" in pdf_text(read_tagged_pdf(pdf.content))


def test_the_assessment_uses_the_system_figure_and_an_override_needs_a_reason(council, client):
    person = council.person()
    from selfdirect.journey import actions as journey_actions

    journey_actions.move(council.case(person), "start_assessment", actor=council.worker)
    client.force_login(council.worker)
    _answer_everything(client, person)
    ras_figure = IndicativeBudget.objects.get().weekly_pence
    from selfdirect.assessment import actions as assessment_actions

    assessment_actions.record_eligibility(
        council.case(person), actor=council.worker, arises_from_impairment=True, significant_impact_on_wellbeing=True,
        findings=[{"outcome": c, "meanings": ["without_assistance"], "evidence": "Seen"} for c in ["nutrition", "hygiene"]],
        wellbeing_areas=["health"])
    form = {"indicative_weekly_pence": "999.00", "indicative_reason": "Table", "override_reason": ""}
    body = client.post(f"/people/{person.pk}/assessment/", form).content.decode()
    assert "differs from the Resource Allocation System" in body
    client.post(f"/people/{person.pk}/assessment/", {**form, "indicative_weekly_pence": f"{ras_figure / 100:.2f}"})
    assessment = Assessment.objects.get()
    assert assessment.indicative_weekly_pence == ras_figure and not assessment.overrides_ras


def test_a_finance_officer_tries_a_new_price_and_publishes_it(council, signed_in):
    client = signed_in(council.finance)
    body = client.get("/allocation/", {"price_per_point_pence": "7.00", "contingency_percent": "0"}).content.decode()
    assert "Budgets that rise" in body
    response = client.post("/allocation/publish/", {"price_per_point_pence": "7.00", "contingency_percent": "0",
                                                     "key": "exampleshire-2027", "effective_from_0": "1",
                                                     "effective_from_1": "4", "effective_from_2": "2026"})
    assert response.status_code == 302
    assert AllocationTable.objects.get(key="exampleshire-2027").rules.price_per_point_pence == 700
    body = client.post("/allocation/publish/", {"price_per_point_pence": "7.00", "contingency_percent": "0",
                                                 "key": "exampleshire-2027", "effective_from_0": "1",
                                                 "effective_from_1": "4", "effective_from_2": "2026"}).content.decode()
    assert "already published" in body


def test_the_calibration_page_shows_the_fit_with_a_chart_and_its_table(council, signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_statistics import generated

    lines = ["person_ref,points,client_group,age,sex,ethnicity,weekly_cost_pence"]
    lines += [f"{p.person_ref},{p.points},{p.client_group},{p.age},{p.sex},{p.ethnicity},{p.weekly_cost_pence}" for p in generated(n=100)]
    upload = SimpleUploadedFile("p.csv", "\n".join(lines).encode())
    body = signed_in(council.finance).post("/allocation/calibrate/", {"packages": upload}).content.decode()
    assert "Price per point" in body and 'alt="Scatter of 100 packages' in body and "Mean weekly cost by band" in body
    bad = SimpleUploadedFile("p.csv", b"person_ref,points\n")
    assert "row 1: the header" in signed_in(council.finance).post("/allocation/calibrate/", {"packages": bad}).content.decode()


def test_only_finance_sees_calibration_and_workers_never_see_the_fairness_audit(council, signed_in):
    assert signed_in(council.worker).get("/allocation/").status_code == 403
    assert signed_in(council.worker).get("/allocation/fairness/").status_code == 403
    assert signed_in(council.commissioner).get("/allocation/fairness/").status_code == 200
    assert signed_in(council.holder).get("/allocation/calibrate/").status_code == 403


def test_the_fairness_audit_names_groups_as_people_read_them(council, signed_in):
    from selfdirect.journey import actions as journey_actions

    for n, group in enumerate(["older_people", "mental_health", "older_people"]):
        person = council.person(first_name=f"P{n}", client_group=group)
        case = council.case(person)
        journey_actions.move(case, "start_assessment", actor=council.worker)
        allocation_actions.record_self_assessment(case, actor=council.worker, questionnaire_key="adult",
                                                  answers=ANSWERS, kind="agreed")
    body = signed_in(council.commissioner).get("/allocation/fairness/").content.decode()
    assert "Older people" in body and "Client group" in body
    assert "older_people" not in body and "client_group:" not in body
