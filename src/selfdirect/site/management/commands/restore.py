from django.core.management.base import BaseCommand, CommandError

from selfdirect.audit import actions as audit
from selfdirect.audit import queries as audit_queries
from selfdirect.core import backups
from selfdirect.money import queries as money_queries


class Command(BaseCommand):
    help = ("Restores a backup made by `selfdirect backup` into this database, which must hold no records (or pass "
            "--replace), then checks the ledger (`money check`) and the audit trail (`audit check`). Exit 2 when the "
            "file or the database cannot be used (nothing changed), 1 when the restored data does not check clean.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="a backup made by `selfdirect backup`")
        parser.add_argument("--replace", action="store_true",
                            help="overwrite a database that already holds records (everything in it is lost)")

    def handle(self, *args, file, replace, **options):
        try:
            audit.ensure_purge_role()  # PostgreSQL: the cluster's role that owns the audit trail's purge routine
            done = backups.restore(file, replace=replace)
        except RuntimeError as problem:  # the role is missing and may not be made by this sign-in
            raise CommandError(str(problem), returncode=2) from None
        except backups.BackupError as problem:
            raise CommandError(str(problem), returncode=2) from None
        audit.record(actor=None, action=audit.Action.CHANGE, channel="cli",
                     what=f"Restored the whole database from {file}"[:200])
        self.stdout.write(f"Restored {done.tables} tables, {done.rows} rows and {done.files} uploaded files from "
                          f"{done.path}.")
        problems = money_queries.check()
        chain = audit_queries.verify_chain()
        if problems:
            raise CommandError("The ledger does not check clean after the restore: " + "; ".join(problems[:10]),
                               returncode=1)
        if chain.broken is not None:
            raise CommandError(f"The audit trail does not verify after the restore: event {chain.broken.id}, "
                               f"{chain.broken.reason}", returncode=1)
        self.stdout.write(f"The ledger checks clean and the audit trail verifies ({chain.verified} events). If this "
                          "code is newer than the backup, run `selfdirect migrate` next.")
