"""The dashboards through the API and the command line: the same tables, filters, sharing rule and drill-down."""

import datetime

import pytest
from django.core.management import CommandError, call_command

PERIOD = {"start": "2020-01-01", "end": (datetime.date.today() + datetime.timedelta(days=1)).isoformat()}


def _api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_gives_a_dashboards_tables_and_hides_small_numbers_when_shared(council):
    council.live_person()
    body = _api(council.manager).get("/api/v1/insight/take-up/", PERIOD).json()
    by_month = body["tables"][0]
    assert by_month["key"] == "take-up-by-month" and by_month["rows"][-1][:2] == ["All", 1]
    shared = _api(council.manager).get("/api/v1/insight/take-up/", {**PERIOD, "shared": "1"}).json()
    assert shared["tables"][0]["rows"][-1][:2] == ["All", "<5"] and shared["tables"][0]["rows"][-1][-1] == "[c]"
    # A commissioner sees figures, never people: small numbers are hidden whether or not the figures are shared.
    hidden = _api(council.commissioner).get("/api/v1/insight/take-up/", PERIOD).json()
    assert hidden["tables"][0]["rows"][-1][:2] == ["All", "<5"] and hidden["tables"][0]["rows"][-1][-1] == "[c]"


def test_the_api_drills_down_for_a_manager_but_not_for_a_commissioner(council):
    council.live_person()
    drill = {**PERIOD, "drill": "take-up-by-month:0:1"}
    body = _api(council.manager).get("/api/v1/insight/take-up/", drill).json()
    assert body["people_count"] == 1 and body["people"][0]["reference"] == "EX000001"
    assert _api(council.commissioner).get("/api/v1/insight/take-up/", drill).status_code == 403
    assert _api(council.worker).get("/api/v1/insight/take-up/", PERIOD).status_code == 403
    wrong = _api(council.manager).get("/api/v1/insight/take-up/", {**PERIOD, "drill": "take-up-by-month:0:6"})
    assert wrong.status_code == 400 and "names no count of people" in str(wrong.json())
    bad_date = _api(council.manager).get("/api/v1/insight/money/", {"start": "1 April"})
    assert bad_date.status_code == 400 and "Enter the from date" in str(bad_date.json())
    assert _api(council.manager).get("/api/v1/insight/nothing/").status_code == 404


def test_the_command_writes_a_workbook_or_one_table_as_csv(council, tmp_path):
    from openpyxl import load_workbook

    council.live_person()
    out = tmp_path / "money.xlsx"
    call_command("insight", "export", "money", "--start", PERIOD["start"], "--end", PERIOD["end"], "--out", str(out), "--shared")
    book = load_workbook(out)
    assert book.sheetnames == ["Contents", "Budgets by client group", "Surplus and recovered"]
    assert book["Budgets by client group"]["B2"].value == "<5"
    csv_file = tmp_path / "waits.csv"
    call_command("insight", "export", "journey-times", "--start", PERIOD["start"], "--end", PERIOD["end"],
                 "--table", "waiting", "--team", "North locality team", "--out", str(csv_file))
    assert csv_file.read_text().startswith("Team,Step,Cases,Median days waiting")


def test_the_command_names_a_wrong_team_group_or_table_and_writes_nothing(council, tmp_path):
    out = tmp_path / "x.csv"
    for extra, message in ((["--team", "East"], "--team: no team is called 'East'"),
                           (["--group", "giraffes"], "--group: 'giraffes' is not a client group code"),
                           (["--table", "nope"], "--table: take-up has no table 'nope'")):
        with pytest.raises(CommandError, match=message):
            call_command("insight", "export", "take-up", "--start", "2026-01-01", "--end", "2026-03-31", "--out", str(out), *extra)
    assert not out.exists()


def test_the_facts_follow_every_change_and_a_full_refresh_gives_the_same(council, client):
    from selfdirect.insight import facts
    from selfdirect.insight.models import CaseFacts, StaleCase
    from selfdirect.money import actions as money

    person = council.live_person()
    case = council.case(person)
    client.force_login(council.admin)
    client.get("/insight/journey-times/", PERIOD)  # the first read works every case out
    row = CaseFacts.objects.get(case_id=case.pk)
    assert row.option == "direct_payment" and row.dp_offered is True and row.first_paid_day is None
    money.pay(datetime.date(2026, 1, 20), actor=council.finance)
    assert StaleCase.objects.filter(case_id=case.pk).exists()  # the instalment noted the case as stale
    client.get("/insight/journey-times/", PERIOD)
    assert not StaleCase.objects.exists()
    paid = CaseFacts.objects.get(case_id=case.pk).first_paid_day
    assert paid == datetime.date(2026, 1, 20).toordinal()
    before = list(CaseFacts.objects.order_by("case_id").values())
    assert facts.refresh(None) == 1 and list(CaseFacts.objects.order_by("case_id").values()) == before


def test_the_refresh_command_works_out_every_case(council):
    from io import StringIO

    council.live_person()
    out = StringIO()
    call_command("insight", "refresh", stdout=out)
    assert "Worked out the facts of 1 cases" in out.getvalue()
