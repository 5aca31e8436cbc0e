"""Payment runs made on the council's cycle pay every budget's periods before they begin, and report nothing as
catching up (issue 19: about half of every normal run's instalments were reported 'missed by an earlier run')."""

import datetime

from selfdirect.journey.models import Case
from selfdirect.money import actions, queries
from selfdirect.money.models import Instalment

D = datetime.date


def test_consecutive_runs_on_the_cycle_catch_nothing_up_whichever_day_support_started(council, settings):
    settings.PAYMENT_RUN_ANCHOR, settings.PAYMENT_ADVANCE_DAYS = D(2026, 1, 12), 2  # Mondays, four-weekly
    starts = [D(2026, 2, 1), D(2026, 2, 4), D(2026, 2, 9), D(2026, 2, 12), D(2026, 2, 20), D(2026, 3, 3)]
    for start in starts:
        case = council.case(council.live_person())
        Case.objects.filter(pk=case.pk).update(support_started_on=start)
    cycle = actions.payment_cycle()
    runs = [D(2026, 1, 12), D(2026, 2, 9), D(2026, 3, 9), D(2026, 4, 2)]  # 6 April is Easter Monday: the Thursday before
    assert [cycle.next_run_after(day) for day in runs[:-1]] == runs[1:]
    paid = []
    for run_date in runs:
        _, report = actions.pay(run_date, actor=council.finance)
        assert report.late == [], report.late
        paid.append(report.paid)
    assert all(paid) and not Instalment.objects.filter(late=True).exists()
    for instalment in Instalment.objects.select_related("run"):  # each sent in time for its money to arrive first
        assert instalment.run.run_date <= cycle.latest_run_day(instalment.period_starts_on) < instalment.period_starts_on
    for case in Case.objects.filter(support_started_on__in=starts):  # each period once, none missing
        numbers = sorted(case.instalments.values_list("period_number", flat=True))
        assert numbers == list(range(len(numbers))) and numbers
    assert queries.check() == []


def test_a_plan_that_costs_nothing_is_listed_as_not_paid_and_the_run_goes_on(council):
    """Nothing to post (an entry needs two postings) and nothing to pay (Bacs refuses an amount of nothing)."""
    from selfdirect.money import actions as money_actions

    person = council.person()
    council.assess(person)
    council.plan(person, unit_cost_pence=0)
    council.submit(person)
    council.approve(person)
    council.go_live(person, option="individual_service_fund")
    council.live_person(first_name="Bert", nhs_number="9434765870")
    run, report = money_actions.pay(datetime.date(2026, 1, 20), actor=council.finance)
    assert not run.lines.filter(amount_pence=0).exists() and run.lines.count() == 1
    assert f"{person.la_person_id}: the approved plan costs nothing; not paid" in report.not_ready
