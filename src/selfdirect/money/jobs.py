"""Payment runs and statements as jobs on the task worker (core.jobs): preparing a run, approving it, importing a
statement and reconciling can take minutes for a large council, so the page hands them over and shows their progress.
Registered by money's AppConfig.ready. (The command line, `selfdirect money import-statement` and `reconcile`, does
the same work in its own process.)"""

import datetime
import inspect

from django.urls import reverse

from selfdirect.accounts.models import User
from selfdirect.core import jobs
from selfdirect.core.money import Money
from selfdirect.core.words import counted

from . import actions, forms, statements
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


def _progress(action, say) -> dict:
    """`progress=say` for an action that hears how far it has got (import_statement and reconcile, where they take
    it). Said inside the action's transaction, so the job registers with `progress_aside` (core.jobs)."""
    return {"progress": say} if "progress" in inspect.signature(action).parameters else {}


@jobs.register("statement.import", progress_aside=True)
def import_statement(params: dict, *, say) -> dict:
    """The statement the page kept (core.jobs.keep_file), imported and then reconciled; the file is deleted whatever
    happens. A file with a mistake is refused whole, naming the line: import_statement writes nothing then."""
    actor = User.objects.get(pk=params["actor"])
    say(f"Importing {params['name']}")
    try:
        with jobs.open_file(params["file"]) as upload:
            report = actions.import_statement(upload, name=params["name"], actor=actor, account_ref=params["account"],
                                              mapping=statements.Mapping(**forms.LAYOUTS[params["layout"]]),
                                              **_progress(actions.import_statement, say))
    except statements.StatementError as problem:
        raise actions.MoneyError(f"{problem}. Nothing was imported.") from None
    finally:
        jobs.forget_file(params["file"])
    say("Matching the new lines to reported spending and plan items")
    matched = actions.reconcile(**_progress(actions.reconcile, say))
    result = {"summary": f"{report.read_as}: {report.summary()}; {counted(matched, 'line')} matched.",
              "url": reverse("money:reconcile"), "link_text": "Match the lines left over"}
    if report.refused:
        result.update(warning="Some lines were refused", details=report.refused,
                      details_heading="The lines refused: put them right (or ask for the account to be set up) and "
                                      "import the file again; the lines already imported are skipped")
    return result


@jobs.register("statement.reconcile", progress_aside=True)
def reconcile(params: dict, *, say) -> dict:
    say("Matching statement lines to reported spending and plan items")
    matched = actions.reconcile(**_progress(actions.reconcile, say))
    return {"summary": f"{counted(matched, 'more line', 'more lines')} matched.", "url": reverse("money:reconcile"),
            "link_text": "See the lines left to match"}
