from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


class AllocationConfig(AppConfig):
    name = "selfdirect.allocation"
    label = "allocation"
    verbose_name = "Resource Allocation System"

    def ready(self):
        from .models import AllocationTable
        from .queries import ensure_shipped_tables

        def load_shipped_tables(sender, using="default", **kwargs):
            """The allocation tables Selfdirect ships, loaded when the database is migrated (and after `flush`), so
            that no page writes them when it is first opened: a GET changes nothing (issue 15, finding 7)."""
            if AllocationTable._meta.db_table in connections[using].introspection.table_names():
                ensure_shipped_tables()

        post_migrate.connect(load_shipped_tables, sender=self, weak=False,
                             dispatch_uid="selfdirect.allocation.load_shipped_tables")
