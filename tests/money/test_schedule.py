"""When a payment run pays each four-week period, without a database: the money arrives before the period begins when
runs follow the council's cycle, working back through the three-day Bacs cycle on working days of England and Wales,
and a period is reported as catching up only when a run on the cycle really was missed."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selfdirect.core.dates import is_working_day
from selfdirect.money import schedule
from selfdirect.money.schedule import Cycle

D = datetime.date
CYCLE = Cycle(anchor=D(2026, 1, 12), advance_days=2)  # Mondays, four-weekly; sent to Bacs two working days later


def cycle_runs(cycle, first, last):
    day, runs = cycle.run_on_or_before(first), []
    while day <= last:
        runs.append(day)
        day = cycle.next_run_after(day)
    return runs


def test_runs_every_28_days_on_the_cycle_report_nothing_late_and_pay_each_period_before_it_begins():
    """The fault of issue 19: with runs every 28 days, about half the instalments were reported 'missed by an earlier
    run' and paid after their period had begun. Budgets starting on every day of four weeks, two years of runs."""
    runs = cycle_runs(CYCLE, D(2026, 1, 1), D(2028, 1, 31))
    for offset in range(28):
        start, paid = D(2026, 2, 1) + datetime.timedelta(days=offset), {}
        for run in runs:
            to_pay, late, _ = schedule.due_periods(start, run, cycle=CYCLE, paid=set(paid))
            assert late == [], f"support from {start}: the run of {run} reports {late} late"
            paid.update({p.number: run for p in to_pay})
        assert sorted(paid) == list(range(len(paid))) and len(paid) >= 24
        for number, run in paid.items():  # each paid by a run on or before its latest run day: it arrives in time
            assert is_working_day(run) and run <= CYCLE.latest_run_day(schedule.period(start, number).starts_on)


def test_the_money_must_arrive_on_the_first_day_or_the_working_day_before():
    assert schedule.arrival_day(D(2026, 3, 4)) == D(2026, 3, 4)  # a Wednesday
    assert schedule.arrival_day(D(2026, 3, 1)) == D(2026, 2, 27)  # a Sunday: the Friday before
    assert schedule.arrival_day(D(2026, 4, 6)) == D(2026, 4, 2)  # Easter Monday: back past Good Friday to the Thursday


def test_the_bacs_file_goes_in_two_working_days_before_the_money_arrives():
    assert schedule.bacs_input_day(D(2026, 3, 4)) == D(2026, 3, 2)  # input Monday, processing Tuesday, entry Wednesday
    assert schedule.bacs_input_day(D(2026, 3, 2)) == D(2026, 2, 26)  # entry Monday: input the Thursday before
    # Clear Direct Debit, "Bacs Easter processing dates" (2018): arrival Tuesday 3 April, processing Thursday 29 March,
    # latest submission Wednesday 28 March (Good Friday 30 March and Easter Monday 2 April are not working days)
    assert schedule.bacs_input_day(D(2018, 4, 3)) == D(2018, 3, 28)
    # Access PaySuite, the bank holiday for the state funeral on Monday 19 September 2022: arrival Tuesday 20 September,
    # processing Friday 16 September, submission Thursday 15 September
    assert schedule.bacs_input_day(D(2022, 9, 20)) == D(2022, 9, 15)


def test_a_period_starting_the_day_after_easter_monday_2026():
    """Good Friday 3 April and Easter Monday 6 April 2026 are bank holidays: for money on Tuesday 7 April, Bacs
    processes it on Thursday 2 April and the file goes in on Wednesday 1 April; with two working days to approve and
    send it, the run must be made by Monday 30 March."""
    assert schedule.arrival_day(D(2026, 4, 7)) == D(2026, 4, 7)
    assert schedule.bacs_input_day(D(2026, 4, 7)) == D(2026, 4, 1)
    assert CYCLE.latest_run_day(D(2026, 4, 7)) == D(2026, 3, 30)
    assert Cycle(D(2026, 1, 12), advance_days=0).latest_run_day(D(2026, 4, 7)) == D(2026, 4, 1)
    # the cycle's runs: Monday 9 March, then Monday 6 April is Easter Monday, so that run moves back to Thursday 2 April
    assert [CYCLE.run_day(n) for n in (2, 3, 4)] == [D(2026, 3, 9), D(2026, 4, 2), D(2026, 5, 1)]  # 4 May is a bank holiday
    # the run of 30 March is too late for the one of 2 April: the 9 March run pays it, on time
    assert CYCLE.run_paying(D(2026, 4, 7)) == D(2026, 3, 9)
    to_pay, late, _ = schedule.due_periods(D(2026, 4, 7), D(2026, 3, 9), cycle=CYCLE, paid=set())
    assert [p.starts_on for p in to_pay] == [D(2026, 4, 7)] and late == []


