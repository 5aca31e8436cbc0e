"""Sign-ins through the API, scoped like the pages."""

import pytest
from django.core import mail
from django.utils import timezone

from selfdirect.accounts.models import Invitation, User
from selfdirect.audit.models import AuditEvent
from selfdirect.core.roles import Role


def test_an_administrator_lists_and_adds_staff_sign_ins(council, api):
    client = api(council.admin)
    listed = client.get("/api/v1/accounts/?q=worker")
    assert listed.status_code == 200
    assert {a["username"] for a in listed.json()["results"]} == {"worker", "worker.south"}
    made = client.post("/api/v1/accounts/", {
        "username": "tariq", "first_name": "Tariq", "last_name": "Team", "email": "t@exampleshire.example",
        "roles": [{"role": "team_manager", "team": council.north.pk}, {"role": "social_worker",
                                                                      "team": council.south.pk}]}, format="json")
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["acting_as"] == "team_manager"
    assert {(r["role"], r["team"]) for r in body["roles"]} == {("team_manager", council.north.pk),
                                                               ("social_worker", council.south.pk)}
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(channel="api", what__startswith="Created the sign-in tariq").exists()


def test_bad_account_data_is_refused_naming_the_field(council, api):
    client = api(council.admin)
    response = client.post("/api/v1/accounts/", {"username": "worker", "first_name": "A", "last_name": "B",
                                                 "email": "a@b.example", "roles": [{"role": "commissioner"}]},
                           format="json")
    assert response.status_code == 400 and "username" in response.json()["errors"]
    response = client.post("/api/v1/accounts/", {"username": "new.one", "first_name": "A", "last_name": "B",
                                                 "email": "a@b.example", "roles": [{"role": "social_worker"}]},
                           format="json")
    assert response.status_code == 400 and "team_social_worker" in response.json()["errors"]
    response = client.post("/api/v1/accounts/", {"username": "new.one", "first_name": "A", "last_name": "B",
                                                 "email": "a@b.example", "roles": [{"role": "carer"}]}, format="json")
    assert response.status_code == 400
    assert not User.objects.filter(username="new.one").exists()


@pytest.mark.parametrize("who", ["worker", "manager", "holder"])
def test_only_administrators_manage_accounts_through_the_api(council, api, who):
    client = api(getattr(council, who))
    assert client.get("/api/v1/accounts/").status_code == 403
    assert client.post(f"/api/v1/accounts/{council.finance.pk}/deactivate/", {}, format="json").status_code == 403
    assert User.objects.get(pk=council.finance.pk).is_active


def test_deactivating_through_the_api_ends_the_accounts_tokens(council, api):
    theirs = api(council.finance)
    assert theirs.get("/api/v1/me/").status_code == 200
    response = api(council.admin).post(f"/api/v1/accounts/{council.finance.pk}/deactivate/", {"reason": "Left"},
                                       format="json")
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert theirs.get("/api/v1/me/").status_code == 401
    assert api(council.admin).post(f"/api/v1/accounts/{council.admin.pk}/deactivate/", {},
                                   format="json").status_code == 409
    assert api(council.admin).post(f"/api/v1/accounts/{council.finance.pk}/reactivate/").json()["is_active"]


def test_a_worker_issues_a_letter_invitation_and_gets_the_code_once(council, api, mother, acts_for):
    rep = acts_for(mother, None, actor=council.worker)
    response = api(council.worker).post(f"/api/v1/people/{mother.pk}/invitations/", {
        "kind": "representative", "delivery": "letter", "representative": rep.pk}, format="json")
    assert response.status_code == 201, response.content
    code = response.json()["letter_code"]
    assert len(code.replace("-", "")) == 12
    invitation = Invitation.objects.get()
    assert code not in invitation.secret_hash and invitation.representative == rep
    email = api(council.worker).post(f"/api/v1/people/{mother.pk}/invitations/", {
        "kind": "representative", "delivery": "email", "email": "dana@example.com", "representative": rep.pk},
        format="json")
    assert email.status_code == 201 and "letter_code" not in email.json()
    invitation.refresh_from_db()
    assert invitation.voided_at is not None  # re-issued


def test_invitations_and_ending_authority_are_scoped_like_the_pages(council, api, mother, acts_for):
    rep = acts_for(mother, council.family, actor=council.worker)
    south = api(council.south_worker)
    assert south.post(f"/api/v1/people/{mother.pk}/invitations/", {"kind": "budget_holder", "delivery": "letter"},
                      format="json").status_code == 404
    assert south.post(f"/api/v1/people/{mother.pk}/representatives/{rep.pk}/end/",
                      {"ends_on": "2026-12-02", "reason": "x"}, format="json").status_code == 404
    assert api(council.family).post(f"/api/v1/people/{mother.pk}/representatives/{rep.pk}/end/",
                                    {"ends_on": "2026-12-02", "reason": "x"}, format="json").status_code == 403
    rep.refresh_from_db()
    assert rep.ends_on is None


def test_ending_authority_through_the_api(council, api, mother, acts_for):
    rep = acts_for(mother, council.family, actor=council.worker)
    client = api(council.worker)
    url = f"/api/v1/people/{mother.pk}/representatives/{rep.pk}/end/"
    bad = client.post(url, {"ends_on": "2025-06-01", "reason": "Too early"}, format="json")
    assert bad.status_code == 400 and "ends_on" in bad.json()["errors"]
    today = timezone.localdate()
    done = client.post(url, {"ends_on": today.isoformat(), "reason": "Consent withdrawn"}, format="json")
    assert done.status_code == 200 and done.json()["ends_on"] == today.isoformat()
    assert api(council.family).get(f"/api/v1/people/{mother.pk}/").status_code in {403, 404}
    assert AuditEvent.objects.filter(channel="api", what__startswith="Ended Dana Oakley's authority").exists()


def test_someone_with_several_roles_chooses_the_one_they_act_in(council, api):
    from selfdirect.accounts.models import RoleGrant

    RoleGrant.objects.create(user=council.holder, role=Role.BUDGET_HOLDER)
    RoleGrant.objects.create(user=council.holder, role=Role.RESEARCHER)
    client = api(council.holder)
    me = client.get("/api/v1/me/").json()
    assert me["acting_as"] == "budget_holder" and {r["role"] for r in me["roles"]} == {"budget_holder", "researcher"}
    assert client.post("/api/v1/me/", {"role": "researcher"}, format="json").json()["acting_as"] == "researcher"
    refused = client.post("/api/v1/me/", {"role": "administrator"}, format="json")
    assert refused.status_code == 400 and "role" in refused.json()["errors"]
