"""The contribution invoice rules (money.invoices), without a database: a day's share of the weekly amount, the
four-weekly periods, which assessment decides a day, and the arrears or refund a backdated reassessment makes."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from selfdirect.money import invoices
from selfdirect.money.invoices import Assessment, Period, adjustment, day_pence, due, period_due, period_of
from tests.hypo import examples

D = datetime.date
MONDAY = D(2026, 4, 6)


def test_a_day_is_the_weekly_amount_split_over_the_week_the_odd_pennies_to_the_later_days():
    # £10.00 a week: 1000 / 7 = 142.857...; Monday 142p, every other day 143p
    week = [day_pence(1000, MONDAY + datetime.timedelta(days=n)) for n in range(7)]
    assert week == [142, 143, 143, 143, 143, 143, 143] and sum(week) == 1000
    assert [day_pence(700, MONDAY + datetime.timedelta(days=n)) for n in range(7)] == [100] * 7
    assert day_pence(0, MONDAY) == 0


@given(weekly=st.integers(0, 10_000_000), start=st.dates(D(2020, 1, 1), D(2035, 1, 1)))
@settings(max_examples=examples(300))
def test_any_seven_days_in_a_row_at_one_rate_are_exactly_the_weekly_amount(weekly, start):
    one = [Assessment(0, D(2000, 1, 1), weekly)]
    assert due(one, start, start + datetime.timedelta(days=6)) == weekly
    assert due(one, start, start + datetime.timedelta(days=27)) == weekly * 4


def test_periods_are_four_whole_weeks_from_monday_6_april_2026_both_ways():
    assert period_of(D(2026, 4, 6)) == Period(D(2026, 4, 6))
    assert period_of(D(2026, 5, 3)) == Period(D(2026, 4, 6))
    assert period_of(D(2026, 5, 4)) == Period(D(2026, 5, 4))
    assert period_of(D(2026, 4, 5)) == Period(D(2026, 3, 9))
    assert Period(D(2026, 4, 6)).ends_on == D(2026, 5, 3)
    assert Period(D(2026, 4, 6)).label == "6 April to 3 May 2026"
    assert Period(D(2026, 12, 14)).label == "14 December 2026 to 10 January 2027"
    assert [p.starts_on for p in invoices.periods_between(D(2026, 4, 20), D(2026, 6, 1))] == [
        D(2026, 4, 6), D(2026, 5, 4), D(2026, 6, 1)]


def test_the_latest_made_assessment_decides_each_day_from_its_effective_date():
    first = Assessment(0, D(2026, 4, 6), 7000)
    backdated = Assessment(1, D(2026, 4, 20), 14000)  # made later, effective from the third week
    earlier_date_made_last = Assessment(2, D(2026, 4, 13), 3500)
    assert due([first, backdated], D(2026, 4, 6), D(2026, 5, 3)) == 7000 * 2 + 14000 * 2
    # the last made supersedes from 13 April: every later day is its, the second no longer decides any
    assert due([first, backdated, earlier_date_made_last], D(2026, 4, 6), D(2026, 5, 3)) == 7000 + 3500 * 3
    assert due([first], D(2026, 3, 30), D(2026, 4, 5)) == 0  # before the first assessment


def test_days_living_at_home_are_not_invoiced():
    home = Assessment(0, D(2026, 4, 6), 5000, invoiced=False)
    moved = Assessment(1, D(2026, 4, 20), 7000)
    assert due([home, moved], D(2026, 4, 6), D(2026, 5, 3)) == 14000


def test_an_invoice_says_the_rate_behind_each_part_of_it():
    said = invoices.invoice_explanation([Assessment(0, D(2026, 4, 6), 7000), Assessment(1, D(2026, 4, 27), 14000)],
                                        Period(MONDAY))
    assert said == ("Your contribution for 6 April to 3 May 2026 is £350.00: £70.00 a week for 21 days from "
                    "6 April 2026, and £140.00 a week for 7 days from 27 April 2026.")


def test_a_backdated_increase_is_arrears_with_the_change_in_plain_english():
    before = [Assessment(0, D(2026, 4, 6), 5000)]
    now = before + [Assessment(1, D(2026, 5, 18), 6500)]
    period = Period(D(2026, 5, 4))
    change = adjustment(now, period, invoiced_pence=20000, known_order=0)
    assert change.due_pence == 5000 * 2 + 6500 * 2 and change.difference_pence == 3000
    assert change.explanation == (
        "Your contribution changed from £50.00 to £65.00 a week from 18 May 2026. For 4 May to 31 May 2026 we "
        "invoiced £200.00; the contribution due is £230.00. You owe £30.00 more.")
    assert adjustment(now, period, invoiced_pence=23000, known_order=1) is None  # already adjusted: nothing more


def test_a_backdated_decrease_is_a_refund():
    now = [Assessment(0, D(2026, 4, 6), 5000), Assessment(1, D(2026, 4, 1), 4000)]
    change = adjustment(now, Period(MONDAY), invoiced_pence=20000, known_order=0)
    assert change.difference_pence == -4000
    assert change.explanation.startswith("Your contribution changed from £50.00 to £40.00 a week from 6 April 2026.")
    assert change.explanation.endswith("We owe you £40.00: we take it off what you owe us, or pay it back to you if you "
                                       "have already paid.")


def test_a_first_assessment_backdated_into_a_period_never_invoiced_is_arrears_from_its_date():
    change = adjustment([Assessment(0, D(2026, 4, 20), 7000)], Period(MONDAY), invoiced_pence=0, known_order=None)
    assert change.difference_pence == 14000
    assert change.explanation.startswith("Your contribution of £70.00 a week applies from 20 April 2026.")


def test_leaving_the_care_home_backdated_is_a_refund_of_the_days_after():
    now = [Assessment(0, D(2026, 4, 6), 7000), Assessment(1, D(2026, 4, 27), 7000, invoiced=False)]
    change = adjustment(now, Period(MONDAY), invoiced_pence=28000, known_order=0)
    assert change.difference_pence == -7000
    assert change.explanation.startswith("From 27 April 2026 you no longer pay a contribution as a care home resident.")


def test_days_before_the_council_began_invoicing_are_left_out():
    one = [Assessment(0, D(2026, 1, 1), 7000)]
    assert period_due(one, Period(MONDAY), since=D(2026, 4, 20)) == 14000
    assert adjustment(one, Period(MONDAY), invoiced_pence=14000, known_order=0, since=D(2026, 4, 20)) is None


assessments = st.lists(st.tuples(st.dates(D(2026, 3, 1), D(2026, 9, 30)), st.integers(0, 200_000), st.booleans()),
                       min_size=1, max_size=6)


@given(made=st.lists(assessments, min_size=1, max_size=4), first=st.integers(0, 3), periods=st.integers(1, 6))
@settings(max_examples=examples(200))
def test_invoices_and_adjustments_always_add_up_to_what_is_due_worked_out_again(made, first, periods):
    """Assessments arrive in batches (each a reassessment, effective from any date, backdated or not); after each the
    council invoices the periods not yet invoiced and adjusts those already invoiced. Whatever the order, what was
    invoiced less what was credited for each period, and for all of them, equals what the final assessments make due
    (every day counted once), and adjusting again raises nothing."""
    known: list[Assessment] = []
    billed: dict[Period, int] = {}
    basis: dict[Period, int] = {}
    start = period_of(D(2026, 3, 2)).starts_on
    every = [Period(start + datetime.timedelta(days=28 * n)) for n in range(first, first + periods)]
    for batch in made:
        known = known + [Assessment(len(known) + i, day, weekly, invoiced) for i, (day, weekly, invoiced) in enumerate(batch)]
        for p in every:
            if p not in billed:
                billed[p], basis[p] = period_due(known, p), len(known) - 1
                continue
            change = adjustment(known, p, invoiced_pence=billed[p], known_order=basis[p])
            if change is not None:
                assert change.difference_pence != 0 and change.explanation
                billed[p] += change.difference_pence
                basis[p] = len(known) - 1
    for p in every:
        assert billed[p] == period_due(known, p)
        assert adjustment(known, p, invoiced_pence=billed[p], known_order=basis[p]) is None
    total = sum(pence for _, pence in invoices.daily(known, every[0].starts_on, every[-1].ends_on))
    assert sum(billed.values()) == total == due(known, every[0].starts_on, every[-1].ends_on)


def test_while_a_deferred_payment_agreement_covers_a_day_only_the_income_part_is_invoiced():
    full_cost = Assessment(0, D(2026, 1, 1), 90000)
    agreement = invoices.Deferral(0.5, MONDAY + datetime.timedelta(days=14), MONDAY + datetime.timedelta(days=20), 19935)
    period = Period(MONDAY)
    # two weeks at the full cost, one week under the agreement, one week after it ended (the home sold: full cost)
    assert period_due([full_cost, agreement], period) == 90000 * 3 + 19935
    found = adjustment([full_cost, agreement], period, invoiced_pence=4 * 90000, known_order=0)
    assert found.difference_pence == 19935 - 90000
    assert "under your deferred payment agreement you pay from your income" in found.explanation
    assert invoices.weekly_on([full_cost, agreement], MONDAY + datetime.timedelta(days=15)) == 19935
