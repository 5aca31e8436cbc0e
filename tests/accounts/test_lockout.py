"""Password guessing is stopped (issue 15, finding 4; ASVS 4.0.3 V2.2.1): a sign-in name is locked from a client
address after the council's number of wrong tries, on the sign-in page, the letter-code page and the API's token
request alike, with one page that says so whether the name exists or not; an administrator unlocks it from the
account's page, the API or the command line, audited."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from selfdirect.audit.models import AuditEvent

RIGHT = "a-long-test-password"
LOCKED = "You cannot sign in for now"


def sign_in(client, username, password, address="127.0.0.1"):
    return client.post("/sign-in/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_thirty_wrong_passwords_then_the_right_one_does_not_sign_in(council, client):
    answers = [sign_in(client, "holder", f"wrong guess {n}") for n in range(30)]
    assert all(a.status_code == 200 for a in answers[:4]) and "Enter a correct sign-in name" in answers[0].content.decode()
    assert all(a.status_code == 429 and LOCKED in a.content.decode() for a in answers[5:])
    right = sign_in(client, "holder", RIGHT)
    assert right.status_code == 429 and LOCKED in right.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still signed out


def test_the_lock_comes_after_the_councils_number_of_tries_and_says_how_to_get_unlocked(council, client, settings):
    settings.SIGN_IN_ATTEMPTS = 3
    assert sign_in(client, "holder", "wrong one").status_code == 200
    assert sign_in(client, "holder", "wrong two").status_code == 200
    locked = sign_in(client, "holder", "wrong three")
    body = locked.content.decode()
    assert locked.status_code == 429 and LOCKED in body
    assert "ask your administrator to unlock it" in body and "01234 567890" in body
    assert "govuk-heading-l" in body and "<script>" not in body


def test_the_page_is_the_same_whether_the_name_exists_or_not(council, client):
    for _ in range(5):
        known = sign_in(client, "holder", "wrong guess")
        unknown = sign_in(client, "nobody.here", "wrong guess")
    assert known.status_code == unknown.status_code == 429
    assert known.content.decode().replace("holder", "NAME") == unknown.content.decode().replace("nobody.here", "NAME")


def test_the_lock_holds_for_one_name_from_one_address(council, client):
    for _ in range(5):
        sign_in(client, "holder", "wrong guess")
    assert sign_in(client, "holder", RIGHT).status_code == 429
    assert sign_in(Client(), "holder", RIGHT, address="10.1.2.3").status_code == 302  # the person, from elsewhere
    assert sign_in(Client(), "holder.other", RIGHT).status_code == 302  # another name, same address


def test_a_right_password_before_the_limit_starts_the_count_again(council, client):
    for _ in range(4):
        sign_in(client, "holder", "wrong guess")
    assert sign_in(client, "holder", RIGHT).status_code == 302
    client.post("/sign-out/")
    for _ in range(4):
        assert sign_in(client, "holder", "wrong guess").status_code == 200
    assert sign_in(client, "holder", "wrong guess").status_code == 429


def test_an_administrator_sees_the_lock_and_unlocks_it_from_the_accounts_page(council, client, signed_in):
    for _ in range(5):
        sign_in(client, "holder", "wrong guess")
    admin = signed_in(council.admin)
    page = admin.get(f"/accounts/{council.holder.pk}/").content.decode()
    assert "Locked after 5 wrong tries" in page and "127.0.0.1" in page and "Unlock this sign-in" in page
    assert admin.get(f"/accounts/{council.holder.pk}/unlock/").status_code == 405  # a button, not a link
    response = admin.post(f"/accounts/{council.holder.pk}/unlock/")
    assert response.status_code == 302
    event = AuditEvent.objects.get(what="Unlocked the sign-in holder")
    assert event.actor == council.admin and event.channel == "web"
    assert "Locked after" not in admin.get(f"/accounts/{council.holder.pk}/").content.decode()
    assert sign_in(client, "holder", RIGHT).status_code == 302


def test_only_an_administrator_unlocks(council, signed_in, api):
    assert signed_in(council.manager).post(f"/accounts/{council.holder.pk}/unlock/").status_code == 403
    assert api(council.manager).post(f"/api/v1/accounts/{council.holder.pk}/unlock/").status_code == 403


def test_an_administrator_unlocks_through_the_api(council, client, api):
    for _ in range(5):
        sign_in(client, "holder", "wrong guess")
    response = api(council.admin).post(f"/api/v1/accounts/{council.holder.pk}/unlock/")
    assert response.status_code == 200 and response.json()["locked"] is False
    assert AuditEvent.objects.filter(what="Unlocked the sign-in holder", channel="api").exists()
    assert api(council.admin).post(f"/api/v1/accounts/{council.holder.pk}/unlock/").status_code == 409  # not locked
    assert sign_in(client, "holder", RIGHT).status_code == 302


def test_the_command_line_unlocks(council, client):
    for _ in range(5):
        sign_in(client, "holder", "wrong guess")
    out = io.StringIO()
    call_command("accounts", "unlock", "holder", stdout=out)
    assert "Unlocked holder" in out.getvalue()
    assert AuditEvent.objects.filter(what="Unlocked the sign-in holder", channel="cli").exists()
    assert sign_in(client, "holder", RIGHT).status_code == 302


def test_the_letter_code_page_stops_guessing_from_one_address(council, client, settings):
    settings.SIGN_IN_ATTEMPTS = 2  # the letter-code page allows four times the council's number from one address
    new = {"username": "guesser", "password": "a long enough passphrase", "password_again": "a long enough passphrase"}
    for n in range(7):
        body = client.post("/sign-in/letter-code/", {"code": f"ABCD-EFGH-JK{'MN'[n % 2]}{'PQ'[n // 2 % 2]}", **new})
        assert body.status_code == 200
    locked = client.post("/sign-in/letter-code/", {"code": "ABCD-EFGH-JKMR", **new})
    assert locked.status_code == 429 and LOCKED in locked.content.decode()


def test_token_requests_are_locked_the_same_way(council):
    from rest_framework.test import APIClient

    client = APIClient()
    for _ in range(4):
        assert client.post("/api/v1/token/", {"username": "holder", "password": "wrong"}).status_code == 400
    locked = client.post("/api/v1/token/", {"username": "holder", "password": "wrong"})
    assert locked.status_code == 429 and "locked" in locked.json()["detail"]
    assert client.post("/api/v1/token/", {"username": "holder", "password": RIGHT}).status_code == 429


@pytest.mark.parametrize("raw, expected", [("", 5), ("8", 8)])
def test_the_number_of_tries_is_a_setting_from_the_environment(monkeypatch, raw, expected):
    import importlib

    import selfdirect.settings as production

    monkeypatch.setenv("SELFDIRECT_SIGN_IN_ATTEMPTS", raw)
    monkeypatch.setenv("SELFDIRECT_SECRET_KEY", "x" * 50)
    try:
        assert importlib.reload(production).SIGN_IN_ATTEMPTS == expected
    finally:
        monkeypatch.undo()
        importlib.reload(production)


# ---- behind a proxy, and one name from many addresses (issue 15, review finding 3; ASVS 4.0.3 V2.2.1) --------------

PROXY = "10.0.0.1"


def through_proxy(client, username, password, client_address):
    """A sign-in through the council's proxy, which appends the address it saw connect to X-Forwarded-For."""
    return client.post("/sign-in/", {"username": username, "password": password}, REMOTE_ADDR=PROXY,
                       HTTP_X_FORWARDED_FOR=f"198.18.0.9, {client_address}")


