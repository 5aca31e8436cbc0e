"""Pages count quickly without keeping the cases; a drill-down keeps them. Both ways give the same figures."""

from hypothesis import given, settings
from hypothesis import strategies as st

from selfdirect.insight import figures
from selfdirect.insight.tables import Count
from tests.hypo import examples

options = st.sampled_from([code for code, _ in figures.OPTIONS] + ["not_chosen"])
budgets = st.lists(st.tuples(st.sampled_from(["2026-01", "2026-02"]), options, st.sampled_from(["Older people", "Mental health"]),
                             st.sampled_from(["North", "South"]), st.sampled_from(["Wendy", "Steve"]), st.sampled_from(["18-24", "85+"])),
                   max_size=30)
choices = st.lists(st.tuples(st.integers(1, 12), options, st.booleans(), st.sampled_from(["", "other"]),
                             st.sampled_from(["North", "South"]), st.sampled_from(["Wendy", "Steve"])), max_size=40)


def _shown(table):
    return [[c.value if isinstance(c, Count) else getattr(c, "shown", c) for c in row] for row in table.rows]


def _each_count_is_its_cases(table):
    return all(c.value == len(c.cases) for row in table.rows for c in row if isinstance(c, Count))


@settings(max_examples=examples(60), deadline=None)
@given(budgets)
def test_take_up_is_the_same_counted_quickly_or_keeping_the_cases(drawn):
    made = [figures.NewBudget(i, *b) for i, b in enumerate(drawn)]
    for by, _ in figures.TAKE_UP_BREAKDOWNS:
        kept = figures.take_up(made, by, keep_cases=True)
        assert _shown(figures.take_up(made, by, keep_cases=False)) == _shown(kept) and _each_count_is_its_cases(kept)


@settings(max_examples=examples(60), deadline=None)
@given(choices)
def test_choice_tables_are_the_same_counted_quickly_or_keeping_the_cases(drawn):
    latest = {(case, option): (case, option, *rest) for case, option, *rest in drawn if option != "not_chosen"}
    made = [figures.Choice(*row) for row in latest.values()]
    for build in (figures.offered_per_worker, lambda c, **k: figures.reasons_not_offered(c, {}, **k)):
        kept = build(made, keep_cases=True)
        assert _shown(build(made, keep_cases=False)) == _shown(kept) and _each_count_is_its_cases(kept)


def test_every_dashboard_counted_by_the_database_matches_the_one_that_keeps_the_cases(council_with_history):
    import datetime

    from selfdirect.insight import dashboards
    from selfdirect.insight.records import Filters

    today = council_with_history.history_today
    five_years = Filters(datetime.date(2021, 1, 1), today)
    for filters in (five_years, Filters(datetime.date(2025, 1, 1), today, team_id=council_with_history.south.pk),
                    Filters(datetime.date(2021, 1, 1), today, client_group="older_people")):
        for slug in dashboards.DASHBOARDS:
            page = dashboards.work_out(slug, filters, today=today)
            drill = dashboards.work_out(slug, filters, today=today, keep_cases=True)
            assert [t.key for t in page.tables] == [t.key for t in drill.tables]
            for counted, kept in zip(page.tables, drill.tables, strict=True):
                assert _shown(counted) == _shown(kept), (slug, counted.key)
                assert _each_count_is_its_cases(kept)
    take_up = dashboards.work_out("take-up", five_years, today=today)
    assert take_up.tables[0].rows[-1][1].value > 100  # the history has plenty of budgets to count
    choice = dashboards.work_out("choice-offered", five_years, today=today)
    assert any(row[2].value for t in choice.tables[2:] for row in t.rows)  # some people were not offered a direct payment


def test_age_bands_from_days_of_birth_agree_with_the_bands_of_ages_at_every_birthday_edge():
    import datetime

    from selfdirect.insight.records import _age_bands
    from selfdirect.people.checks import age_band, age_on

    for today in (datetime.date(2026, 11, 23), datetime.date(2028, 2, 29)):
        band_of = _age_bands(today)
        for years in (18, 24, 25, 64, 65, 74, 75, 84, 85, 99):
            for shift in (-1, 0, 1):
                try:
                    born = today.replace(year=today.year - years) + datetime.timedelta(days=shift)
                except ValueError:
                    born = today.replace(year=today.year - years, day=28) + datetime.timedelta(days=shift)
                assert band_of(born.toordinal()) == age_band(age_on(born, today)), (today, born)
