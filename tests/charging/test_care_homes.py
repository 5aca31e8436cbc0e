"""What a care home resident pays (setting care_home_permanent or care_home_temporary): the Personal Expenses
Allowance instead of the Minimum Income Guarantee, the property rules, the care components that stop, and half of a
pension paid to a spouse at home. No published council example with inputs and a printed result could be found
(searched December 2026), so each case is worked by hand from the rule it cites."""

import datetime
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selfdirect.charging.contribution import InputError, assess, parse_input
from selfdirect.charging.rates import rates_for
from tests.hypo import examples

RATES = rates_for(datetime.date(2025, 6, 1))  # 2025/26: Personal Expenses Allowance £30.65
BASE = {"effective_date": "2025-06-02", "date_of_birth": "1940-03-01", "setting": "care_home_permanent",
        "weekly_cost_of_care_pence": 90000, "capital_pence": 0, "admitted_on": "2025-05-01",
        "income": [{"type": "state_pension", "amount_pence": 20000, "period": "weekly"}]}


def run(**changes):
    raw = {**BASE, **changes}
    result = assess(parse_input(raw), RATES)
    assert sum(line.pence for line in result.lines if line.kind != "result") == result.weekly_contribution_pence
    return result


def refused(**changes):
    with pytest.raises(InputError) as problem:
        assess(parse_input({**BASE, **changes}), RATES)
    return problem.value.field


def test_a_resident_keeps_the_personal_expenses_allowance_not_the_mig():
    result = run()
    # Charging Regulations 2014, reg 6: £200.00 - £30.65 = £169.35
    assert result.weekly_contribution_pence == 20000 - 3065
    assert [p.label for p in result.mig_parts] == ["Personal Expenses Allowance"]


def test_attendance_allowance_is_counted_for_28_days_then_stops():
    aa = [{"type": "state_pension", "amount_pence": 20000, "period": "weekly"},
          {"type": "attendance_allowance_higher", "amount_pence": 11040, "period": "weekly"}]
    within = run(income=aa, effective_date="2025-05-28")  # day 27
    assert within.weekly_contribution_pence == 20000 + 11040 - 3065
    after = run(income=aa, effective_date="2025-05-29")  # 28 days after 1 May
    assert after.weekly_contribution_pence == 20000 - 3065
    assert any("stopped on 29 May 2025" in line.label for line in after.lines)


HOME = {"value_pence": 25000000, "secured_debt_pence": 0}


def test_the_home_is_disregarded_for_the_first_12_weeks_of_a_first_permanent_admission_then_counted():
    # Schedule 2, para 2: 12 weeks from 1 May 2025 is to 23 July 2025.
    within = run(property=HOME, effective_date="2025-07-23")
    assert not within.full_cost and within.counted_capital_pence == 0
    assert "disregarded for the first 12 weeks, to 23 July 2025" in within.capital_lines[-1].label
    after = run(property=HOME, effective_date="2025-07-24")
    # £250,000 less 10% for selling (£25,000): £225,000, above the upper capital limit, so the full cost
    assert after.full_cost and after.counted_capital_pence == 22500000
    again = run(property=HOME, effective_date="2025-07-23", first_permanent_admission=False)
    assert again.full_cost


def test_the_home_is_disregarded_while_a_partner_or_a_qualifying_relative_lives_there():
    for who in ["partner", "relative_60_or_over", "relative_incapacitated", "child_under_18", "former_partner_lone_parent"]:
        result = run(property={**HOME, "occupied_by": [who]}, effective_date="2026-01-05")
        assert not result.full_cost and result.counted_capital_pence == 0, who
    discretion = run(property={**HOME, "discretionary_disregard_reason": "Her carer of 20 years lives there"},
                     effective_date="2026-01-05")
    assert discretion.counted_capital_pence == 0 and "Her carer of 20 years" in discretion.capital_lines[-1].rule


def test_a_home_is_counted_less_selling_costs_and_secured_debt_and_a_share_at_its_willing_buyer_value():
    small = run(property={"value_pence": 1500000, "secured_debt_pence": 200000}, effective_date="2026-01-05")
    # £15,000 less £1,500 selling and £2,000 debt: £11,500, below the lower limit: no tariff income
    assert small.counted_capital_pence == 1150000 and small.tariff_income_weekly_pence == 0
    share = run(property={"value_pence": 4000000, "owners": 2, "share_value_pence": 1700000},
                effective_date="2026-01-05")
    # a half share of £40,000 worth £17,000 to a willing buyer (Annex B): less 10% = £15,300, tariff £5 (reg 25)
    assert share.counted_capital_pence == 1530000 and share.tariff_income_weekly_pence == 500
    assert refused(property={"value_pence": 4000000, "owners": 2}) == "property.share_value_pence"


def test_half_a_pension_paid_to_a_spouse_at_home_is_disregarded_only_when_at_least_half_is_paid():
    income = [{"type": "state_pension", "amount_pence": 20000, "period": "weekly"},
              {"type": "occupational_pension", "amount_pence": 30000, "period": "weekly"}]
    paid_half = run(income=income, pension_paid_to_spouse_pence=15000)
    assert paid_half.weekly_contribution_pence == 20000 + 30000 - 15000 - 3065
    paid_less = run(income=income, pension_paid_to_spouse_pence=14999)
    assert paid_less.weekly_contribution_pence == 20000 + 30000 - 3065
    assert any("less than half" in line.label for line in paid_less.lines)


def test_a_temporary_resident_keeps_the_home_disregarded_and_the_costs_of_keeping_it_allowed():
    result = run(setting="care_home_temporary", property=HOME, effective_date="2026-01-05",
                 housing_costs=[{"description": "Council tax at home", "amount_pence": 2500, "period": "weekly"}])
    assert not result.full_cost and result.counted_capital_pence == 0
    assert result.weekly_contribution_pence == 20000 - 2500 - 3065


