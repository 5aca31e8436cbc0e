"""A temporary stay in a care home (issue 18, "Residents"): what makes a stay temporary, and a short stay for respite
charged as the council's policy says.

- Statutory guidance, Annex F, para 4: a temporary resident's "need to stay in a care home is intended to last for a
  limited period of time and where there is a plan to return home. The person's stay should be unlikely to exceed 52
  weeks, or in exceptional circumstances, unlikely to substantially exceed 52 weeks"; para 5: the decision "must be
  agreed with the person and/or their representative and written into their care plan".
- Charging Regulations 2014, reg 8: the "Power of the local authority to financially assess and charge a short-term
  resident as if the resident is receiving care and support ... other than the provision of accommodation in a care
  home"; a short-term stay is one of up to 8 weeks (Age UK factsheet 58).

No published council example with inputs and a printed result for a short stay could be found (searched December
2026), so each case is worked by hand from the 2025/26 rates: Personal Expenses Allowance £30.65 a week (reg 6), the
Minimum Income Guarantee for a single person of Pension Credit age £232.60 a week (reg 7(2)(c))."""

import datetime
import json

import pytest

from selfdirect.charging.contribution import InputError, assess, parse_input
from selfdirect.charging.policy import ChargingPolicy, PolicyError, parse_policy
from selfdirect.charging.rates import rates_for

RATES = rates_for(datetime.date(2025, 6, 1))
PEA, MIG = 3065, 23260
AT_HOME = ChargingPolicy(short_stay_charging="community")
DEFAULT = ChargingPolicy()  # short stays under the care-home rules
STAY = {"intended_limited": True, "expected_weeks": 12, "in_care_plan": True}
BASE = {"effective_date": "2025-06-02", "date_of_birth": "1940-03-01", "setting": "care_home_temporary",
        "weekly_cost_of_care_pence": 90000, "capital_pence": 0, "admitted_on": "2025-05-26",
        "income": [{"type": "state_pension", "amount_pence": 25000, "period": "weekly"}], "stay": STAY}


def run(policy=DEFAULT, **changes):
    result = assess(parse_input({**BASE, **changes}, policy), RATES, policy)
    assert sum(line.pence for line in result.lines if line.kind != "result") == result.weekly_contribution_pence
    return result


def refused(policy=DEFAULT, **changes) -> dict:
    with pytest.raises(InputError) as problem:
        assess(parse_input({**BASE, **changes}, policy), RATES, policy)
    return {p.field: p.message for p in problem.value.every}


def notes(result) -> list[str]:
    return [line.label for line in result.lines if line.kind == "note"]


# ---- what makes a stay temporary ---------------------------------------------------------------------------------------

def test_a_temporary_stay_is_charged_under_care_home_rules_with_a_note_saying_why_it_is_temporary():
    result = run()
    assert result.weekly_contribution_pence == 25000 - PEA  # £250.00 less the Personal Expenses Allowance: £219.35
    assert notes(result) == ["Counted as a temporary stay: meant to last a limited time with a plan to return home, "
                             "expected to last 12 weeks, no more than 52, and written into the care plan"]
    note = next(line for line in result.lines if line.kind == "note")
    assert note.pence == 0 and "Annex F, para 4" in note.rule and "para 5" in note.rule


def test_the_output_keys_are_unchanged_by_a_stay():
    without = assess(parse_input({k: v for k, v in BASE.items() if k != "stay"}), RATES)
    assert set(run().as_dict()) == set(without.as_dict())
    assert run().weekly_contribution_pence == without.weekly_contribution_pence
    assert notes(without) == []  # no stay given: the setting alone, as before


@pytest.mark.parametrize(("stay", "field", "words"), [
    ({**STAY, "intended_limited": False}, "stay.intended_limited", "plan to return home"),
    ({**STAY, "in_care_plan": False}, "stay.in_care_plan", "written into their care plan"),
    ({**STAY, "expected_weeks": 53}, "stay.exceptional_reason", "unlikely to substantially exceed them"),
])
def test_a_stay_that_is_not_temporary_is_refused_naming_the_field_and_saying_to_assess_it_as_permanent(stay, field,
                                                                                                      words):
    problems = refused(stay=stay)
    assert list(problems) == [field]
    assert words in problems[field] and "assess the stay as permanent (setting care_home_permanent)" in problems[field]


