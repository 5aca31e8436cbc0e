"""A large council's past, written in bulk: consistent with the ledger, the CLD return and the dashboards."""

import datetime

from selfdirect.core import demo_history

TODAY = datetime.date(2026, 11, 23)


def _history(council, count=300):
    from selfdirect.accounts.models import Organisation

    provider = Organisation.objects.create(name="Riverside Day Opportunities", kind="day_service", cqc_location_id="1-100000002",
                                           bank_sort_code="309634", bank_account_number="22345678")
    return demo_history.build(first_index=0, count=count, seed=3, today=TODAY, teams=[council.north, council.south, council.north],
                              workers=[council.worker, council.south_worker, council.worker],
                              managers=[council.manager, council.south_manager, council.manager], finance=council.finance,
                              orgs=[council.agency, provider], first_run_date=TODAY - datetime.timedelta(days=364))


def test_the_history_spreads_cases_over_five_years_at_every_step(council):
    from selfdirect.journey.models import Case

    _history(council)
    referred = list(Case.objects.values_list("referred_on", flat=True))
    assert len(referred) == 300 and min(referred) < TODAY - datetime.timedelta(days=4 * 365)
    states = set(Case.objects.values_list("state", flat=True))
    assert {"live", "closed", "referral"} <= states


def test_the_historys_ledger_is_sound_and_every_started_budget_was_paid_once(council):
    from selfdirect.journey.models import Case
    from selfdirect.money import services as money
    from selfdirect.money.models import Instalment

    paid = _history(council)
    assert money.check() == []
    assert paid == Instalment.objects.count() > 0
    started_before_runs = Case.objects.filter(support_started_on__lte=TODAY - datetime.timedelta(days=100)).count()
    assert Instalment.objects.values("case_id").distinct().count() == paid <= started_before_runs


def test_the_historys_client_level_data_return_passes_its_validation(council):
    from selfdirect.insight import services

    _history(council)
    text = services.export(datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
    assert text.count("\n") > 10


def test_the_dashboards_facts_from_the_history_match_the_records(council):
    from selfdirect.insight import dashboards
    from selfdirect.insight.records import Filters
    from selfdirect.planning.models import SupportPlan

    _history(council)
    everyone = Filters(datetime.date(2020, 1, 1), TODAY)
    take_up = dashboards.take_up(everyone, today=TODAY)
    with_plan = SupportPlan.objects.filter(status="approved").count()
    assert take_up.tables[0].rows[-1][0] == "All" and take_up.tables[0].rows[-1][1].value == with_plan
    times = dashboards.journey_times(everyone, today=TODAY).tables[0].rows[-1]
    assert times[0] == "All teams" and times[1].value == 300 and float(times[3].shown) > 0
