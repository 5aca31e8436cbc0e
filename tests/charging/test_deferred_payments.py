"""The deferred payment agreement rules (charging.deferred), worked by hand from the rule each cites. No council
publishes a worked statement with interest; the equity limit is checked against North Northamptonshire Council's
published example."""

import datetime
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selfdirect.charging import deferred as d
from tests.hypo import examples

RATES = d.interest_rates()
JAN_2024 = datetime.date(2024, 1, 1)


def terms(**changes):
    return d.Terms(**{"starts_on": JAN_2024, "weekly_deferred_pence": 50000, "equity_limit_pence": 13425000} | changes)


def test_the_equity_limit_is_the_value_less_ten_percent_less_the_lower_capital_limit():
    # North Northamptonshire Council, "Borrowing and fees": "£165,000 minus 10% ... - £16,500 minus £14,250 ... equals
    # the equity limit Total: £134,250"
    assert d.equity_limit_pence(value_pence=16500000, secured_debt_pence=0, lower_capital_limit_pence=1425000) == 13425000
    assert d.equity_limit_pence(value_pence=16500000, secured_debt_pence=4000000,
                                lower_capital_limit_pence=1425000) == 9425000
    assert d.equity_limit_pence(value_pence=1000000, secured_debt_pence=0, lower_capital_limit_pence=1425000) == 0


def test_an_agreement_must_be_offered_only_when_all_three_conditions_of_regulation_2_are_met():
    must = dict(setting="care_home_permanent", home_counted=True, capital_excluding_home_pence=2325000,
                upper_capital_limit_pence=2325000)
    assert d.offer_conditions(**must) == []
    assert "reg 2(1)(b)" in d.offer_conditions(**must | {"capital_excluding_home_pence": 2325001})[0]
    assert "reg 2(1)(c)" in d.offer_conditions(**must | {"home_counted": False})[0]
    assert "reg 2(1)(a)" in d.offer_conditions(**must | {"setting": "care_home_temporary"})[0]


def test_a_week_adds_the_interest_on_what_was_owed_at_its_start_then_the_care_costs():
    weeks = d.accrue(terms(), opening_balance_pence=0, from_week=JAN_2024, up_to=datetime.date(2024, 1, 14), rates=RATES)
    assert [(w.care_pence, w.interest_pence, w.basis_points) for w in weeks] == [(50000, 0, 465), (50000, 45, 465)]
    # week 2: £500.00 x 4.65% x 7 / 365 = 44.59p, rounded to 45p; the interest bears interest from the next week
    assert weeks[-1].balance_pence == 100045
    third = d.accrue(terms(), opening_balance_pence=100045, from_week=datetime.date(2024, 1, 15),
                     up_to=datetime.date(2024, 1, 21), rates=RATES)
    assert third[0].interest_pence == 89  # 100045 x 0.0465 x 7 / 365 = 89.22p


def test_only_whole_weeks_are_added_until_the_agreement_ends_then_the_part_week_in_proportion():
    assert d.accrue(terms(), opening_balance_pence=0, from_week=JAN_2024, up_to=datetime.date(2024, 1, 6),
                    rates=RATES) == []
    part = d.accrue(terms(), opening_balance_pence=0, from_week=JAN_2024, up_to=datetime.date(2024, 1, 3), rates=RATES,
                    final=True)
    assert [(w.days, w.care_pence) for w in part] == [(3, 21429)]  # 3/7 of £500.00 = £214.285..., to the penny


def test_no_more_care_costs_are_deferred_past_the_equity_limit_but_interest_is_still_added():
    weeks = d.accrue(terms(equity_limit_pence=120000), opening_balance_pence=0, from_week=JAN_2024,
                     up_to=datetime.date(2024, 1, 28), rates=RATES)
    assert [w.care_pence for w in weeks] == [50000, 50000, 19866, 0]
    assert weeks[2].capped and weeks[3].capped
    assert weeks[3].interest_pence > 0 and weeks[3].balance_pence > 120000


def test_a_week_with_no_known_national_maximum_is_refused_never_guessed_unless_no_interest_is_charged():
    with pytest.raises(d.MissingRate) as missing:
        d.accrue(terms(starts_on=datetime.date(2024, 6, 24)), opening_balance_pence=0,
                 from_week=datetime.date(2024, 6, 24), up_to=datetime.date(2024, 7, 7), rates=RATES)
    assert missing.value.day == datetime.date(2024, 7, 1)
    free = d.accrue(terms(starts_on=datetime.date(2026, 1, 5), interest=0), opening_balance_pence=0,
                    from_week=datetime.date(2026, 1, 5), up_to=datetime.date(2026, 1, 18), rates=RATES)
    assert [w.interest_pence for w in free] == [0, 0]


