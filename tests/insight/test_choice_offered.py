"""Groups offered direct payments less often than others with the same needs, on datasets whose answers are known."""

import pytest

from selfdirect.insight import figures
from selfdirect.insight.figures import Offer


def _people(band, group, count, offered, start):
    return [Offer(start + i, band, {"Client group": group}, i < offered) for i in range(count)]


def test_a_group_offered_direct_payments_less_often_at_equal_needs_is_flagged_with_its_interval():
    offers = _people("high", "mental_health", 10, 2, 0) + _people("high", "older_people", 10, 8, 100)
    rows = {r["group"]: r for r in figures.offered_less_often(offers, "Client group")}
    mh = rows["mental_health"]
    assert (mh["n"], mh["offered_share"], mh["expected_share"]) == (10, 0.2, 0.8)
    assert mh["difference"] == pytest.approx(-0.6)
    assert mh["high"] == pytest.approx(-0.6 + 1.96 * 3.2 ** 0.5 / 10)  # variance 10*0.2*0.8 + 100*0.8*0.2/10
    assert mh["less_often"] and not rows["older_people"]["less_often"]
    assert mh["not_offered"].cases == tuple(range(2, 10))  # the list a manager can act on
    table = figures.offered_less_often_table(offers, "Client group")
    assert [row[-1] for row in table.rows] == ["Yes", "No"] and table.rows[0][3].shown == "20%"


def test_options_offered_per_worker_and_reasons_not_offered():
    choices = [figures.Choice(1, "direct_payment", True, "", "North", "Wendy"),
               figures.Choice(1, "council_managed", True, "", "North", "Wendy"),
               figures.Choice(2, "direct_payment", False, "other", "North", "Wendy"),
               figures.Choice(3, "direct_payment", False, "person_asked_not", "South", "Steve")]
    table = figures.offered_per_worker(choices)
    rows = {row[1]: row for row in table.rows}
    assert rows["Wendy"][2].value == 2 and rows["Wendy"][7].value == 1 and rows["Wendy"][8].shown == "50.0%"
    assert rows["Steve"][8].shown == "0.0%" and rows["Steve"][4].shown == "–"  # council-managed never recorded
    assert rows["All workers"][2].value == 3
    reasons = figures.reasons_not_offered(choices, {"other": "Another reason", "person_asked_not": "Asked not to"})
    assert [(r[0], r[1], r[2].value) for r in reasons.rows] == [("Direct payment", "Another reason", 1),
                                                               ("Direct payment", "Asked not to", 1)]


def test_a_difference_explained_by_needs_is_not_flagged():
    # Everyone with few needs is offered a direct payment; among people with many needs, both groups equally rarely.
    offers = (_people("high", "mental_health", 10, 2, 0) + _people("high", "older_people", 10, 2, 100)
              + _people("low", "older_people", 10, 10, 200))
    rows = {r["group"]: r for r in figures.offered_less_often(offers, "Client group")}
    assert rows["mental_health"]["offered_share"] == 0.2 and rows["mental_health"]["expected_share"] == 0.2
    assert not rows["mental_health"]["less_often"]


def test_age_bands():
    assert [figures.age_band(a) for a in (18, 40, 70, 80, 95)] == ["18-24", "25-64", "65-74", "75-84", "85+"]


def test_the_choice_offered_page_lists_reasons_and_groups_for_managers(council, client):
    from selfdirect.planning import actions

    person = council.person()
    council.assess(person)
    council.plan(person)
    council.submit(person)
    council.approve(person)
    actions.record_choice(council.case(person), actor=council.worker, option="direct_payment", offered=False,
                          not_offered_reason="other", reason_text="Family would not cope")
    client.force_login(council.manager)
    body = client.get("/insight/choice-offered/").content.decode()
    assert "Family would not cope" in body and "Direct payments offered by client group, at equal needs" in body
    assert "Reasons recorded for not offering an option" in body
    client.force_login(council.commissioner)
    body = client.get("/insight/choice-offered/").content.decode()
    assert "Family would not cope" not in body and "Options offered, per team and worker" in body  # free text may identify
    client.force_login(council.worker)
    assert client.get("/insight/choice-offered/").status_code == 403
