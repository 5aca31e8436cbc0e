import json

import pytest

from selfdirect.charging import actions
from selfdirect.charging.models import FinancialAssessment
from tests.charging.inputs import assessment_input
from tests.pdfs import pdf_text, read_tagged_pdf

FORM = {
    "effective_date_0": "1", "effective_date_1": "3", "effective_date_2": "2024", "weekly_cost_of_care_pence": "200.00",
    "capital_pence": "15000", "receives_night_care": "no", "dependent_children": "0",
    "income-TOTAL_FORMS": "2", "income-INITIAL_FORMS": "0",
    "income-0-type": "state_pension", "income-0-amount_pence": "203.85", "income-0-period": "weekly",
    "income-1-type": "occupational_pension", "income-1-amount_pence": "433.33", "income-1-period": "monthly",
    "housing-TOTAL_FORMS": "1", "housing-INITIAL_FORMS": "0",
    "dre-TOTAL_FORMS": "1", "dre-INITIAL_FORMS": "0", "dre-0-description": "Careline alarm", "dre-0-amount_pence": "5.00",
    "dre-0-period": "weekly",
    "joint-TOTAL_FORMS": "0", "joint-INITIAL_FORMS": "0", "capital-TOTAL_FORMS": "0", "capital-INITIAL_FORMS": "0",
}


@pytest.fixture
def older_person(council):
    import datetime

    return council.live_person(user=council.holder, date_of_birth=datetime.date(1948, 5, 1))


def test_a_finance_officer_keys_an_assessment_and_sees_the_breakdown(council, older_person, signed_in):
    client = signed_in(council.finance)
    response = client.post(f"/people/{older_person.pk}/charging/new/", FORM)
    assert response.status_code == 302, response.content.decode()[:2000]
    made = FinancialAssessment.objects.get(person=older_person)
    # 203.85 + 100.00 - 5.00 - 214.35 + 3.00 tariff = 87.50
    assert made.weekly_contribution_pence == 8750
    body = client.get(response["Location"]).content.decode()
    assert "£87.50" in body and "Careline alarm" in body and "£112.50" in body


def test_a_bad_row_is_named_and_nothing_is_written(council, older_person, signed_in):
    client = signed_in(council.finance)
    bad = {**FORM, "income-1-amount_pence": "", "capital_pence": "-3"}
    body = client.post(f"/people/{older_person.pk}/charging/new/", bad).content.decode()
    assert "Enter the amount of this income" in body and 'href="#id_income-1-amount_pence"' in body
    assert "must not be negative" in body
    assert not FinancialAssessment.objects.exists()


def test_only_finance_officers_and_administrators_make_assessments(council, older_person, signed_in):
    assert signed_in(council.worker).get(f"/people/{older_person.pk}/charging/new/").status_code == 403
    assert signed_in(council.holder).post(f"/people/{older_person.pk}/charging/new/", FORM).status_code == 403
    assert signed_in(council.provider).get(f"/people/{older_person.pk}/charging/").status_code == 403


