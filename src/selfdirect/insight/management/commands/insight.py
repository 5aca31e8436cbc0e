import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from selfdirect.accounts.models import Team
from selfdirect.audit import actions as audit
from selfdirect.core.command_options import date_option
from selfdirect.insight import dashboards, queries, tables
from selfdirect.insight.dashboards import DASHBOARDS
from selfdirect.insight.records import Filters
from selfdirect.people import codes


class Command(BaseCommand):
    help = "Dashboard figures as files: the same tables the pages show, for a period, team and client group."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Write a dashboard's tables to an Excel workbook, or one table to CSV")
        export.add_argument("dashboard", choices=sorted(DASHBOARDS))
        export.add_argument("--start", required=True)
        export.add_argument("--end", required=True)
        export.add_argument("--team", default="", help="A team's name (default: every team)")
        export.add_argument("--group", default="", help="A client group's code, e.g. older_people (default: every group)")
        export.add_argument("--table", default="", help="For a CSV: the table's name (default: the first)")
        export.add_argument("--shared", action="store_true", help="For sharing outside the council: numbers under 5 hidden")
        export.add_argument("--out", required=True, help="FILE.xlsx or FILE.csv")
        sub.add_parser("refresh", help="Work every case's dashboard facts out again (after loading records in bulk)")

    def handle(self, *args, action, **options):
        if action == "refresh":
            import time

            started = time.monotonic()
            count = queries.refresh_facts()
            self.stdout.write(f"Worked out the facts of {count} cases in {time.monotonic() - started:.1f}s.")
            return
        self.export(**options)

    def export(self, *, dashboard, start, end, team, group, table, shared, out, **_):
        from django.utils import timezone

        first, last = date_option(start, "--start"), date_option(end, "--end")
        if last < first:
            raise CommandError("--end is before --start", returncode=2)
        team_id = None
        if team:
            team_id = Team.objects.filter(name=team).values_list("pk", flat=True).first()
            if team_id is None:
                names = ", ".join(Team.objects.order_by("name").values_list("name", flat=True))
                raise CommandError(f"--team: no team is called {team!r} (teams: {names})", returncode=2)
        if group and not codes.is_valid("client_group", group):
            raise CommandError(f"--group: {group!r} is not a client group code", returncode=2)
        target = Path(out)
        if target.suffix not in {".xlsx", ".csv"}:
            raise CommandError("--out must end .xlsx or .csv", returncode=2)
        built = dashboards.work_out(dashboard, Filters(first, last, team_id, group), today=timezone.localdate())
        if target.suffix == ".xlsx":
            data = tables.workbook(f"{built.title}, {first} to {last}", built.tables, shared=shared, notes=built.notes)
        else:
            chosen = built.table(table) if table else built.tables[0]
            if chosen is None:
                raise CommandError(f"--table: {dashboard} has no table {table!r} (tables: "
                                   f"{', '.join(t.key for t in built.tables)})", returncode=2)
            data = tables.csv_text(chosen, shared=shared).encode("utf-8")
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(data)
        os.replace(partial, target)
        audit.record(actor=None, action=audit.Action.EXPORT, channel="cli",
                     what=f"Exported {built.title} for {first} to {last}{' for sharing' if shared else ''}")
        self.stdout.write(f"Wrote {built.title} for {first} to {last} to {out}"
                          f"{' (numbers under 5 hidden)' if shared else ''}.")
