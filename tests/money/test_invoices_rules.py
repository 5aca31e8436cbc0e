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


# ---- people at home (issue 19): the part of the contribution no instalment counted, on the days the council funded ----

Funded, BudgetPeriod = invoices.Funded, invoices.BudgetPeriod
HOME = Assessment(0, D(2026, 1, 1), 6000, invoiced=False)  # £60.00 a week, living at home
WHOLE = Funded(D(2026, 3, 23), D(2026, 6, 14), 20000)  # a budget of £200.00 a week funded over the whole of April


def test_a_council_managed_budget_is_invoiced_the_whole_contribution_on_the_days_funded():
    # £60.00 a week for 28 days, nothing taken off a direct payment: 4 x £60.00 = £240.00
    assert period_due([HOME, WHOLE], Period(MONDAY)) == 24000
    assert invoices.invoice_explanation([HOME, WHOLE], Period(MONDAY)) == (
        "Your contribution for 6 April to 3 May 2026 is £240.00: £60.00 a week for 28 days from 6 April 2026. "
        "This is your contribution towards the support the council paid for, for the days it paid for it, less any "
        "part already taken off your direct payment.")
    assert period_due([HOME], Period(MONDAY)) == 0  # at home, with no day funded: nothing


def test_a_mixed_budget_under_net_is_invoiced_only_what_the_direct_payment_did_not_net_off():
    # the direct payment (£40.00 a week) is paid net of £40.00 of the £60.00: £20.00 a week is invoiced, £80.00 a period
    mixed = Funded(D(2026, 3, 23), D(2026, 6, 14), 20000, counted_weekly_pence=4000)
    assert period_due([HOME, mixed], Period(MONDAY)) == 8000
    # a direct payment covering all of it (counted £60.00): nothing is invoiced
    assert period_due([HOME, Funded(D(2026, 3, 23), D(2026, 6, 14), 20000, 6000)], Period(MONDAY)) == 0


def test_a_contribution_above_the_budgets_cost_is_invoiced_up_to_the_cost():
    # £300.00 a week assessed, the budget costs £200.00 a week: £200.00 a week, £800.00 a period
    assert period_due([Assessment(0, D(2026, 1, 1), 30000, invoiced=False), WHOLE], Period(MONDAY)) == 80000


def test_only_days_the_council_funded_are_funded_paid_or_to_be_paid_and_not_suspended_reversed_or_after_closing():
    periods = [BudgetPeriod(D(2026, 3, 23), 20000, 0, paid=True),  # 23 March to 19 April
               BudgetPeriod(D(2026, 4, 20), 20000, 0, paid=False, suspended=True),  # skipped by the runs
               BudgetPeriod(D(2026, 5, 18), 20000, 0, paid=True, reversed=True),  # paid, then taken back
               BudgetPeriod(D(2026, 6, 15), 20000, 0, paid=True, suspended=True),  # paid before the suspension
               BudgetPeriod(D(2026, 7, 13), 20000, 0, paid=False)]  # starts after the case closed
    funded = invoices.funding(periods, stops_on=D(2026, 6, 30))
    assert funded == [Funded(D(2026, 3, 23), D(2026, 4, 19), 20000), Funded(D(2026, 6, 15), D(2026, 6, 30), 20000)]
    known = [HOME, *funded]
    assert period_due(known, Period(MONDAY)) == 2 * 6000  # 6 to 19 April: two weeks
    assert invoices.invoice_explanation(known, Period(MONDAY)).startswith(
        "Your contribution for 6 April to 3 May 2026 is £120.00: £60.00 a week for 14 days from 6 April 2026.")
    assert period_due(known, Period(D(2026, 5, 4))) == 0
    assert period_due(known, Period(D(2026, 6, 1))) == 2 * 6000  # 15 to 28 June
    # 29 June (a Monday) and 30 June: floor(6000 x 1 / 7) = 857, then floor(6000 x 2 / 7) - 857 = 1714 - 857 = 857
    assert period_due(known, Period(D(2026, 6, 29))) == 857 + 857


