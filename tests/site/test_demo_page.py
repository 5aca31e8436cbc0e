"""The demo council rebuilt from its page (demo mode only), on the task worker (site.jobs): an administrator starts it,
the job's page says each stage of the build, and afterwards the job is theirs again under the same sign-in name,
everyone is signed out, and each demo sign-in keeps its authenticator app."""

import datetime

import pytest
from django.contrib.sessions.models import Session

from selfdirect.accounts import actions as account_actions
from selfdirect.accounts import queries as account_queries
from selfdirect.accounts.models import User
from selfdirect.core import jobs
from selfdirect.core.models import DemoBuild, Job
from selfdirect.people.models import Person


def test_an_administrator_rebuilds_the_demo_and_follows_its_stages(council, client, settings, tmp_path, monkeypatch,
                                                                   django_capture_on_commit_callbacks):
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path
    key = account_actions.demo_authenticator(council.admin).key
    said = []
    real_say = jobs._say

    def say(pk, text, aside=False):
        said.append((text, aside))
        real_say(pk, text, aside=aside)

    monkeypatch.setattr(jobs, "_say", say)
    client.force_login(council.admin)
    assert 'href="/demo/"' in client.get("/dashboards/").content.decode()
    page = client.get("/demo/").content.decode()
    assert "Rebuild the demo council" in page and "Everything in the database is deleted" in page
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/demo/", {"people": "12", "seed": "7"})
    job_pk = int(started["Location"].strip("/").split("/")[-1])
    assert started["Location"] == f"/jobs/{job_pk}/"
    assert ("Clearing the database", True) in said and ("Working out the dashboards' facts", True) in said
    assert Person.objects.count() == 12 and DemoBuild.objects.get().people == 12
    assert not Session.objects.exists()  # everyone signed out
    assert client.get(f"/jobs/{job_pk}/").status_code == 302  # to sign in again
    admin = User.objects.get(username="admin")
    assert account_queries.authenticator_of(admin).key == key  # the app added for the demo's admin still works
    job = Job.objects.get(pk=job_pk)
    assert job.kind == "demo.build" and job.status == Job.Status.DONE and job.requested_by == admin
    client.force_login(admin)
    body = client.get(f"/jobs/{job_pk}/").content.decode()
    assert f"Exampleshire rebuilt as of {datetime.date.today():%-d %B %Y}: 12 people (seed 7)" in body
    assert "Go to your home page" in body and not list((tmp_path / "jobs").iterdir())


@pytest.mark.parametrize("demo_mode", [True, False])
def test_only_an_administrator_in_demo_mode_reaches_the_page(council, signed_in, settings, demo_mode):
    settings.DEMO_MODE = demo_mode
    for user in (council.finance, council.manager, council.worker):
        assert signed_in(user).post("/demo/", {"people": "12", "seed": "7"}).status_code == 403
    admin = signed_in(council.admin)
    assert admin.get("/demo/").status_code == (200 if demo_mode else 404)
    if demo_mode:
        wrong = admin.post("/demo/", {"people": "1", "seed": "x"})
        assert wrong.status_code == 400 and "Enter 2 people or more" in wrong.content.decode()
        assert "Enter the seed as a whole number" in wrong.content.decode()
    else:
        assert 'href="/demo/"' not in admin.get("/dashboards/").content.decode()
    assert not Job.objects.exists()
