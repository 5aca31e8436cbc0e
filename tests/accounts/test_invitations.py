"""Inviting the person, someone who acts for them or a carer to sign in: a one-time email link, or a letter code."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from selfdirect.accounts import actions
from selfdirect.accounts.models import Invitation, User
from selfdirect.audit.models import AuditEvent
from selfdirect.core.roles import Role
from selfdirect.people import actions as people_actions


def _link(message) -> str:
    return re.search(r"http://testserver(/invitation/[^/\s]+/)", message.body).group(1)


LETTERS = {}


def _letter_code(client, invitation_pk) -> str:
    page = client.get(f"/invitations/{invitation_pk}/letter/").content.decode()
    LETTERS[invitation_pk] = page
    return re.search(r"<strong[^>]*>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</strong>", page).group(1)


NEW = {"username": "dana.oakley", "password": "correct horse battery", "password_again": "correct horse battery"}


@pytest.fixture
def rep(council, mother, acts_for):
    return acts_for(mother, None, actor=council.worker)


def test_a_worker_invites_a_representative_by_email_and_she_sets_up_her_sign_in(council, mother, rep, signed_in,
                                                                                client):
    worker = signed_in(council.worker)
    form = worker.get(f"/people/{mother.pk}/invite/").content.decode()
    assert "Dana Oakley (son or daughter), who acts for them" in form and "Margaret Oakley, the person whose record this is" in form
    response = worker.post(f"/people/{mother.pk}/invite/", {"who": f"rep-{rep.pk}", "delivery": "email",
                                                            "email": "dana@example.com"})
    assert response.status_code == 302 and response.url == f"/people/{mother.pk}/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dana@example.com"]
    link = _link(mail.outbox[0])
    invitation = Invitation.objects.get()
    assert link.split("/")[2] not in invitation.secret_hash  # only a keyed hash is kept
    assert AuditEvent.objects.filter(person=mother, what__startswith="Invited Dana Oakley to sign in").exists()

    client.logout()
    assert "choose a sign-in name and password" in client.get(link).content.decode()
    response = client.post(link, NEW)
    assert response.status_code == 302 and response.url == "/"
    user = User.objects.get(username="dana.oakley")
    assert user.role == Role.NOMINATED_PERSON and user.check_password("correct horse battery")
    rep.refresh_from_db()
    assert rep.user == user
    assert client.get(f"/people/{mother.pk}/").status_code == 200
    assert AuditEvent.objects.filter(actor=user, what__startswith="Made the sign-in dana.oakley").exists()


def test_an_email_link_works_once(council, mother, rep, client):
    people_actions.invite(mother, actor=council.worker, kind="representative", delivery="email", email="d@example.com",
                   representative=rep, base_url="http://testserver/")
    link = _link(mail.outbox[0])
    assert client.post(link, NEW).status_code == 302
    client.logout()
    again = client.get(link)
    assert again.status_code == 404 and "already been used" in again.content.decode()
    again = client.post(link, {**NEW, "username": "someone.else"})
    assert again.status_code == 404 and not User.objects.filter(username="someone.else").exists()


def test_an_email_link_expires_after_fourteen_days(council, mother, rep, client):
    people_actions.invite(mother, actor=council.worker, kind="representative", delivery="email", email="d@example.com",
                   representative=rep, base_url="http://testserver/")
    link = _link(mail.outbox[0])
    with time_machine.travel(timezone.now() + datetime.timedelta(days=14, minutes=1)):
        assert client.get(link).status_code == 404
    with time_machine.travel(timezone.now() + datetime.timedelta(days=13)):
        assert client.get(link).status_code == 200


def test_a_made_up_link_is_refused(council, client):
    assert client.get("/invitation/not-a-real-token/").status_code == 404


def test_a_weak_password_or_a_taken_name_is_refused_naming_the_field(council, mother, rep, client):
    people_actions.invite(mother, actor=council.worker, kind="representative", delivery="email", email="d@example.com",
                   representative=rep, base_url="http://testserver/")
    link = _link(mail.outbox[0])
    body = client.post(link, {**NEW, "password": "short", "password_again": "short"}).content.decode()
    assert "There is a problem" in body and "Password must be 12 characters or more<" in body and 'href="#id_password"' in body
    body = client.post(link, {**NEW, "username": "worker"}).content.decode()
    assert "That sign-in name is taken" in body
    body = client.post(link, {**NEW, "password_again": "something different"}).content.decode()
    assert "The passwords do not match" in body
    assert not User.objects.filter(username="dana.oakley").exists()
    assert Invitation.objects.get().used_at is None  # nothing half-written


def _issue_letter(council, mother, rep, signed_in):
    worker = signed_in(council.worker)
    response = worker.post(f"/people/{mother.pk}/invite/", {"who": f"rep-{rep.pk}", "delivery": "letter"})
    invitation = Invitation.objects.filter(voided_at__isnull=True).get()
    assert response.url == f"/invitations/{invitation.pk}/letter/"
    return worker, invitation, _letter_code(worker, invitation.pk)


def test_a_letter_has_a_short_code_shown_once_that_signs_her_in(council, mother, rep, signed_in, client):
    worker, invitation, code = _issue_letter(council, mother, rep, signed_in)
    letter = LETTERS.pop(invitation.pk)
    again = worker.get(f"/invitations/{invitation.pk}/letter/").content.decode()
    assert code not in again and "The code can no longer be shown" in again  # not even to the same session
    assert "sd-no-print" in letter and "/sign-in/letter-code/" in letter and "Dear Dana Oakley" in letter
    assert code.replace("-", "")[4:] not in invitation.secret_hash
    worker.logout()
    sign_in = client.get("/sign-in/").content.decode()
    assert 'href="/sign-in/letter-code/"' in sign_in
    response = client.post("/sign-in/letter-code/", {"code": code.lower().replace("-", " "), **NEW})
    assert response.status_code == 302
    user = User.objects.get(username="dana.oakley")
    rep.refresh_from_db()
    assert rep.user == user and user.role == Role.NOMINATED_PERSON
    assert client.get(f"/people/{mother.pk}/").status_code == 200


def test_a_letter_code_works_once(council, mother, rep, signed_in, client):
    worker, invitation, code = _issue_letter(council, mother, rep, signed_in)
    worker.logout()
    assert client.post("/sign-in/letter-code/", {"code": code, **NEW}).status_code == 302
    client.logout()
    body = client.post("/sign-in/letter-code/", {"code": code, **NEW, "username": "second"}).content.decode()
    assert "The code is not right" in body and not User.objects.filter(username="second").exists()


def test_the_code_is_shown_only_once(council, mother, rep, signed_in, client):
    worker, invitation, code = _issue_letter(council, mother, rep, signed_in)
    other_session = client.__class__()
    other_session.force_login(council.worker)
    body = other_session.get(f"/invitations/{invitation.pk}/letter/").content.decode()
    assert code not in body and "The code can no longer be shown" in body


def test_a_wrong_code_is_refused_and_too_many_wrong_tries_stop_the_letter(council, mother, rep, signed_in, client):
    worker, invitation, code = _issue_letter(council, mother, rep, signed_in)
    worker.logout()
    compact = code.replace("-", "")
    wrong = compact[:4] + ("A" if compact[4] != "A" else "B") + compact[5:]
    body = client.post("/sign-in/letter-code/", {"code": wrong, **NEW}).content.decode()
    assert "The code is not right" in body and 'href="#id_code"' in body
    invitation.refresh_from_db()
    assert invitation.attempts == 1
    assert AuditEvent.objects.filter(action="refused", what__contains="wrong letter code").count() == 1
    for _ in range(actions.CODE_ATTEMPTS - 1):
        body = client.post("/sign-in/letter-code/", {"code": wrong, **NEW}).content.decode()
    assert "tried too many times" in body
    body = client.post("/sign-in/letter-code/", {"code": code, **NEW}).content.decode()
    assert "The code is not right" in body  # even the right code no longer works
    assert not User.objects.filter(username="dana.oakley").exists()


def test_a_code_that_is_not_the_right_shape_is_refused(council, client):
    body = client.post("/sign-in/letter-code/", {"code": "ABC", **NEW}).content.decode()
    assert "12 letters and numbers" in body


def test_a_letter_code_expires(council, mother, rep, signed_in, client):
    worker, invitation, code = _issue_letter(council, mother, rep, signed_in)
    worker.logout()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=actions.LETTER_DAYS, minutes=1)):
        body = client.post("/sign-in/letter-code/", {"code": code, **NEW}).content.decode()
    assert "The code is not right" in body and not User.objects.filter(username="dana.oakley").exists()


def test_sending_a_new_letter_voids_the_old_code(council, mother, rep, signed_in, client):
    worker, first, old_code = _issue_letter(council, mother, rep, signed_in)
    worker.post(f"/people/{mother.pk}/invite/", {"who": f"rep-{rep.pk}", "delivery": "letter"})
    first.refresh_from_db()
    assert first.voided_at is not None
    newest = Invitation.objects.filter(voided_at__isnull=True).get()
    new_code = _letter_code(worker, newest.pk)
    assert AuditEvent.objects.filter(what__endswith="and voided the earlier invitation").exists()
    worker.logout()
    assert "The code is not right" in client.post("/sign-in/letter-code/", {"code": old_code, **NEW}).content.decode()
    assert client.post("/sign-in/letter-code/", {"code": new_code, **NEW}).status_code == 302


def test_the_person_themselves_is_invited_as_a_budget_holder(council, mother, client):
    issued = people_actions.invite(mother, actor=council.worker, kind="budget_holder", delivery="letter")
    response = client.post("/sign-in/letter-code/", {"code": issued.code_display, **NEW, "username": "margaret"})
    assert response.status_code == 302
    mother.refresh_from_db()
    assert mother.user.username == "margaret" and mother.user.role == Role.BUDGET_HOLDER
    with pytest.raises(actions.AccountError, match="already has a sign-in"):
        people_actions.invite(mother, actor=council.worker, kind="budget_holder", delivery="letter")


def test_a_carer_is_invited_and_sees_her_carer_page(council, mother, carer_for, client):
    carer = carer_for(mother, actor=council.worker)
    issued = people_actions.invite(mother, actor=council.worker, kind="carer", delivery="letter", carer=carer)
    response = client.post("/sign-in/letter-code/", {"code": issued.code_display, **NEW})
    assert response.status_code == 302 and response.url == "/carer/"
    carer.refresh_from_db()
    assert carer.user.role == Role.CARER
    assert client.get(f"/people/{mother.pk}/").status_code == 404


def test_someone_already_signed_in_adds_the_invitation_to_her_sign_in(council, mother, rep, carer_for, client):
    carer = carer_for(mother, actor=council.worker)
    first = people_actions.invite(mother, actor=council.worker, kind="carer", delivery="letter", carer=carer)
    client.post("/sign-in/letter-code/", {"code": first.code_display, **NEW})
    second = people_actions.invite(mother, actor=council.worker, kind="representative", delivery="letter",
                            representative=rep)
    form = client.get("/sign-in/letter-code/").content.decode()
    assert "Choose a sign-in name" not in form
    assert client.post("/sign-in/letter-code/", {"code": second.code_display}).status_code == 302
    user = User.objects.get(username="dana.oakley")
    assert {g.role for g in user.role_grants.all()} == {Role.CARER, Role.NOMINATED_PERSON}
    assert user.role == Role.NOMINATED_PERSON
    assert client.get(f"/people/{mother.pk}/").status_code == 200


def test_only_staff_who_may_change_the_record_can_invite(council, mother, rep, signed_in):
    assert signed_in(council.south_worker).get(f"/people/{mother.pk}/invite/").status_code == 404
    assert signed_in(council.finance).get(f"/people/{mother.pk}/invite/").status_code == 403
    assert signed_in(council.admin).get(f"/people/{mother.pk}/invite/").status_code == 200


def test_an_email_invitation_needs_an_address(council, mother, rep, signed_in):
    body = signed_in(council.worker).post(f"/people/{mother.pk}/invite/", {"who": f"rep-{rep.pk}",
                                                                           "delivery": "email"}).content.decode()
    assert "Enter the email address to send the link to" in body
    assert not Invitation.objects.exists()


def test_someone_whose_authority_has_ended_cannot_be_invited(council, mother, rep):
    people_actions.end_authority(rep, actor=council.worker, ends_on=timezone.localdate(), reason="Moved abroad")
    rep.refresh_from_db()
    with pytest.raises(actions.AccountError, match="authority has ended"):
        people_actions.invite(mother, actor=council.worker, kind="representative", delivery="letter", representative=rep)


def test_deactivating_a_staff_sign_in_stops_its_set_password_link(council):
    from selfdirect.accounts import actions as account_actions

    user, invitation = account_actions.create_staff(
        actor=council.admin, username="leaver", first_name="Lee", last_name="Leaver", email="lee@example.org",
        grants=[account_actions.Grant(Role.FINANCE_OFFICER)], base_url="http://testserver/")
    account_actions.deactivate(user, actor=council.admin, reason="Left")
    invitation.refresh_from_db()
    assert invitation.voided_at is not None
    with pytest.raises(account_actions.AccountError):
        account_actions.redeem_new(invitation, username="", password="a long enough passphrase")
