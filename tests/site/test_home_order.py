"""The order of a worker's work (site/work.py): Django-free rules, tested without a database."""

import ast
import datetime
import pathlib

import pytest

from selfdirect.core import dates
from selfdirect.site import work

TODAY = datetime.date(2026, 12, 2)  # a Wednesday


def _item(kind, case_id, days_ago, name="Ann", state="planning"):
    return work.WorkItem(kind=kind, case_id=case_id, person_id=case_id, person_name=name,
                         since=TODAY - datetime.timedelta(days=days_ago), state=state)


def test_each_kind_comes_in_its_order_of_urgency_whatever_has_waited():
    items = [
        _item(work.STEP_WAITING, 1, 400, state="referral"),
        _item(work.ASSESSMENT_REQUESTED, 2, 300),
        _item(work.PROPOSALS_WAITING, 3, 200),
        _item(work.PLAN_RETURNED, 4, 100),
        _item(work.REVIEW_DUE, 5, 0, state="live"),
        _item(work.REVIEW_OVERDUE, 6, 1, state="live"),
    ]
    assert [i.kind for i in work.in_order_of_urgency(items, TODAY)] == [
        work.REVIEW_OVERDUE, work.REVIEW_DUE, work.PLAN_RETURNED, work.PROPOSALS_WAITING, work.ASSESSMENT_REQUESTED,
        work.STEP_WAITING]


def test_within_a_kind_the_longest_wait_comes_first_then_by_name():
    items = [_item(work.REVIEW_OVERDUE, 1, 3, "Cat"), _item(work.REVIEW_OVERDUE, 2, 30, "Bob"),
             _item(work.REVIEW_OVERDUE, 3, 3, "ann"), _item(work.STEP_WAITING, 4, 5), _item(work.STEP_WAITING, 5, 50)]
    assert [i.case_id for i in work.in_order_of_urgency(items, TODAY)] == [2, 3, 1, 5, 4]


def test_a_case_with_more_urgent_work_is_not_listed_again_as_waiting_at_its_step():
    items = [_item(work.STEP_WAITING, 1, 10), _item(work.PLAN_RETURNED, 1, 2), _item(work.STEP_WAITING, 2, 1)]
    ordered = work.in_order_of_urgency(items, TODAY)
    assert [(i.kind, i.case_id) for i in ordered] == [(work.PLAN_RETURNED, 1), (work.STEP_WAITING, 2)]


def test_a_plan_waiting_for_agreement_is_listed_even_when_the_case_has_other_work():
    items = [_item(work.STEP_WAITING, 1, 3, state="agreement"), _item(work.ASSESSMENT_REQUESTED, 1, 5, state="agreement")]
    ordered = work.in_order_of_urgency(items, TODAY)
    assert [(i.kind, i.state) for i in ordered] == [(work.ASSESSMENT_REQUESTED, "agreement"),
                                                    (work.STEP_WAITING, "agreement")]


def test_days_waited_are_counted_from_the_start_of_the_wait_and_never_negative():
    assert _item(work.REVIEW_OVERDUE, 1, 14).days(TODAY) == 14
    assert _item(work.STEP_WAITING, 1, -3).days(TODAY) == 0


@pytest.mark.parametrize(("start", "end", "expected"), [
    (datetime.date(2026, 11, 27), datetime.date(2026, 11, 30), 1),  # Friday to Monday
    (datetime.date(2026, 11, 30), datetime.date(2026, 11, 30), 0),  # the same day
    (datetime.date(2026, 11, 30), datetime.date(2026, 12, 7), 5),  # Monday to Monday
    (datetime.date(2026, 11, 28), datetime.date(2026, 11, 29), 0),  # Saturday to Sunday
    (datetime.date(2026, 11, 28), datetime.date(2026, 11, 30), 1),  # Saturday to Monday
    (datetime.date(2026, 11, 2), datetime.date(2026, 12, 2), 22),  # a month: 4 weeks and 2 days
    (datetime.date(2026, 12, 2), datetime.date(2026, 11, 2), 0),  # the future is not waiting
])
def test_working_days_count_monday_to_friday_after_the_first_day(start, end, expected):
    assert dates.working_days_between(start, end) == expected


def test_the_rules_module_imports_no_django():
    tree = ast.parse((pathlib.Path(work.__file__)).read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not any(a.name.split(".")[0] in {"django", "rest_framework"} for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.module.split(".")[0] not in {"django", "rest_framework"}
