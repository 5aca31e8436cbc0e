"""Payment runs as jobs on the task worker (core.jobs): preparing a run, and approving it, can take minutes for a large
council, so the page hands them over and shows their progress. Registered by money's AppConfig.ready."""

import datetime

from django.urls import reverse

from selfdirect.accounts.models import User
from selfdirect.core import jobs
from selfdirect.core.money import Money

from . import actions
from .models import PaymentRun


@jobs.register("payment_run.prepare")
def prepare(params: dict, *, say) -> dict:
    say("Working out who the run pays, skips and catches up")
    run = actions.prepare_run(datetime.date.fromisoformat(params["run_date"]), actor=User.objects.get(pk=params["actor"]))
    report = run.preview["report"]
    return {"summary": f"{run.reference} prepared: {report['lines']} payments, {Money(report['total_pence'])}. A second "
                       "finance officer checks and approves it.", "url": reverse("money:run", args=[run.pk])}


@jobs.register("payment_run.approve")
def approve(params: dict, *, say) -> dict:
    say("Posting the run and writing its file")
    run, report = actions.approve_run(PaymentRun.objects.get(pk=params["run"]), actor=User.objects.get(pk=params["actor"]))
    return {"summary": f"{run.reference} approved and paid: {report.lines} payments, {Money(report.total_pence)}",
            "url": reverse("money:run", args=[run.pk])}
