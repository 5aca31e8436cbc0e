"""Insight hears of changes only from the actions' own announcement (core.events.cases_changed), never from a model
signal: so a bulk write is noticed as long as its action announces it."""

import datetime

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from selfdirect.core import events
from selfdirect.insight.models import StaleCase
from selfdirect.money import actions as money

WATCHED = ["journey.Case", "journey.CaseEvent", "people.Person", "assessment.Assessment", "planning.SupportPlan",
           "planning.PlanItem", "planning.ChoiceRecord", "money.Instalment"]


def _receivers(signal, model):
    sync, asynchronous = signal._live_receivers(model)
    return list(sync) + list(asynchronous)


def test_insight_connects_no_receiver_to_any_model_save_or_delete():
    for signal in (post_save, post_delete):
        for model in [apps.get_model(label) for label in WATCHED] + list(apps.get_models()):
            found = [r for r in _receivers(signal, model) if getattr(r, "__module__", "").startswith("selfdirect.insight")]
            assert found == [], (signal, model, found)
        uids = [key[0] for key, *_ in signal.receivers if isinstance(key[0], str) and key[0].startswith("insight")]
        assert uids == [], uids


def test_insight_listens_to_the_announcement():
    from selfdirect.insight import facts

    assert facts.cases_changed in _receivers(events.cases_changed, None)


def test_a_payment_run_announces_every_case_it_paid_and_insight_notes_them_stale(council):
    heard = []

    def listen(sender, *, case_ids, person_ids, **kwargs):
        heard.append((sender, set(case_ids)))

    paid = [council.case(council.live_person(nhs_number=n)) for n in ("9434765919", "9434765870")]
    StaleCase.objects.all().delete()
    events.cases_changed.connect(listen)
    try:
        run, report = money.pay(datetime.date(2026, 1, 20), actor=council.finance)
    finally:
        events.cases_changed.disconnect(listen)
    assert report.paid == 2
    assert {pk for _, ids in heard for pk in ids} == {c.pk for c in paid}
    assert set(StaleCase.objects.values_list("case_id", flat=True)) == {c.pk for c in paid}


def test_an_announcement_by_person_marks_each_of_their_cases_stale(council):
    person = council.person()
    case = council.case(person)
    StaleCase.objects.all().delete()
    events.announce_cases_changed(sender=type(person), person_ids=[person.pk])
    assert list(StaleCase.objects.values_list("case_id", flat=True)) == [case.pk]


def test_nothing_is_announced_when_nothing_changed(council):
    heard = []

    def listen(sender, **kwargs):
        heard.append(kwargs)

    events.cases_changed.connect(listen)
    try:
        events.announce_cases_changed([None], sender=None)
        events.announce_cases_changed([], sender=None, person_ids=[])
    finally:
        events.cases_changed.disconnect(listen)
    assert heard == []
