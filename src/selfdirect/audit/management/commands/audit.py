from django.core.management.base import BaseCommand, CommandError

from selfdirect.audit import queries


class Command(BaseCommand):
    help = "The audit trail: `check` verifies its hash chain and the database's append-only guard."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="task", required=True)
        sub.add_parser("check", help="Verify every event's hash and its link to the event before it, and that the "
                                     "database refuses changes to the trail; exits 1 at the first broken event")

    def handle(self, *args, task, **options):
        getattr(self, "handle_" + task)(**options)

    def handle_check(self, **_):
        report = queries.verify_chain()
        if report.broken is not None:
            raise CommandError(f"The audit trail is broken at event {report.broken.id}: {report.broken.reason}. "
                               f"{report.verified} events before it verify.", returncode=1)
        if report.missing_guards:
            raise CommandError("The audit trail verifies, but the database no longer refuses changes to it (missing: "
                               f"{', '.join(report.missing_guards)}): run `selfdirect migrate audit 0002` and then "
                               "`selfdirect migrate` to put the guard back", returncode=1)
        if report.loose_grants:
            self.stderr.write("Warning: these database roles may change or remove audit events, which only the "
                              f"tables' owner should: {', '.join(report.loose_grants)}. The triggers still refuse "
                              "them; run `REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditevent FROM "
                              f"{', '.join(report.loose_grants)};` (docs/security.md, \"The audit trail\").")
        if report.signed_in_as_owner:
            self.stderr.write("Warning: this check signed in to PostgreSQL as the audit table's owner or a superuser, "
                              "who can drop the append-only triggers. Run Selfdirect itself under a role that does not "
                              "own its tables (docs/security.md, \"The audit trail\").")
        start = (f"from the checkpoint left by the purge of {report.checkpoint_at:%-d %B %Y}"
                 if report.checkpoint_at else "from its start")
        self.stdout.write(f"The audit trail verifies: {report.verified} events, {start}.")
        if report.head:
            self.stdout.write(f"The newest event is {report.head_id}, with hash {report.head}. Keep this line "
                              "somewhere outside Selfdirect: while no purge has removed it, that event must still have "
                              "that hash, or the trail was rewritten.")
