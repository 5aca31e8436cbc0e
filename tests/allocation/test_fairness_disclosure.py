"""Issue 15, finding 6: the fairness page gives commissioners and finance officers figures only, with small numbers
hidden (core.disclosure); a team manager sees the people and reasons behind an override in their own team only, an
administrator everyone's (docs/security.md, "Figures for commissioners and finance")."""

import html
import re

import pytest

from selfdirect.allocation import actions as allocation_actions
from selfdirect.audit.models import AuditEvent
from selfdirect.journey import actions as journey_actions

from .test_command_line import ANSWERS

NORTH_REASON = "Needs two carers at night after falls"
SOUTH_REASON = "Sister no longer able to help with meals"


def _overridden(council, *, team, group, reason, n):
    """A person whose worker set the indicative budget £25 a week above the Resource Allocation System's figure."""
    worker = council.worker if team == council.north else council.south_worker
    person = council.person(team=team, client_group=group, first_name=f"Override{n}")
    case = council.case(person)
    journey_actions.move(case, "start_assessment", actor=worker)
    allocation_actions.record_self_assessment(case, actor=worker, questionnaire_key="adult", answers=ANSWERS,
                                              kind="agreed")
    ras = case.indicative_budgets.order_by("-id").first().weekly_pence
    allocation_actions.record_assessment(
        case, actor=worker, arises_from_impairment=True,
        findings=[{"outcome": code, "meanings": ["without_assistance"], "evidence": "Seen at home"}
                  for code in ["nutrition", "hygiene"]],
        significant_impact_on_wellbeing=True, wellbeing_areas=["health"],
        indicative_weekly_pence=ras + 2500 + n, indicative_reason="Banded table", override_reason=reason)
    return person


@pytest.fixture
def overrides(council):
    """Three overrides in the North team (older people) and four in the South (mental health): seven in all, each
    client group's count small."""
    north = [_overridden(council, team=council.north, group="older_people", reason=NORTH_REASON, n=n) for n in range(3)]
    south = [_overridden(council, team=council.south, group="mental_health", reason=SOUTH_REASON, n=10 + n)
             for n in range(4)]
    return north, south


def _rows(body: str) -> list[list[str]]:
    """Each table row's cells as text."""
    rows = []
    for row in re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', body, re.S):
        rows.append([html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)])
    return rows


def _budgets(people, *, system=True) -> list[str]:
    """Each person's overridden indicative budget (and the system's figure) as the page would write it (£…)."""
    from selfdirect.core.money import Money

    texts = []
    for person in people:
        assessment = person.cases.get().assessments.get()
        texts.append(Money(assessment.indicative_weekly_pence).format())
        if system:
            texts.append(Money(assessment.ras_weekly_pence).format())
    return texts


@pytest.mark.parametrize("who", ["commissioner", "finance"])
def test_commissioners_and_finance_see_figures_only_with_small_numbers_hidden(council, signed_in, overrides, who):
    north, south = overrides
    body = signed_in(getattr(council, who)).get("/allocation/fairness/").content.decode()
    for person in north + south:
        assert person.la_person_id not in body and person.first_name not in body
    assert NORTH_REASON not in body and SOUTH_REASON not in body
    for budget in _budgets(north + south):
        assert budget not in body
    rows = _rows(body)
    by_group = {row[1]: row for row in rows if len(row) == 7 and row[0] == "Client group"}
    # 3 older people and 4 with mental health support: both counts hidden, and every figure worked out from them
    assert by_group["Older people"][2:6] == ["<5", "[c]", "[c]", "[c]"]
    assert by_group["Mental health"][2:6] == ["<5", "[c]", "[c]", "[c]"]
    sex = [row for row in rows if len(row) == 7 and row[0] == "Sex"]
    assert sex and sex[0][2] == "7"  # a group of 7 is shown
    overridden = {row[0]: row[1] for row in rows if len(row) == 2}
    assert overridden["All client groups"] == "7"
    assert overridden["Older people"] == "<5" and overridden["Mental health"] == "<5"
    assert "3" not in overridden.values() and "4" not in overridden.values()


def test_a_team_manager_sees_the_people_and_reasons_of_their_own_team_only(council, signed_in, overrides):
    north, south = overrides
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    body = signed_in(council.manager).get("/allocation/fairness/").content.decode()
    assert NORTH_REASON in body and SOUTH_REASON not in body
    assert all(p.la_person_id in body for p in north)
    assert not any(p.la_person_id in body for p in south)
    for budget in _budgets(south, system=False):  # the same answers: the same system figure as North's
        assert budget not in body
    seen = set(AuditEvent.objects.filter(id__gt=before, actor=council.manager, person__isnull=False).values_list("person_id", flat=True))
    assert seen == {p.pk for p in north}  # the records shown are audited, one row a person
    # The group figures are the whole council's: a manager sees small groups hidden too
    by_group = {row[1]: row for row in _rows(body) if len(row) == 7 and row[0] == "Client group"}
    assert by_group["Mental health"][2] == "<5"


def test_a_manager_without_a_team_sees_no_one(council, signed_in, overrides):
    council.manager.team = None
    council.manager.save()
    body = signed_in(council.manager).get("/allocation/fairness/").content.decode()
    assert NORTH_REASON not in body and SOUTH_REASON not in body


def test_an_administrator_sees_every_override_and_every_group(council, signed_in, overrides):
    north, south = overrides
    body = signed_in(council.admin).get("/allocation/fairness/").content.decode()
    assert NORTH_REASON in body and SOUTH_REASON in body
    assert all(p.la_person_id in body for p in north + south)
    by_group = {row[1]: row for row in _rows(body) if len(row) == 7 and row[0] == "Client group"}
    assert by_group["Older people"][2] == "3"


def test_one_small_group_is_hidden_with_another_so_it_cannot_be_worked_out_from_the_rest():
    from selfdirect.core.disclosure import hidden_cells

    assert hidden_cells([12, 3, 40]) == {1, 0}  # the 3, and the 12 beside it (else 55 - 12 - 40 gives it away)
    assert hidden_cells([3, 4, 40]) == {0, 1}
    assert hidden_cells([12, 30, 40]) == set()
    assert hidden_cells([0, 3]) == {1}  # nothing else to hide it among: the total is shown as small too
    assert hidden_cells([7, 3]) == {0, 1}