def test_every_reason_a_stay_is_not_temporary_is_named_at_once():
    problems = refused(stay={"intended_limited": False, "expected_weeks": 60, "in_care_plan": False})
    assert list(problems) == ["stay.intended_limited", "stay.in_care_plan", "stay.exceptional_reason"]


def test_a_stay_over_52_weeks_is_temporary_only_with_its_exceptional_reason_which_the_note_records():
    result = run(stay={**STAY, "expected_weeks": 60, "exceptional_reason": "Waiting for her home to be adapted"})
    assert notes(result) == ["Counted as a temporary stay: meant to last a limited time with a plan to return home, "
                             "expected to last 60 weeks, more than 52 in exceptional circumstances: Waiting for her "
                             "home to be adapted, and written into the care plan"]
    assert run(stay={**STAY, "expected_weeks": 52}).weekly_contribution_pence == 25000 - PEA  # 52 is not over 52
    assert refused(stay={**STAY, "exceptional_reason": "Just in case"}) == {
        "stay.exceptional_reason": "is only given for a stay expected to last more than 52 weeks"}


@pytest.mark.parametrize(("changes", "field"), [
    ({"setting": "care_home_permanent"}, "stay"),
    ({"setting": "community", "admitted_on": None}, "stay"),
    ({"stay": "12 weeks"}, "stay"),
    ({"stay": {**STAY, "ends_on": "2025-08-01"}}, "stay.ends_on"),
    ({"stay": {"intended_limited": True, "in_care_plan": True}}, "stay.expected_weeks"),
    ({"stay": {**STAY, "expected_weeks": 0}}, "stay.expected_weeks"),
    ({"stay": {**STAY, "expected_weeks": 521}}, "stay.expected_weeks"),
    ({"stay": {**STAY, "expected_weeks": 4.5}}, "stay.expected_weeks"),
    ({"stay": {**STAY, "in_care_plan": "yes"}}, "stay.in_care_plan"),
])
def test_a_stay_given_wrongly_is_refused_naming_the_field(changes, field):
    given = {**BASE, **changes}
    given = {key: value for key, value in given.items() if value is not None}
    with pytest.raises(InputError) as problem:
        parse_input(given)
    assert problem.value.field == field


# ---- a short stay, as the council's policy says ------------------------------------------------------------------------

SHORT = {**STAY, "expected_weeks": 2}


def test_by_default_a_short_stay_is_charged_under_the_care_home_rules_and_the_note_says_so():
    result = run(stay=SHORT)
    assert result.weekly_contribution_pence == 25000 - PEA
    assert notes(result)[1] == ("A short stay of 8 weeks or less: charged under the care-home rules, as the council's "
                                "policy says")
    assert "reg 8" in result.lines[1].rule and "care-home rules" in result.lines[1].rule


def test_a_council_that_charges_short_stays_as_care_at_home_leaves_the_minimum_income_guarantee():
    result = run(AT_HOME, stay=SHORT)
    # Reg 8 and the council's policy: £250.00 less the MIG for a single person of Pension Credit age, £232.60: £17.40
    assert result.weekly_contribution_pence == 25000 - MIG == 1740
    assert [p.label for p in result.mig_parts] == ["Minimum Income Guarantee, Pension Credit age"]
    assert notes(result)[1] == ("A short stay of 8 weeks or less: charged as if the person were getting care at home, "
                                "as the council's policy says")
    assert "Minimum Income Guarantee" in result.lines[-1].label


def test_eight_weeks_is_a_short_stay_and_nine_is_not():
    assert run(AT_HOME, stay={**STAY, "expected_weeks": 8}).weekly_contribution_pence == 25000 - MIG
    nine = run(AT_HOME, stay={**STAY, "expected_weeks": 9})
    assert nine.weekly_contribution_pence == 25000 - PEA and len(notes(nine)) == 1


