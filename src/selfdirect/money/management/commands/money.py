import datetime
import json
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from selfdirect.accounts.command_options import actor_option
from selfdirect.accounts.models import User
from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.core.command_options import date_option
from selfdirect.core.money import Money
from selfdirect.core.words import counted
from selfdirect.money import actions, deferred, queries, remittance_files, statements
from selfdirect.money.bacs import BacsError


def _actor(name):
    user = User.objects.filter(username=name).first()
    if user is None:
        raise CommandError(f"--actor: no user {name!r}", returncode=2)
    return user


def _bacs_file(run, processing_day: datetime.date | None) -> str:
    """The run's Standard 18 file (money.queries.bacs_file); a line Bacs cannot take exits 1, and neither file is
    written (the settings were checked before the run was made)."""
    try:
        return queries.bacs_file(run, processing_day)
    except BacsError as problem:
        raise CommandError(f"--bacs: {problem}. Neither file was written.", returncode=1) from None


def _write_whole(target: Path, content: bytes) -> None:
    temporary = target.with_name(target.name + ".partial")
    temporary.write_bytes(content)
    os.replace(temporary, target)  # the file appears whole or not at all


class Command(BaseCommand):
    help = "The money: payment runs, statement imports, reconciliation, alerts and the ledger check."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        prepare = sub.add_parser("prepare", help="Work out the payment run for a date, posting nothing: prints its "
                                                 "reference and what it would pay, skip and catch up")
        prepare.add_argument("--run-date", required=True)
        prepare.add_argument("--actor", default="finance")
        approve = sub.add_parser("approve", help="Approve a prepared run (a second finance officer): it is posted")
        approve.add_argument("run", help="The run's reference, e.g. RUN-20261207")
        approve.add_argument("--actor", required=True)
        pay = sub.add_parser("pay", help="Write the payment file of the approved run for a date (one-person runs: make "
                                         "the run in one step)")
        pay.add_argument("--run-date", required=True)
        pay.add_argument("--out", required=True, help="Payment file to write (CSV)")
        pay.add_argument("--actor", default="finance")
        pay.add_argument("--bacs", metavar="FILE", help="Also write the run's Bacs Standard 18 file (docs/bacs-standard-18.md)")
        pay.add_argument("--processing-day", help="The Bacs processing day of --bacs, YYYY-MM-DD (default: the working day "
                                                  "after the file goes in, SELFDIRECT_PAYMENT_ADVANCE_DAYS working days "
                                                  "after the run date, or after the run was approved if later)")
        imp = sub.add_parser("import-statement", help="Import a CSV or OFX statement, in UTF-8 or Windows-1252")
        imp.add_argument("file")
        imp.add_argument("--account", default="", help="The direct payment account reference, e.g. DP-EX000001: every "
                                                        "line's account, or, for a file naming each line's account (an "
                                                        "account column, an OFX file with several accounts), the one "
                                                        "account whose lines to import (the others are counted and left out)")
        imp.add_argument("--mapping", help="JSON file naming the CSV columns (date, description, amount or debit and credit, "
                                           "transaction_id, account, date_format)")
        imp.add_argument("--actor", default="finance")
        invoice = sub.add_parser("invoice", help="Raise contribution invoices (care home residents, and people at home "
                                                 "for the part no instalment counted) for a four-weekly period, with the "
                                                 "arrears and refunds backdated reassessments make due")
        invoice.add_argument("--period", help="A day in the period (it must have begun); without it, only the arrears and "
                                              "refunds in the periods already invoiced")
        invoice.add_argument("--actor", required=True, help="Sign-in name of the finance officer or administrator raising them")
        sub.add_parser("reconcile", help="Match statement lines to reported spending and plan items")
        alerts = sub.add_parser("alerts", help="Balances and alerts for every direct payment account")
        alerts.add_argument("--as-of", default=None)
        alerts.add_argument("--actor", required=True,
                            help="Sign-in name of the finance officer or administrator reading them (audited as theirs)")
        sub.add_parser("check", help="Verify the whole ledger; exits 1 if anything is wrong")
        remit = sub.add_parser("remittances", help="Write the remittance advice of a paid run: a CSV and a tagged PDF "
                                                   "file a payee, and one CSV file of them all")
        remit.add_argument("run", help="The run's reference, e.g. RUN-20261207")
        remit.add_argument("--out", required=True, help="The folder to write them in (made if it is not there)")
        remit.add_argument("--actor", required=True,
                           help="Sign-in name of the finance officer or administrator writing them (audited as theirs)")
        dpa = sub.add_parser("deferred", help="Bring every deferred payment agreement in force up to a day: each whole "
                                              "week's care costs and interest, once (the weekly job); exits 1 when a "
                                              "week waits for a national maximum interest rate")
        dpa.add_argument("--up-to", default=None, help="The day (YYYY-MM-DD); today when left out")
        dpa.add_argument("--actor", required=True, help="Sign-in name of the finance officer or administrator")

    def handle(self, *args, action, **options):
        getattr(self, "handle_" + action.replace("-", "_"))(**options)

    def _summary(self, report):
        for label, notes in (("Catching up", report.late), ("Suspended", report.suspended), ("Not paid", report.not_ready)):
            for note in notes:
                self.stdout.write(f"{label}: {note}")

    def handle_prepare(self, *, run_date, actor, **_):
        try:
            run = actions.prepare_run(date_option(run_date, "--run-date"), actor=_actor(actor), channel="cli")
        except actions.MoneyError as problem:
            raise CommandError(str(problem), returncode=1) from None
        report = actions.RunReport(run.run_date, **{k: v for k, v in run.preview["report"].items() if k != "run_date"})
        self.stdout.write(f"Prepared {run.reference}: {report.paid} instalments, {report.one_offs} one-off payments, "
                          f"{report.lines} payment lines, {Money(report.total_pence).format()}. A second finance "
                          f"officer approves it: selfdirect money approve {run.reference} --actor USER")
        self._summary(report)

    def handle_approve(self, *, run, actor, **_):
        found = queries.run_by_reference(run)
        if found is None:
            raise CommandError(f"No payment run {run}: a reference looks like RUN-20261207", returncode=2)
        try:
            paid, report = actions.approve_run(found, actor=_actor(actor), channel="cli")
        except actions.MoneyError as problem:
            raise CommandError(str(problem), returncode=1) from None
        self.stdout.write(f"Approved and paid {paid.reference}: {report.lines} payment lines, "
                          f"{Money(report.total_pence).format()}. Write its file with: selfdirect money pay --run-date "
                          f"{paid.run_date} --out FILE.csv")

    def handle_pay(self, *, run_date, out, actor, bacs=None, processing_day=None, **_):
        day = date_option(run_date, "--run-date")
        bacs_day = date_option(processing_day, "--processing-day") if processing_day else None
        if bacs:
            try:
                queries.bacs_settings()  # refused before a run is made
            except BacsError as problem:
                raise CommandError(f"--bacs: {problem}", returncode=2) from None
        if settings.PAYMENT_RUN_APPROVAL == "one_person":
            try:
                run, report = actions.pay(day, actor=_actor(actor))
            except actions.MoneyError as problem:
                raise CommandError(str(problem), returncode=1) from None
        else:
            run = queries.run_on(day)
            if run is None or run.status != run.Status.PAID:
                waiting = (f"{run.reference} was prepared by {run.created_by.display_name} and waits for a second "
                           f"finance officer: selfdirect money approve {run.reference} --actor USER" if run else
                           f"prepare one first: selfdirect money prepare --run-date {day}")
                raise CommandError(f"No approved payment run for {day}: {waiting}", returncode=1)
            report = actions.RunReport(run.run_date, **{k: v for k, v in run.report.items()
                                                       if k not in {"run_date", "already_made"}})
            report.already_made = True
        bacs_text = _bacs_file(run, bacs_day) if bacs else None  # a line Bacs cannot take: neither file is written
        target = Path(out)
        temporary = target.with_name(target.name + ".partial")
        temporary.write_text(run.file_text, encoding="utf-8")
        os.replace(temporary, target)  # the file appears whole or not at all
        if bacs_text is not None:
            _write_whole(Path(bacs), bacs_text.encode("ascii"))
        verb = "Already made" if report.already_made else "Made"
        self.stdout.write(f"{verb} the payment run for {run.run_date}: {report.paid} instalments, {report.one_offs} one-off "
                          f"payments, {report.lines} payment lines, {Money(report.total_pence).format()}; written to {out}")
        if bacs_text is not None:
            self.stdout.write(f"Bacs Standard 18 file written to {bacs}")
        self._summary(report)

    def handle_import_statement(self, *, file, account, mapping, actor, **_):
        chosen = None
        if mapping:
            try:
                chosen = statements.Mapping.from_dict(json.loads(Path(mapping).read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError, statements.StatementError) as problem:
                raise CommandError(f"--mapping: {problem}", returncode=2) from None
        who = _actor(actor)
        try:
            opened = Path(file).open("rb")  # bytes, read as a stream: the import decides how they are encoded
        except OSError as problem:
            raise CommandError(f"{file}: cannot read it ({problem})", returncode=2) from None
        try:
            with opened:
                report = actions.import_statement(opened, name=Path(file).name, actor=who, account_ref=account, mapping=chosen)
        except OSError as problem:
            raise CommandError(f"{file}: cannot read it ({problem}). Nothing was imported.", returncode=2) from None
        except statements.StatementError as problem:
            raise CommandError(f"{file}: {problem}. Nothing was imported.", returncode=2) from None
        self.stdout.write(f"{file}: {report.read_as}. {report.summary()}")
        for reason in report.refused:
            self.stdout.write(f"Refused: {reason}")

    def handle_invoice(self, *, period, actor, **_):
        raiser = actor_option(actor, permissions.may_handle_payments, needs="a finance officer or administrator")
        today = datetime.date.today()
        try:
            if period:
                report = actions.raise_contribution_invoices(date_option(period, "--period"), actor=raiser, on=today,
                                                             channel="cli")
            else:
                report = actions.raise_contribution_adjustments(actor=raiser, on=today, channel="cli")
        except actions.MoneyError as problem:
            raise CommandError(f"--period: {problem}", returncode=2) from None
        if report is None:
            self.stdout.write("Nothing has been invoiced yet: give --period to raise a period's invoices")
            return
        self.stdout.write(f"{'For ' + report.period.label if period else 'To ' + report.period.label}: {report.summary()}")
        for note in report.paid_to_home:
            self.stdout.write(f"Not invoiced: {note}")

    def handle_reconcile(self, **_):
        matched = actions.reconcile()
        left = queries.unmatched_lines().count()
        self.stdout.write(f"{counted(matched, 'statement line')} matched; {left:,} left for a person to match")

    def handle_alerts(self, *, as_of, actor, **_):
        # The finance page's rule (money.access.require_finance); each person whose account is printed is read, and
        # audited as the actor's before a line is printed, so a failure part way still leaves the trail
        # (docs/security.md, "The audit trail"; ASVS 4.0.3 V8.3.5, V7.1.4).
        reader = actor_option(actor, permissions.may_handle_payments, needs="a finance officer or administrator")
        today = date_option(as_of, "--as-of") if as_of else datetime.date.today()
        flagged = queries.accounts_with_alerts(today=today, limit=None)
        audit.record_each([acct.case.person_id for acct, _ in flagged], actor=reader, action=audit.Action.READ,
                          what="Listed with a direct payment alert", channel="cli")
        for acct, m in flagged:
            for alert in m.alerts:
                self.stdout.write(f"{acct.reference}: {alert.message}")

    def handle_deferred(self, *, up_to, actor, **_):
        poster = actor_option(actor, permissions.may_handle_payments, needs="a finance officer or administrator")
        day = date_option(up_to, "--up-to") if up_to else datetime.date.today()
        waiting = 0
        for agreement, report in deferred.accrue_all(up_to=day, actor=poster):
            self.stdout.write(f"Agreement {agreement.pk} ({agreement.person.la_person_id}): {report.summary}")
            waiting += report.missing_rate_on is not None
        if waiting:
            raise CommandError(f"{counted(waiting, 'agreement')} waiting for a national maximum interest rate",
                               returncode=1)

    def handle_remittances(self, *, run, out, actor, **_):
        # The run page's rule (money.access.payment_run_for: finance, and a paid run only); every person a remittance
        # names is audited as the actor's export before a file is written.
        writer = actor_option(actor, permissions.may_handle_payments, needs="a finance officer or administrator")
        found = queries.run_by_reference(run)
        if found is None:
            raise CommandError(f"No payment run {run}: a reference looks like RUN-20261207", returncode=2)
        if found.status != found.Status.PAID:
            raise CommandError(f"{found.reference} is prepared but not approved, so it has paid nobody yet: a second "
                               f"finance officer approves it first (selfdirect money approve {found.reference} --actor "
                               "USER)", returncode=1)
        folder = Path(out)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as problem:
            raise CommandError(f"--out: cannot make the folder {out} ({problem})", returncode=2) from None
        advice = queries.remittances_of(found)
        audit.record_each(list(dict.fromkeys(p for r in advice for p in r.people)), actor=writer,
                          action=audit.Action.EXPORT, what=f"Wrote the remittance advice of {found.reference}",
                          channel="cli")
        for remittance in advice:
            _write_whole(folder / remittance_files.file_name(found, remittance, "csv"),
                         remittance_files.csv_text(found, [remittance]).encode("utf-8"))
            _write_whole(folder / remittance_files.file_name(found, remittance, "pdf"), remittance_files.pdf(found, remittance))
        every = folder / f"{found.reference}-remittances.csv"
        _write_whole(every, remittance_files.csv_text(found, advice).encode("utf-8"))
        self.stdout.write(f"Remittance advice of {found.reference} for {counted(len(advice), 'payee')}, "
                          f"{Money(sum(r.total_pence for r in advice)).format()} in all, written to {folder}: a CSV and "
                          f"a PDF file a payee, and {every.name} with them all")

    def handle_check(self, **_):
        problems = queries.check()
        for problem in problems:
            self.stdout.write(problem)
        if problems:
            raise CommandError(f"The ledger has {len(problems)} problem(s)", returncode=1)
        self.stdout.write("The ledger is sound: every entry balances, every balance equals its postings, every payment "
                          "file equals its run, every statement line is imported once.")
