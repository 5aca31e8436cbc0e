"""Walk findings on charging, as the home pages and navigation show it: the administrator's links to the look-again
queue, the policy and the rates; the finance home's ages in plain words; the import hint; the person's contribution
and current letter on their own home and on the home of someone who acts for them."""

import datetime

import pytest
from django.utils import timezone

from selfdirect.audit.models import AuditEvent
from selfdirect.charging import actions as charging
from selfdirect.charging.models import AssessmentRequest, Reconsideration
from selfdirect.core.dates import working_days_between
from selfdirect.core.money import Money
from selfdirect.people import actions as people_actions
from tests.charging.inputs import assessment_input


def _one_working_day_ago() -> datetime.date:
    today = timezone.localdate()
    day = today - datetime.timedelta(days=1)
    while working_days_between(day, today) != 1:
        day -= datetime.timedelta(days=1)
    return day


def _noon(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


# The administrator records what looking again found, and sets the policy: their navigation links there.

def test_the_administrators_navigation_links_the_look_again_queue_the_policy_and_the_rates(council, signed_in):
    admin = signed_in(council.admin)
    body = admin.get("/").content.decode()
    nav = body[body.index('class="govuk-service-navigation'):]
    nav = nav[:nav.index("</nav>")]
    for href, text in (("/finance/look-again/", "Look again"), ("/finance/charging-policy/", "Charging policy"),
                       ("/finance/charging-rates/", "Charging rates")):
        assert f'href="{href}"' in nav and text in nav
        assert admin.get(href).status_code == 200
    dashboards = admin.get("/dashboards/").content.decode()
    assert 'href="/finance/charging-rates/"' in dashboards


# The finance home: how long the oldest has waited, in words.

def test_the_finance_home_says_today_and_one_working_day(council, signed_in):
    person = council.live_person(user=council.holder)
    made = charging.request_assessment(person, actor=council.worker)
    other = council.live_person(first_name="Ann", user=council.other_holder)
    assessed = charging.record_assessment(other, assessment_input(other), actor=council.finance)
    asked = charging.ask_to_look_again(assessed, actor=council.other_holder, grounds="My pension is less")
    finance = signed_in(council.finance)
    home = finance.get("/").content.decode()
    assert "the oldest was asked for today." in home and "the oldest was made today." in home
    assert "0 working days" not in home
    AssessmentRequest.objects.filter(pk=made.pk).update(requested_at=_noon(_one_working_day_ago()))
    Reconsideration.objects.filter(pk=asked.pk).update(asked_at=_noon(_one_working_day_ago()))
    home = finance.get("/").content.decode()
    assert "the oldest was asked for 1 working day ago." in home and "the oldest was made 1 working day ago." in home


# The import field's hint is for finance officers, not developers.

def test_the_import_hint_says_what_the_file_is_in_plain_words(council, signed_in):
    person = council.live_person()
    page = signed_in(council.finance).get(f"/people/{person.pk}/charging/new/").content.decode()
    assert "A JSON file in the format the finance team" in page and "command-line tool reads (docs/charging.md)" in page
    assert "`" not in page and "--input" not in page


# The person's contribution and current letter on their home.

@pytest.fixture
def assessed(council):
    person = council.live_person(user=council.holder, date_of_birth=datetime.date(1948, 5, 1))
    first = charging.record_assessment(person, assessment_input(person), actor=council.finance)
    return person, first


def _line(assessment) -> str:
    day = assessment.effective_date
    return f"{Money(assessment.weekly_contribution_pence).format()} a week from {day.day} {day:%B %Y}"


def test_the_budget_holder_sees_their_contribution_and_their_current_letter(council, assessed, signed_in):
    person, first = assessed
    holder = signed_in(council.holder)
    home = holder.get("/").content.decode()
    assert f"Your contribution: {_line(first)}." in home
    assert f'href="/people/{person.pk}/charging/{first.pk}/letter/">Read your letter' in home
    # a newer assessment (here the budget changed): the home gives its amount and its letter, not the first one's
    newer = charging.personal_budget_changed(person, weekly_cost_pence=5000, actor=council.finance)
    assert newer is not None and newer.weekly_contribution_pence != first.weekly_contribution_pence
    home = holder.get("/").content.decode()
    assert f"Your contribution: {_line(newer)}." in home
    assert f"/people/{person.pk}/charging/{newer.pk}/letter/" in home
    assert f"/people/{person.pk}/charging/{first.pk}/letter/" not in home
    assert holder.get(f"/people/{person.pk}/charging/{newer.pk}/letter/").status_code == 200
    assert AuditEvent.objects.filter(person=person, actor=council.holder, what="Listed on the home page").exists()


def test_a_budget_holder_never_assessed_sees_no_contribution_line(council, signed_in):
    council.live_person(user=council.holder)
    home = signed_in(council.holder).get("/").content.decode()
    assert "Your contribution" not in home


@pytest.mark.parametrize(("scope", "shown"), [("welfare_and_property", True), ("property", True), ("welfare", False)])
def test_someone_acting_for_the_person_sees_it_when_their_authority_covers_charging(council, assessed, signed_in,
                                                                                   scope, shown):
    person, first = assessed
    people_actions.add_representative(person, actor=council.worker, name="Frank Green", relationship="Son or daughter",
                                      kind="consent", scope=scope, evidence_reference="Consent form",
                                      user=council.family, starts_on=datetime.date(2026, 1, 1))
    family = signed_in(council.family)
    home = family.get("/").content.decode()
    assert person.full_name in home
    assert (f"Contribution: {_line(first)}." in home) is shown
    assert (f'href="/people/{person.pk}/charging/{first.pk}/letter/"' in home) is shown
    assert family.get(f"/people/{person.pk}/charging/{first.pk}/letter/").status_code == (200 if shown else 403)
    assert AuditEvent.objects.filter(person=person, actor=council.family, what="Listed on the home page").exists()
