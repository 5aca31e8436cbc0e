"""Issue 15, finding 5: secure by default. Selfdirect as shipped runs with production settings; the demo mode is the
one named exception (docs/security.md, "Production settings")."""

import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "selfdirect"


def _selfdirect(*args, tmp_path, **env):
    """The `selfdirect` command as a council runs it: selfdirect.settings and only the environment given here."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SELFDIRECT_", "DJANGO_"))}
    clean.update({"DATABASE_URL": f"sqlite:///{tmp_path}/council.sqlite3", "DJANGO_SETTINGS_MODULE": "selfdirect.settings",
                  **env})
    return subprocess.run([sys.executable, "-m", "selfdirect.cli", *args], capture_output=True, text=True, env=clean,
                          cwd=tmp_path, timeout=120)


def _setting(name, tmp_path, **env):
    done = _selfdirect("shell", "--no-imports", "-c", f"from django.conf import settings; print(repr(settings.{name}))",
                       tmp_path=tmp_path, **env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


KEY = "a-council's-own-key-" + "Zq8v3Lw0pXr2Tn6Kd9Hs4Jm1Bc7Fy5Ga"


def test_check_deploy_sees_no_warning_on_the_production_settings(tmp_path):
    done = _selfdirect("check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path, SELFDIRECT_SECRET_KEY=KEY,
                       SELFDIRECT_ALLOWED_HOSTS="care.exampleshire.gov.uk")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)" in done.stdout


def test_production_will_not_start_without_a_secret_key(tmp_path):
    done = _selfdirect("check", tmp_path=tmp_path)
    assert done.returncode != 0
    assert "Selfdirect will not start without a secret key: set SELFDIRECT_SECRET_KEY" in done.stderr


def test_debug_pages_are_off_unless_asked_for(tmp_path):
    assert _setting("DEBUG", tmp_path, SELFDIRECT_SECRET_KEY=KEY) == "False"
    assert _setting("DEBUG", tmp_path, SELFDIRECT_DEMO_MODE="true") == "False"
    assert _setting("SESSION_COOKIE_SECURE", tmp_path, SELFDIRECT_SECRET_KEY=KEY) == "True"


def test_the_demo_mode_signs_with_a_key_of_this_machine_not_one_in_the_source(tmp_path):
    key = _setting("SECRET_KEY", tmp_path, SELFDIRECT_DEMO_MODE="true").strip("'")
    assert len(key) >= 50
    assert key == _setting("SECRET_KEY", tmp_path, SELFDIRECT_DEMO_MODE="true").strip("'")  # kept between starts
    assert not any(key in path.read_text() for path in SOURCE.rglob("*.py"))
    assert _setting("SECURE_SSL_REDIRECT", tmp_path, SELFDIRECT_DEMO_MODE="true") == "False"  # plain http, this machine


def _templates():
    return sorted(SOURCE.rglob("jinja2/**/*.html"))


# Templates WeasyPrint turns into PDFs: never served as pages, so the Content-Security-Policy does not apply to them.
PDF_ONLY = re.compile(r"_pdf\.html$")


def test_no_template_served_as_a_page_has_inline_script_or_style():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    found = []
    for path in _templates():
        if PDF_ONLY.search(path.name):
            continue
        text = path.read_text()
        for pattern, what in [(inline_script, "inline script"), (re.compile(r"<style", re.I), "style element"),
                              (re.compile(r"\sstyle=", re.I), "style attribute"), (re.compile(r"\son[a-z]+=", re.I),
                                                                                    "event handler attribute")]:
            if pattern.search(text):
                found.append(f"{path.relative_to(SOURCE)}: {what}")
    assert not found


def test_pdf_only_templates_are_only_rendered_into_pdfs():
    for path in _templates():
        if PDF_ONLY.search(path.name):
            users = [p for p in SOURCE.rglob("*.py") if path.name in p.read_text()]
            assert users, path
            for user in users:
                assert "pdf" in user.read_text().lower(), f"{path.name} is used by {user}, which makes no PDF"


@pytest.mark.django_db
def test_every_page_carries_a_policy_allowing_no_inline_script(client, council):
    client.force_login(council.worker)
    response = client.get("/", secure=True)
    policy = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # the rendered page too
    assert 'src="/static/selfdirect/js-enabled.js"' in html and "Demo mode" not in html


@pytest.mark.django_db
def test_the_demo_mode_says_so_on_every_page(client, council, settings):
    settings.DEMO_MODE = True
    client.force_login(council.worker)
    assert "Demo mode." in client.get("/").content.decode()
    client.logout()
    assert "Demo mode." in client.get("/sign-in/").content.decode()
