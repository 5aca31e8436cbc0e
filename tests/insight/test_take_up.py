"""The take-up figures, worked out on a small dataset whose answers are known."""

import datetime

from selfdirect.insight import figures
from selfdirect.insight.figures import NewBudget


def test_take_up_counts_new_budgets_by_month_and_option_and_the_share_with_a_direct_payment():
    budgets = [NewBudget(1, "2026-01", "direct_payment", "older_people", "North"),
               NewBudget(2, "2026-01", "council_managed", "older_people", "North"),
               NewBudget(3, "2026-01", "mixed", "mental_health", "South"),
               NewBudget(4, "2026-02", "council_managed", "older_people", "South")]
    rows = figures.take_up(budgets)
    assert [(r["month"], r["total"], r["direct_payment"], r["council_managed"], r["mixed"]) for r in rows] == [
        ("2026-01", 3, 1, 1, 1), ("2026-02", 1, 0, 1, 0)]
    assert [r["direct_payment_share_per_mille"] for r in rows] == [667, 0]  # 2 of 3 include a direct payment


def test_small_numbers_are_hidden_in_shared_exports():
    assert [figures.suppress(n) for n in (0, 1, 4, 5, 12)] == ["0", "<5", "<5", "5", "12"]


def test_the_take_up_page_drills_down_for_a_manager_and_shows_figures_only_to_a_commissioner(council, client):
    person = council.live_person()
    month = person.cases.get().plans.get().approved_at.strftime("%Y-%m")
    period = {"start": "2020-01-01", "end": (datetime.date.today() + datetime.timedelta(days=1)).isoformat()}
    client.force_login(council.manager)
    body = client.get("/insight/take-up/", {**period, "month": month, "option": "direct_payment"}).content.decode()
    assert "The people behind this figure" in body and "Elsie Evans" in body
    shared = client.get("/insight/take-up/", {**period, "format": "csv", "shared": "1"}).content.decode()
    assert f"{month},<5,0,0,<5,0,100.0" in shared
    client.force_login(council.commissioner)
    body = client.get("/insight/take-up/", {**period, "month": month}).content.decode()
    assert "Elsie Evans" not in body and "100.0%" in body
    client.force_login(council.worker)
    assert client.get("/insight/take-up/").status_code == 403
