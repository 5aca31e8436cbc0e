"""The retention schedule's rules (retention/schedule.py): the day each kind of a person's records is past its period,
and what keeps them whatever the dates say. No database."""

import ast
import datetime
import pathlib

from selfdirect.retention import schedule

D = datetime.date
PERIODS = schedule.defaults()


def test_the_rules_module_imports_no_django():
    tree = ast.parse(pathlib.Path(schedule.__file__).read_text())
    imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    imported += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    assert not [name for name in imported if name.split(".")[0] in {"django", "rest_framework", "selfdirect"}]


def test_every_default_names_its_source_and_the_unconfirmed_say_so():
    assert PERIODS == {"care_record": 8, "financial": 6, "receipts": 6, "subject_access": 3, "research_releases": 5,
                       "audit_events": 8}
    for kind in schedule.KINDS.values():
        assert kind.source
        if not kind.confirmed:
            assert any(words in kind.source for words in ("could not", "No source", "No statutory", "not read"))


def test_the_financial_year_ends_on_31_march():
    assert schedule.financial_year_end(D(2014, 2, 10)) == D(2014, 3, 31)
    assert schedule.financial_year_end(D(2014, 3, 31)) == D(2014, 3, 31)
    assert schedule.financial_year_end(D(2014, 4, 1)) == D(2015, 3, 31)


def test_a_period_is_past_from_the_day_after_its_anniversary():
    assert schedule.due_after(D(2015, 3, 31), 8) == D(2023, 4, 1)
    assert schedule.due_after(D(2016, 2, 29), 1) == D(2017, 3, 1)  # 28 February 2017 is the anniversary
    assert schedule.audit_cutoff(D(2026, 12, 6), 8) == D(2018, 12, 6)


def test_money_runs_from_the_end_of_its_financial_year_and_the_latest_kind_decides():
    decision = schedule.decide(schedule.PersonDates(last_contact_on=D(2015, 3, 31), last_financial_on=D(2016, 5, 1),
                                                    last_receipt_on=D(2014, 2, 9)), PERIODS)
    by_kind = {r.kind: r for r in decision.reasons}
    assert by_kind["care_record"].due_on == D(2023, 4, 1)
    assert by_kind["financial"].runs_from == D(2017, 3, 31)
    assert by_kind["financial"].due_on == D(2023, 4, 1)
    assert by_kind["receipts"].due_on == D(2020, 4, 1)
    assert decision.due_on == D(2023, 4, 1)
    assert not decision.is_due(D(2023, 3, 31)) and decision.is_due(D(2023, 4, 1))
    assert "Financial records: kept 6 years from the financial year ending 31 March 2017 (latest 1 May 2016)" in (
        by_kind["financial"].text())
    longer = schedule.decide(schedule.PersonDates(last_contact_on=D(2015, 3, 31)), {**PERIODS, "care_record": 20})
    assert longer.due_on == D(2035, 4, 1)


def test_an_open_case_request_money_or_hold_keeps_the_records_whatever_the_dates():
    old = {"last_contact_on": D(2000, 1, 1)}
    assert schedule.decide(schedule.PersonDates(**old), PERIODS).is_due(D(2026, 1, 1))
    for keeping, words in [({"open_cases": 1}, "an open case"),
                           ({"open_subject_access": 1}, "an open subject access request"),
                           ({"money": ("money still held in an account of theirs",)}, "money still held"),
                           ({"hold": "A claim"}, "a legal hold (A claim)")]:
        decision = schedule.decide(schedule.PersonDates(**old, **keeping), PERIODS)
        assert not decision.is_due(D(2026, 1, 1)) and decision.past_period(D(2026, 1, 1))
        assert words in decision.refusal(D(2026, 1, 1))
    erased = schedule.decide(schedule.PersonDates(**old, erased_on=D(2025, 1, 2)), PERIODS)
    assert not erased.is_due(D(2026, 1, 1)) and "erased on 2 January 2025" in erased.refusal(D(2026, 1, 1))
    assert "not past the retention schedule until 2 January 2008" in schedule.decide(
        schedule.PersonDates(**old), PERIODS).refusal(D(2007, 1, 1))


def test_a_schedule_needs_every_kind_in_whole_years_within_bounds():
    assert schedule.check_periods(PERIODS) == {}
    assert set(schedule.check_periods({**PERIODS, "financial": 0, "receipts": "6", "audit_events": True})) == {
        "financial", "receipts", "audit_events"}
    missing = dict(PERIODS)
    del missing["care_record"]
    assert set(schedule.check_periods({**missing, "photos": 3})) == {"care_record", "photos"}
