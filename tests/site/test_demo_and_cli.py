import datetime
import io
import subprocess
import sys

import pytest
from django.core.management import call_command

from selfdirect.people.models import Person
from selfdirect.site import demo


def _snapshot():
    from selfdirect.outcomes.models import Evaluation, Story

    people = list(Person.objects.order_by("la_person_id").values_list("la_person_id", "first_name", "last_name",
                                                                       "postcode", "cases__state"))
    evaluations = list(Evaluation.objects.order_by("held_on", "case__person__la_person_id", "respondent", "pk")
                       .values_list("case__person__la_person_id", "held_on", "respondent", "answered_by", "answers"))
    stories = list(Story.objects.order_by("held_on", "pk").values_list("case__person__la_person_id", "words",
                                                                        "share_with_helpers"))
    return people, evaluations, stories


def test_the_demo_council_is_the_same_for_the_same_seed(code_lists):
    today = datetime.date(2026, 11, 23)
    demo.build(people=12, seed=7, today=today)
    first = _snapshot()
    assert first[1] and first[2]  # the reviews' evaluations and stories
    demo.build(people=12, seed=7, today=today)  # built again over the first: everything cleared, then the same
    assert _snapshot() == first
    demo.build(people=12, seed=8, today=today)
    assert _snapshot() != first


def test_the_demo_has_people_at_every_step_and_the_named_sign_ins(code_lists):
    from selfdirect.accounts.models import User

    demo.build(people=80, seed=1, today=datetime.date(2026, 11, 23))
    states = set(Person.objects.values_list("cases__state", flat=True))
    assert {"referral", "assessment", "planning", "agreement", "organising", "live"} <= states
    holder = User.objects.get(username="holder")
    assert holder.own_record.cases.get().state == "live"
    assert User.objects.get(username="provider").organisation.plan_items.exists()
    from selfdirect.people.queries import has_consent
    from selfdirect.planning.models import ChoiceRecord, PlanExample

    shared = PlanExample.objects.select_related("from_plan__case__person")
    assert shared.exists() and all(has_consent(e.from_plan.case.person, "plan_examples") for e in shared)
    assert ChoiceRecord.objects.filter(offered=False).exists()  # some workers did not offer every option


def test_the_selfdirect_command_fronts_the_management_commands():
    result = subprocess.run([sys.executable, "-m", "selfdirect.cli", "help", "demo"], capture_output=True, text=True,
                            check=True)
    assert "--people" in result.stdout and "--seed" in result.stdout


def test_the_demo_command_is_refused_outside_demo_mode(code_lists, settings):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.DEMO_MODE = False
    before = Person.objects.count()
    with pytest.raises(CommandError, match="only in demo mode: set SELFDIRECT_DEMO_MODE=true"):
        call_command("demo", people=12, seed=7)
    assert Person.objects.count() == before


def test_a_second_build_the_same_day_keeps_the_council_and_a_later_day_builds_it_again(code_lists, settings):
    import io

    settings.DEMO_MODE = True

    from django.core.management import call_command

    from selfdirect.core.models import DemoBuild

    def run(as_of):
        out = io.StringIO()
        call_command("demo", people=12, seed=7, as_of=as_of, unless_current=True, stdout=out)
        return out.getvalue(), list(Person.objects.order_by("pk").values_list("pk", flat=True))

    said, first = run("2026-12-02")
    assert "Building Exampleshire as of 2 December 2026" in said and "Demo sign-ins" in said and "holder" in said
    said, again = run("2026-12-02")
    assert "is current: keeping it" in said and again == first and DemoBuild.objects.count() == 1
    assert "Demo sign-ins" in said  # the sign-ins are printed either way
    said, later = run("2026-12-03")
    assert "Building Exampleshire as of 3 December 2026" in said and set(later).isdisjoint(first)
    assert DemoBuild.objects.count() == 2


def test_make_run_serves_on_host_and_port_and_keeps_a_current_council():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    planned = subprocess.run(["make", "-n", "-o", ".venv/bin/.installed", "run", "PORT=8123", "HOST=0.0.0.0"], cwd=root,
                             capture_output=True, text=True, check=True).stdout
    assert "demo --people 200 --seed 1 --unless-current" in planned and "runserver 0.0.0.0:8123" in planned
    assert "SELFDIRECT_DEMO_MODE=true" in planned.split("runserver")[0].splitlines()[-1]  # served in the named demo mode
    rebuild = subprocess.run(["make", "-n", "-o", ".venv/bin/.installed", "demo"], cwd=root, capture_output=True,
                             text=True, check=True).stdout
    assert "demo --people 200 --seed 1" in rebuild and "--unless-current" not in rebuild


@pytest.mark.django_db
def test_the_demo_builds_on_a_database_emptied_since_it_was_migrated(settings):
    """`selfdirect flush` (and a transactional test's flush) empties the code lists the migrations loaded: the demo
    loads them again rather than refusing every person it makes."""
    from selfdirect.people.models import Code, CodeList

    Code.objects.all().delete()
    CodeList.objects.all().delete()
    settings.DEMO_MODE = True
    call_command("demo", people=2, seed=3, as_of="2026-12-02", stdout=io.StringIO())
    assert Code.objects.filter(code_list__name="gender").exists()