def test_behind_the_councils_proxy_the_lock_holds_for_the_client_not_everyone_behind_the_proxy(council, settings,
                                                                                              signed_in):
    settings.AUDIT_TRUST_FORWARDED_FOR = True  # SELFDIRECT_PROXY_FORWARDED_FOR=true
    for _ in range(5):
        through_proxy(Client(), "holder", "wrong guess", "203.0.113.5")
    assert through_proxy(Client(), "holder", RIGHT, "203.0.113.5").status_code == 429
    assert through_proxy(Client(), "holder", RIGHT, "203.0.113.6").status_code == 302  # the person, behind the proxy
    page = signed_in(council.admin).get(f"/accounts/{council.holder.pk}/").content.decode()
    assert "from 203.0.113.5" in page and PROXY not in page  # the address the audit trail gives the client


def test_without_a_trusted_proxy_the_forwarded_for_header_changes_nothing(council, settings):
    settings.AUDIT_TRUST_FORWARDED_FOR = False  # anyone can send the header
    for n in range(5):
        through_proxy(Client(), "holder", "wrong guess", f"203.0.113.{n}")
    assert through_proxy(Client(), "holder", RIGHT, "203.0.113.99").status_code == 429


def test_the_lockout_and_the_audit_trail_take_the_same_address(settings):
    from axes.helpers import get_client_ip_address
    from django.test import RequestFactory

    from selfdirect.audit.context import client_address

    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    for trusted, expected in ((True, "203.0.113.5"), (False, PROXY)):
        settings.AUDIT_TRUST_FORWARDED_FOR = trusted
        assert get_client_ip_address(request) == client_address(request.META, trust_forwarded_for=trusted) == expected


