"""A worker's search of the directory with a person (issue 20, "on paper and by phone"): staff who may change the
person's record search as the public does, tick the services they suggest, say why each suits the person and how they
were told, and it is kept for the person's file, audited; erasure deletes it and a subject access request gathers
it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from selfdirect.audit.models import AuditEvent
from selfdirect.market import actions
from selfdirect.market.models import Suggestion

from . import directory

TODAY = datetime.date(2026, 12, 7)
WHY = "Elsie wants company on Tuesdays, and the hall is step-free."


@pytest.fixture
def listed(council):
    return directory.build(council, timezone.localdate())


@pytest.fixture
def elsie(council):
    return council.person()  # in the North team, whose worker and manager may change her record


def _address(person, query=""):
    return f"/directory/people/{person.pk}/" + (f"?{query}" if query else "")


# ---- who may open it and record suggestions ---------------------------------------------------------------------------


def test_a_worker_on_the_persons_team_searches_with_them(council, listed, elsie, signed_in):
    page = signed_in(council.worker).get(_address(elsie, "what=day_opportunity"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Find support with Elsie in the directory" in body
    assert "Art and craft days" in body and "Home care visits" not in body
    assert "Suggest Art and craft days (Riverside Day Opportunities) to Elsie" in body and "Why Art and craft days (Riverside Day Opportunities) suits Elsie" in body
    assert "Nothing has been suggested to Elsie from the directory yet." in body


@pytest.mark.parametrize(
    "who", ["south_worker", "south_manager", "holder", "family", "provider", "commissioner", "researcher"]
)
def test_no_one_outside_the_persons_reach_opens_or_posts_it(council, listed, elsie, signed_in, who):
    client = signed_in(getattr(council, who))
    assert client.get(_address(elsie)).status_code == 404
    posted = client.post(
        _address(elsie), {f"suggest_{listed['art'].pk}": "on", f"why_{listed['art'].pk}": WHY, "how": "phone"}
    )
    assert posted.status_code == 404
    assert not Suggestion.objects.exists()


def test_someone_who_reaches_the_person_but_may_not_change_the_record_is_refused(council, listed, elsie, signed_in):
    client = signed_in(council.finance)  # finance officers reach every record, and change none
    assert client.get(_address(elsie)).status_code == 403
    assert client.post(_address(elsie), {"how": "phone"}).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.suggest_services(elsie, actor=council.finance, chosen=[(listed["art"], WHY)], how="phone", on=TODAY)


def test_signing_in_is_needed(client, listed, elsie):
    response = client.get(_address(elsie))
    assert response.status_code == 302 and "sign-in" in response["Location"]


# ---- recording what was suggested -------------------------------------------------------------------------------------


def test_saving_records_one_suggestion_a_service_ticked_with_why_and_how_audited(council, listed, elsie, signed_in):
    client = signed_in(council.worker)
    art, music = listed["art"], listed["music"]
    response = client.post(
        _address(elsie, "what=day_opportunity"),
        {
            f"suggest_{art.pk}": "on",
            f"why_{art.pk}": WHY,
            f"suggest_{music.pk}": "on",
            f"why_{music.pk}": "She loved singing in a choir.",
            "how": "paper",
        },
    )
    assert response.status_code == 302 and response["Location"] == _address(elsie, "what=day_opportunity")
    made = {s.service: s for s in Suggestion.objects.filter(person=elsie)}
    assert set(made) == {art, music}
    assert (made[art].why, made[art].how, made[art].suggested_by, made[art].suggested_on) == (
        WHY,
        "paper",
        council.worker,
        timezone.localdate(),
    )
    events = AuditEvent.objects.filter(person=elsie, action="create", what__startswith="Suggested")
    assert sorted(e.what for e in events) == [
        "Suggested Art and craft days from the directory (on paper (a printed list sent))",
        "Suggested Music and drama from the directory (on paper (a printed list sent))",
    ]
    assert {e.actor for e in events} == {council.worker}
    page = client.get(_address(elsie)).content.decode()
    assert WHY in page and "On paper (a printed list sent)" in page


def test_a_service_not_ticked_is_not_recorded_even_with_a_why(council, listed, elsie, signed_in):
    art, music = listed["art"], listed["music"]
    signed_in(council.manager).post(
        _address(elsie, "what=day_opportunity"),
        {f"suggest_{art.pk}": "on", f"why_{art.pk}": WHY, f"why_{music.pk}": "Not chosen after all", "how": "meeting"},
    )
    assert [s.service for s in Suggestion.objects.all()] == [art]


def test_no_service_chosen_is_named_and_nothing_is_written(council, listed, elsie, signed_in):
    art = listed["art"]
    response = signed_in(council.worker).post(
        _address(elsie, "what=day_opportunity"), {f"why_{art.pk}": WHY, "how": "phone"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose at least one service to suggest" in body
    assert f'href="#id_suggest_{art.pk}"' in body
    assert not Suggestion.objects.exists()


def test_a_chosen_service_without_why_and_a_missing_how_are_named_together(council, listed, elsie, signed_in):
    art, music = listed["art"], listed["music"]
    response = signed_in(council.worker).post(
        _address(elsie, "what=day_opportunity"),
        {f"suggest_{art.pk}": "on", f"why_{art.pk}": WHY, f"suggest_{music.pk}": "on", f"why_{music.pk}": "  "},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Say why Music and drama (Riverside Day Opportunities) suits them" in body and f'href="#id_why_{music.pk}"' in body
    assert "Select how you told them" in body
    assert not Suggestion.objects.exists()  # the one with its why is not written either


def test_the_action_names_every_problem(council, listed, elsie):
    with pytest.raises(actions.MarketError) as refused:
        actions.suggest_services(elsie, actor=council.worker, chosen=[], how="", on=TODAY)
    assert [(e.field, str(e)) for e in refused.value.every] == [
        ("services", "Choose at least one service to suggest"),
        ("how", "Select how you told them"),
    ]
    with pytest.raises(actions.MarketError) as refused:
        actions.suggest_services(
            elsie, actor=council.worker, chosen=[(listed["art"], "x" * 1001)], how="email", on=TODAY
        )
    assert (refused.value.field, str(refused.value)) == (
        f"why_{listed['art'].pk}",
        "Why Art and craft days suits them must be 1000 characters or less",
    )


# ---- the person's record page -----------------------------------------------------------------------------------------


def test_the_record_page_links_to_the_search_with_the_number_suggested(council, listed, elsie, signed_in):
    actions.suggest_services(elsie, actor=council.worker, chosen=[(listed["art"], WHY)], how="phone", on=TODAY)
    body = signed_in(council.worker).get(f"/people/{elsie.pk}/").content.decode()
    assert "Find support with them in the directory" in body
    assert "Services suggested from the directory (1)" in body
    assert f'href="/directory/people/{elsie.pk}/#suggested"' in body
    finance = signed_in(council.finance).get(f"/people/{elsie.pk}/").content.decode()
    assert "Services suggested from the directory" not in finance


# ---- the person's data ------------------------------------------------------------------------------------------------


def test_a_subject_access_request_gathers_what_was_suggested(council, listed, elsie):
    from selfdirect.subject_access import gatherers

    actions.suggest_services(elsie, actor=council.worker, chosen=[(listed["art"], WHY)], how="phone", on=TODAY)
    found = [f for g, f in gatherers.gather_all(elsie) if g.kind == "service-suggestions"]
    assert [f.title for f in found] == [
        "Art and craft days (Riverside Day Opportunities), suggested on 7 December 2026"
    ]
    text = " ".join(t for _, t in found[0].fields)
    assert WHY in text and "By phone" in text


def test_erasure_deletes_what_was_suggested(council, listed, settings, tmp_path, django_capture_on_commit_callbacks):
    from selfdirect.retention import actions as retention
    from tests.retention.conftest import build_past_person

    settings.MEDIA_ROOT = tmp_path / "media"
    past = build_past_person(council)
    Suggestion.objects.create(
        person=past.person,
        service=listed["art"],
        suggested_by=council.worker,
        suggested_on=TODAY,
        how="phone",
        why="Zebedee Quarrington-Vale likes painting.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        erasure = retention.erase(past.person, actor=council.admin)
    assert not Suggestion.objects.filter(person=past.person).exists()
    assert erasure.counts["market_suggestions"] == 1


def test_the_demo_clears_suggestions_before_the_services_they_name(council, listed, elsie):
    from selfdirect.market import demo

    actions.suggest_services(elsie, actor=council.worker, chosen=[(listed["art"], WHY)], how="phone", on=TODAY)
    demo.clear()
    assert not Suggestion.objects.exists()
