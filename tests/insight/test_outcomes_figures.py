"""The outcomes dashboard's figures (issue 21, "Reporting") on a small hand-built dataset whose answers are known:
shares of good answers by domain with 95% Wilson intervals, the splits (delivery option, client group, who answered),
the count of answers from someone other than the person, the same people over time, Review Outcomes Achieved by
option, and small numbers hidden in what is shared."""

import datetime
import math

import pytest

from selfdirect.insight import outcome_figures as of
from selfdirect.insight import tables
from selfdirect.insight.outcome_figures import Answered, Reviewed

START, END = datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)
ON = datetime.date(2025, 10, 1)


def wilson(k, n, z=1.959963984540054):
    """The Wilson score interval, written out from the formula (Wilson 1927) independently of the code under test."""
    p = k / n
    centre = (p + z ** 2 / (2 * n)) / (1 + z ** 2 / n)
    half = z / (1 + z ** 2 / n) * math.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2))
    return centre - half, centre + half


def answered(person, answers, *, by="person_alone", on=ON, option="direct_payment", group="Older people", scale="change",
             respondent="person", name="", pk=None, ethnicity="White British", age="75-84"):
    return Answered(100 + person, person, on, respondent, name, by, scale, answers, option, group, age, ethnicity,
                    pk or person)


# Ten people, each answering their own questionnaire once in the period (person 4 twice: the later counts).
# Health: better for people 1 to 8, the same for 9 and 10 (8 of 10 good). Money: does not apply to person 1; better
# for 2 to 4, worse for 5 to 10 (3 of 9 good). People 1 to 6 have a direct payment, 7 to 10 council-managed support.
# People 1 to 3 answered for themselves (3 with family there), 4 to 8 through a relative, 9 an advocate, 10 a worker.
BY = {1: "person_alone", 2: "person_alone", 3: "person_with_family", 4: "relative", 5: "relative", 6: "relative",
      7: "relative", 8: "relative", 9: "advocate", 10: "worker_for_person"}


def dataset():
    found = []
    for person in range(1, 11):
        health = "better" if person <= 8 else "same"
        money = "not_applicable" if person == 1 else "better" if person <= 4 else "worse"
        found.append(answered(person, {"health": health, "money": money}, by=BY[person],
                              option="direct_payment" if person <= 6 else "council_managed",
                              group="Older people" if person <= 5 else "Learning disability"))
    # Person 4's earlier answers in the period (worse on both) do not count: their latest do.
    found.append(answered(4, {"health": "worse", "money": "worse"}, by="relative", on=ON - datetime.timedelta(days=60),
                          pk=40))
    # Answers on the other scale, a family carer's, and answers outside the period count in none of these figures.
    found.append(answered(11, {"health": "very_satisfied", "money": "satisfied"}, scale="satisfaction"))
    found.append(answered(1, {"carer_wellbeing": "worse"}, respondent="family_carer", by="carer_themselves", name="Ann"))
    found.append(answered(12, {"health": "worse"}, on=START - datetime.timedelta(days=1)))
    return found


def counted(**kwargs):
    return of.chosen(dataset(), respondent="person", scale="change", start=START, end=END, **kwargs)


def test_each_person_counts_once_by_their_latest_answers_on_one_scale():
    found = counted()
    assert [a.person_id for a in found] == list(range(1, 11))
    assert next(a for a in found if a.person_id == 4).answers == {"health": "better", "money": "better"}
    satisfaction = of.chosen(dataset(), respondent="person", scale="satisfaction", start=START, end=END)
    assert [a.person_id for a in satisfaction] == [11]  # never mixed in with the change scale


def test_good_answers_by_domain_with_their_wilson_intervals():
    table = of.by_domain(counted())
    rows = {row[0]: row for row in table.rows}
    assert list(rows) == ["Health", "Money"]
    health = rows["Health"]
    assert (health[1].value, health[2].value, health[6].value) == (10, 8, 0)
    assert health[3].shown == "80.0%" and health[3].number == 80.0
    # The published value for 8 of 10: 0.490 to 0.943.
    assert (health[4].shown, health[5].shown) == ("49.0%", "94.3%")
    money = rows["Money"]
    assert (money[1].value, money[2].value, money[6].value) == (9, 3, 1)  # "does not apply" counts in no share
    low, high = wilson(3, 9)
    assert money[3].shown == "33.3%" and money[4].number == round(low * 100, 1) and money[5].number == round(high * 100, 1)
    assert health[2].cases == tuple(range(101, 109))  # the cases behind a count, for a drill-down
    quick = of.by_domain(counted(), keep_cases=False)  # a page's: the same figures, no cases kept
    assert tables.plain_rows(quick, shared=False) == tables.plain_rows(table, shared=False)
    assert quick.rows[0][2].cases is None


