"""Django's `flush`, which empties every table, with the audit trail emptied first through its purge routine (the
database refuses any other DELETE of audit events: migration 0003), in the same transaction. The test suite's
transactional and browser tests empty the database this way after each test. Decision 0009."""

from django.core.management.commands import flush
from django.db import connections, transaction

from selfdirect.audit import actions
from selfdirect.audit.models import AuditEvent


class Command(flush.Command):
    help = flush.Command.help + " The audit trail is emptied first, through audit.actions.purge."

    def handle(self, **options):
        database = options["database"]
        connection = connections[database]
        if options["interactive"]:
            confirm = input(f"""You have requested a flush of the database.
This will IRREVERSIBLY DESTROY all data currently in the "{connection.settings_dict["NAME"]}" database, the audit
trail included, and return each table to an empty state.
Are you sure you want to do this?

    Type 'yes' to continue, or 'no' to cancel: """)
            if confirm != "yes":
                self.stdout.write("Flush cancelled.")
                return
        with transaction.atomic(using=database):
            if AuditEvent._meta.db_table in connection.introspection.table_names():
                actions.purge(why="The whole database was emptied (flush)", checkpoint=False, using=database)
            super().handle(**{**options, "interactive": False})
