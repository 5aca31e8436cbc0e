"""Staff sign in with a password and a code from an authenticator app (TOTP, RFC 6238; ASVS 4.0.3 V2.8.1, V2.8.3,
V2.8.4): until the code is entered the session reaches nothing but the second step, the set-up and signing out, in the
pages and the API alike. People who hold budgets, act for someone or care for them sign in with a password."""

import base64
import re

import pytest
from django.core import mail
from django.test import Client
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from selfdirect.audit.models import AuditEvent

RIGHT = "a-long-test-password"


def code_for(key: bytes, *, step_ahead=0) -> str:
    totp = TOTP(key)
    return f"{hotp(key, totp.t() + step_ahead):06d}"


def a_wrong_code(key: bytes) -> str:
    right = {code_for(key, step_ahead=n) for n in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


@pytest.fixture
def phone(council):
    """The worker's authenticator app, set up."""
    return TOTPDevice.objects.create(user=council.worker, name="Phone", confirmed=True)


def password_step(client, username="worker", address="127.0.0.1", next_url=None):
    url = "/sign-in/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": username, "password": RIGHT, "next": next_url or ""}, REMOTE_ADDR=address)


def test_staff_enter_the_code_from_their_app_after_the_password(council, phone, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code and then the right one, at once
    client = Client()
    response = password_step(client, next_url="/accounts/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/two-factor/")
    page = client.get(response["Location"]).content.decode()
    assert "Enter the 6-digit code from your authenticator app" in page and 'autocomplete="one-time-code"' in page
    for url in ["/", "/people/", "/accounts/", "/change-role/"]:
        held = client.get(url)
        assert held.status_code == 302 and held["Location"].startswith("/sign-in/two-factor/"), url
    assert client.get("/api/v1/me/").status_code == 403
    wrong = client.post("/sign-in/two-factor/", {"code": a_wrong_code(phone.bin_key), "next": "/accounts/"})
    assert wrong.status_code == 400
    assert "The code is not right" in wrong.content.decode() and 'href="#id_code"' in wrong.content.decode()
    done = client.post("/sign-in/two-factor/", {"code": code_for(phone.bin_key), "next": "/accounts/"})
    assert done.status_code == 302 and done["Location"] == "/accounts/"
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 200


def test_a_code_works_once(council, phone):
    code = code_for(phone.bin_key)
    client = Client()
    password_step(client)
    assert client.post("/sign-in/two-factor/", {"code": code}).status_code == 302
    client.post("/sign-out/")
    password_step(client)
    again = client.post("/sign-in/two-factor/", {"code": code})
    assert again.status_code == 400 and "The code is not right" in again.content.decode()


def test_a_member_of_staff_without_an_app_sets_one_up_with_a_qr_code_and_the_secret_written_out(council):
    council.worker.email = "wendy@exampleshire.example"
    council.worker.save()
    client = Client()
    response = password_step(client)
    assert response["Location"].startswith("/sign-in/two-factor/set-up/")
    assert client.get("/").status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Set up an authenticator app" in page
    assert re.search(r'<img [^>]*src="data:image/svg\+xml[^"]+"[^>]*alt="[^"]+"', page)
    secret = re.search(r'id="secret"[^>]*>([A-Z2-7 ]+)<', page).group(1)
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    assert page.count(secret) == 1  # written out once, for those who cannot scan it
    assert not TOTPDevice.objects.filter(user=council.worker).exists()  # nothing kept until it is confirmed
    wrong = client.post("/sign-in/two-factor/set-up/", {"code": a_wrong_code(key)})
    assert wrong.status_code == 400 and "The code is not right" in wrong.content.decode()
    assert secret in wrong.content.decode()  # the same secret, to try again
    done = client.post("/sign-in/two-factor/set-up/", {"code": code_for(key)})
    assert done.status_code == 302 and client.get("/").status_code == 200
    device = TOTPDevice.objects.get(user=council.worker)
    assert device.confirmed and device.bin_key == key
    assert AuditEvent.objects.filter(what="Set up an authenticator app for the sign-in worker").exists()
    assert len(mail.outbox) == 1 and "authenticator app" in mail.outbox[0].body  # ASVS V2.2.3: told of the change
    assert mail.outbox[0].to == ["wendy@exampleshire.example"]


def test_the_set_up_page_is_for_staff_without_an_app(council, phone, signed_in):
    client = Client()
    password_step(client)
    assert client.get("/sign-in/two-factor/set-up/")["Location"].startswith("/sign-in/two-factor/")
    holder = signed_in(council.holder)
    assert holder.get("/sign-in/two-factor/set-up/").status_code == 302
    assert Client().get("/sign-in/two-factor/").status_code == 302  # signed out: to the sign-in page


def test_wrong_codes_count_towards_the_lock_with_wrong_passwords(council, phone, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own pause after a wrong code, off to count quickly
    client = Client()
    for _ in range(2):
        client.post("/sign-in/", {"username": "worker", "password": "wrong guess"})
    password_step(client)  # the right password does not start the count again: only the full sign-in does
    assert client.post("/sign-in/two-factor/", {"code": a_wrong_code(phone.bin_key)}).status_code == 400
    assert client.post("/sign-in/two-factor/", {"code": a_wrong_code(phone.bin_key)}).status_code == 400
    locked = client.post("/sign-in/two-factor/", {"code": a_wrong_code(phone.bin_key)})
    assert locked.status_code == 429 and "You cannot sign in for now" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert password_step(client).status_code == 429


def test_people_who_hold_budgets_sign_in_with_a_password(council):
    client = Client()
    response = password_step(client, username="holder")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_session_that_has_not_entered_the_code_is_refused_by_the_api(council, phone):
    client = Client()
    password_step(client)
    refused = client.get("/api/v1/people/")
    assert refused.status_code == 403 and "authenticator app" in refused.json()["detail"]


def test_an_administrator_resets_a_lost_app_and_the_next_sign_in_sets_up_a_new_one(council, phone, signed_in):
    admin = signed_in(council.admin)
    page = admin.get(f"/accounts/{council.worker.pk}/").content.decode()
    assert "Authenticator app" in page and "Set up" in page
    assert admin.get(f"/accounts/{council.worker.pk}/reset-two-factor/").status_code == 405
    assert admin.post(f"/accounts/{council.worker.pk}/reset-two-factor/").status_code == 302
    assert not TOTPDevice.objects.filter(user=council.worker).exists()
    assert AuditEvent.objects.get(what="Reset the authenticator app of the sign-in worker").actor == council.admin
    assert password_step(Client())["Location"].startswith("/sign-in/two-factor/set-up/")
    assert signed_in(council.manager).post(f"/accounts/{council.worker.pk}/reset-two-factor/").status_code == 403


def test_the_command_line_resets_an_app(council, phone):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("accounts", "reset-two-factor", "worker", stdout=out)
    assert "worker sets up a new authenticator app" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=council.worker).exists()


def test_resetting_an_app_ends_the_sign_ins_api_tokens_too(council, phone, signed_in):
    """A token made with codes from the lost app must not outlast the reset (issue 15, review finding 2)."""
    from rest_framework.test import APIClient

    from selfdirect.accounts.models import ApiToken

    made = APIClient().post("/api/v1/token/", {"username": "worker", "password": RIGHT, "code": code_for(phone.bin_key)},
                            format="json")
    assert made.status_code == 200, made.content
    holder = APIClient()
    holder.credentials(HTTP_AUTHORIZATION=f"Token {made.json()['token']}")
    assert holder.get("/api/v1/me/").status_code == 200
    signed_in(council.admin).post(f"/accounts/{council.worker.pk}/reset-two-factor/")
    assert ApiToken.objects.get(user=council.worker).revoked_at is not None
    assert holder.get("/api/v1/me/").status_code == 401