def test_the_shares_split_by_delivery_option_client_group_and_who_answered():
    answers = counted()
    by_option = of.split_by(answers, "option", "Delivery option", "by-delivery-option")
    assert by_option.header == ["Delivery option", "People", "Health: share good (95% interval)",
                                "Money: share good (95% interval)"]
    rows = {row[0]: row for row in by_option.rows}
    assert list(rows) == ["Council-managed", "Direct payment"]  # in the options' order
    low, high = wilson(6, 6)
    assert rows["Direct payment"][1].value == 6
    assert rows["Direct payment"][2].shown == f"100.0% ({low * 100:.1f}% to 100.0%)"
    low, high = wilson(3, 5)
    assert rows["Direct payment"][3].shown == f"60.0% ({low * 100:.1f}% to {high * 100:.1f}%)"
    assert rows["Council-managed"][2].number == 50.0 and rows["Council-managed"][3].number == 0.0

    by_group = {row[0]: row for row in of.split_by(answers, "client_group", "Client group", "by-client-group").rows}
    assert by_group["Older people"][1].value == 5 and by_group["Older people"][3].number == 75.0  # 3 of 4
    assert by_group["Learning disability"][2].number == 60.0  # 3 of 5

    by_who = {row[0]: row for row in of.split_by(answers, "answered_by", "Who answered", "by-who-answered").rows}
    assert list(by_who) == ["The person, alone", "The person, with family present", "A relative, without the person",
                            "An advocate, for the person", "A worker, for the person"]
    assert by_who["A relative, without the person"][1].value == 5
    assert by_who["A relative, without the person"][3].number == 20.0  # money: person 4 better, 5 to 8 worse
    assert by_who["The person, alone"][3].number == 100.0  # person 2 better; person 1's "does not apply" not counted


def test_the_default_view_says_how_many_answers_came_from_someone_other_than_the_person():
    found = of.other_voices(counted())
    assert found == {"people": 10, "others": 7,
                     "by": {"person_alone": 2, "person_with_family": 1, "relative": 5, "advocate": 1,
                            "worker_for_person": 1}}
    note = of.other_voices_note(counted())
    assert note.startswith("10 people's answers to their own questionnaire count here; 7 of them (70.0%) were given by "
                           "someone other than the person: 5 by a relative without the person, fewer than 5 by an "
                           "advocate, fewer than 5 by a worker.")
    assert of.other_voices_note(counted(voice="own")).startswith("Fewer than 5 people's answers")
    assert "none of them were given" in of.other_voices_note(counted(voice="own"))
    # A share of a small number would give the number away: none is shown.
    assert "(" not in of.other_voices_note(counted()[:6]).split(";")[1].split(":")[0]


def test_whose_voice_narrows_every_figure():
    own = counted(voice="own")
    others = counted(voice="others")
    assert [a.person_id for a in own] == [1, 2, 3]
    assert [a.person_id for a in others] == list(range(4, 11))
    assert {row[0]: row[2].value for row in of.by_domain(own).rows} == {"Health": 3, "Money": 2}


def test_the_same_people_over_time_are_those_with_answers_in_two_or_more_years():
    found = [
        # Person 1: worse in 2024-25, better in 2025-26 (the later of two that year counts).
        answered(1, {"health": "worse"}, on=datetime.date(2024, 6, 1)),
        answered(1, {"health": "same"}, on=datetime.date(2025, 5, 1), pk=11),
        answered(1, {"health": "better"}, on=datetime.date(2026, 3, 1), pk=12),
        # Person 2 answered in one year only: not followed.
        answered(2, {"health": "better"}, on=datetime.date(2025, 6, 1)),
        # Person 3: 2023-24 (March 2024 is still that year) and 2025-26.
        answered(3, {"health": "better"}, on=datetime.date(2024, 3, 31)),
        answered(3, {"health": "worse"}, on=datetime.date(2025, 4, 1), pk=31),
        # Person 4: two years, but the second is after the period's end.
        answered(4, {"health": "better"}, on=datetime.date(2025, 1, 1)),
        answered(4, {"health": "better"}, on=datetime.date(2026, 4, 1), pk=41),
    ]
    table, followed = of.over_time(found, respondent="person", scale="change", end=END)
    assert followed == 2
    assert [(row[0], row[1].value, row[2].shown) for row in table.rows] == [
        ("2023-24", 1, "100.0% (" + f"{wilson(1, 1)[0] * 100:.1f}" + "% to 100.0%)"),
        ("2024-25", 1, "0.0% (0.0% to " + f"{wilson(0, 1)[1] * 100:.1f}" + "%)"),
        ("2025-26", 2, "50.0% (" + f"{wilson(1, 2)[0] * 100:.1f}% to {wilson(1, 2)[1] * 100:.1f}" + "%)")]
    assert table.rows[2][1].cases == (101, 103)
    assert of.financial_year(datetime.date(2026, 3, 31)) == "2025-26" and of.financial_year(datetime.date(2026, 4, 1)) == "2026-27"
    assert "rise" in of.EXPECTATIONS_NOTE and "expect" in of.EXPECTATIONS_NOTE


