"""The money figures on a small dataset whose answers are known."""

import datetime

import pytest

from selfdirect.insight import figures
from selfdirect.insight.figures import Budget


def test_plans_are_compared_with_indicative_budgets_per_client_group_with_an_interval():
    budgets = [Budget("older_people", 20000, 16000, 25000), Budget("older_people", 10000, 9000, None),
               Budget("mental_health", 5000, 5000, None)]
    rows = {r["group"]: r for r in figures.money_by_group(budgets)}
    older = rows["older_people"]
    assert (older["n"], older["indicative_pence"], older["plan_pence"]) == (2, 15000, 12500)
    assert older["difference_percent"] == pytest.approx(-15.0)  # -20% and -10%
    assert older["low"] == pytest.approx(-15 - 1.96 * 50 ** 0.5 / 2 ** 0.5)  # sd of (-20, -10) is sqrt(50)
    assert (older["previous_n"], older["previous_pence"]) == (1, 25000)
    assert rows["mental_health"]["low"] is None  # one person: no interval
    assert rows["All client groups"]["n"] == 3
    table = figures.money_table(budgets)
    assert [row[0] for row in table.rows] == ["mental_health", "older_people", "All client groups"]
    assert table.rows[1][2].shown == "£150.00" and table.rows[1][4].shown.startswith("-15.0% (")


def test_surplus_and_recovered_count_the_people_holding_or_repaying_money():
    table = figures.account_totals({1: 500, 2: 0, 3: 1000}, {4: 250})
    assert [(r[0], r[1].cases, r[2].shown) for r in table.rows] == [("Surplus held above the weeks allowed", (1, 3), "£15.00"),
                                                            ("Recovered", (4,), "£2.50")]


def test_the_money_page_shows_budgets_surplus_and_recovered(council, client, settings):
    from selfdirect.money import actions

    settings.ADULT_SOCIAL_CARE_SPEND_PENCE = 104_000_00
    council.live_person()
    actions.pay(datetime.date(2026, 5, 1), actor=council.finance)  # five instalments unspent: £4,000, 8 weeks allowed
    client.force_login(council.commissioner)  # figures from one person's budget are hidden from a commissioner
    hidden = client.get("/insight/money/").content.decode()
    assert "£2,400.00" not in hidden and "[c]" in hidden and "-33.3%" not in hidden
    client.force_login(council.manager)
    body = client.get("/insight/money/").content.decode()
    assert "£10,400.00" in body and "10.0% of £104,000.00" in body  # £200 x 52 = £10,400
    assert "Surplus held in direct payment accounts" in body and "£2,400.00" in body  # £4,000 - 8 x £200
    assert "-33.3%" in body  # plan £200 against the indicative £300
    client.force_login(council.admin)
    people = client.get("/insight/money/", {"drill": "surplus-and-recovered:0:1"}).content.decode()
    assert "Elsie Evans" in people
    client.force_login(council.worker)
    assert client.get("/insight/money/").status_code == 403
