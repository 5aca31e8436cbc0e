"""outcomes.schedule: every review due, with hand-computed dates."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from selfdirect.outcomes import schedule
from selfdirect.outcomes.schedule import Facts, Raised, reviews_due

D = datetime.date


def _kinds(dues):
    return [(d.kind, d.earliest, d.latest, d.late) for d in dues]


def test_the_first_review_falls_6_to_8_weeks_after_sign_off():
    # Signed off on Monday 12 January 2026: 6 weeks is 23 February, 8 weeks 9 March.
    dues = reviews_due(Facts(signed_off_on=D(2026, 1, 12)), D(2026, 2, 1))
    assert _kinds(dues) == [("first", D(2026, 2, 23), D(2026, 3, 9), False)]
    assert "statutory guidance, chapter 13" in dues[0].why and "12 January 2026" in dues[0].why
    assert dues[0].window == "between 23 February 2026 and 9 March 2026"


def test_the_first_review_is_late_the_day_after_its_latest_day():
    facts = Facts(signed_off_on=D(2026, 1, 12))
    assert not reviews_due(facts, D(2026, 3, 9))[0].late
    late = reviews_due(facts, D(2026, 3, 10))[0]
    assert late.late and late.days_late == 1


def test_after_a_review_the_next_is_due_within_12_months_of_it():
    dues = reviews_due(Facts(signed_off_on=D(2026, 1, 12), held=(D(2026, 3, 2),)), D(2026, 4, 1))
    # At least every 12 months: by 2 March 2027, shown from 8 weeks before (5 January 2027).
    assert _kinds(dues) == [("annual", D(2027, 1, 5), D(2027, 3, 2), False)]
    assert dues[0].window == "between 5 January 2027 and 2 March 2027"


def test_the_last_of_several_reviews_counts():
    held = (D(2026, 3, 2), D(2026, 9, 30), D(2026, 6, 1))
    dues = reviews_due(Facts(signed_off_on=D(2026, 1, 12), held=held), D(2026, 10, 1))
    assert [d.latest for d in dues] == [D(2027, 9, 30)]


def test_a_review_before_the_plan_was_signed_off_does_not_count_for_the_new_plan():
    # A review on 1 March 2026 led to a new plan, signed off on 20 April 2026: its first review is from that day.
    dues = reviews_due(Facts(signed_off_on=D(2026, 4, 20), held=(D(2026, 3, 1),)), D(2026, 5, 1))
    assert _kinds(dues) == [("first", D(2026, 6, 1), D(2026, 6, 15), False)]


def test_a_direct_payment_is_reviewed_within_6_months_of_the_first_payment():
    # Paid first on 31 August 2026: 6 months later is 28 February 2027 (the end of the shorter month).
    facts = Facts(signed_off_on=D(2026, 8, 3), first_payment_on=D(2026, 8, 31), held=(D(2026, 8, 20),))
    dues = reviews_due(facts, D(2026, 9, 1))
    assert _kinds(dues) == [
        ("direct_payment_first", D(2027, 1, 3), D(2027, 2, 28), False),  # 8 weeks before 28 February
        ("annual", D(2027, 6, 25), D(2027, 8, 20), False),
    ]
    assert "regulation 7" in dues[0].why


def test_one_review_meets_the_plan_and_the_direct_payment_reviews():
    facts = Facts(signed_off_on=D(2026, 1, 12), first_payment_on=D(2026, 1, 30), held=(D(2026, 3, 2),))
    dues = reviews_due(facts, D(2026, 3, 3))
    assert [(d.kind, d.latest) for d in dues] == [("annual", D(2027, 3, 2)), ("direct_payment_annual", D(2027, 3, 2))]


def test_a_direct_payments_6_month_review_missed_is_late():
    # First paid 7 months ago, no review since: late by a month.
    facts = Facts(signed_off_on=D(2025, 12, 1), first_payment_on=D(2026, 5, 7), held=(D(2026, 1, 20),))
    dues = reviews_due(facts, D(2026, 12, 7))
    first = next(d for d in dues if d.kind == "direct_payment_first")
    assert first.latest == D(2026, 11, 7) and first.late and first.days_late == 30
    assert schedule.late_counts(dues)["direct_payment_first"] == 1 and schedule.late_counts(dues)["annual"] == 0


def test_a_request_agreed_is_due_at_once_and_within_the_councils_days():
    facts = Facts(signed_off_on=D(2026, 1, 12), held=(D(2026, 3, 2),),
                  raised=(Raised("requested", D(2026, 5, 4), ref=7),))
    dues = reviews_due(facts, D(2026, 6, 2))
    assert _kinds(dues)[0] == ("requested", D(2026, 5, 4), D(2026, 6, 1), True)  # 28 days on
    assert dues[0].ref == 7 and "section 27(1)(b)" in dues[0].why and "council's own rule" in dues[0].why
    shorter = reviews_due(facts, D(2026, 5, 5), schedule.Rules(raised_days=14))
    assert shorter[0].latest == D(2026, 5, 18) and not shorter[0].late


def test_a_trigger_says_what_changed():
    facts = Facts(signed_off_on=D(2026, 1, 12), raised=(Raised("triggered", D(2026, 2, 2), "capacity_changed"),))
    dues = reviews_due(facts, D(2026, 2, 3))
    assert _kinds(dues) == [("triggered", D(2026, 2, 2), D(2026, 3, 2), False),
                            ("first", D(2026, 2, 23), D(2026, 3, 9), False)]
    assert dues[0].why.startswith("The person's capacity changed on 2 February 2026")


def test_a_review_held_on_or_after_a_request_meets_it_and_one_before_does_not():
    raised = (Raised("triggered", D(2026, 4, 1), "concern_raised"),)
    assert not [d for d in reviews_due(Facts(D(2026, 1, 12), held=(D(2026, 4, 1),), raised=raised), D(2026, 4, 2))
                if d.kind == "triggered"]
    still = [d for d in reviews_due(Facts(D(2026, 1, 12), held=(D(2026, 3, 31),), raised=raised), D(2026, 4, 2))
             if d.kind == "triggered"]
    assert len(still) == 1


def test_nothing_is_due_without_a_signed_off_plan_or_a_payment():
    assert reviews_due(Facts(signed_off_on=None), D(2026, 1, 1)) == []
    assert schedule.next_review_on([]) is None


def test_the_next_review_is_the_earliest_latest_day():
    facts = Facts(signed_off_on=D(2026, 1, 12), first_payment_on=D(2025, 11, 1), held=(D(2025, 12, 1),))
    dues = reviews_due(facts, D(2026, 1, 13))
    # The direct payment's yearly review (by 1 December 2026) comes after the plan's first (by 9 March 2026).
    assert schedule.next_review_on(dues) == D(2026, 3, 9)


def test_the_councils_first_review_weeks_set_the_latest_day():
    dues = reviews_due(Facts(signed_off_on=D(2026, 1, 12)), D(2026, 1, 12), schedule.Rules(first_by_weeks=4))
    assert (dues[0].earliest, dues[0].latest) == (D(2026, 2, 9), D(2026, 2, 9))  # the window never opens after it shuts


days = st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31))


@given(signed=days, paid=st.none() | days, gaps=st.lists(st.integers(0, 400), max_size=4),
       raised=st.lists(st.tuples(st.sampled_from(schedule.RAISED), st.integers(-300, 300)), max_size=3),
       today=st.integers(0, 800))
def test_after_any_review_no_scheduled_review_is_due_within_6_months(signed, paid, gaps, raised, today):
    """After a review held on or after the plan's sign-off and the first payment, nothing scheduled is due within 6
    months of it: only requests and triggers raised after it can be."""
    last = max(signed, paid or signed) + datetime.timedelta(days=sum(gaps))
    held = tuple(last - datetime.timedelta(days=g) for g in gaps) + (last,)
    raised = tuple(Raised(kind, last + datetime.timedelta(days=offset)) for kind, offset in raised)
    dues = reviews_due(Facts(signed, paid, held, raised), last + datetime.timedelta(days=today))
    for due in dues:
        if due.kind in schedule.SCHEDULED:
            assert due.latest >= last + datetime.timedelta(days=181)
        else:
            assert due.earliest > last


@given(signed=days, paid=st.none() | days, held=st.lists(days, max_size=5), today=days)
def test_every_window_opens_on_or_before_it_shuts_and_late_means_past_the_latest_day(signed, paid, held, today):
    dues = reviews_due(Facts(signed, paid, tuple(held)), today)
    assert len({d.kind for d in dues}) == len(dues) <= 2  # one of the plan's kinds, one of the direct payment's
    for due in dues:
        assert due.earliest <= due.latest
        assert due.late == (today > due.latest) and (due.days_late > 0) == due.late
    assert schedule.next_review_on(dues) == min((d.latest for d in dues), default=None)
