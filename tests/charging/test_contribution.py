"""Each charging rule and each boundary, on the shipped rates."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selfdirect.charging.contribution import (
    CAPITAL_TYPES,
    COUNTED,
    DISABILITY_BENEFITS,
    DISREGARDED,
    INCOME_TYPES,
    LIGHT_TOUCH_EVIDENCE,
    WAR_PENSION,
    InputError,
    assess,
    parse_input,
    pension_credit_qualifying_date,
    tariff_income_pence,
)
from selfdirect.charging.policy import ChargingPolicy
from selfdirect.charging.rates import RatesError, rates_for
from tests.hypo import examples

from .test_worked_examples import TEST_RATES_2425

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
    # 2025/26 ships the single pension-age MIG but not the couple one: a couple of pension age is refused, naming it.
    assert run(effective_date="2025-06-01", date_of_birth="1950-01-01").mig_weekly_pence == 23260
    with pytest.raises(RatesError, match="'mig_couple_member_pension_credit_age'"):
        run(effective_date="2025-06-01", date_of_birth="1950-01-01", partner={"date_of_birth": "1951-01-01"})
    # There is no 2026-27 file (on purpose): the missing file is named.
    with pytest.raises(RatesError, match="2026-27.json"):
        run(effective_date="2026-06-01", date_of_birth="1950-01-01")


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


# Couples need a couple MIG, which the shipped 2024/25 file lacks: these run on TEST_RATES_2425 (test_worked_examples.py),
# the shipped figures with the couple figures filled with TEST VALUES (not statutory figures).
PARTNER = {"date_of_birth": "2001-01-01"}
DEFAULT_POLICY = ChargingPolicy()


def assessed(policy=DEFAULT_POLICY, rates=None, **changes):
    data = parse_input({**EXAMPLE, **changes}, policy)
    return assess(data, rates or rates_for(data.effective_date), policy)


def couple(policy=DEFAULT_POLICY, **changes):
    return assessed(policy, TEST_RATES_2425, **{"partner": PARTNER, **changes})


def item(kind, pence, period="weekly"):
    return {"type": kind, "amount_pence": pence, "period": period}


def lines_for(result, income_type):
    label = INCOME_TYPES[income_type].label
    return [(line.kind, line.pence) for line in result.lines
            if line.label == label or line.label.startswith((label + ":", label + " ("))]


def with_capital(capital, **changes):
    raw = {key: value for key, value in EXAMPLE.items() if key != "capital_pence"}
    data = parse_input({**raw, "capital": capital, **changes})
    return assess(data, rates_for(data.effective_date))


def refused_field(raw, policy=DEFAULT_POLICY):
    with pytest.raises(InputError) as problem:
        parse_input(raw, policy)
    return problem.value.field


UC = item("universal_credit", 30000)


# Income treatments.

@pytest.mark.parametrize("income_type", sorted(t for t, k in INCOME_TYPES.items() if k.treatment == DISREGARDED))
def test_a_disregarded_income_gives_an_income_line_and_a_matching_disregard_line(income_type):
    base = run(income=[UC])
    result = run(income=[UC, item(income_type, 1234)])
    assert lines_for(result, income_type) == [("income", 1234), ("disregard", -1234)]
    if income_type not in DISABILITY_BENEFITS:  # a mobility component also gives the disability premium
        assert result.weekly_contribution_pence == base.weekly_contribution_pence


@pytest.mark.parametrize("income_type", sorted(t for t, k in INCOME_TYPES.items() if k.treatment == COUNTED))
def test_a_counted_income_gives_an_income_line_only(income_type):
    result = run(income=[item(income_type, 1234)], receives_night_care=True)
    assert lines_for(result, income_type) == [("income", 1234)]


@pytest.mark.parametrize("income_type", sorted(t for t, k in INCOME_TYPES.items() if k.treatment == WAR_PENSION))
def test_a_war_pension_has_only_its_first_10_pounds_disregarded(income_type):
    assert lines_for(run(income=[UC, item(income_type, 5000)]), income_type) == [("income", 5000), ("disregard", -1000)]
    assert lines_for(run(income=[UC, item(income_type, 600)]), income_type) == [("income", 600), ("disregard", -600)]
    base = run(income=[UC]).weekly_contribution_pence
    assert run(income=[UC, item(income_type, 5000)]).weekly_contribution_pence == base + 4000


def test_a_war_widows_pension_is_counted_above_the_first_10_pounds():
    result = run(income=[UC, item("war_widows_pension", 25000, "four_weekly")])  # 6250 a week
    assert lines_for(result, "war_widows_pension") == [("income", 6250), ("disregard", -1000)]


def test_savings_credit_is_disregarded_up_to_the_single_figure():
    result = run(date_of_birth="1950-01-01", income=[item("pension_credit_savings_credit", 1701)])
    assert lines_for(result, "pension_credit_savings_credit") == [("income", 1701), ("disregard", -695)]
    small = run(date_of_birth="1950-01-01", income=[item("pension_credit_savings_credit", 500)])
    assert lines_for(small, "pension_credit_savings_credit") == [("income", 500), ("disregard", -500)]


def test_savings_credit_is_disregarded_up_to_the_couple_figure_for_a_member_of_a_couple():
    # Pension Credit is paid to a couple, so a member of a couple who gets Savings Credit gets it as a couple: the
    # couple figure, whatever the partner flag says (decision 0010).
    older = {"date_of_birth": "1950-01-01", "income": [item("pension_credit_savings_credit", 1701)]}
    for flag in (True, False):
        member = couple(partner={"date_of_birth": "1951-01-01", "receives_pension_credit": flag}, **older)
        assert lines_for(member, "pension_credit_savings_credit") == [("income", 1701), ("disregard", -1040)]
    single = run(**older)
    assert lines_for(single, "pension_credit_savings_credit") == [("income", 1701), ("disregard", -695)]


def test_the_savings_credit_disregard_is_one_figure_however_the_credit_is_entered():
    # The disregard is up to the year's figure for the person (£6.95 single, 2024/25), not up to it for each line the
    # Savings Credit is entered on: £5 + £5 of Savings Credit has £6.95 disregarded, as £10 entered once has.
    once = run(date_of_birth="1950-01-01", income=[item("pension_credit_savings_credit", 1000)])
    split = run(date_of_birth="1950-01-01", income=[item("pension_credit_savings_credit", 500)] * 2)
    assert sum(line.pence for line in once.lines if line.kind == "disregard") == -695
    assert sum(line.pence for line in split.lines if line.kind == "disregard") == -695
    assert split.weekly_contribution_pence == once.weekly_contribution_pence


def test_a_year_without_the_savings_credit_disregard_is_refused_naming_it():
    with pytest.raises(RatesError, match="'savings_credit_disregard_single'"):
        run(effective_date="2025-06-01", date_of_birth="1950-01-01",
            income=[item("pension_credit_savings_credit", 1000)])


# Capital, item by item.

def test_capital_held_with_others_counts_an_equal_share():
    result = with_capital([{"type": "savings", "amount_pence": 3000001, "owners": 2}])
    assert result.counted_capital_pence == 1500000  # the part penny is left to the person
    assert result.tariff_income_weekly_pence == 300
    (line,) = result.capital_lines
    assert line.pence == 1500000 and "held by 2" in line.label and "reg 24: an equal share each" in line.rule


def test_a_recorded_different_share_is_counted_with_its_reason():
    result = with_capital([{"type": "savings", "amount_pence": 3000000, "owners": 2, "share_pence": 1000000,
                           "share_reason": "The account's terms give the person a third"}])
    assert result.counted_capital_pence == 1000000 and result.tariff_income_weekly_pence == 0
    (line,) = result.capital_lines
    assert "The account's terms give the person a third" in line.label and "a different share" in line.rule


def test_tariff_income_is_worked_out_on_the_persons_share():
    whole = run(capital_pence=6000000)
    assert whole.full_cost  # £60,000 is above the upper limit
    share = with_capital([{"type": "savings", "amount_pence": 6000000, "owners": 3}])
    assert not share.full_cost and share.counted_capital_pence == 2000000
    assert share.tariff_income_weekly_pence == 2300  # (£20,000 - £14,250) / £250 = 23


def test_capital_above_the_upper_limit_counted_item_by_item_pays_the_full_cost():
    result = with_capital([{"type": "savings", "amount_pence": 2000000}, {"type": "shares", "amount_pence": 325100}])
    assert result.full_cost and result.counted_capital_pence == 2325100


@pytest.mark.parametrize("capital_type", sorted(t for t, k in CAPITAL_TYPES.items() if not k.counted))
def test_disregarded_capital_is_listed_but_not_counted(capital_type):
    result = with_capital([{"type": capital_type, "amount_pence": 5000000}])
    assert not result.full_cost and result.counted_capital_pence == 0 and result.tariff_income_weekly_pence == 0
    (line,) = result.capital_lines
    assert line.pence == 0 and "disregarded" in line.label


def test_notional_capital_is_counted_with_its_recorded_reason():
    why = "Gave £20,000 to a grandchild a month after the care assessment"
    result = with_capital([{"type": "notional", "amount_pence": 2000000, "reason": why}])
    assert result.counted_capital_pence == 2000000 and result.tariff_income_weekly_pence == 2300
    assert why in result.capital_lines[0].rule and "reg 22" in result.capital_lines[0].rule


@pytest.mark.parametrize(("capital", "field"), [
    ([{"type": "savings", "amount_pence": 3000000, "owners": 2, "share_pence": 1000000}], "capital[0].share_reason"),
    ([{"type": "savings", "amount_pence": 3000000, "share_pence": 1000000, "share_reason": "x"}], "capital[0].share_pence"),
    ([{"type": "savings", "amount_pence": 3000000, "owners": 2, "share_pence": 3000001, "share_reason": "x"}],
     "capital[0].share_pence"),
    ([{"type": "savings", "amount_pence": 3000000, "owners": 2, "share_reason": "x"}], "capital[0].share_pence"),
    ([{"type": "home", "amount_pence": 25000000}], "capital[0].type"),
    ([{"type": "yacht", "amount_pence": 1}], "capital[0].type"),
    ([{"amount_pence": 1}], "capital[0].type"),
    ([{"type": "savings"}], "capital[0].amount_pence"),
    ([{"type": "savings", "amount_pence": -1}], "capital[0].amount_pence"),
    ([{"type": "savings", "amount_pence": 1, "owners": 0}], "capital[0].owners"),
    ([{"type": "notional", "amount_pence": 2000000}], "capital[0].reason"),
    ([{"type": "savings", "amount_pence": 1, "value": 1}], "capital[0].value"),
    ({"type": "savings", "amount_pence": 1}, "capital"),
])
def test_bad_capital_items_are_refused_naming_the_field(capital, field):
    raw = {key: value for key, value in EXAMPLE.items() if key != "capital_pence"}
    assert refused_field({**raw, "capital": capital}) == field


def test_capital_given_both_as_one_figure_and_item_by_item_is_refused():
    assert refused_field({**EXAMPLE, "capital": [{"type": "savings", "amount_pence": 1}]}) == "capital"


def test_the_home_is_refused_saying_it_is_never_counted():
    raw = {key: value for key, value in EXAMPLE.items() if key != "capital_pence"}
    with pytest.raises(InputError, match="never counted"):
        parse_input({**raw, "capital": [{"type": "home", "amount_pence": 25000000}]})


# Couples.

def test_the_partners_income_is_never_an_input():
    assert refused_field({**EXAMPLE, "partner": {**PARTNER, "income": [UC]}}) == "partner.income"
    assert refused_field({**EXAMPLE, "partner": {**PARTNER, "capital_pence": 0}}) == "partner.capital_pence"
    assert refused_field({**EXAMPLE, "partner_income": [UC]}) == "partner_income"
    assert refused_field({**EXAMPLE, "partner": {"receives_pension_credit": True}}) == "partner.date_of_birth"


def test_joint_income_without_a_partner_is_refused():
    assert refused_field({**EXAMPLE, "joint_income": [UC]}) == "joint_income"


def test_a_member_of_a_couple_gets_the_couple_mig_and_half_of_joint_income():
    result = couple(income=[], joint_income=[item("universal_credit", 40001)])
    assert result.couple
    assert [p.pence for p in result.mig_parts] == [10000]  # TEST VALUE: reg 7(4)(a)
    with_pip = couple()  # EXAMPLE's PIP daily living, enhanced rate: both premiums, at the couple rates (reg 7(6))
    assert [p.pence for p in with_pip.mig_parts] == [10000, 3000, 1500]  # TEST VALUES
    assert [line.pence for line in result.lines if line.kind == "income"] == [20000]  # half, part penny to the person


def test_a_couple_with_one_member_of_pension_age_gets_the_pension_age_couple_mig():
    result = couple(partner={"date_of_birth": "1950-01-01"})
    assert result.mig_parts[0].pence == 17500 and result.mig_parts[0].rule.endswith("reg 7(4)(b)")


# Light-touch assessments.

ESA_ALONE = {"date_of_birth": "1980-01-01", "income": [item("esa", 9000)], "housing_costs": [],
             "disability_related_expenditure": []}


def test_a_person_on_esa_alone_is_charged_nothing_with_a_means_tested_light_touch_not_the_full_cost():
    assert run(**ESA_ALONE).weekly_contribution_pence == 0  # the full assessment: ESA £90 is below the MIG
    light = run(**ESA_ALONE, light_touch=True, light_touch_reason="means_tested_benefits",
                light_touch_note="DWP award letter for ESA, income-related, seen 3 June 2024")
    assert light.weekly_contribution_pence == 0 and not light.full_cost
    assert sum(line.pence for line in light.lines if line.kind != "result") == 0
    assert "DWP award letter" in light.lines[-1].rule


def test_declining_to_disclose_pays_the_full_cost():
    result = run(**ESA_ALONE, light_touch=True, light_touch_reason="declines_to_disclose")
    assert result.full_cost and result.weekly_contribution_pence == EXAMPLE["weekly_cost_of_care_pence"]


def test_means_tested_benefits_light_touch_needs_a_means_tested_income():
    raw = {**EXAMPLE, **ESA_ALONE, "income": [item("state_pension", 9000)], "light_touch": True,
           "light_touch_reason": "means_tested_benefits", "light_touch_note": "Pension statement"}
    assert refused_field(raw) == "light_touch_reason"
    # A means-tested benefit paid to the couple counts too.
    joint = {**raw, "partner": PARTNER, "joint_income": [item("pension_credit", 20000)]}
    assert parse_input(joint).light_touch_reason == "means_tested_benefits"


def test_a_small_charge_light_touch_needs_a_note_and_pays_the_full_cost():
    raw = {**EXAMPLE, "light_touch": True, "light_touch_reason": "small_charge"}
    assert refused_field(raw) == "light_touch_note"
    result = run(light_touch=True, light_touch_reason="small_charge", weekly_cost_of_care_pence=1500,
                 light_touch_note="£15 a week of telecare; pension statements show £600 a week")
    assert result.full_cost and result.weekly_contribution_pence == 1500
    assert "£600 a week" in result.lines[-1].rule


@pytest.mark.parametrize(("change", "field"), [
    ({"light_touch": True, "light_touch_reason": "rich"}, "light_touch_reason"),
    ({"light_touch_reason": "declines_to_disclose"}, "light_touch_reason"),
    ({"support_for": "neighbour"}, "support_for"),
])
def test_bad_light_touch_and_support_values_are_refused_naming_them(change, field):
    assert refused_field({**EXAMPLE, **change}) == field


@pytest.mark.parametrize(("change", "field"), [
    ({"capital": [{"type": ["savings"], "amount_pence": 1}]}, "capital[0].type"),
    ({"support_for": ["carer"]}, "support_for"),
    ({"light_touch": True, "light_touch_reason": ["small_charge"]}, "light_touch_reason"),
    ({"income": [{"type": ["esa"], "amount_pence": 1, "period": "weekly"}]}, "income[0].type"),
    ({"setting": ["community"]}, "setting"),
])
def test_a_value_of_the_wrong_kind_is_refused_naming_the_field_not_a_crash(change, field):
    raw = {**EXAMPLE, **change}
    if "capital" in change:
        del raw["capital_pence"]
    assert refused_field(raw) == field


# The council's charging policy.

def test_a_mig_uplift_adds_an_allowance_line():
    base = run()
    uplifted = assessed(ChargingPolicy(mig_uplift_weekly_pence=1000))
    assert uplifted.mig_parts[-1].label == "The council's addition to the Minimum Income Guarantee"
    assert uplifted.mig_parts[-1].pence == 1000 and uplifted.mig_weekly_pence == base.mig_weekly_pence + 1000
    assert [line.pence for line in uplifted.lines if line.kind == "allowance"][-1] == -1000
    assert uplifted.weekly_contribution_pence == base.weekly_contribution_pence - 1000


def test_the_standard_dre_allowance_is_deducted_when_the_policy_offers_one():
    policy = ChargingPolicy(standard_dre_weekly_pence=1085)
    result = assessed(policy, disability_related_expenditure=[], standard_disability_related_expenditure=True)
    standard = [line for line in result.lines if line.label.startswith("Disability-related")]
    assert [(line.kind, line.pence) for line in standard] == [("deduction", -1085)]
    assert result.weekly_contribution_pence == run().weekly_contribution_pence + 642 - 1085


def test_the_standard_dre_allowance_is_refused_when_the_policy_offers_none_or_costs_are_itemised():
    raw = {**EXAMPLE, "disability_related_expenditure": [], "standard_disability_related_expenditure": True}
    assert refused_field(raw) == "standard_disability_related_expenditure"  # the shipped default offers none
    itemised = {**EXAMPLE, "standard_disability_related_expenditure": True}
    assert refused_field(itemised, ChargingPolicy(standard_dre_weekly_pence=1085)) == \
        "standard_disability_related_expenditure"


def test_a_contribution_below_the_minimum_weekly_charge_becomes_nothing():
    assert run().weekly_contribution_pence == 6389
    below = assessed(ChargingPolicy(minimum_weekly_charge_pence=6390))
    assert below.weekly_contribution_pence == 0
    assert [(line.kind, line.pence) for line in below.lines if line.kind == "adjustment"] == [("adjustment", -6389)]
    at = assessed(ChargingPolicy(minimum_weekly_charge_pence=6389))
    assert at.weekly_contribution_pence == 6389


def test_the_maximum_weekly_charge_caps_the_contribution():
    capped = assessed(ChargingPolicy(maximum_weekly_charge_pence=5000))
    assert capped.weekly_contribution_pence == 5000
    assert [line.pence for line in capped.lines if line.kind == "adjustment"] == [5000 - 6389]
    assert sum(line.pence for line in capped.lines if line.kind != "result") == 5000


@pytest.mark.parametrize("change", [{"capital_pence": 3000000}, {"light_touch": True},
                                    {"light_touch": True, "light_touch_reason": "small_charge",
                                     "light_touch_note": "Pension statements seen"}])
def test_the_maximum_weekly_charge_caps_a_full_cost_too(change):
    # policy.py: 'maximum_weekly_charge_pence: no one pays more than this a week.'
    result = assessed(ChargingPolicy(maximum_weekly_charge_pence=5000), **change)
    assert result.weekly_contribution_pence == 5000
    assert sum(line.pence for line in result.lines if line.kind != "result") == 5000


def test_support_for_a_carer_is_not_charged_unless_the_policy_says_so():
    free = run(support_for="carer")
    assert free.weekly_contribution_pence == 0 and not free.full_cost
    assert [(line.kind, line.pence) for line in free.lines] == [("adjustment", 0), ("result", 0)]
    charged = assessed(ChargingPolicy(charge_carers_support=True), support_for="carer")
    assert charged.weekly_contribution_pence == run().weekly_contribution_pence == 6389


# Properties over random inputs: partners, joint income, capital items, light touch and random policies, on
# TEST_RATES_2425 (the couple figures there are TEST VALUES).

FIRST_DAY, LAST_DAY = datetime.date(2024, 4, 1), datetime.date(2025, 3, 31)
OVER_PENSION_AGE = st.dates(datetime.date(1925, 1, 1), datetime.date(1957, 12, 31))  # 66 before 1 April 2024
UNDER_PENSION_AGE = st.dates(datetime.date(1961, 4, 1), datetime.date(2006, 3, 31))  # 67 from 2028; 18 by 2024-04-01
sizeable = st.integers(0, 100000) | st.integers(10000, 60000)  # Hypothesis favours small numbers: mix in real-sized ones
mostly_weekly = st.sampled_from(["weekly", "weekly", "weekly", "four_weekly", "monthly", "annual"])
income_items = st.fixed_dictionaries({"type": st.sampled_from(sorted(INCOME_TYPES)),
                                      "amount_pence": sizeable, "period": mostly_weekly})
counted_items = st.fixed_dictionaries({"type": st.sampled_from(sorted(t for t, k in INCOME_TYPES.items()
                                                                      if k.treatment == COUNTED)),
                                       "amount_pence": sizeable, "period": mostly_weekly})
cost_items = st.lists(st.fixed_dictionaries({"description": st.just("a cost"), "amount_pence": st.integers(0, 5000),
                                             "period": periods}), max_size=2)


@st.composite
def policies(draw):
    minimum = draw(st.integers(0, 3000))
    return ChargingPolicy(
        mig_uplift_weekly_pence=draw(st.integers(0, 5000)),
        standard_dre_weekly_pence=draw(st.none() | st.integers(0, 3000)),
        minimum_weekly_charge_pence=minimum,
        maximum_weekly_charge_pence=draw(st.none() | st.integers(minimum, 40000)),
        charge_carers_support=draw(st.booleans()),
        night_care_disregard=draw(st.sampled_from(["apply", "ignore"])),
        direct_payment_contribution=draw(st.sampled_from(["net", "gross"])),
    )


@st.composite
def capital_items(draw):
    kind = draw(st.sampled_from(sorted(CAPITAL_TYPES)))
    amount = draw(st.integers(0, 2000000) | st.integers(500000, 1500000))
    entry = {"type": kind, "amount_pence": amount, "owners": draw(st.integers(1, 3))}
    if entry["owners"] > 1 and draw(st.booleans()):
        entry.update(share_pence=draw(st.integers(0, amount)), share_reason="Statements show the person's share")
    if kind == "notional":
        entry["reason"] = "Deprivation of assets decided and recorded"
    return entry


@st.composite
def cases(draw, policy, partner_born=None):
    """A valid input for `policy` on TEST_RATES_2425. partner_born: a strategy for the partner's birth date (always a
    partner); None: a partner or not."""
    effective = draw(st.dates(FIRST_DAY, LAST_DAY))
    born = draw(st.dates(datetime.date(1925, 1, 1), datetime.date(effective.year - 18, effective.month, effective.day)))
    raw = {"effective_date": effective.isoformat(), "date_of_birth": born.isoformat(),
           "weekly_cost_of_care_pence": draw(sizeable),
           "income": draw(st.lists(income_items, min_size=1, max_size=4)),
           "housing_costs": draw(cost_items), "receives_night_care": draw(st.booleans()),
           "dependent_children": draw(st.sampled_from([0, 0, 0, 1, 2])), "carer_premium": draw(st.none() | st.booleans()),
           "support_for": draw(st.sampled_from(["person"] * 5 + ["carer"]))}
    if partner_born is not None or draw(st.booleans()):
        born_on = partner_born if partner_born is not None else st.dates(datetime.date(1925, 1, 1),
                                                                         datetime.date(2006, 3, 31))
        raw["partner"] = {"date_of_birth": draw(born_on).isoformat(), "receives_pension_credit": draw(st.booleans())}
        raw["joint_income"] = draw(st.lists(income_items, max_size=2))
    if draw(st.booleans()):
        raw["capital"] = draw(st.lists(capital_items(), max_size=3))
    else:
        raw["capital_pence"] = draw(st.integers(0, 2500000) | st.integers(1400000, 2400000))
    if policy.standard_dre_weekly_pence is not None and draw(st.booleans()):
        raw["standard_disability_related_expenditure"] = True
    else:
        raw["disability_related_expenditure"] = draw(cost_items)
    if draw(st.booleans()):
        raw.update(disability_premium_override=draw(st.booleans()), override_reason="A worker's decision")
    light = draw(st.sampled_from([None] * 12 + ["", "declines_to_disclose", "small_charge", "means_tested_benefits"]))
    if light is not None:
        raw.update(light_touch=True, light_touch_reason=light, light_touch_note="Evidence seen")
        if light == "means_tested_benefits" and not any(i["type"] in LIGHT_TOUCH_EVIDENCE for i in raw["income"]):
            raw["income"].append(item("esa", draw(st.integers(0, 20000))))
    return raw


def assess_case(raw, policy):
    return assess(parse_input(raw, policy), TEST_RATES_2425, policy)


@st.composite
def policy_and_case(draw):
    policy = draw(policies())
    return policy, draw(cases(policy))


@settings(max_examples=examples(200), deadline=None)
@given(policy_and_case())
def test_the_lines_always_add_up_to_the_contribution(policy_and_raw):
    policy, raw = policy_and_raw
    result = assess_case(raw, policy)
    assert sum(line.pence for line in result.lines if line.kind != "result") == result.weekly_contribution_pence
    assert [line.kind for line in result.lines].count("result") == 1 and result.lines[-1].kind == "result"


@settings(max_examples=examples(200), deadline=None)
@given(policy_and_case())
def test_the_contribution_is_never_negative_nor_above_the_cost_with_any_policy(policy_and_raw):
    policy, raw = policy_and_raw
    result = assess_case(raw, policy)
    assert 0 <= result.weekly_contribution_pence <= raw["weekly_cost_of_care_pence"]


@settings(max_examples=examples(200), deadline=None)
@given(policy_and_case())
def test_the_contribution_is_never_above_the_policy_maximum(policy_and_raw):
    policy, raw = policy_and_raw
    result = assess_case(raw, policy)
    if policy.maximum_weekly_charge_pence is not None:
        assert result.weekly_contribution_pence <= policy.maximum_weekly_charge_pence


@settings(max_examples=examples(200), deadline=None)
@given(data=st.data(), extra=st.integers(1, 100000), joint=st.booleans())
def test_more_counted_income_never_lowers_the_contribution(data, extra, joint):
    policy = data.draw(policies())
    raw = data.draw(cases(policy))
    key = "joint_income" if joint and "partner" in raw else "income"
    raw[key] = [data.draw(counted_items), *raw.get(key, [])]
    raised = {**raw, key: [{**raw[key][0], "amount_pence": raw[key][0]["amount_pence"] + extra}, *raw[key][1:]]}
    # A minimum weekly charge can make it jump from nothing to the minimum or more: still never lower.
    assert assess_case(raised, policy).weekly_contribution_pence >= assess_case(raw, policy).weekly_contribution_pence


@settings(max_examples=examples(200), deadline=None)
@given(data=st.data(), over=st.booleans())
def test_a_partners_birth_date_changes_nothing_on_the_same_side_of_pension_age(data, over):
    policy = data.draw(policies())
    side = OVER_PENSION_AGE if over else UNDER_PENSION_AGE
    raw = data.draw(cases(policy, partner_born=side))
    other = {**raw, "partner": {**raw["partner"], "date_of_birth": data.draw(side).isoformat()}}
    assert assess_case(other, policy).as_dict() == assess_case(raw, policy).as_dict()


@settings(max_examples=examples(200), deadline=None)
@given(data=st.data())
def test_a_partners_pension_age_changes_only_the_mig(data):
    policy = data.draw(policies())
    raw = data.draw(cases(policy, partner_born=UNDER_PENSION_AGE))
    older = {**raw, "partner": {**raw["partner"], "date_of_birth": data.draw(OVER_PENSION_AGE).isoformat()}}
    young, old = assess_case(raw, policy), assess_case(older, policy)
    kept = {"income", "disregard", "deduction", "tariff", "full_cost"}
    assert [line for line in young.lines if line.kind in kept] == [line for line in old.lines if line.kind in kept]
    assert young.capital_lines == old.capital_lines and young.full_cost == old.full_cost


def test_a_full_cost_changed_by_the_councils_maximum_is_not_called_the_full_cost():
    from selfdirect.charging.policy import ChargingPolicy

    data = parse_input({**EXAMPLE, "capital_pence": 3000000})
    capped = assess(data, RATES_2425, ChargingPolicy(maximum_weekly_charge_pence=30000))
    assert capped.weekly_contribution_pence == 30000 and not capped.full_cost


def test_an_unknown_key_in_an_income_row_and_a_null_capital_are_refused_naming_them():
    for changes, field in [({"income": [{"type": "esa", "amount_pence": 1, "period": "weekly", "joint": True}]},
                            "income[0].joint"),
                           ({"capital_pence": None}, "capital_pence")]:
        with pytest.raises(InputError) as problem:
            parse_input({**EXAMPLE, **changes})
        assert problem.value.field == field
