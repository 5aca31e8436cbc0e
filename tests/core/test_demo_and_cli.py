import datetime
import subprocess
import sys

from selfdirect.core import demo
from selfdirect.people.models import Person


def _snapshot():
    return list(Person.objects.order_by("la_person_id").values_list("la_person_id", "first_name", "last_name", "postcode",
                                                                     "cases__state"))


def test_the_demo_council_is_the_same_for_the_same_seed(code_lists):
    today = datetime.date(2026, 11, 23)
    demo.build(people=12, seed=7, today=today)
    first = _snapshot()
    demo.build(people=12, seed=7, today=today)
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
    from selfdirect.planning.models import ChoiceRecord, PlanExample

    shared = PlanExample.objects.select_related("from_plan__case__person")
    assert shared.exists() and all(e.from_plan.case.person.research_consent for e in shared)
    assert ChoiceRecord.objects.filter(offered=False).exists()  # some workers did not offer every option


def test_the_selfdirect_command_fronts_the_management_commands():
    result = subprocess.run([sys.executable, "-m", "selfdirect.cli", "help", "demo"], capture_output=True, text=True,
                            check=True)
    assert "--people" in result.stdout and "--seed" in result.stdout