@pytest.mark.parametrize(("changes", "field"), [
    ({"setting": "community", "property": HOME, "admitted_on": None}, "property"),
    ({"setting": "hospital"}, "setting"),
    ({"disability_related_expenditure": [{"description": "x", "amount_pence": 1, "period": "weekly"}]},
     "disability_related_expenditure"),
    ({"housing_costs": [{"description": "x", "amount_pence": 1, "period": "weekly"}]}, "housing_costs"),
    ({"property": HOME, "capital": [{"type": "home", "amount_pence": 1}], "capital_pence": None}, "capital[0].type"),
    ({"property": {**HOME, "occupied_by": ["lodger"]}}, "property.occupied_by[0]"),
    ({"property": {**HOME, "colour": "red"}}, "property.colour"),
    ({"admitted_on": "2025-07-01"}, "admitted_on"),
])
def test_bad_care_home_input_names_the_field(changes, field):
    raw = {key: value for key, value in {**BASE, **changes}.items() if value is not None}
    with pytest.raises(InputError) as problem:
        assess(parse_input(raw), RATES)
    assert problem.value.field == field


def test_the_command_line_assesses_a_resident_with_the_same_output_keys(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from selfdirect.charging.contribution import assess as engine

    path = tmp_path / "resident.json"
    path.write_text(json.dumps({**BASE, "property": HOME}))
    out = StringIO()
    call_command("charging", "assess", "--input", str(path), stdout=out)
    printed = json.loads(out.getvalue())
    at_home = {key: value for key, value in BASE.items() if key not in {"setting", "admitted_on"}}
    assert set(printed) == set(engine(parse_input(at_home), RATES).as_dict())
    assert printed["weekly_contribution_pence"] == 20000 - 3065
    assert any(line["kind"] == "property" for line in printed["lines"])


def test_a_permanent_residents_home_needs_the_day_they_moved_in_to_know_when_the_12_weeks_end():
    raw = {key: value for key, value in BASE.items() if key != "admitted_on"}
    with pytest.raises(InputError) as problem:
        parse_input({**raw, "property": HOME})
    assert problem.value.field == "admitted_on"
    assert parse_input({**raw, "property": HOME, "first_permanent_admission": False}).property is not None


def test_odd_input_is_refused_naming_the_field_never_a_crash():
    for changes, field in [({"capital": 5, "capital_pence": None}, "capital"),
                           ({"pension_paid_to_spouse_pence": 1000}, "pension_paid_to_spouse_pence"),
                           ({"weekly_cost_of_care_pence": 3_000_000_000}, "weekly_cost_of_care_pence")]:
        raw = {key: value for key, value in {**BASE, **changes}.items() if value is not None}
        with pytest.raises(InputError) as problem:
            assess(parse_input(raw), RATES)
        assert problem.value.field == field, changes


def test_the_care_components_stop_after_28_days_of_a_temporary_stay_too_and_the_day_is_said_before():
    aa = [{"type": "state_pension", "amount_pence": 20000, "period": "weekly"},
          {"type": "attendance_allowance_higher", "amount_pence": 11040, "period": "weekly"}]
    before = run(setting="care_home_temporary", income=aa, effective_date="2025-05-10")
    assert before.weekly_contribution_pence == 20000 + 11040 - 3065
    assert any("counted until 29 May 2025" in line.label and line.kind == "note" for line in before.lines)
    after = run(setting="care_home_temporary", income=aa, effective_date="2025-06-02")
    assert after.weekly_contribution_pence == 20000 - 3065


# Properties over random residents: the lines add up, the contribution stays within nothing and the cost, and more
# counted income never lowers it.
COUNTED = ["state_pension", "occupational_pension", "attendance_allowance_higher", "pension_credit", "other"]


@st.composite
def residents(draw):
    raw = {**BASE, "setting": draw(st.sampled_from(["care_home_permanent", "care_home_temporary"])),
           "effective_date": draw(st.dates(datetime.date(2025, 5, 1), datetime.date(2026, 3, 31))).isoformat(),
           "weekly_cost_of_care_pence": draw(st.integers(0, 200000)),
           "income": [{"type": draw(st.sampled_from(COUNTED)), "amount_pence": draw(st.integers(0, 60000)),
                       "period": draw(st.sampled_from(["weekly", "monthly", "four_weekly"]))}
                      for _ in range(draw(st.integers(1, 4)))],
           "capital_pence": draw(st.integers(0, 3000000))}
    if draw(st.booleans()):
        raw["property"] = {"value_pence": draw(st.integers(0, 50000000)),
                           "secured_debt_pence": draw(st.integers(0, 5000000)),
                           "occupied_by": draw(st.lists(st.sampled_from(["partner", "child_under_18"]), max_size=1))}
    return raw


@settings(max_examples=examples(200), deadline=None)
@given(raw=residents(), index=st.integers(0, 3), extra=st.integers(1, 50000))
def test_a_residents_lines_add_up_stay_within_the_cost_and_more_income_never_lowers_it(raw, index, extra):
    result = assess(parse_input(raw), RATES)
    assert sum(line.pence for line in result.lines if line.kind != "result") == result.weekly_contribution_pence
    assert 0 <= result.weekly_contribution_pence <= raw["weekly_cost_of_care_pence"]
    more = json.loads(json.dumps(raw))
    more["income"][index % len(more["income"])]["amount_pence"] += extra
    assert assess(parse_input(more), RATES).weekly_contribution_pence >= result.weekly_contribution_pence