def test_one_name_tried_from_many_addresses_is_locked_at_the_name_limit_and_unlocking_clears_it(council, signed_in):
    assert sign_in(Client(), "holder", RIGHT, address="192.0.2.1").status_code == 302  # where the holder signs in
    holder, nobody = [], []  # 2 tries from each of 10 addresses: 20, four times the council's 5
    for n in range(10):
        for name, answers in (("holder", holder), ("nobody.here", nobody)):
            answers += [sign_in(Client(), name, "wrong guess", address=f"198.51.100.{n}") for _ in range(2)]
    assert all(a.status_code == 200 for a in holder[:-1] + nobody[:-1])
    assert holder[-1].status_code == nobody[-1].status_code == 429  # the 20th wrong try
    assert (holder[-1].content.decode().replace("holder", "NAME")
            == nobody[-1].content.decode().replace("nobody.here", "NAME"))  # the same for a name no one has
    admin = signed_in(council.admin)
    page = admin.get(f"/accounts/{council.holder.pk}/").content.decode()
    assert "20 wrong tries from 10 addresses" in page and "Unlock this sign-in" in page
    assert sign_in(Client(), "holder", RIGHT, address="198.51.100.200").status_code == 429  # any new address
    assert sign_in(Client(), "holder", RIGHT, address="192.0.2.1").status_code == 302  # not where they sign in
    assert admin.post(f"/accounts/{council.holder.pk}/unlock/").status_code == 302
    assert sign_in(Client(), "holder", RIGHT, address="198.51.100.200").status_code == 302


def test_one_address_alone_does_not_lock_a_name_from_every_address(council, client):
    for _ in range(30):
        sign_in(client, "holder", "wrong guess", address="198.51.100.1")
    assert sign_in(Client(), "holder", RIGHT, address="198.51.100.2").status_code == 302


def test_the_letter_code_page_has_no_limit_across_addresses(council, settings):
    settings.SIGN_IN_ATTEMPTS = 2  # 8 wrong codes from one address; 2 from each of 5 would reach a name limit of 8
    new = {"username": "guesser", "password": "a long enough passphrase", "password_again": "a long enough passphrase"}
    for n in range(5):
        for code in ("ABCD-EFGH-JKMN", "ABCD-EFGH-JKMP"):
            assert Client().post("/sign-in/letter-code/", {"code": code, **new},
                                 REMOTE_ADDR=f"198.51.100.{n}").status_code == 200
    assert Client().post("/sign-in/letter-code/", {"code": "ABCD-EFGH-JKMQ", **new},
                         REMOTE_ADDR="198.51.100.9").status_code == 200
