"""Issue 15, finding 6: the choices report (/plans/choices/) gives a commissioner figures only, with small numbers hidden
(core.disclosure), and never a worker's free-text reason; finance does not see it; a team manager sees their own
team's reasons only, and a manager without a team no one's (docs/security.md, "Figures for commissioners and finance")."""

import html
import re

import pytest

from selfdirect.accounts.models import User
from selfdirect.audit.models import AuditEvent
from selfdirect.core.roles import Role
from selfdirect.planning import actions

OPTIONS = ["council_managed", "individual_service_fund", "direct_payment", "mixed"]
NORTH_TEXT = "He seemed unlikely to manage the paperwork"
SOUTH_TEXT = "Family said they would not want the responsibility"


def _choices(council, person, worker, reason):
    council.assess(person, actor=worker)
    for option in OPTIONS:
        if option == "direct_payment":
            actions.record_choice(council.case(person), actor=worker, option=option, offered=False,
                                  not_offered_reason="other", reason_text=reason)
        else:
            actions.record_choice(council.case(person), actor=worker, option=option, offered=True, how="leaflet",
                                  decision="declined")


@pytest.fixture
def report(council):
    """Two people in the North team and three in the South, none of them offered a direct payment: five reasons."""
    north = [council.person(first_name=f"Northperson{n}", nhs_number="9434765919") for n in range(2)]
    south = [council.person(team=council.south, first_name=f"Southperson{n}", nhs_number="9434765870") for n in range(3)]
    for person in north:
        _choices(council, person, council.worker, NORTH_TEXT)
    for person in south:
        _choices(council, person, council.south_worker, SOUTH_TEXT)
    return north, south


def _cells(body: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)]


def test_a_commissioner_sees_figures_with_small_numbers_hidden_and_no_reasons(council, signed_in, report):
    north, south = report
    body = signed_in(council.commissioner).get("/plans/choices/").content.decode()
    assert NORTH_TEXT not in body and SOUTH_TEXT not in body
    for person in north + south:
        assert person.first_name not in body and person.la_person_id not in body
    cells = _cells(body)
    numbers = [part for cell in cells for part in cell.split(" / ")]
    assert "<5" in numbers
    assert not {"1", "2", "3", "4"} & set(numbers), "a count of 1 to 4 is shown"
    # the reasons as figures: five people were not offered a direct payment for "another reason"
    assert "Another reason (say what)" in body and "5" in numbers


def test_finance_does_not_see_the_choices_report(council, signed_in, report):
    assert signed_in(council.finance).get("/plans/choices/").status_code == 403


def test_a_team_manager_sees_their_own_teams_reasons_only(council, signed_in, report):
    north, _ = report
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    body = signed_in(council.manager).get("/plans/choices/").content.decode()
    assert NORTH_TEXT in body and SOUTH_TEXT not in body
    seen = set(AuditEvent.objects.filter(id__gt=before, actor=council.manager, person__isnull=False).values_list("person_id", flat=True))
    assert seen == {p.pk for p in north}  # each reason is about a person's case: the read is audited for them


def test_a_team_manager_without_a_team_sees_no_ones_reasons(council, signed_in, report):
    teamless = User.objects.create_user(username="manager.none", password="a-long-test-password", role=Role.TEAM_MANAGER)
    body = signed_in(teamless).get("/plans/choices/").content.decode()
    assert NORTH_TEXT not in body and SOUTH_TEXT not in body
    assert "Northperson" not in body


def test_an_administrator_sees_every_teams_reasons(council, signed_in, report):
    body = signed_in(council.admin).get("/plans/choices/").content.decode()
    assert NORTH_TEXT in body and SOUTH_TEXT in body
