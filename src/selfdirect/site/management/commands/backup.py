from django.core.management.base import BaseCommand, CommandError

from selfdirect.audit import actions as audit
from selfdirect.core import backups


class Command(BaseCommand):
    help = ("Backs up the whole database and the uploaded files to FILE, one gzipped tar archive with a manifest of "
            "hashes (SQLite's online backup, or pg_dump's custom format on PostgreSQL). "
            "The file is readable by its owner only: it holds special-category data (docs/data-protection.md).")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file to write (replaced only once the new one is complete)")

    def handle(self, *args, file, **options):
        # The backup is an export of everyone's records: the trail says so, and the backup holds that event too.
        audit.record(actor=None, action=audit.Action.EXPORT, channel="cli",
                     what=f"Backup of the whole database and uploaded files to {file}"[:200])
        try:
            done = backups.backup(file)
        except backups.BackupError as problem:
            raise CommandError(str(problem), returncode=2) from None
        self.stdout.write(f"Backed up {done.tables} tables, {done.rows} rows and {done.files} uploaded files to {done.path} "
                          f"({done.size} bytes). "
                          "Keep it where only those who may see people's records can reach it.")
