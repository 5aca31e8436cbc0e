"""A large council's past, written in bulk: consistent with the ledger, the CLD return and the dashboards."""

import datetime

TODAY = datetime.date(2026, 11, 23)  # the day the council_with_history fixture writes its history up to


def test_the_history_spreads_cases_over_five_years_at_every_step(council_with_history):
    from selfdirect.journey.models import Case

    referred = list(Case.objects.values_list("referred_on", flat=True))
    assert len(referred) == 300 and min(referred) < TODAY - datetime.timedelta(days=4 * 365)
    states = set(Case.objects.values_list("state", flat=True))
    assert {"live", "closed", "referral"} <= states


def test_the_historys_ledger_is_sound_and_every_started_budget_was_paid_once(council_with_history):
    from selfdirect.journey.models import Case
    from selfdirect.money import queries as money
    from selfdirect.money.models import Instalment

    paid = council_with_history.history_paid
    assert money.check() == []
    assert paid == Instalment.objects.count() > 0
    started_before_runs = Case.objects.filter(support_started_on__lte=TODAY - datetime.timedelta(days=100)).count()
    assert Instalment.objects.values("case_id").distinct().count() == paid <= started_before_runs


def test_the_historys_client_level_data_return_passes_its_validation(council_with_history):
    from selfdirect.insight import queries

    text = queries.export(datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
    assert text.count("\n") > 10


def test_the_dashboards_facts_from_the_history_match_the_records(council_with_history):
    from selfdirect.insight import dashboards
    from selfdirect.insight.records import Filters
    from selfdirect.planning.models import SupportPlan

    everyone = Filters(datetime.date(2020, 1, 1), TODAY)
    take_up = dashboards.take_up(everyone, today=TODAY)
    with_plan = SupportPlan.objects.filter(status="approved").count()
    assert take_up.tables[0].rows[-1][0] == "All" and take_up.tables[0].rows[-1][1].value == with_plan
    times = dashboards.journey_times(everyone, today=TODAY).tables[0].rows[-1]
    assert times[0] == "All teams" and times[1].value == 300 and float(times[3].shown) > 0
