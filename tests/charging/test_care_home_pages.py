"""The keying form and the letter for a care home resident (issue 18): finance keys a resident in the browser's form,
the engine's errors land beside the fields they came from, and the person reads a plain-English letter. The 2025/26
rates hold the Personal Expenses Allowance, £30.65 a week."""

import datetime

import pytest

from selfdirect.charging.models import FinancialAssessment

EMPTY_SETS = {f"{p}-{k}": "0" for p in ("income", "joint", "capital", "housing", "dre")
              for k in ("TOTAL_FORMS", "INITIAL_FORMS")}


@pytest.fixture
def widow(council):
    return council.live_person(user=council.holder, date_of_birth=datetime.date(1940, 3, 1))


def _date(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _resident(effective=datetime.date(2025, 7, 1), **changes):
    """A permanent resident admitted on 1 May 2025: State Pension £200 a week, a home worth £250,000 she lives in alone."""
    data = {**EMPTY_SETS, **_date("effective_date", effective), **_date("admitted_on", datetime.date(2025, 5, 1)),
            "weekly_cost_of_care_pence": "900.00", "setting": "care_home_permanent", "dependent_children": "0",
            "first_permanent_admission": "yes", "property_value_pence": "250000", "property_owners": "1",
            "income-TOTAL_FORMS": "1", "income-0-type": "state_pension", "income-0-amount_pence": "200.00",
            "income-0-period": "weekly"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _read(client, url) -> str:
    """A page's HTML with its whitespace run together, as a reader sees the words."""
    return " ".join(client.get(url).content.decode().split())


def _post(client, person, data):
    return client.post(f"/people/{person.pk}/charging/new/", data)


def test_a_permanent_resident_within_12_weeks_pays_income_less_the_personal_expenses_allowance(council, widow,
                                                                                               signed_in):
    client = signed_in(council.finance)
    response = _post(client, widow, _resident())
    assert response.status_code == 302, response.content.decode()[:3000]
    made = FinancialAssessment.objects.get(person=widow)
    assert made.input["setting"] == "care_home_permanent" and made.input["admitted_on"] == "2025-05-01"
    assert made.input["property"] == {"value_pence": 25000000, "owners": 1}
    assert "receives_night_care" in made.input and "pension_paid_to_spouse_pence" not in made.input
    # £200.00 - £30.65 (Charging Regulations 2014, reg 6); the home disregarded to 23 July 2025 (Schedule 2, para 2)
    assert made.weekly_contribution_pence == 20000 - 3065 and not made.full_cost
    detail = _read(client, response["Location"])
    assert "A permanent place in a care home" in detail and "Personal Expenses Allowance" in detail
    letter = _read(client, f"/people/{widow.pk}/charging/{made.pk}/letter/")
    assert "towards the cost of your care home place of £900.00 a week" in letter
    assert "The law calls this the Personal Expenses Allowance. It is £30.65 a week." in letter
    assert "We did not count the value of your home for your first 12 weeks in the care home, up to and including " \
           "23 July 2025" in letter
    assert "After 23 July 2025 your home counts as part of your savings" in letter


def test_after_12_weeks_the_home_counts_and_the_resident_pays_the_full_cost(council, widow, signed_in):
    client = signed_in(council.finance)
    response = _post(client, widow, _resident(effective=datetime.date(2025, 8, 4), **{
        "property_secured_debt_pence": "10000"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    made = FinancialAssessment.objects.get(person=widow)
    # £250,000 less £25,000 (10% for selling) and £10,000 secured debt: £215,000, above £23,250 (regs 12, 20 and 24)
    assert made.full_cost and made.weekly_contribution_pence == 90000
    assert made.result["counted_capital_pence"] == 21500000
    client = signed_in(council.holder)  # the person reads their letter
    letter = _read(client, f"/people/{widow.pk}/charging/{made.pk}/letter/")
    assert "You will pay the full cost of your care: £900.00 a week" in letter
    assert "We counted your home as part of your savings: £215,000.00. This is its value of £250,000.00, less 10% " \
           "for the costs of selling it, less £10,000.00 you owe on a mortgage or loan secured on it." in letter


def test_a_couple_one_moves_in_the_partner_at_home_keeps_the_home_disregarded_and_half_the_pension(council, widow,
                                                                                                    signed_in):
    client = signed_in(council.finance)
    data = _resident(effective=datetime.date(2025, 11, 3), **{
        "property_occupied_by": "partner", "pension_paid_to_spouse_pence": "80.00",
        "income-TOTAL_FORMS": "2", "income-1-type": "occupational_pension", "income-1-amount_pence": "150.00",
        "income-1-period": "weekly"})
    response = _post(client, widow, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    made = FinancialAssessment.objects.get(person=widow)
    assert made.input["property"]["occupied_by"] == ["partner"] and made.input["pension_paid_to_spouse_pence"] == 8000
    # £200 + £150 - £75 (half the pension, paid at least half to the spouse at home) - £30.65
    assert made.weekly_contribution_pence == 20000 + 15000 - 7500 - 3065
    client = signed_in(council.holder)
    letter = _read(client, f"/people/{widow.pk}/charging/{made.pk}/letter/")
    assert "We did not count the value of your home, because your partner lives there." in letter
    assert "You pay £80.00 a week of your pension to your husband, wife or civil partner" in letter
    assert "we did not count half of your pension: £75.00 a week." in letter


def test_benefits_for_care_that_stopped_after_28_days_are_explained(council, widow, signed_in):
    client = signed_in(council.finance)
    data = _resident(**{"income-TOTAL_FORMS": "2", "income-1-type": "attendance_allowance_higher",
                        "income-1-amount_pence": "110.40", "income-1-period": "weekly"})
    assert _post(client, widow, data).status_code == 302
    made = FinancialAssessment.objects.get(person=widow)
    assert made.weekly_contribution_pence == 20000 - 3065
    letter = _read(client, f"/people/{widow.pk}/charging/{made.pk}/letter/")
    assert "stop 28 days after you move into a care home place the council pays for" in letter
    assert "Attendance Allowance, higher rate: not counted from 29 May 2025" in letter


def test_benefits_for_care_counted_until_the_28_days_end_say_when_they_stop(council, widow, signed_in):
    client = signed_in(council.finance)
    data = _resident(effective=datetime.date(2025, 5, 20), **{
        "income-TOTAL_FORMS": "2", "income-1-type": "attendance_allowance_higher", "income-1-amount_pence": "110.40",
        "income-1-period": "weekly"})
    assert _post(client, widow, data).status_code == 302
    made = FinancialAssessment.objects.get(person=widow)
    assert made.weekly_contribution_pence == 20000 + 11040 - 3065
    letter = _read(client, f"/people/{widow.pk}/charging/{made.pk}/letter/")
    assert "We have counted them for now. When they stop, we will work out what you pay again" in letter
    assert "Attendance Allowance, higher rate: counted until 29 May 2025" in letter


def test_a_temporary_stay_keeps_the_home_disregarded(council, widow, signed_in):
    client = signed_in(council.finance)
    assert _post(client, widow, _resident(setting="care_home_temporary")).status_code == 302
    made = FinancialAssessment.objects.get(person=widow)
    assert made.weekly_contribution_pence == 20000 - 3065
    letter = _read(client, f"/people/{widow.pk}/charging/{made.pk}/letter/")
    assert "You are staying in a care home for a short time" in letter
    assert "because you are staying in the care home for a short time" in letter


def test_care_at_home_sends_none_of_the_care_home_fields(council, widow, signed_in):
    client = signed_in(council.finance)
    data = _resident(setting="community", receives_night_care="no")
    assert _post(client, widow, data).status_code == 302
    made = FinancialAssessment.objects.get(person=widow)
    assert made.input["setting"] == "community"
    assert not {"admitted_on", "first_permanent_admission", "property", "pension_paid_to_spouse_pence"} & set(made.input)
    letter = _read(client, f"/people/{widow.pk}/charging/{made.pk}/letter/")
    assert "Living in a care home" not in letter and "Minimum Income Guarantee" in letter


def test_a_resident_needs_no_night_care_answer_but_care_at_home_does(council, widow, signed_in):
    client = signed_in(council.finance)
    refused = _post(client, widow, _resident(setting="community"))
    assert "Select yes or no: does the person receive care at night?" in refused.content.decode()
    assert _post(client, widow, _resident()).status_code == 302


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"property_owners": "2"}, "property_share_value_pence",
     "Value of the person&#39;s share to a willing buyer: Is needed for a home owned with others"),
    ({"property_owners": "1", "property_share_value_pence": "1000"}, "property_share_value_pence",
     "Is only given for a home owned with others"),
    ({"property_value_pence": None, "property_secured_debt_pence": "100"}, "property_value_pence",
     "Value of the home: Is missing"),
    ({"property_occupied_by": "lodger"}, "property_occupied_by", "Select an answer to ‘Who lives in the home now?’ from the list"),
    ({**_date("admitted_on", datetime.date(2025, 8, 1))}, "admitted_on",
     "Date the person moved into the care home: Must be on or before the effective date"),
    ({"setting": "hospital"}, "setting", "Select where the person lives from the list"),
    ({"admitted_on_0": None, "admitted_on_1": None, "admitted_on_2": None}, "admitted_on",
     "Date the person moved into the care home: Is needed to know when the home&#39;s 12-week disregard ends"),
    ({"pension_paid_to_spouse_pence": "50"}, "pension_paid_to_spouse_pence",
     "Pension the person pays each week to a spouse or civil partner who lives elsewhere: Give the occupational"),
    ({"dre-TOTAL_FORMS": "1", "dre-0-description": "Extra heating", "dre-0-amount_pence": "5",
      "dre-0-period": "weekly"}, "dre-0-description", "Expense 1: Is for care at home"),
    ({"housing-TOTAL_FORMS": "1", "housing-0-description": "Rent", "housing-0-amount_pence": "5",
      "housing-0-period": "weekly"}, "housing-0-description", "Housing cost 1: Are allowed only for a temporary resident"),
])
def test_errors_are_placed_beside_the_care_home_fields(council, widow, signed_in, changes, field, words):
    client = signed_in(council.finance)
    response = _post(client, widow, _resident(**changes))
    body = response.content.decode()
    assert response.status_code == 400
    summary = body.split("govuk-error-summary__list")[1].split("</ul>")[0]
    assert f'href="#id_{field}' in summary, summary
    assert words in body, summary
    assert not FinancialAssessment.objects.exists()


def test_an_engine_error_on_an_occupier_or_the_spouses_pension_finds_its_field(council, widow):
    """Errors the form cannot make itself (the engine's own names) still land on the right field."""
    from selfdirect.charging import forms

    form = forms.AssessmentForm({})
    form.is_valid()
    forms.place_error("property.occupied_by[0]", "'x' is not one of partner", form, {})
    forms.place_error("pension_paid_to_spouse_pence", "must not be negative", form, {})
    forms.place_error("property", "must be an object", form, {})
    forms.place_error("first_permanent_admission", "must be true or false", form, {})
    assert "property_occupied_by" in form.errors and "pension_paid_to_spouse_pence" in form.errors
    assert "property_value_pence" in form.errors and "first_permanent_admission" in form.errors
    assert form.errors["pension_paid_to_spouse_pence"][0].startswith("Pension the person pays each week")
