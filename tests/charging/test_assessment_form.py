"""The keying form for care at home, and the letter the person reads, as a browser walk found them wanting."""

import datetime

import pytest
from django.utils import timezone

from selfdirect.charging import actions
from selfdirect.charging.models import FinancialAssessment
from tests.charging.inputs import assessment_input

EMPTY_SETS = {f"{p}-{k}": "0" for p in ("income", "joint", "capital", "housing", "dre")
              for k in ("TOTAL_FORMS", "INITIAL_FORMS")}


@pytest.fixture
def older_person(council):
    return council.live_person(user=council.holder, date_of_birth=datetime.date(1948, 5, 1))


def _form(**changes):
    data = {**EMPTY_SETS, "effective_date_0": "1", "effective_date_1": "6", "effective_date_2": "2024",
            "weekly_cost_of_care_pence": "200.00", "receives_night_care": "no", "dependent_children": "0",
            "income-TOTAL_FORMS": "1", "income-0-type": "state_pension", "income-0-amount_pence": "203.85",
            "income-0-period": "weekly"}
    data.update(changes)
    return data


def test_add_another_row_keeps_what_was_typed_adds_one_row_and_shows_no_errors(council, older_person, signed_in):
    client = signed_in(council.finance)
    url = f"/people/{older_person.pk}/charging/new/"
    page = client.post(url, _form(**{"capital-TOTAL_FORMS": "1", "capital-0-type": "savings",
                                     "capital-0-amount_pence": "1000", "add_row": "capital",
                                     "weekly_cost_of_care_pence": ""}))
    body = page.content.decode()
    assert page.status_code == 200 and "There is a problem" not in body
    assert 'name="capital-TOTAL_FORMS" value="2"' in body and 'id="id_capital-1-type"' in body
    assert 'value="1000' in body and 'value="203.85"' in body
    assert not FinancialAssessment.objects.exists()


def test_an_engine_error_is_a_sentence_beside_the_row_it_came_from(council, older_person, signed_in):
    client = signed_in(council.finance)
    page = client.post(f"/people/{older_person.pk}/charging/new/", _form(**{
        "capital-TOTAL_FORMS": "2", "capital-1-type": "savings", "capital-1-amount_pence": "30000",
        "capital-1-owners": "2", "capital-1-share_pence": "20000"}))
    body = page.content.decode()
    assert page.status_code == 400
    assert "Capital item 2, the person&#39;s share, if not an equal one (optional): Give" not in body
    assert "Capital item 2, what shows the person&#39;s share (if not equal): Is needed when" in body
    assert 'href="#id_capital-1-share_reason"' in body
    assert not FinancialAssessment.objects.exists()


def test_a_light_touch_assessment_needs_no_national_figures_nor_a_night_care_answer(council, older_person, signed_in):
    client = signed_in(council.finance)
    today = timezone.localdate()
    data = _form(effective_date_0=str(today.day), effective_date_1=str(today.month), effective_date_2=str(today.year),
                 receives_night_care="", assessment_kind="means_tested_benefits",
                 light_touch_note="Pension Credit award letter seen", **{"income-0-type": "pension_credit"})
    response = client.post(f"/people/{older_person.pk}/charging/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    made = FinancialAssessment.objects.get(person=older_person)
    assert made.weekly_contribution_pence == 0 and made.light_touch and not made.is_provisional
    letter = client.get(f"/people/{older_person.pk}/charging/{made.pk}/letter/").content.decode()
    assert "You get benefits that show you cannot pay towards your care" in letter
    assert "Minimum Income Guarantee. For you it is" not in letter  # not "£0.00 a week"
    full = _form(receives_night_care="")
    refused = client.post(f"/people/{older_person.pk}/charging/new/", full).content.decode()
    assert "Select yes or no: does the person receive care at night?" in refused


def test_the_letter_is_dated_says_when_it_is_provisional_and_keeps_the_rules_out_of_its_table(council, older_person,
                                                                                                 signed_in):
    provisional = actions.record_assessment(
        older_person, assessment_input(older_person, effective_date="2026-12-01", provisional_rates_year="2025/26"),
        actor=council.finance)
    client = signed_in(council.holder)
    letter = client.get(f"/people/{older_person.pk}/charging/{provisional.pk}/letter/").content.decode()
    written = timezone.localdate()
    assert f"Date of this letter: {written.day} {written:%B %Y}" in letter
    assert "This amount is provisional" in letter and "we used the 2025/26 figures" in letter
    table = letter.split("How your contribution was worked out")[1].split("</table>")[0]
    assert "Regulations" not in table  # the rules are under "The rule behind each line"
    assert "The rule behind each line" in letter
    final = actions.record_assessment(older_person, assessment_input(older_person), actor=council.finance)
    letter = client.get(f"/people/{older_person.pk}/charging/{final.pk}/letter/").content.decode()
    assert "provisional" not in letter and "uses the national figures for 2023/24" in letter


def test_an_assessment_made_after_looking_again_says_so_in_the_list(council, older_person, signed_in):
    client = signed_in(council.finance)
    client.post(f"/people/{older_person.pk}/charging/new/", _form(reason="looked_again"))
    made = FinancialAssessment.objects.get(person=older_person)
    assert made.reason == "looked_again"
    summary = client.get(f"/people/{older_person.pk}/charging/").content.decode()
    assert "Looked at again at the person&#39;s request" in summary


def test_every_rows_problem_is_shown_at_once_and_by_the_command_line_contract_too(council, older_person, signed_in):
    from selfdirect.charging.contribution import InputError, parse_input

    client = signed_in(council.finance)
    page = client.post(f"/people/{older_person.pk}/charging/new/", _form(**{
        "capital-TOTAL_FORMS": "2", "capital-0-type": "notional", "capital-0-amount_pence": "5000",
        "capital-1-type": "savings", "capital-1-amount_pence": "30000", "capital-1-owners": "2",
        "capital-1-share_pence": "20000"}))
    body = page.content.decode()
    summary = body.split("govuk-error-summary__list")[1].split("</ul>")[0]
    assert 'href="#id_capital-0-reason"' in summary and 'href="#id_capital-1-share_reason"' in summary, summary
    raw = assessment_input(older_person, capital=[{"type": "notional", "amount_pence": 1},
                                                  {"type": "yacht", "amount_pence": 1}])
    del raw["capital_pence"]
    with pytest.raises(InputError) as problem:
        parse_input(raw)
    assert [p.field for p in problem.value.every] == ["capital[0].reason", "capital[1].type"]


def test_a_possible_deprivation_of_assets_is_for_staff_not_shown_to_the_person(council, older_person, signed_in):
    made = actions.record_assessment(older_person, assessment_input(older_person), actor=council.finance,
                                     deprivation_of_assets=True, deprivation_note="Gave the house to her son in 2025")
    url = f"/people/{older_person.pk}/charging/{made.pk}/"
    assert "Gave the house to her son" in signed_in(council.finance).get(url).content.decode()
    assert "Gave the house to her son" not in signed_in(council.holder).get(url).content.decode()
