"""A worker or administrator ends a representative's authority, with the date and reason: access ends that day."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from selfdirect.accounts.models import User
from selfdirect.audit.models import AuditEvent
from selfdirect.core.roles import Role
from selfdirect.people import (
    access,
    actions,  # inviting and ending authority are people's (AccountError too)
)


def _date(day):
    return {"ends_on_0": day.day, "ends_on_1": day.month, "ends_on_2": day.year}


@pytest.fixture
def rep(council, mother, acts_for):
    return acts_for(mother, council.family, actor=council.worker)


def test_the_record_offers_ending_authority_to_staff_only(council, mother, rep, signed_in):
    link = f"/people/{mother.pk}/representatives/{rep.pk}/end/"
    assert link in signed_in(council.worker).get(f"/people/{mother.pk}/").content.decode()
    assert link not in signed_in(council.family).get(f"/people/{mother.pk}/").content.decode()
    assert signed_in(council.family).get(link).status_code == 403
    assert signed_in(council.south_worker).get(link).status_code == 404


def test_authority_ended_today_ends_access_today(council, mother, rep, signed_in):
    worker = signed_in(council.worker)
    page = worker.get(f"/people/{mother.pk}/representatives/{rep.pk}/end/").content.decode()
    today = timezone.localdate()
    assert f'value="{today.day}"' in page  # defaults to today
    response = worker.post(f"/people/{mother.pk}/representatives/{rep.pk}/end/",
                           {**_date(today), "reason": "Margaret withdrew her consent"})
    assert response.status_code == 302
    rep.refresh_from_db()
    assert rep.ends_on == today and rep.end_reason == "Margaret withdrew her consent" and rep.ended_by == council.worker
    event = AuditEvent.objects.get(person=mother, what__startswith="Ended Dana Oakley's authority")
    assert event.actor == council.worker and event.why == "Margaret withdrew her consent"
    family = signed_in(council.family)
    assert family.get(f"/people/{mother.pk}/").status_code == 404
    home = family.get("/").content.decode()
    assert "Margaret" not in home and "Oakley" not in home
    assert mother not in access.people_visible_to(council.family)
    assert "End authority" not in worker.get(f"/people/{mother.pk}/").content.decode()


def test_authority_ending_on_a_later_day_lasts_until_the_day_before(council, mother, rep):
    ends = timezone.localdate() + datetime.timedelta(days=7)
    actions.end_authority(rep, actor=council.worker, ends_on=ends, reason="Moving abroad")
    assert mother in access.people_visible_to(council.family)
    with time_machine.travel(datetime.datetime.combine(ends - datetime.timedelta(days=1), datetime.time(23, 0),
                                                       tzinfo=datetime.UTC)):
        assert mother in access.people_visible_to(council.family)
    with time_machine.travel(datetime.datetime.combine(ends, datetime.time(0, 1), tzinfo=datetime.UTC)):
        assert mother not in access.people_visible_to(council.family)


def test_a_later_end_can_be_brought_forward_but_an_ended_authority_cannot_be_ended_again(council, mother, rep):
    actions.end_authority(rep, actor=council.worker, ends_on=timezone.localdate() + datetime.timedelta(days=30),
                          reason="Planned")
    actions.end_authority(rep, actor=council.worker, ends_on=timezone.localdate(), reason="Sooner")
    with pytest.raises(actions.AccountError, match="already ended"):
        actions.end_authority(rep, actor=council.worker, ends_on=timezone.localdate(), reason="Again")


def test_the_date_cannot_be_before_the_authority_started_and_a_reason_is_needed(council, mother, rep, signed_in):
    worker = signed_in(council.worker)
    url = f"/people/{mother.pk}/representatives/{rep.pk}/end/"
    body = worker.post(url, {**_date(datetime.date(2025, 12, 31)), "reason": "Typo"}).content.decode()
    assert "must be on or after 1 January 2026" in body and 'href="#id_ends_on' in body
    body = worker.post(url, {**_date(timezone.localdate()), "reason": ""}).content.decode()
    assert "Enter the reason" in body
    body = worker.post(url, {**_date(timezone.localdate()), "reason": "x" * 2001}).content.decode()
    assert "Reason must be 2000 characters or less" in body
    body = worker.post(url, {"reason": "No date"}).content.decode()
    assert "Enter the date the authority ends" in body
    rep.refresh_from_db()
    assert rep.ends_on is None and not AuditEvent.objects.filter(what__startswith="Ended").exists()


def test_an_unused_invitation_stops_working_when_the_authority_ends(council, mother, acts_for, client):
    rep = acts_for(mother, None, actor=council.worker)
    issued = actions.invite(mother, actor=council.worker, kind="representative", delivery="letter", representative=rep)
    actions.end_authority(rep, actor=council.worker, ends_on=timezone.localdate(), reason="Consent withdrawn")
    body = client.post("/sign-in/letter-code/", {"code": issued.code_display, "username": "dana", "password":
                                                 "correct horse battery", "password_again": "correct horse battery"})
    assert "The code is not right" in body.content.decode()


def test_done_an_administrator_invites_the_daughter_who_acts_for_her_mother_until_her_authority_ends(
        council, mother, acts_for, signed_in, client):
    """The issue's definition of done: letter code, acts for her mother, loses access the day her authority ends."""
    rep = acts_for(mother, None, actor=council.worker)
    admin = signed_in(council.admin)
    invite_link = f"/people/{mother.pk}/invite/"
    assert invite_link in admin.get(f"/people/{mother.pk}/").content.decode()
    response = admin.post(invite_link, {"who": f"rep-{rep.pk}", "delivery": "letter"})
    letter = admin.get(response.url).content.decode()
    import re

    code = re.search(r"([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", letter).group(1)
    admin.logout()

    # The daughter follows the link on the sign-in page and types her code.
    assert "Sign in with a letter code" in client.get("/sign-in/").content.decode()
    response = client.post("/sign-in/letter-code/", {"code": code, "username": "dana.oakley",
                                                     "password": "my mother's garden", "password_again":
                                                     "my mother's garden"})
    assert response.status_code == 302
    daughter = User.objects.get(username="dana.oakley")
    assert daughter.role == Role.NOMINATED_PERSON
    home = client.get("/").content.decode()
    assert "Margaret Oakley" in home
    assert client.get(f"/people/{mother.pk}/").status_code == 200

    # A worker ends her authority from next week.
    ends = timezone.localdate() + datetime.timedelta(days=7)
    worker = client.__class__()
    worker.force_login(council.worker)
    worker.post(f"/people/{mother.pk}/representatives/{rep.pk}/end/", {**_date(ends), "reason": "Moving abroad"})
    assert client.get(f"/people/{mother.pk}/").status_code == 200  # until the day before
    with time_machine.travel(datetime.datetime.combine(ends, datetime.time(9, 0), tzinfo=datetime.UTC)):
        client.force_login(daughter)  # a week on, she signs in again (a session ends after an hour without a page)
        assert client.get(f"/people/{mother.pk}/").status_code == 404
        home = client.get("/").content.decode()
        assert "Margaret" not in home and "Oakley" not in home.replace("Dana Oakley", "")
