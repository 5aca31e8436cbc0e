"""A run removes research releases past their period (years after their project ended), with the table linking them
to people, audited; and the demo's rebuild clears retention's records with the people and sign-ins they name."""

import datetime

import pytest

from selfdirect.audit.models import AuditEvent
from selfdirect.research.models import ReleasedRow, ResearchProject, ResearchRelease
from selfdirect.retention import actions
from selfdirect.retention.models import Erasure, LegalHold, ScheduleVersion

pytestmark = pytest.mark.django_db


def _project(council, person, *, ends_on):
    project = ResearchProject.objects.create(name=f"Study ending {ends_on}", lead=council.researcher,
                                             approval_reference="26/SW/0001", starts_on=ends_on.replace(year=2010),
                                             ends_on=ends_on, created_by=council.admin)
    release = ResearchRelease.objects.create(project=project, number=1, made_on=ends_on, made_by=council.researcher,
                                             header=["id"], rows=[["a1"]], report=[], k=5, suppressed_cells=0)
    ReleasedRow.objects.create(release=release, person=person, identifier="a1")
    return release


def test_a_run_removes_research_releases_past_their_period(council):
    person = council.person()
    old = _project(council, person, ends_on=datetime.date(2020, 6, 30))  # 5 years on: past since 1 July 2025
    recent = _project(council, person, ends_on=datetime.date(2022, 6, 30))  # past from 1 July 2027
    dry = actions.run(actor=council.admin, dry_run=True)
    assert dry.research_releases == 1 and ResearchRelease.objects.count() == 2
    done = actions.run(actor=council.admin)
    assert done.research_releases == 1
    assert list(ResearchRelease.objects.all()) == [recent]
    assert not ReleasedRow.objects.filter(release_id=old.pk).exists()
    assert AuditEvent.objects.filter(what__startswith=f"Removed research release 1 of project {old.project_id}").exists()
    assert actions.run(actor=council.admin).did_nothing


def test_the_demo_rebuild_clears_retentions_records(council):
    from selfdirect.site import demo

    person = council.person()
    actions.place_hold(person, actor=council.admin, reason="A claim")
    actions.set_schedule(actor=council.admin, periods={**actions.schedule.defaults(), "care_record": 9}, reason="Board")
    Erasure.objects.create(person=council.person(first_name="Gone"), erased_on=datetime.date(2026, 1, 1),
                           erased_by=council.admin, schedule_version=1, periods={}, due_on=datetime.date(2025, 1, 1))
    demo.clear_everything()
    assert not (Erasure.objects.exists() or LegalHold.objects.exists() or ScheduleVersion.objects.exists())
