"""`selfdirect retention ...`: who is past the retention schedule, erasing one person, and the run a council schedules
(every person due, and audit events and research releases past their periods), by the same actions as the pages.

Exit codes (README.md, "Command line and API"): 0 when the command did its work (a run with nothing to do
included); 1 when the --actor may not manage retention (nothing read or changed), or when a run could not erase someone
it listed; 2 for input it cannot use (a bad date, a person not found, a person not due or held: nothing changed)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from selfdirect.accounts.command_options import actor_option
from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.core.command_options import date_option
from selfdirect.core.words import counted
from selfdirect.retention import actions, queries

NEEDS = "an administrator"


class Command(BaseCommand):
    help = ("Retention: list the people due for erasure, erase one person past the schedule, or run the schedule "
            "(erase everyone due, remove audit events and research releases past their periods).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        due = sub.add_parser("due", help="The people due for erasure, each with why (audited as the actor's read)")
        due.add_argument("--as-of", help="The day, like 2026-12-01 (default today)")
        due.add_argument("--actor", required=True, help="Sign-in name of an administrator")
        erase = sub.add_parser("erase", help="Erase one person's records, if they are past the schedule")
        erase.add_argument("person", help="The person's council reference, for example EX000001")
        erase.add_argument("--actor", required=True, help="Sign-in name of an administrator")
        run = sub.add_parser("run", help="Erase everyone due, and remove audit events and research releases past "
                                         "their periods; a second run does nothing")
        run.add_argument("--as-of", help="The day, like 2026-12-01 (default today; later only with --dry-run)")
        run.add_argument("--actor", required=True, help="Sign-in name of an administrator")
        run.add_argument("--dry-run", action="store_true", help="Say what a run would do, and change nothing")

    def handle(self, *args, action, **options):
        actor = actor_option(options.pop("actor"), permissions.may_manage_retention, needs=NEEDS)
        given = options.pop("as_of", None)
        as_of = date_option(given, "--as-of") if given else None
        try:
            getattr(self, f"handle_{action}")(actor, as_of=as_of, **options)
        except actions.RetentionError as problem:
            flag = "--as-of: " if problem.field == "as_of" else ""
            raise CommandError(f"{flag}{problem}; nothing was changed", returncode=2) from None

    def handle_due(self, actor, *, as_of, **_):
        as_of = as_of or timezone.localdate()
        in_force = queries.schedule_in_force()
        rows = queries.due_for_erasure(as_of, in_force.periods)
        audit.record_each([row.person for row in rows], actor=actor, action=audit.Action.READ, channel="cli",
                          what="Listed people due for erasure")
        self.stdout.write(f"{counted(len(rows), 'person', 'people')} due for erasure as of {as_of} "
                          f"(retention schedule version {in_force.version})")
        for row in rows:
            self.stdout.write(f"{row.person.la_person_id}\tpast the schedule since {row.decision.due_on}\t"
                              + "; ".join(r.text() for r in row.decision.reasons))

    def handle_erase(self, actor, *, person, **_):
        found = queries.person_by_reference(person)
        if found is None:
            raise CommandError(f"person: there is no one with the council reference {person!r}; nothing was changed",
                               returncode=2)
        made = actions.erase(found, actor=actor, channel="cli")
        self.stdout.write(f"Erased {person}: the record is now {made.person.la_person_id}, "
                          f"{counted(sum(made.counts.values()), 'record')} changed, deleted or purged")
        for label, n in queries.counted_parts(made.counts):
            self.stdout.write(f"  {n}\t{label}")

    def handle_run(self, actor, *, as_of, dry_run, **_):
        report = actions.run(actor=actor, as_of=as_of, dry_run=dry_run, channel="cli")
        verb = "Would erase" if dry_run else "Erased"
        people = report.would_erase if dry_run else report.erased
        self.stdout.write(f"Retention run as of {report.as_of} (schedule version {report.schedule_version})"
                          f"{': a dry run, nothing changed' if dry_run else ''}")
        self.stdout.write(f"{verb} {counted(len(people), 'person', 'people')}")
        for entry in people:
            self.stdout.write(f"  {entry[0]}\t{entry[1]}" if dry_run else f"  {entry}")
        removed = "Would remove" if dry_run else "Removed"
        self.stdout.write(f"{removed} {counted(report.audit_events, 'audit event')} dated before "
                          f"{report.audit_cutoff} (through the audit trail's purge, which leaves a checkpoint)")
        self.stdout.write(f"{removed} {counted(report.research_releases, 'research release')} past their period")
        if report.did_nothing:
            self.stdout.write("Nothing to do")
        if report.refused:
            for line in report.refused:
                self.stderr.write(f"Not erased: {line}")
            raise CommandError(f"{counted(len(report.refused), 'person', 'people')} listed could not be erased",
                               returncode=1)