def test_a_backdated_increase_at_home_is_arrears_of_what_the_instalment_did_not_count():
    mixed = Funded(D(2026, 3, 23), D(2026, 6, 14), 20000, counted_weekly_pence=4000)
    before = [HOME, mixed]
    assert period_due(before, Period(MONDAY)) == 8000  # £20.00 a week invoiced
    now = before + [Assessment(1, D(2026, 4, 20), 8000, invoiced=False)]  # £80.00 a week from the third week
    # the instalment still counted £40.00: £20.00 a week for two weeks, then £40.00 a week for two
    change = adjustment(now, Period(MONDAY), invoiced_pence=8000, known_order=0)
    assert (change.due_pence, change.difference_pence) == (2 * 2000 + 2 * 4000, 4000)
    assert change.explanation == (
        "What we invoice of your contribution changed from £20.00 to £40.00 a week from 20 April 2026. For 6 April to "
        "3 May 2026 we invoiced £80.00; the contribution due is £120.00. You owe £40.00 more.")


def test_a_change_in_the_days_funded_alone_is_explained_as_that():
    paid = [HOME, Funded(D(2026, 3, 23), D(2026, 4, 19), 20000)]  # the instalment from 20 April was reversed
    change = adjustment(paid, Period(MONDAY), invoiced_pence=24000, known_order=0)
    assert change.difference_pence == -12000
    assert change.explanation.startswith(
        "We have worked out again what was due for 6 April to 3 May 2026: the days the council paid for your support, "
        "or the part of your contribution taken off your direct payment, changed.")


def test_a_first_assessment_at_home_backdated_says_what_we_invoice_from_when():
    change = adjustment([Assessment(0, D(2026, 4, 20), 6000, invoiced=False), WHOLE], Period(MONDAY),
                        invoiced_pence=0, known_order=None)
    assert change.difference_pence == 12000
    assert change.explanation.startswith("From 20 April 2026 we invoice £60.00 a week of your contribution.")


def test_moving_from_home_into_a_care_home_invoices_each_part_by_its_own_rule():
    # two weeks at home on a council-managed budget (£60.00), then a care home resident (£90.00, invoiced in full)
    moved = [HOME, WHOLE, Assessment(1, D(2026, 4, 20), 9000)]
    assert period_due(moved, Period(MONDAY)) == 2 * 6000 + 2 * 9000


funded_spans = st.lists(st.tuples(st.integers(0, 200), st.integers(1, 60), st.integers(0, 100_000),
                                  st.integers(0, 100_000)), max_size=4)


@given(made=st.lists(assessments, min_size=1, max_size=4), spans=funded_spans, periods=st.integers(1, 6))
@settings(max_examples=examples(200))
def test_with_people_at_home_invoices_and_adjustments_still_add_up_to_what_is_due(made, spans, periods):
    """The additive test above, with days funded at home: whatever the reassessments, what was invoiced less what was
    credited equals what is due worked out again, every day counted once."""
    start = period_of(D(2026, 3, 2)).starts_on
    funded = [Funded(start + datetime.timedelta(days=at), start + datetime.timedelta(days=at + length - 1), cost,
                     min(counted, cost)) for at, length, cost, counted in spans]
    known: list = list(funded)
    billed: dict[Period, int] = {}
    basis: dict[Period, int] = {}
    every = [Period(start + datetime.timedelta(days=28 * n)) for n in range(periods)]
    order = 0
    for batch in made:
        for day, weekly, in_home in batch:
            known.append(Assessment(order, day, weekly, in_home))
            order += 1
        for p in every:
            if p not in billed:
                billed[p], basis[p] = period_due(known, p), order - 1
                continue
            change = adjustment(known, p, invoiced_pence=billed[p], known_order=basis[p])
            if change is not None:
                billed[p] += change.difference_pence
                basis[p] = order - 1
    for p in every:
        assert billed[p] == period_due(known, p) >= 0
        assert adjustment(known, p, invoiced_pence=billed[p], known_order=basis[p]) is None
    assert sum(billed.values()) == due(known, every[0].starts_on, every[-1].ends_on)
