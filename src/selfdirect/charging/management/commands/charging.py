import datetime
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from selfdirect.accounts.command_options import actor_option
from selfdirect.accounts.models import User
from selfdirect.audit import actions as audit
from selfdirect.charging import actions, queries
from selfdirect.charging.rates import RatesError, load_rates
from selfdirect.core import permissions
from selfdirect.core.money import Money
from selfdirect.core.words import counted


class Command(BaseCommand):
    help = ("Financial assessment: assess an input file, check a rates file, uprate every assessment, or print "
            "the charging policy.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        assess = sub.add_parser("assess", help="Print the assessment of an input JSON file as JSON")
        assess.add_argument("--input", required=True, help="Input JSON file (or - for standard input)")
        check = sub.add_parser("check-rates", help="Check a yearly rates file before a council adds it")
        check.add_argument("file")
        uprate = sub.add_parser("uprate", help="Re-run every current assessment with the rates of a new year")
        uprate.add_argument("--as-of", required=True, help="Effective date of the new assessments, e.g. 2025-04-07")
        uprate.add_argument("--dry-run", action="store_true", help="Report the changes without saving them")
        uprate.add_argument("--actor", default="admin", help="Sign-in name recorded as making the change")
        policy = sub.add_parser("policy", help="Print the council's charging policy in force on a day as JSON")
        policy.add_argument("--on", help="The day, e.g. 2026-04-06 (default: today)")
        queue = sub.add_parser("requests", help="Finance's queue: open requests for a financial assessment, oldest first")
        queue.add_argument("--actor", required=True,
                           help="Sign-in name of the finance officer or administrator reading it (audited as theirs)")

    def handle(self, *args, action, **options):
        getattr(self, "handle_" + action.replace("-", "_"))(**options)

    def handle_assess(self, *, input, **_):
        try:
            text = sys.stdin.read() if input == "-" else open(input, encoding="utf-8").read()
        except OSError as error:
            raise CommandError(f"--input: cannot read {input}: {error.strerror}", returncode=2) from None
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(f"{input}, line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})",
                               returncode=2) from None
        try:
            _, result = actions.run(raw)
        except actions.ChargingError as problem:
            raise CommandError(f"{problem.field}: {problem}" if problem.field else str(problem), returncode=2) from None
        self.stdout.write(json.dumps(result.as_dict(), indent=2))

    def handle_policy(self, *, on, **_):
        """Read-only: the policy in force on the day (the shipped default when no version is stored yet)."""
        from django.utils import timezone

        try:
            day = datetime.date.fromisoformat(on) if on else timezone.localdate()
        except ValueError:
            raise CommandError("--on must be a date like 2026-04-06", returncode=2) from None
        version = queries.policy_version_on(day)
        self.stdout.write(json.dumps({
            "on": day.isoformat(), **queries.policy_on(day).as_dict(),
            "effective_from": version.effective_from.isoformat() if version else None,
            "version": version.pk if version else None,
        }, indent=2))

    def handle_requests(self, *, actor, **_):
        from django.utils import timezone

        # The page's rule (charging.views.request_queue), and each person read is audited as the actor's before a line
        # is printed, so a failure part way still leaves the trail (ASVS 4.0.3 V8.3.5, V7.1.4).
        reader = actor_option(actor, permissions.may_assess_charges, needs="a finance officer or administrator")
        today = timezone.localdate()
        queue = list(queries.open_requests())
        audit.record_each([request.person_id for request in queue], actor=reader, action=audit.Action.READ,
                          what="Listed in the queue of requests for a financial assessment", channel="cli")
        if not queue:
            self.stdout.write("No open requests for a financial assessment.")
            return
        self.stdout.write(f"{counted(len(queue), 'open request')} for a financial assessment, oldest first.")
        for request in queue:
            self.stdout.write(f"{request.person.la_person_id:<10} {request.person.full_name:<28} "
                              f"{request.get_status_display():<14} asked for on {request.requested_on:%-d %B %Y} by "
                              f"{request.requested_by.display_name}, "
                              f"{counted(queries.age_in_working_days(request, today), 'working day')} waiting")

    def handle_check_rates(self, *, file, **_):
        from pathlib import Path

        try:
            rates = load_rates(Path(file))
        except (OSError, RatesError) as problem:
            raise CommandError(str(problem), returncode=2) from None
        missing = [name for name, value in rates.figures.items() if value is None]
        self.stdout.write(f"{file}: {rates.financial_year} rates are valid.")
        if missing:
            self.stdout.write("Not yet known (cases that need them will be refused): " + ", ".join(missing))

    def handle_uprate(self, *, as_of, dry_run, actor, **_):
        try:
            day = datetime.date.fromisoformat(as_of)
        except ValueError:
            raise CommandError("--as-of must be a date like 2025-04-07", returncode=2) from None
        user = User.objects.filter(username=actor).first()
        if user is None:
            raise CommandError(f"--actor: there is no user {actor!r}", returncode=2)
        try:
            rows = actions.uprate(as_of=day, actor=user, dry_run=dry_run)
        except actions.ChargingError as problem:
            raise CommandError(f"--actor: {problem}", returncode=2) from None
        changed = refused = 0
        total = 0
        for person, old, new, message in rows:
            if new is None:
                refused += 1
                self.stdout.write(f"{person.la_person_id}: not reassessed: {message}")
            elif new != old:
                changed += 1
                total += new - old
                self.stdout.write(f"{person.la_person_id}: {Money(old)} -> {Money(new)} ({Money(new - old)} a week)")
        verb = "would change" if dry_run else "changed"
        self.stdout.write(f"{counted(len(rows), 'assessment')}; {changed} {verb}; {refused} refused; weekly contributions "
                          f"{verb} by {Money(total)} in total")