def test_a_short_stay_charged_as_care_at_home_keeps_its_disability_costs_but_not_a_residents_pension_rule():
    costs = [{"description": "Extra laundry", "amount_pence": 1000, "period": "weekly"}]
    assert run(AT_HOME, stay=SHORT, disability_related_expenditure=costs).weekly_contribution_pence == 25000 - MIG - 1000
    assert "disability_related_expenditure" in refused(stay=SHORT, disability_related_expenditure=costs)
    pension = refused(AT_HOME, stay=SHORT, pension_paid_to_spouse_pence=5000,
                      income=[{"type": "occupational_pension", "amount_pence": 25000, "period": "weekly"}])
    assert "care home resident's rule" in pension["pension_paid_to_spouse_pence"]


def test_the_care_components_still_stop_28_days_into_a_short_stay_charged_as_care_at_home():
    income = [{"type": "state_pension", "amount_pence": 25000, "period": "weekly"},
              {"type": "attendance_allowance_lower", "amount_pence": 7390, "period": "weekly"}]
    day_27 = run(AT_HOME, stay={**STAY, "expected_weeks": 6}, income=income, effective_date="2025-06-21")
    assert day_27.weekly_contribution_pence == 25000 + 7390 - MIG
    day_28 = run(AT_HOME, stay={**STAY, "expected_weeks": 6}, income=income, effective_date="2025-06-23")
    assert day_28.weekly_contribution_pence == 25000 - MIG
    assert any("stopped on 23 June 2025" in line.label for line in day_28.lines)


def test_the_policy_field_takes_only_its_two_values():
    assert parse_policy({"short_stay_charging": "community"}).short_stay_charging == "community"
    assert parse_policy({}).short_stay_charging == "care_home"
    with pytest.raises(PolicyError) as problem:
        parse_policy({"short_stay_charging": "free"})
    assert problem.value.field == "policy.short_stay_charging"


def test_the_command_line_reads_the_policy_object_for_a_short_stay(tmp_path, cli):
    path = tmp_path / "input.json"
    path.write_text(json.dumps({**BASE, "stay": SHORT, "policy": {"short_stay_charging": "community"}}))
    result = cli("charging", "assess", "--input", str(path))
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["weekly_contribution_pence"] == 1740 and printed["policy"]["short_stay_charging"] == "community"
    path.write_text(json.dumps({**BASE, "stay": {**STAY, "in_care_plan": False}}))
    refused_run = cli("charging", "assess", "--input", str(path))
    assert refused_run.returncode == 2 and "stay.in_care_plan" in refused_run.stderr and refused_run.stdout == ""


# ---- the pages ----------------------------------------------------------------------------------------------------------

EMPTY_SETS = {f"{p}-{k}": "0" for p in ("income", "joint", "capital", "housing", "dre")
              for k in ("TOTAL_FORMS", "INITIAL_FORMS")}


