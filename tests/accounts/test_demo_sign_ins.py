"""In the named demo mode each demo staff sign-in has an authenticator app set up, and `selfdirect demo` (so `make run`)
prints its secret beside the password; outside demo mode no secret is ever printed."""

import io

from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from selfdirect.accounts.tokens import base32_secret
from selfdirect.site import demo


def test_in_demo_mode_staff_get_an_app_and_its_secret_is_printed_beside_their_sign_in(council, settings):
    settings.DEMO_MODE = True
    demo.give_authenticators()
    worker = TOTPDevice.objects.get(user=council.worker)
    assert worker.confirmed
    assert not TOTPDevice.objects.filter(user__in=[council.holder, council.family]).exists()
    lines = demo.sign_in_lines(demo.SIGN_INS)
    (worker_line,) = [line for line in lines if line.split()[0] == "worker"]
    assert base32_secret(worker.key) in worker_line
    (holder_line,) = [line for line in lines if line.split()[0] == "holder"]
    assert "secret" not in holder_line.lower()
    assert any("authenticator app" in line for line in lines)  # says what the secrets are for


def test_outside_demo_mode_no_app_is_made_and_no_secret_printed(council, settings):
    settings.DEMO_MODE = False
    demo.give_authenticators()
    assert not TOTPDevice.objects.exists()
    device = TOTPDevice.objects.create(user=council.worker, name="Phone", confirmed=True)
    printed = "\n".join(demo.sign_in_lines(demo.SIGN_INS))
    assert base32_secret(device.key) not in printed and base32_secret(device.key).replace(" ", "") not in printed


def test_the_demo_command_prints_each_staff_secret(code_lists, settings):
    settings.DEMO_MODE = True
    out = io.StringIO()
    call_command("demo", people=2, seed=3, as_of="2026-12-02", stdout=out)
    said = out.getvalue()
    worker = TOTPDevice.objects.get(user__username="worker", confirmed=True)
    assert base32_secret(worker.key) in said
    assert TOTPDevice.objects.filter(user__username="holder").count() == 0
