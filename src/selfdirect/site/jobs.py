"""The demo council rebuilt from its page (/demo/, demo mode only) as a job on the task worker (core.jobs), saying
each stage of the build as `selfdirect demo` prints it. Registered by site's AppConfig.ready; `selfdirect demo`
builds it in its own process, as before.

The build empties every table in one transaction, sign-ins and jobs included, so what it says is written beside the
job (`progress_aside`), and core.jobs records the job again afterwards for the sign-in of the same name. The demo's
sign-ins keep the authenticator app secret they had (each app added for them still works), and everyone is signed out:
a session would otherwise carry on as whichever new sign-in took its old id."""

import datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from selfdirect.accounts import actions as account_actions
from selfdirect.accounts import queries as account_queries
from selfdirect.accounts.models import User
from selfdirect.core import jobs
from selfdirect.core.errors import DomainError
from selfdirect.core.models import DemoBuild

from . import demo


@jobs.register("demo.build", progress_aside=True)
def build(params: dict, *, say) -> dict:
    if not settings.DEMO_MODE:
        raise DomainError("The demo council replaces everything in the database, so it is rebuilt only in demo mode")
    today, people, seed = datetime.date.fromisoformat(params["as_of"]), int(params["people"]), int(params["seed"])
    kept = {}
    for user in User.objects.filter(is_active=True):
        app = account_queries.authenticator_of(user)
        if app is not None:
            kept[user.username] = app.key
    built = demo.build(people=people, seed=seed, today=today, progress=say)
    DemoBuild.objects.create(as_of=today, people=people, seed=seed, notices=built.notices)
    say("Keeping the sign-ins' authenticator apps and signing everyone out")
    for user in User.objects.filter(username__in=kept):
        if account_queries.authenticator_of(user) is not None:  # the demo gave this sign-in an app: keep its secret
            account_actions.demo_authenticator(user, key=kept[user.username])
    Session.objects.all().delete()
    return {"summary": f"Exampleshire rebuilt as of {today:%-d %B %Y}: {people:,} people (seed {seed}). Everyone was "
                       f"signed out: sign in again with a demo sign-in (the password for all is {demo.DEMO_PASSWORD}); "
                       "an authenticator app added for a demo sign-in before still works.",
            "url": reverse("site:home"), "link_text": "Go to your home page", "details": built.notices,
            "details_heading": "Notes from the build"}
