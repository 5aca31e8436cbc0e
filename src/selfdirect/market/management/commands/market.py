from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from selfdirect.accounts.command_options import actor_option
from selfdirect.core import permissions
from selfdirect.market import actions

NEEDS = "a commissioner or administrator"


def _read(file: str) -> bytes:
    try:
        return Path(file).read_bytes()
    except OSError as problem:
        raise CommandError(f"{file}: cannot read it ({problem}). Nothing was imported.", returncode=2) from None


class Command(BaseCommand):
    help = "The market directory: load CQC's published files and other directories' Open Referral UK data."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        cqc = sub.add_parser("import-cqc", help="Load a CQC file: the care directory CSV of locations, or the care "
                                                "directory with ratings spreadsheet (ODS), matched on the location id")
        cqc.add_argument("file")
        cqc.add_argument("--actor", default="commissioner")
        oruk = sub.add_parser("import-oruk", help="Load another directory's Open Referral UK data: the JSON pages its "
                                                  "/services endpoint serves, saved as files (a second load adds nothing)")
        oruk.add_argument("files", nargs="+")
        oruk.add_argument("--actor", default="commissioner")

    def handle(self, *args, action, **options):
        getattr(self, "handle_" + action.replace("-", "_"))(**options)

    def handle_import_cqc(self, *, file, actor, **_):
        who = actor_option(actor, permissions.may_manage_directory, needs=NEEDS)
        data = _read(file)
        try:
            done = actions.import_cqc(data, name=Path(file).name, actor=who, channel="cli")
        except actions.MarketError as problem:
            raise CommandError(f"{file}: {problem}. Nothing was imported.", returncode=2) from None
        self.stdout.write(f"{file}: {done.rows} rows read, {done.matched} matched to a venue, "
                          f"{len(done.unmatched)} not matched, {len(done.problems)} with a problem"
                          + (f", {done.left_out} of other local authorities left out" if done.left_out else ""))
        for row in done.unmatched:
            self.stdout.write(f"Not matched: row {row['row']}, location {row['location_id']} ({row.get('name', '')})")
        for problem in done.problems:
            self.stdout.write(f"Problem: {problem}")

    def handle_import_oruk(self, *, files, actor, **_):
        who = actor_option(actor, permissions.may_manage_directory, needs=NEEDS)
        pages = [_read(file) for file in files]
        try:
            done = actions.import_oruk(pages, names=[Path(file).name for file in files], actor=who, channel="cli")
        except actions.MarketError as problem:
            raise CommandError(f"{problem}. Nothing was imported.", returncode=2) from None
        self.stdout.write(f"{done.added} services added, {done.changed} changed, {done.unchanged} unchanged, "
                          f"{len(done.refused)} refused")
        for reason in done.refused:
            self.stdout.write(f"Refused: {reason}")
