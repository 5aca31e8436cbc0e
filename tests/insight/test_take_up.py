"""The take-up figures, worked out on a small dataset whose answers are known, and the page that shows them."""

import datetime

from selfdirect.insight import figures
from selfdirect.insight.figures import NewBudget

BUDGETS = [NewBudget(1, "2026-01", "direct_payment", "Older people", "North", "Wendy Walker", "85+"),
           NewBudget(2, "2026-01", "council_managed", "Older people", "North", "Wendy Walker", "75-84"),
           NewBudget(3, "2026-01", "mixed", "Mental health", "South", "Steve Southgate", "25-64"),
           NewBudget(4, "2026-02", "council_managed", "Older people", "South", "Steve Southgate", "85+")]


def _values(table):
    return [[getattr(c, "value", getattr(c, "shown", c)) for c in row] for row in table.rows]


def test_take_up_counts_new_budgets_by_month_and_option_and_the_share_with_a_direct_payment():
    table = figures.take_up(BUDGETS)
    assert table.header[:3] == ["Month", "New personal budgets", "Council-managed"]
    assert _values(table) == [["2026-01", 3, 1, 0, 1, 1, "66.7%"],  # 2 of 3 include a direct payment (one in a mix)
                              ["2026-02", 1, 1, 0, 0, 0, "0.0%"],
                              ["All", 4, 2, 0, 1, 1, "50.0%"]]
    assert table.rows[0][4].cases == (1,)  # the count keeps the case behind it, to drill into


def test_take_up_breaks_down_by_client_group_age_band_team_and_worker():
    by_group = {row[0]: row for row in _values(figures.take_up(BUDGETS, "client_group"))}
    assert by_group["Older people"][:2] == ["Older people", 3] and by_group["Mental health"][-1] == "100.0%"
    by_age = {row[0]: row[1] for row in _values(figures.take_up(BUDGETS, "age_band"))}
    assert by_age == {"25-64": 1, "75-84": 1, "85+": 2, "All": 4}
    by_worker = {row[0]: row[-1] for row in _values(figures.take_up(BUDGETS, "worker"))}
    assert by_worker == {"Steve Southgate": "50.0%", "Wendy Walker": "50.0%", "All": "50.0%"}
    assert [row[0] for row in figures.take_up(BUDGETS, "team").rows] == ["North", "South", "All"]


def _period():
    return {"start": "2020-01-01", "end": (datetime.date.today() + datetime.timedelta(days=1)).isoformat()}


def test_a_manager_drills_into_a_take_up_figure_and_the_read_is_audited(council, client):
    from selfdirect.audit.models import AuditEvent

    council.live_person()
    client.force_login(council.manager)
    page = client.get("/insight/take-up/", _period()).content.decode()
    assert "drill=take-up-by-month:" in page
    body = client.get("/insight/take-up/", {**_period(), "drill": "take-up-by-month:0:4"}).content.decode()  # direct payment
    assert "The people behind this figure" in body and "Elsie Evans" in body and "Direct payment: " in body
    assert AuditEvent.objects.filter(actor=council.manager, what__contains="Listed 1 people behind 'Direct payment: ").exists()
    nothing = client.get("/insight/take-up/", {**_period(), "drill": "take-up-by-month:0:3"}).content.decode()  # none had an ISF
    assert "Elsie Evans" not in nothing and "0 people" in nothing
    wrong = client.get("/insight/take-up/", {**_period(), "drill": "take-up-by-month:0:6"}).content.decode()  # a share
    assert "not a count of people" in wrong


def test_a_commissioner_sees_figures_but_never_the_people_and_a_worker_sees_no_dashboard(council, client):
    council.live_person()
    client.force_login(council.commissioner)
    body = client.get("/insight/take-up/", _period()).content.decode()
    assert "drill=" not in body
    # One person's budget: a count under 5, and a share worked out from it, are hidden from a commissioner.
    assert "100.0%" not in body and "&lt;5" in body and "[c]" in body and "Counts from 1 to 4 are shown as" in body
    client.force_login(council.manager)
    assert "100.0%" in client.get("/insight/take-up/", _period()).content.decode()
    client.force_login(council.commissioner)
    assert client.get("/insight/take-up/", {**_period(), "drill": "take-up-by-month:0:4"}).status_code == 403
    client.force_login(council.worker)
    assert client.get("/insight/take-up/").status_code == 403


def test_filters_narrow_the_figures_to_a_team_and_client_group(council, client):
    council.live_person()
    client.force_login(council.admin)
    south = client.get("/insight/take-up/", {**_period(), "team": council.south.pk, "format": "csv"}).content.decode()
    assert south.splitlines()[1:] == []  # only the header: Elsie's budget is in the North team
    north = client.get("/insight/take-up/", {**_period(), "team": council.north.pk, "format": "csv"}).content.decode()
    assert north.splitlines()[-1].startswith("All,1,")
    other_group = client.get("/insight/take-up/", {**_period(), "group": "mental_health", "format": "csv"}).content.decode()
    assert len(other_group.splitlines()) == 1


def test_a_wrong_date_is_named_and_nothing_is_worked_out(council, client):
    client.force_login(council.admin)
    response = client.get("/insight/take-up/", {"start": "31/13/2026", "end": "2026-01-01"})
    body = response.content.decode()
    assert response.status_code == 400 and "Enter the from date as year-month-day" in body and "New personal budgets by" not in body
    response = client.get("/insight/take-up/", {"start": "2026-02-01", "end": "2026-01-01"})
    assert response.status_code == 400 and "on or after the &#39;from&#39; date" in response.content.decode()
