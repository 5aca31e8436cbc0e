"""Sessions end when the browser closes, after 30 minutes without a page for staff (60 for the people the records are
about) and after 12 hours whatever (ASVS 4.0.3 V3.3.1, V3.3.2, V3.3.3); password rules the NCSC's way (length, a
deny list, nothing like your own name, no composition rules, no forced expiry; ASVS V2.1.1, V2.1.2, V2.1.7, V2.1.9)."""

import datetime

import pytest
import time_machine
from django.test import Client

from selfdirect.accounts.models import User
from selfdirect.audit.models import AuditEvent

START = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
RIGHT = "a-long-test-password"


def test_the_session_cookie_ends_when_the_browser_closes(council):
    for username in ("holder", "admin"):
        client = Client()
        client.post("/sign-in/", {"username": username, "password": RIGHT})
        cookie = client.cookies["sessionid"]
        assert cookie.value and cookie["expires"] == "" and cookie["max-age"] == "", username


@pytest.mark.parametrize("who, idle", [("worker", 30), ("holder", 60)])
def test_a_session_ends_after_its_idle_time_without_a_page(council, signed_in, who, idle):
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in(getattr(council, who))
        assert client.get("/").status_code == 200
        for _ in range(3):
            clock.shift(datetime.timedelta(minutes=idle - 1))
            assert client.get("/").status_code == 200  # busy: each page starts the idle time again
        clock.shift(datetime.timedelta(minutes=idle + 1))
        ended = client.get("/people/")
        assert ended.status_code == 302 and ended["Location"].startswith("/sign-in/")
        assert "_auth_user_id" not in client.session
        page = client.get(ended["Location"]).content.decode()
        assert f"You were signed out because you had not used the service for {idle} minutes" in page


def test_a_staff_session_idle_in_the_api_ends_too(council, signed_in):
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in(council.worker)
        assert client.get("/api/v1/me/").status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        assert client.get("/api/v1/me/").status_code in {401, 403}


def test_any_session_ends_12_hours_after_signing_in(council, signed_in):
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in(council.worker)
        for _ in range(12 * 60 // 25):  # a page every 25 minutes, all day
            clock.shift(datetime.timedelta(minutes=25))
            assert client.get("/").status_code == 200
        clock.shift(datetime.timedelta(minutes=25))  # 12 hours 25 minutes after signing in
        assert client.get("/").status_code == 302


# ---- passwords -------------------------------------------------------------------------------------------------------

def change(client, current, new, again=None):
    return client.post("/your-sign-in/password/", {"current_password": current, "password": new,
                                                   "password_again": again if again is not None else new})


@pytest.mark.parametrize("new, message", [
    ("short one", "Password must be 12 characters or more"),
    ("password1234", "Password is too common"),
    ("elsie.evans.home", "Password must not be like your name, sign-in name or email address"),
    ("x" * 129, "Password must be 128 characters or less"),
])
def test_a_weak_password_is_refused_saying_why(council, signed_in, new, message):
    council.holder.email = "elsie.evans.home@example.org"
    council.holder.save()
    body = change(signed_in(council.holder), RIGHT, new).content.decode()
    assert message in body and 'href="#id_password"' in body
    assert User.objects.get(pk=council.holder.pk).check_password(RIGHT)


def test_a_long_password_needs_no_mix_of_characters(council, signed_in):
    """NCSC: length over complexity; no rules on capitals, numbers or symbols."""
    from django.conf import settings

    assert not [v for v in settings.AUTH_PASSWORD_VALIDATORS if "Numeric" in v["NAME"]]
    client = signed_in(council.holder)
    other = Client()
    other.force_login(council.holder)
    response = change(client, RIGHT, "kettle orchard violin")
    assert response.status_code == 302
    assert User.objects.get(pk=council.holder.pk).check_password("kettle orchard violin")
    assert client.get("/").status_code == 200  # this session carries on
    assert other.get("/").status_code == 302  # every other session of the sign-in ends (ASVS V3.3.3)
    assert AuditEvent.objects.filter(what="Changed the password of the sign-in holder").exists()


def test_changing_a_password_needs_the_current_one(council, signed_in):
    client = signed_in(council.holder)
    body = change(client, "not my password", "kettle orchard violin").content.decode()
    assert "The current password is not right" in body and 'href="#id_current_password"' in body
    body = change(client, RIGHT, "kettle orchard violin", "kettle orchard viola").content.decode()
    assert "The passwords do not match" in body
    assert User.objects.get(pk=council.holder.pk).check_password(RIGHT)
