"""Each charging rule and each boundary, on the shipped rates."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selfdirect.charging.contribution import (
    INCOME_TYPES,
    InputError,
    assess,
    parse_input,
    pension_credit_qualifying_date,
    tariff_income_pence,
)
from selfdirect.charging.rates import rates_for
from tests.hypo import examples

RATES_2324 = rates_for(datetime.date(2023, 6, 1))
RATES_2425 = rates_for(datetime.date(2024, 6, 1))

EXAMPLE = {
    "effective_date": "2024-06-01", "date_of_birth": "2002-03-01", "setting": "community",
    "weekly_cost_of_care_pence": 39195, "capital_pence": 0, "receives_night_care": False,
    "night_care_disregard_policy": "apply",
    "income": [{"type": "universal_credit", "amount_pence": 16796, "period": "weekly"},
               {"type": "pip_daily_living_enhanced", "amount_pence": 10855, "period": "weekly"}],
    "housing_costs": [{"description": "rent top-up", "amount_pence": 1000, "period": "weekly"}],
    "disability_related_expenditure": [{"description": "laundry", "amount_pence": 642, "period": "weekly"}],
    "carer_premium": False, "dependent_children": 0,
}


def run(**changes):
    raw = {**EXAMPLE, **changes}
    data = parse_input(raw)
    return assess(data, rates_for(data.effective_date))


def test_the_issue_example_works_out_line_by_line():
    result = run()
    # 167.96 + 108.55 - (108.55 - 72.65) - 10.00 - 6.42 - (87.65 + 48.80 + 23.85) = 63.89
    assert result.weekly_contribution_pence == 6389
    assert result.council_weekly_contribution_pence == 39195 - 6389
    assert result.mig_weekly_pence == 8765 + 4880 + 2385
    assert [p.label for p in result.mig_parts] == ["Minimum Income Guarantee, aged 18 to 24", "Disability premium",
                                                   "Enhanced disability premium"]


def test_the_lines_always_add_up_to_the_result():
    result = run(income=[{"type": "occupational_pension", "amount_pence": 43333, "period": "monthly"},
                         {"type": "esa", "amount_pence": 51960, "period": "four_weekly"}])
    body = [line.pence for line in result.lines if line.kind != "result"]
    assert sum(body) == result.weekly_contribution_pence


@pytest.mark.parametrize(("capital", "tariff"), [(1425000, 0), (1425100, 100), (1450000, 100), (1450100, 200),
                                                  (1500000, 300), (1575000, 600), (2325000, 3600)])
def test_tariff_income_is_a_pound_for_every_250_or_part_above_the_lower_limit(capital, tariff):
    assert tariff_income_pence(capital, RATES_2324) == tariff


def test_capital_at_the_upper_limit_is_assessed_and_a_pound_above_pays_the_full_cost():
    at_limit = run(capital_pence=2325000)
    assert not at_limit.full_cost and at_limit.tariff_income_weekly_pence == 3600
    above = run(capital_pence=2325100)
    assert above.full_cost and above.weekly_contribution_pence == 39195
    below = run(capital_pence=2324900)
    assert below.tariff_income_weekly_pence == 3600


def test_capital_at_the_lower_limit_gives_no_tariff_and_a_pound_above_gives_a_pound():
    assert run(capital_pence=1425000).tariff_income_weekly_pence == 0
    assert run(capital_pence=1425100).tariff_income_weekly_pence == 100
    assert run(capital_pence=1424900).tariff_income_weekly_pence == 0


def test_mobility_components_and_earnings_are_always_disregarded():
    base = run(income=[{"type": "universal_credit", "amount_pence": 30000, "period": "weekly"}], disability_related_expenditure=[])
    more = run(income=[{"type": "universal_credit", "amount_pence": 30000, "period": "weekly"},
                       {"type": "pip_mobility_enhanced", "amount_pence": 7575, "period": "weekly"},
                       {"type": "dla_mobility_higher", "amount_pence": 7575, "period": "weekly"},
                       {"type": "earnings", "amount_pence": 20000, "period": "weekly"}], disability_related_expenditure=[])
    # PIP and DLA mobility give the disability premium, which lowers the contribution; nothing is counted.
    assert more.weekly_contribution_pence == base.weekly_contribution_pence - 4880


@pytest.mark.parametrize(("income_type", "difference"), [("pip_daily_living_enhanced", 10855 - 7265),
                                                         ("attendance_allowance_higher", 10855 - 7265),
                                                         ("dla_care_highest", 10855 - 7265)])
def test_the_night_care_difference_is_disregarded_only_when_no_night_care_and_the_policy_applies(income_type, difference):
    income = [{"type": income_type, "amount_pence": 10855, "period": "weekly"},
              {"type": "universal_credit", "amount_pence": 30000, "period": "weekly"}]
    applied = run(income=income)
    with_night_care = run(income=income, receives_night_care=True)
    ignored = run(income=income, night_care_disregard_policy="ignore")
    assert with_night_care.weekly_contribution_pence - applied.weekly_contribution_pence == difference
    assert ignored.weekly_contribution_pence == with_night_care.weekly_contribution_pence


def test_monthly_and_four_weekly_amounts_become_weekly_once():
    result = run(income=[{"type": "occupational_pension", "amount_pence": 43333, "period": "monthly"}])
    line = next(line for line in result.lines if line.label.startswith("Occupational"))
    assert line.pence == 10000  # 43333 x 12 / 52 = 9999.92


def test_the_mig_follows_age_bands():
    assert run(date_of_birth="1999-06-02").mig_parts[0].label.endswith("aged 18 to 24")  # 24 on 1 June 2024
    assert run(date_of_birth="1999-06-01").mig_parts[0].label.endswith("aged 25 to Pension Credit age")
    pension = run(effective_date="2023-06-01", date_of_birth="1950-01-01", income=[])
    assert pension.pension_credit_age and pension.mig_weekly_pence == 21435


def test_pension_credit_age_follows_the_state_pension_age_timetable():
    assert pension_credit_qualifying_date(datetime.date(1958, 5, 10)) == datetime.date(2024, 5, 10)
    assert pension_credit_qualifying_date(datetime.date(1960, 4, 6)) == datetime.date(2026, 5, 6)  # 66 and 1 month
    assert pension_credit_qualifying_date(datetime.date(1961, 3, 6)) == datetime.date(2028, 3, 6)  # 67


def test_a_year_without_the_pension_age_mig_is_refused_naming_the_figure():
    from selfdirect.charging.rates import RatesError

    with pytest.raises(RatesError, match="mig_pension_credit_age_single"):
        run(date_of_birth="1950-01-01")


def test_carers_allowance_gives_the_carer_premium_and_the_flag_gives_it_too():
    with_allowance = run(income=[{"type": "carers_allowance", "amount_pence": 8170, "period": "weekly"}])
    assert "Carer premium" in [p.label for p in with_allowance.mig_parts]
    flagged = run(income=[], carer_premium=True)
    assert "Carer premium" in [p.label for p in flagged.mig_parts]
    assert "Carer premium" not in [p.label for p in run(income=[]).mig_parts]


def test_a_worker_override_of_the_premiums_needs_a_reason_and_wins():
    with pytest.raises(InputError, match="override_reason"):
        parse_input({**EXAMPLE, "disability_premium_override": False})
    result = run(disability_premium_override=False, enhanced_disability_premium_override=False,
                 override_reason="Benefit ended last month")
    assert [p.label for p in result.mig_parts] == ["Minimum Income Guarantee, aged 18 to 24"]


def test_dependent_children_add_to_the_mig():
    assert run(dependent_children=2).mig_weekly_pence == run().mig_weekly_pence + 2 * 10125


def test_a_light_touch_assessment_pays_the_full_cost():
    result = run(light_touch=True)
    assert result.full_cost and result.weekly_contribution_pence == 39195


def test_the_contribution_is_capped_at_the_cost_of_care():
    result = run(weekly_cost_of_care_pence=1000, income=[{"type": "occupational_pension", "amount_pence": 100000,
                                                           "period": "weekly"}])
    assert result.weekly_contribution_pence == 1000


@pytest.mark.parametrize(("change", "field"), [
    ({"income": [{"type": "lottery", "amount_pence": 1, "period": "weekly"}]}, "income[0].type"),
    ({"income": [{"type": "esa", "amount_pence": 1, "period": "daily"}]}, "income[0].period"),
    ({"income": [{"type": "esa", "amount_pence": -1, "period": "weekly"}]}, "income[0].amount_pence"),
    ({"capital_pence": -5}, "capital_pence"),
    ({"capital_pence": 1.5}, "capital_pence"),
    ({"night_care_disregard_policy": "sometimes"}, "night_care_disregard_policy"),
    ({"setting": "residential"}, "setting"),
    ({"housing_costs": [{"amount_pence": 5, "period": "weekly"}]}, "housing_costs[0].description"),
])
def test_bad_input_names_the_field(change, field):
    with pytest.raises(InputError) as problem:
        parse_input({**EXAMPLE, **change})
    assert problem.value.field == field


def test_a_missing_field_is_named():
    raw = dict(EXAMPLE)
    del raw["capital_pence"]
    with pytest.raises(InputError, match="capital_pence: is missing"):
        parse_input(raw)


amounts = st.integers(min_value=0, max_value=200000)
periods = st.sampled_from(["weekly", "four_weekly", "monthly", "annual"])
incomes = st.lists(st.fixed_dictionaries({"type": st.sampled_from(sorted(INCOME_TYPES)), "amount_pence": amounts,
                                          "period": periods}), max_size=5)


@settings(max_examples=examples(200), deadline=None)
@given(incomes=incomes, capital=st.integers(min_value=0, max_value=4000000), cost=st.integers(min_value=0, max_value=200000),
       night=st.booleans(), children=st.integers(min_value=0, max_value=3))
def test_the_contribution_is_never_negative_nor_above_the_cost_of_care(incomes, capital, cost, night, children):
    result = run(income=incomes, capital_pence=capital, weekly_cost_of_care_pence=cost, receives_night_care=night,
                 dependent_children=children)
    assert 0 <= result.weekly_contribution_pence <= cost


@settings(max_examples=examples(200), deadline=None)
@given(incomes=incomes, capital=st.integers(min_value=0, max_value=4000000), extra=st.integers(min_value=1, max_value=1000000))
def test_the_contribution_never_falls_as_capital_rises(incomes, capital, extra):
    lower = run(income=incomes, capital_pence=capital)
    higher = run(income=incomes, capital_pence=capital + extra)
    assert higher.weekly_contribution_pence >= lower.weekly_contribution_pence


@settings(max_examples=examples(200), deadline=None)
@given(incomes=st.lists(st.fixed_dictionaries({"type": st.sampled_from(sorted(INCOME_TYPES)), "amount_pence": amounts,
                                               "period": periods}), min_size=1, max_size=5),
       index=st.integers(min_value=0, max_value=4), extra=st.integers(min_value=1, max_value=100000))
def test_the_contribution_never_falls_as_one_income_rises_with_the_types_held_fixed(incomes, index, extra):
    raised = [dict(item) for item in incomes]
    raised[index % len(raised)]["amount_pence"] += extra
    assert run(income=raised).weekly_contribution_pence >= run(income=incomes).weekly_contribution_pence