def test_review_outcomes_achieved_by_delivery_option():
    reviews = [
        Reviewed(101, 1, ON, "direct_payment", ("achieved", "achieved"), 1),  # Fully Met
        Reviewed(102, 2, ON, "direct_payment", ("achieved", "partly"), 2),  # Partially Met
        Reviewed(103, 3, ON, "direct_payment", ("not_achieved",), 3),  # Not Met
        Reviewed(104, 4, ON, "direct_payment", (), 4),  # rated nothing: not counted
        Reviewed(107, 7, ON - datetime.timedelta(days=30), "council_managed", ("not_achieved",), 5),  # an earlier one
        Reviewed(107, 7, ON, "council_managed", ("achieved",), 6),  # Fully Met
        Reviewed(108, 8, START - datetime.timedelta(days=1), "council_managed", ("achieved",), 7),  # before the period
    ]
    table = of.review_outcomes_by_option(reviews, start=START, end=END)
    assert table.header == ["Delivery option", "People reviewed", "Fully Met", "Fully Met: share", "Partially Met",
                            "Partially Met: share", "Not Met", "Not Met: share", "Fully Met: 95% interval"]
    rows = {row[0]: [c.value if isinstance(c, tables.Count) else c.shown for c in row[1:]] for row in table.rows}
    assert rows["Direct payment"][:7] == [3, 1, "33.3%", 1, "33.3%", 1, "33.3%"]
    assert rows["Council-managed"][:7] == [1, 1, "100.0%", 0, "0.0%", 0, "0.0%"]
    low, high = wilson(2, 4)
    assert rows["All options"][:3] == [4, 2, "50.0%"]
    assert rows["All options"][7] == f"{low * 100:.1f}% to {high * 100:.1f}%"
    assert list(rows) == ["Council-managed", "Direct payment", "All options"]


def test_small_numbers_are_hidden_in_what_is_shared():
    by_option = of.split_by(counted(), "option", "Delivery option", "by-delivery-option")
    shared = tables.csv_text(by_option, shared=True).splitlines()
    assert shared[1] == "Council-managed,<5,[c],[c]"  # 4 people: the count and every share from them hidden
    assert shared[2].startswith("Direct payment,6,100.0% (")
    assert "Council-managed,4,50.0% (" in tables.csv_text(by_option, shared=False)
    domains = tables.plain_rows(of.by_domain(counted()), shared=True)
    assert domains[0][:3] == ["Health", "10", "8"] and domains[1][6] == "<5"  # money: "does not apply" to 1 person
    # Notes go everywhere, so they never give a number from 1 to 4.
    assert "fewer than 5 by an advocate" in of.other_voices_note(counted())


def test_no_answers_give_empty_tables_not_errors():
    assert of.by_domain([]).rows == []
    assert of.split_by([], "option", "Delivery option", "by-delivery-option").rows == []
    table, followed = of.over_time([], respondent="person", scale="change", end=END)
    assert table.rows == [] and followed == 0
    assert of.review_outcomes_by_option([], start=START, end=END).rows == []
    assert of.other_voices_note([]) == "No one's answers to their own questionnaire count in this period."


@pytest.mark.parametrize("k,n", [(0, 5), (5, 5), (1, 3), (7, 20)])
def test_the_interval_is_the_wilson_score_interval(k, n):
    t = of.tally([answered(p, {"health": "better" if p <= k else "worse"}) for p in range(1, n + 1)], "health")
    low, high = wilson(k, n)
    assert t["low"] == pytest.approx(max(0.0, low), abs=1e-12) and t["high"] == pytest.approx(min(1.0, high), abs=1e-12)


def test_the_charts_leave_out_shares_from_fewer_than_5_people(db, monkeypatch):
    from selfdirect.core import charts
    from selfdirect.insight import dashboards, records

    over_two_years = [answered(p, {"health": "better" if p % 2 else "worse"}, on=datetime.date(2024, 10, 1), pk=500 + p)
                      for p in range(1, 6)]
    monkeypatch.setattr(records, "evaluations", lambda filters, names: dataset() + over_two_years)
    monkeypatch.setattr(records, "reviews", lambda filters: [])
    built = dashboards.outcomes(records.OutcomeFilters(START, END), today=END)
    assert len(built.charts) == 3
    drawn = [make() for make in built.charts]
    values = [str(chart.to_dict()) for chart, _ in drawn]  # by domain, by delivery option, year by year
    assert "Council-managed" not in values[1] and "Direct payment" in values[1]  # 4 council-managed people: left out
    assert "2024-25" in values[2] and "2025-26" in values[2]
    assert all(charts.svg(chart).startswith("<svg") for chart, _ in drawn)
    assert all(alt.endswith("below") for _, alt in drawn)  # each says where its figures are