def test_the_person_reads_their_letter_and_its_tagged_pdf(council, older_person, signed_in):
    made = actions.record_assessment(older_person, assessment_input(older_person), actor=council.finance)
    client = signed_in(council.holder)
    letter = client.get(f"/people/{older_person.pk}/charging/{made.pk}/letter/").content.decode()
    assert "You will pay £85.65 a week" in letter  # 300.00 - 214.35
    assert "ask us to look at this again" in letter
    pdf = client.get(f"/people/{older_person.pk}/charging/{made.pk}/letter.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert "You will pay £85.65 a week" in pdf_text(read_tagged_pdf(pdf.content))


def test_another_persons_assessment_is_not_found(council, older_person, signed_in):
    other = council.live_person(first_name="Other")
    made = actions.record_assessment(other, assessment_input(other), actor=council.finance)
    response = signed_in(council.holder).get(f"/people/{older_person.pk}/charging/{made.pk}/")
    assert response.status_code == 404


def test_the_record_shows_the_contribution_and_the_councils_share(council, older_person, signed_in):
    actions.record_assessment(older_person, assessment_input(older_person), actor=council.finance)
    body = signed_in(council.holder).get(f"/people/{older_person.pk}/").content.decode()
    assert "£85.65 a week" in body and "£114.35 a week" in body


def test_a_new_personal_budget_works_the_contribution_out_again(council):
    import datetime

    from selfdirect.outcomes import actions as reviews
    from selfdirect.planning import actions as plans
    from selfdirect.planning import queries as planning

    person = council.live_person(date_of_birth=datetime.date(1948, 5, 1))
    actions.record_assessment(person, assessment_input(person, income=[{"type": "state_pension", "amount_pence": 50000,
                                                             "period": "weekly"}]), actor=council.finance)
    case = council.case(person)
    plan = planning.approved_plan_for(case)
    reviews.record_review(case, actor=council.worker, held_on=datetime.date(2026, 3, 1), summary="More help needed",
                          decision="reassess", ratings={o.pk: "partly" for o in plan.outcomes.all()},
                          depth="full", reason="Planned", method="Service user only",
                          what_changed="Needs changed: assessed again for a new plan")
    council.assess(person)
    plans.start_plan(council.case(person), actor=council.worker)
    plans.remove_item(council.case(person), planning.draft_plan_for(council.case(person)).items.get().pk, actor=council.worker)
    council.plan(person, unit_cost_pence=1000)  # now £100 a week
    council.submit(person)
    council.approve(person)
    latest = FinancialAssessment.objects.filter(person=person).first()
    assert latest.reason == "budget_changed"
    assert (latest.weekly_cost_of_care_pence, latest.weekly_contribution_pence) == (10000, 10000)  # capped at the cost


def test_uprating_reassesses_everyone_and_reports_refusals(council):
    import datetime

    older = council.live_person(date_of_birth=datetime.date(1948, 5, 1))
    younger = council.live_person(first_name="Young", date_of_birth=datetime.date(1990, 5, 1))
    actions.record_assessment(older, assessment_input(older), actor=council.finance)
    actions.record_assessment(younger, assessment_input(younger), actor=council.finance)
    rows = {person.pk: (old, new, msg) for person, old, new, msg in
            actions.uprate(as_of=datetime.date(2024, 4, 8), actor=council.finance)}
    assert rows[older.pk][0] - rows[older.pk][1] == 22870 - 21435  # the pension-age MIG rose by £14.35
    assert rows[younger.pk][0] - rows[younger.pk][1] == 11060 - 10365  # the MIG rose by £6.95
    refused = {person.pk: (new, msg) for person, _, new, msg in
               actions.uprate(as_of=datetime.date(2026, 4, 6), actor=council.finance, dry_run=True)}
    assert refused[older.pk][0] is None and "2026-27.json" in refused[older.pk][1]
    again = {person.pk: msg for person, _, _, msg in actions.uprate(as_of=datetime.date(2024, 4, 8), actor=council.finance)}
    assert again[younger.pk] == "already assessed at this date"
    assert FinancialAssessment.objects.filter(person=younger).count() == 2


def test_the_api_records_and_lists_assessments_with_the_same_rules(council, older_person, api):
    client = api(council.finance)
    url = f"/api/v1/people/{older_person.pk}/financial-assessments/"
    made = client.post(url, assessment_input(older_person), format="json")
    assert made.status_code == 201 and made.json()["weekly_contribution_pence"] == 8565
    bad = client.post(url, assessment_input(older_person, capital_pence=-1), format="json")
    assert bad.status_code == 400 and "capital_pence" in bad.json()["errors"]
    assert len(client.get(url).json()) == 1
    assert api(council.worker).post(url, assessment_input(older_person), format="json").status_code == 403


def test_a_finance_officer_imports_an_assessment_file(council, older_person, signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in(council.finance)
    upload = SimpleUploadedFile("a.json", json.dumps(assessment_input(older_person)).encode())
    assert client.post(f"/people/{older_person.pk}/charging/import/", {"file": upload}).status_code == 302
    broken = SimpleUploadedFile("b.json", b'{"effective_date": ')
    body = client.post(f"/people/{older_person.pk}/charging/import/", {"file": broken}).content.decode()
    assert "not valid JSON" in body and "line 1" in body
    assert FinancialAssessment.objects.count() == 1


def test_finance_is_told_which_figures_are_missing_for_today_and_can_make_a_provisional_assessment(
        council, older_person, signed_in):
    import datetime

    import time_machine

    client = signed_in(council.finance)
    with time_machine.travel(datetime.datetime(2026, 12, 2, 10, tzinfo=datetime.UTC), tick=False):
        page = client.get(f"/people/{older_person.pk}/charging/new/").content.decode()
        assert "The 2026/27 charging rates have not been added yet" in page and "2026-27.json" in page
        assert "2026-27.json" in client.get(f"/people/{older_person.pk}/charging/").content.decode()
        today = {**FORM, "effective_date_0": "2", "effective_date_1": "12", "effective_date_2": "2026"}
        refused = client.post(f"/people/{older_person.pk}/charging/new/", today).content.decode()
        assert "There is no charging rates file for 2026/27" in refused and not FinancialAssessment.objects.exists()
        made = client.post(f"/people/{older_person.pk}/charging/new/", {**today, "provisional_rates_year": "2023/24"})
        assert made.status_code == 302
        assessment = FinancialAssessment.objects.get()
        assert assessment.effective_date == datetime.date(2026, 12, 2) and assessment.financial_year == "2023/24"
        detail = client.get(made["Location"]).content.decode()
        assert "Provisional: worked out with the 2023/24 figures because 2026/27&#39;s charging rates have not been " \
               "added yet" in detail
        assert "2023/24 (provisional)" in client.get(f"/people/{older_person.pk}/charging/").content.decode()
    with time_machine.travel(datetime.datetime(2024, 3, 2, 10, tzinfo=datetime.UTC), tick=False):
        assert "charging rates have not" not in client.get(f"/people/{older_person.pk}/charging/new/").content.decode()
    holder = signed_in(council.holder).get(f"/people/{older_person.pk}/charging/").content.decode()
    assert "2026-27.json" not in holder  # the person is not shown the council's rates housekeeping


def test_a_provisional_assessment_is_refused_where_the_years_own_rates_are_complete(council, older_person):
    with pytest.raises(actions.ChargingError) as refused:
        actions.record_assessment(older_person, assessment_input(older_person, provisional_rates_year="2023/24"), actor=council.finance)
    assert refused.value.field == "provisional_rates_year" and "hold every figure" in str(refused.value)
    with pytest.raises(actions.ChargingError) as later:
        actions.record_assessment(older_person, assessment_input(older_person, effective_date="2026-06-01",
                                                     provisional_rates_year="2027/28"), actor=council.finance)
    assert later.value.field == "provisional_rates_year" and "earlier financial year" in str(later.value)


def test_a_contribution_or_council_share_of_nothing_is_shown_as_nothing_not_as_unknown(council, older_person, signed_in):
    low = [{"type": "state_pension", "amount_pence": 10000, "period": "weekly"}]  # below the Minimum Income Guarantee
    actions.record_assessment(older_person, assessment_input(older_person, income=low), actor=council.finance)
    body = signed_in(council.holder).get(f"/people/{older_person.pk}/").content.decode()
    assert "Not assessed yet" not in body and "£0.00 a week" in body
    actions.record_assessment(older_person, assessment_input(older_person, capital_pence=5000000), actor=council.finance)
    body = signed_in(council.worker).get(f"/people/{older_person.pk}/").content.decode()
    assert "Known once the budget is agreed" not in body and "(the full cost)" in body and "£0.00 a week" in body