def test_a_fixed_rate_above_the_national_maximum_is_brought_down_to_it():
    assert d.week_rate(terms(interest=500), JAN_2024, RATES) == 465
    assert d.week_rate(terms(interest=300), JAN_2024, RATES) == 300


def test_the_interest_file_names_a_source_for_every_rate_and_refuses_overlaps_naming_the_rate():
    assert all(rate.source for rate in RATES)
    bad = {"rates": [{"from": "2024-01-01", "to": "2024-06-30", "percent": "4.65", "source": "x"},
                     {"from": "2024-06-01", "to": "2024-12-31", "percent": "4.05", "source": "y"}]}
    with pytest.raises(d.DeferredError) as problem:
        d.parse_interest_rates(json.dumps(bad), path="rates.json")
    assert problem.value.field == "rates.json, rate 2"
    with pytest.raises(d.DeferredError, match="names no source"):
        d.parse_interest_rates(json.dumps({"rates": [{**bad["rates"][0], "source": " "}]}))
    with pytest.raises(d.DeferredError, match='"percent"'):
        d.parse_interest_rates(json.dumps({"rates": [{**bad["rates"][0], "percent": "4.6"}]}))


def test_income_kept_above_the_personal_expenses_allowance_is_deferred_too_up_to_the_allowance():
    common = dict(setting="care_home_permanent", weekly_cost_pence=90000, home_counted=True,
                  capital_excluding_home_pence=0, contribution_without_home_pence=20000,
                  personal_expenses_allowance_pence=3065, disposable_income_allowance_pence=14400, value_pence=25000000,
                  secured_debt_pence=0, upper_capital_limit_pence=2325000, lower_capital_limit_pence=1425000)
    plain = d.propose(**common, kept_income_weekly_pence=None)
    assert (plain.income_contribution_pence, plain.weekly_deferred_pence) == (20000, 70000)
    keeps_more = d.propose(**common, kept_income_weekly_pence=10000)
    assert (keeps_more.income_contribution_pence, keeps_more.weekly_deferred_pence) == (13065, 76935)
    with pytest.raises(d.DeferredError) as problem:
        d.propose(**common, kept_income_weekly_pence=14401)
    assert problem.value.field == "kept_income_weekly_pence"
    assert plain.equity_limit_pence == 25000000 - 2500000 - 1425000


def test_statements_fall_every_six_months_from_the_start():
    assert d.statement_periods(datetime.date(2026, 1, 31), datetime.date(2026, 12, 6)) == [
        (datetime.date(2026, 1, 31), datetime.date(2026, 7, 30))]
    assert d.statement_periods(datetime.date(2026, 8, 31), datetime.date(2027, 2, 27)) == [
        (datetime.date(2026, 8, 31), datetime.date(2027, 2, 27))]


@given(moves=st.lists(st.tuples(st.integers(0, 400), st.sampled_from(sorted(d.KIND_LABELS)), st.integers(-10**6, 10**6)),
                      max_size=30), start=st.integers(0, 400), length=st.integers(0, 200))
@settings(max_examples=examples(60))
def test_a_statement_closes_on_its_opening_balance_plus_every_movement_in_it(moves, start, length):
    day0 = datetime.date(2025, 1, 1)
    movements = [d.Movement(day0 + datetime.timedelta(days=n), kind, pence) for n, kind, pence in moves]
    starts_on = day0 + datetime.timedelta(days=start)
    ends_on = starts_on + datetime.timedelta(days=length)
    found = d.statement(movements, starts_on=starts_on, ends_on=ends_on, equity_limit_pence=10**6)
    assert found.closing_pence == d.sum_due(movements, on=ends_on)
    assert found.closing_pence == found.opening_pence + sum(found.totals.values())


@given(weekly=st.integers(0, 200000), limit=st.integers(0, 5 * 10**6), weeks=st.integers(1, 30),
       rate=st.integers(0, 900))
@settings(max_examples=examples(60))
def test_care_deferred_never_takes_what_is_owed_past_the_equity_limit(weekly, limit, weeks, rate):
    rates = [d.InterestRate(datetime.date(2020, 1, 1), datetime.date(2030, 12, 31), rate, "test")]
    found = d.accrue(terms(weekly_deferred_pence=weekly, equity_limit_pence=limit), opening_balance_pence=0,
                     from_week=JAN_2024, up_to=JAN_2024 + datetime.timedelta(weeks=weeks), rates=rates)
    balance = 0
    for week in found:
        if week.care_pence:
            assert week.balance_pence <= limit
        balance += week.care_pence + week.interest_pence
        assert week.balance_pence == balance