def test_a_run_day_on_a_bank_holiday_moves_back_to_the_working_day_before():
    cycle = Cycle(anchor=D(2026, 4, 6))  # Easter Monday
    assert cycle.run_day(0) == D(2026, 4, 2) and cycle.run_day(1) == D(2026, 5, 1)  # 4 May is the early May bank holiday
    assert cycle.run_day(-1) == D(2026, 3, 9)
    assert cycle.next_run_after(D(2026, 4, 2)) == D(2026, 5, 1)
    assert cycle.next_run_after(D(2026, 4, 1)) == D(2026, 4, 2)
    assert cycle.run_on_or_before(D(2026, 4, 6)) == D(2026, 4, 2)


def test_a_missed_run_is_caught_up_and_said_so():
    start = D(2026, 2, 1)  # a Sunday: periods from 1 February, 1 March, 29 March, 26 April
    to_pay, late, _ = schedule.due_periods(start, D(2026, 1, 12), cycle=CYCLE, paid=set())
    assert [p.number for p in to_pay] == [0] and late == []
    # the 9 February run (which pays the period from 1 March) is missed; the 9 March run pays it late, and its own
    to_pay, late, _ = schedule.due_periods(start, D(2026, 3, 9), cycle=CYCLE, paid={0})
    assert [p.starts_on for p in to_pay] == [D(2026, 3, 1), D(2026, 3, 29)]
    assert [p.starts_on for p in late] == [D(2026, 3, 1)]


def test_support_starting_soon_after_a_run_waits_for_no_run_it_cannot_wait_for():
    """Support starting three days after a run day: too soon for the next run, so the run before pays it (on time if
    the budget was ready then, else the next run catches it up and says so)."""
    start = D(2026, 2, 12)  # a Thursday, three days after the run of Monday 9 February
    assert CYCLE.run_paying(start) == D(2026, 1, 12)
    to_pay, late, _ = schedule.due_periods(start, D(2026, 2, 9), cycle=CYCLE, paid=set())
    assert [p.number for p in to_pay] == [0, 1] and [p.number for p in late] == [0]  # from 12 March: its latest run is 6 March


def test_a_run_made_between_the_cycles_runs_pays_what_the_next_run_would_be_too_late_for():
    start = D(2026, 2, 1)
    to_pay, late, _ = schedule.due_periods(start, D(2026, 1, 20), cycle=CYCLE, paid=set())
    assert [p.number for p in to_pay] == [0] and late == []  # the 9 February run would be too late for 1 February
    to_pay, late, _ = schedule.due_periods(start, D(2026, 2, 5), cycle=CYCLE, paid={0})
    assert to_pay == []  # the period from 1 March can wait for the run of 9 February


@pytest.mark.parametrize("offset", range(28))
def test_the_last_start_a_run_pays_is_exactly_what_due_periods_pays(offset):
    run = D(2026, 3, 9) + datetime.timedelta(days=offset)
    last = CYCLE.last_start_paid_by(run)
    assert CYCLE.latest_run_day(last) < CYCLE.next_run_after(run) <= CYCLE.latest_run_day(last + datetime.timedelta(days=1))


@given(st.lists(st.dates(D(2026, 1, 1), D(2027, 12, 31)), min_size=1, max_size=12),
       st.dates(D(2025, 12, 1), D(2026, 12, 31)), st.integers(0, 5))
def test_whatever_the_run_dates_each_period_is_paid_exactly_once_and_late_only_past_its_last_day(run_dates, anchor, advance):
    cycle, start, paid = Cycle(anchor, advance), D(2026, 1, 5), []
    for run_date in run_dates:
        to_pay, late, _ = schedule.due_periods(start, run_date, cycle=cycle, paid=set(paid))
        paid += [p.number for p in to_pay]
        assert all(cycle.latest_run_day(p.starts_on) < run_date for p in late)
        assert all(cycle.latest_run_day(p.starts_on) < cycle.next_run_after(run_date) for p in to_pay)
    assert len(paid) == len(set(paid))
    assert sorted(paid) == list(range(len(paid)))  # no gaps: the periods up to the latest run are all paid


def test_a_budget_that_stops_is_paid_no_period_starting_after_it_stops_and_a_suspension_is_skipped():
    to_pay, _, _ = schedule.due_periods(D(2026, 1, 5), D(2026, 6, 1), cycle=CYCLE, paid=set(), stops_on=D(2026, 3, 1))
    assert [p.starts_on for p in to_pay] == [D(2026, 1, 5), D(2026, 2, 2)]
    to_pay, _, skipped = schedule.due_periods(D(2026, 1, 5), D(2026, 2, 9), cycle=CYCLE, paid={0, 1},
                                              suspended=lambda p: p.starts_on == D(2026, 3, 2))
    assert to_pay == [] and [p.number for p in skipped] == [2]


def test_the_advance_is_working_days_zero_or_more():
    with pytest.raises(ValueError, match="0 or more"):
        Cycle(D(2026, 1, 12), advance_days=-1)
