"""Administrators manage staff sign-ins: add with roles and teams, change roles, deactivate and reactivate."""

import re

import pytest
from django.core import mail

from selfdirect.accounts import actions
from selfdirect.accounts.models import User
from selfdirect.audit.models import AuditEvent
from selfdirect.core.roles import Role

NEW_STAFF = {"first_name": "Tariq", "last_name": "Team", "email": "tariq@exampleshire.example",
             "username": "tariq.team", "roles": ["team_manager", "social_worker"]}


@pytest.mark.parametrize("who", ["worker", "manager", "finance", "holder", "family"])
def test_only_administrators_reach_the_sign_ins_pages(council, signed_in, who):
    client = signed_in(getattr(council, who))
    assert client.get("/accounts/").status_code == 403
    assert client.get("/accounts/new/").status_code == 403
    assert client.get(f"/accounts/{council.worker.pk}/").status_code == 403


def test_the_administrators_menu_links_to_sign_ins_and_the_list_searches_and_pages(council, signed_in):
    client = signed_in(council.admin)
    assert 'href="/accounts/"' in client.get("/").content.decode()
    for n in range(30):
        User.objects.create_user(username=f"bulk.{n:02d}", role=Role.COMMISSIONER, last_name="Zulu")
    first = client.get("/accounts/").content.decode()
    assert "Page 1 of 2" in first and "?q=&amp;page=2" in first
    found = client.get("/accounts/?q=worker.south").content.decode()
    assert "worker.south" in found and "bulk.01" not in found and "1 sign-in" in found


def test_an_administrator_adds_a_manager_who_also_carries_cases(council, signed_in, client):
    admin = signed_in(council.admin)
    body = admin.post("/accounts/new/", {**NEW_STAFF}).content.decode()
    assert "Select the team for the team manager role" in body  # each casework role names its team
    assert not User.objects.filter(username="tariq.team").exists()
    response = admin.post("/accounts/new/", {**NEW_STAFF, "team_team_manager": council.north.pk,
                                             "team_social_worker": council.south.pk})
    user = User.objects.get(username="tariq.team")
    assert response.url == f"/accounts/{user.pk}/"
    assert {(g.role, g.team_id) for g in user.role_grants.all()} == {
        (Role.TEAM_MANAGER, council.north.pk), (Role.SOCIAL_WORKER, council.south.pk)}
    assert not user.has_usable_password()
    assert AuditEvent.objects.filter(actor=council.admin, what__startswith="Created the sign-in tariq.team").exists()
    # The emailed link lets them set a password, once.
    link = re.search(r"http://testserver(/invitation/[^/\s]+/)", mail.outbox[0].body).group(1)
    admin.logout()
    assert "Your sign-in name is <strong>tariq.team</strong>" in client.get(link).content.decode()
    assert client.post(link, {"password": "a good long password", "password_again": "a good long password"}).url == "/"
    user.refresh_from_db()
    assert user.check_password("a good long password")
    assert client.get("/")["Location"].startswith("/sign-in/two-factor/set-up/")  # staff: an authenticator app next
    from django.test import Client

    assert Client().get(link).status_code == 404


def test_a_taken_sign_in_name_is_refused(council, signed_in):
    body = signed_in(council.admin).post("/accounts/new/", {**NEW_STAFF, "username": "Worker",
                                                             "team_team_manager": council.north.pk,
                                                             "team_social_worker": council.north.pk}).content.decode()
    assert "That sign-in name is taken" in body


def test_person_linked_roles_cannot_be_ticked_by_an_administrator(council):
    with pytest.raises(actions.AccountError, match="comes from an invitation"):
        actions.set_roles(council.worker, actor=council.admin, grants=[actions.Grant(Role.NOMINATED_PERSON)])


def test_a_provider_role_needs_its_organisation(council, signed_in):
    body = signed_in(council.admin).post(f"/accounts/{council.commissioner.pk}/roles/",
                                         {"roles": ["provider"]}).content.decode()
    assert "Select the provider organisation" in body


def test_an_administrator_changes_roles_and_person_linked_roles_are_kept(council, signed_in):
    client = signed_in(council.admin)
    response = client.post(f"/accounts/{council.holder.pk}/roles/", {"roles": ["researcher"]})
    assert response.status_code == 302
    holder = User.objects.get(pk=council.holder.pk)
    assert {g.role for g in holder.role_grants.all()} == {Role.BUDGET_HOLDER, Role.RESEARCHER}
    assert holder.role == Role.BUDGET_HOLDER  # still acting as before
    assert AuditEvent.objects.filter(what="Set the roles of holder: Researcher").exists()
    page = client.get(f"/accounts/{holder.pk}/").content.decode()
    assert "Budget holder" in page and "Researcher" in page


def test_removing_the_role_someone_acts_in_moves_them_to_one_they_hold(council):
    actions.set_roles(council.worker, actor=council.admin, grants=[actions.Grant(Role.COMMISSIONER)])
    worker = User.objects.get(pk=council.worker.pk)
    assert worker.role == Role.COMMISSIONER and worker.team is None


def test_a_deactivated_account_cannot_sign_in_and_its_sessions_end(council, signed_in, client):
    from django.test import Client

    def signs_in():
        answer = Client().post("/sign-in/", {"username": "worker", "password": "a-long-test-password"})
        return answer.status_code == 302

    theirs = Client()
    theirs.force_login(council.worker)
    assert theirs.get("/").status_code == 200
    admin = signed_in(council.admin)
    assert "They will not be able to sign in" in admin.get(f"/accounts/{council.worker.pk}/deactivate/").content.decode()
    response = admin.post(f"/accounts/{council.worker.pk}/deactivate/", {"reason": "Left the council"})
    assert response.status_code == 302
    assert not User.objects.get(pk=council.worker.pk).is_active
    assert theirs.get("/").status_code == 302  # sent to sign in
    assert not signs_in()
    event = AuditEvent.objects.get(what="Deactivated the sign-in worker")
    assert event.actor == council.admin and event.why == "Left the council"
    assert "Deactivated" in admin.get("/accounts/?q=worker").content.decode()
    admin.post(f"/accounts/{council.worker.pk}/reactivate/")
    assert User.objects.get(pk=council.worker.pk).is_active
    assert AuditEvent.objects.filter(what="Reactivated the sign-in worker").exists()
    assert signs_in()


def test_an_administrator_cannot_deactivate_herself(council, signed_in):
    body = signed_in(council.admin).post(f"/accounts/{council.admin.pk}/deactivate/", {}).content.decode()
    assert "You cannot deactivate your own account" in body
    assert User.objects.get(pk=council.admin.pk).is_active
    with pytest.raises(actions.AccountError):
        actions.deactivate(council.admin, actor=council.admin)


def test_a_missing_account_is_not_found(council, signed_in):
    assert signed_in(council.admin).get("/accounts/999999/").status_code == 404
