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
    rows = {row[0]: [getattr(c, "value", getattr(c, "shown", c)) for c in row] for row in figures.journey_times(journeys).rows}
    # Team, referred, then for each stage: cases completed, median days
    assert rows["North"][1:4] == [2, 2, "15"]  # 10 and 20 days to assessment
    assert rows["North"][4:6] == [1, "30"]
    assert rows["South"][6:8] == [0, "–"]
    assert rows["All teams"][1:4] == [4, 3, "10"]


def test_where_cases_wait_counts_open_cases_per_team_and_step_with_median_days():
    waiting = [figures.Waiting(1, "North", "Assessment", 4), figures.Waiting(2, "North", "Assessment", 10),
               figures.Waiting(3, "South", "Referral", 1)]
    table = figures.waiting(waiting)
    assert [[r[0], r[1], r[2].value, r[3].shown] for r in table.rows] == [["North", "Assessment", 2, "7"], ["South", "Referral", 1, "1"]]
    assert table.rows[0][2].cases == (1, 2)


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
    assert "South locality team" in body  # the South referral waits
    csv_text = client.get("/insight/journey-times/", {"start": "2026-01-01", "end": "2026-01-31", "format": "csv"}).content.decode()
    assert csv_text.splitlines()[0].startswith("Team,Cases referred,Referral to assessment: cases")
    waits = client.get("/insight/journey-times/", {"start": "2026-01-01", "end": "2026-01-31", "format": "csv", "table": "waiting"})
    assert "South locality team,Referral received,1," in waits.content.decode()
    body = client.get("/insight/journey-times/", {"start": "2026-01-01", "end": "2026-01-31", "drill": "waiting:0:2"}).content.decode()
    assert waiting.full_name in body
    assert waiting.cases.get().state == "referral" and person.cases.get().state == "live"