def _date(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _respite(**changes):
    """A two-week stay for respite from 26 May 2025: State Pension £250 a week."""
    data = {**EMPTY_SETS, **_date("effective_date", datetime.date(2025, 6, 2)),
            **_date("admitted_on", datetime.date(2025, 5, 26)), "weekly_cost_of_care_pence": "900.00",
            "setting": "care_home_temporary", "dependent_children": "0", "stay_intended_limited": "yes",
            "stay_expected_weeks": "2", "stay_in_care_plan": "yes", "income-TOTAL_FORMS": "1",
            "income-0-type": "state_pension", "income-0-amount_pence": "250.00", "income-0-period": "weekly"}
    data.update(changes)
    return data


@pytest.fixture
def resident(council):
    return council.live_person(user=council.holder, date_of_birth=datetime.date(1940, 3, 1))


def _read(client, url) -> str:
    return " ".join(client.get(url).content.decode().split())


def test_finance_keys_a_short_stay_and_the_letter_explains_it_as_the_policy_says(council, resident, signed_in):
    from selfdirect.charging import actions
    from selfdirect.charging.models import ChargingPolicyVersion, FinancialAssessment

    ChargingPolicyVersion.objects.all().delete()
    actions.set_policy(actor=council.finance, effective_from=datetime.date(2025, 4, 1),
                       values={"short_stay_charging": "community"}, reason="Cabinet decision on respite")
    client = signed_in(council.finance)
    form = _read(client, f"/people/{resident.pk}/charging/new/")
    assert "A short stay, of 8 weeks or less, is charged as if the person were getting care at home" in form
    response = client.post(f"/people/{resident.pk}/charging/new/", _respite())
    assert response.status_code == 302, response.content.decode()[:3000]
    made = FinancialAssessment.objects.get(person=resident)
    assert made.input["stay"] == {"intended_limited": True, "expected_weeks": 2, "in_care_plan": True}
    assert made.weekly_contribution_pence == 1740
    detail = _read(client, response["Location"])
    assert "Minimum Income Guarantee" in detail and "£232.60 a week" in detail and "Personal Expenses" not in detail
    letter = _read(signed_in(council.holder), f"/people/{resident.pk}/charging/{made.pk}/letter/")
    assert "We treat your stay as temporary because it is meant to last a limited time, about 2 weeks, and you plan " \
           "to go back home." in letter
    assert "For a short stay the council's policy is to work out what you pay as if you were getting care at home." \
           in letter
    assert "Personal Expenses Allowance. It is" not in letter


def test_a_stay_not_in_the_care_plan_is_refused_beside_its_question(council, resident, signed_in):
    response = signed_in(council.finance).post(f"/people/{resident.pk}/charging/new/",
                                               _respite(stay_in_care_plan="no"))
    body = " ".join(response.content.decode().split())
    assert response.status_code == 400
    assert 'href="#id_stay_in_care_plan' in body and "written into their care plan" in body
    assert "assess the stay as permanent" in body


def test_the_policy_page_form_api_and_command_line_carry_the_short_stay_choice(council, signed_in, api, cli):
    from selfdirect.charging import queries
    from selfdirect.charging.models import ChargingPolicyVersion

    ChargingPolicyVersion.objects.all().delete()
    client = signed_in(council.finance)
    page = _read(client, "/finance/charging-policy/")
    assert "How a short stay in a care home (8 weeks or less) is charged" in page
    assert "Under the care-home rules, like any temporary stay" in page
    form = {**_date("effective_from", datetime.date(2026, 4, 6)), "mig_uplift_weekly_pence": "0.00",
            "standard_dre_weekly_pence": "", "minimum_weekly_charge_pence": "0.00", "maximum_weekly_charge_pence": "",
            "charge_carers_support": "no", "night_care_disregard": "apply", "direct_payment_contribution": "net",
            "short_stay_charging": "community", "reason": "Respite charged as care at home"}
    assert client.post("/finance/charging-policy/new/", form).status_code == 302
    assert queries.policy_on(datetime.date(2026, 4, 6)).short_stay_charging == "community"
    assert "As if the person were getting care at home" in _read(client, "/finance/charging-policy/")
    answer = api(council.finance).get("/api/v1/charging-policy/").json()
    assert answer["versions"][0]["short_stay_charging"] == "community"
    made = api(council.finance).post("/api/v1/charging-policy/", {
        "effective_from": "2027-04-05", "short_stay_charging": "care_home", "reason": "Back again"}, format="json")
    assert made.status_code == 201 and made.json()["short_stay_charging"] == "care_home"
    bad = api(council.finance).post("/api/v1/charging-policy/", {
        "effective_from": "2028-04-05", "short_stay_charging": "free", "reason": "x"}, format="json")
    assert bad.status_code == 400 and "short_stay_charging" in json.dumps(bad.json())
    printed = json.loads(cli("charging", "policy", "--on", "2020-01-01").stdout)
    assert printed["short_stay_charging"] == "care_home"  # the migrations' imported version keeps the care-home rules
