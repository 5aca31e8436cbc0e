"""Journey times on a small dataset whose answers are known."""

import datetime

from selfdirect.insight import figures
from selfdirect.insight.figures import Journey

D = datetime.date


def test_median_days_for_each_stage_per_team_and_for_the_council():
    journeys = [Journey(1, "North", D(2026, 1, 1), D(2026, 1, 11), D(2026, 2, 10), D(2026, 2, 20)),
                Journey(2, "North", D(2026, 1, 1), D(2026, 1, 21), None, None),
                Journey(3, "South", D(2026, 1, 5), D(2026, 1, 9), D(2026, 1, 19), None),
                Journey(4, "South", D(2026, 1, 5), None, None, None)]
    rows = {r["team"]: r for r in figures.journey_times(journeys)}
    assert rows["North"]["referral_to_assessment"] == {"n": 2, "median": 15.0}  # 10 and 20 days
    assert rows["North"]["assessment_to_plan"] == {"n": 1, "median": 30.0}
    assert rows["South"]["plan_to_payment"] == {"n": 0, "median": None}
    assert rows["All teams"]["cases"] == 4 and rows["All teams"]["referral_to_assessment"] == {"n": 3, "median": 10.0}


def test_the_journey_times_page_shows_a_managers_own_team_and_where_cases_wait(council, client):
    from selfdirect.money import actions

    person = council.live_person(user=council.holder)
    actions.pay(D(2026, 1, 20), actor=council.finance)
    waiting = council.person(team=council.south, nhs_number="9434765870")
    client.force_login(council.manager)
    body = client.get("/insight/journey-times/", {"start": "2026-01-01", "end": "2026-01-31"}).content.decode()
    assert "North locality team" in body and "South locality team" not in body
    client.force_login(council.admin)
    body = client.get("/insight/journey-times/", {"start": "2026-01-01", "end": "2026-01-31"}).content.decode()
    assert "South locality team" in body and "No open cases are waiting" not in body  # the South referral waits
    csv_text = client.get("/insight/journey-times/", {"start": "2026-01-01", "end": "2026-01-31", "format": "csv"}).content.decode()
    assert csv_text.splitlines()[0].startswith("Team,Cases referred,Referral to assessment: cases")
    assert waiting.cases.get().state == "referral" and person.cases.get().state == "live"
