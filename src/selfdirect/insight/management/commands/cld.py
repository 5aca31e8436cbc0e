import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from selfdirect.core.command_options import date_option
from selfdirect.insight import cld, queries


class Command(BaseCommand):
    help = "The NHS England Adult Social Care Client Level Data return."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Write the return for a reporting period, after validating it")
        export.add_argument("--start", required=True)
        export.add_argument("--end", required=True)
        export.add_argument("--out", required=True)

    def handle(self, *args, action, start, end, out, **_):
        first, last = date_option(start, "--start"), date_option(end, "--end")
        try:
            text = queries.export(first, last)
        except ValueError as problem:
            if isinstance(problem, cld.InvalidReturn):
                for p in problem.problems:
                    self.stderr.write(str(p))
            raise CommandError(str(problem), returncode=1) from None
        target = Path(out)
        partial = target.with_name(target.name + ".partial")
        partial.write_text(text, encoding="utf-8", newline="")
        os.replace(partial, target)
        self.stdout.write(f"Wrote {text.count(chr(10)) - 1} events for {first} to {last} to {out}; the file passed its validation.")
