import datetime
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from selfdirect.allocation.packages import HEADER
from selfdirect.core.models import DemoBuild
from selfdirect.site import demo


class Command(BaseCommand):
    help = ("Build the deterministic demo council, Exampleshire, as it stands on a day (today by default), its history "
            "replayed on the days it happened. Replaces every record in the database.")

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=300, help="How many people (default 300)")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same council")
        parser.add_argument("--as-of", default=None,
                            help="The day the council stands on, YYYY-MM-DD (default today): the same day, size and "
                                 "seed give the same council")
        parser.add_argument("--unless-current", action="store_true",
                            help="Keep the council already built if it was built as of the same day with the same "
                                 "size and seed (what `make run` does)")

    def handle(self, *args, people, seed, as_of, unless_current, **options):
        if not settings.DEMO_MODE:
            raise CommandError("The demo council replaces everything in the database, so it is built only in demo mode: "
                               "set SELFDIRECT_DEMO_MODE=true (make run and make demo do)")
        if people < 2:
            raise CommandError("--people must be at least 2")
        try:
            today = datetime.date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError:
            raise CommandError("--as-of must be a date like 2026-12-02") from None
        if unless_current:
            current = self._current(today, people, seed)
            if current is not None:
                self.stdout.write(f"The demo council built as of {today:%-d %B %Y} ({people} people, seed {seed}) is "
                                  f"current: keeping it. `make demo` rebuilds it.\n")
                for notice in current.notices:
                    self.stdout.write(f"Note: {notice}\n")
                self._sign_ins(demo.SIGN_INS)
                return
        started = time.monotonic()

        def progress(message):
            self.stdout.write(f"  [{time.monotonic() - started:5.0f}s] {message}\n")
            self.stdout.flush()

        self.stdout.write(f"Building Exampleshire as of {today:%-d %B %Y}: {people} people (seed {seed})\n")
        built = demo.build(people=people, seed=seed, today=today, progress=progress)
        DemoBuild.objects.create(as_of=today, people=people, seed=seed, notices=built.notices)
        self.stdout.write(f"Built Exampleshire: {people} people (seed {seed}) in {time.monotonic() - started:.1f}s\n")
        calibration = built.calibration
        path = settings.PROJECT_DIR / "var" / "demo-historic-packages.csv"
        path.parent.mkdir(exist_ok=True)

        with open(path, "w", encoding="utf-8") as handle:
            handle.write(",".join(HEADER) + "\n")
            for p in built.calibration_packages:
                handle.write(f"{p.person_ref},{p.points},{p.client_group},{p.age},{p.sex},{p.ethnicity},{p.weekly_cost_pence}\n")
        self.stdout.write(f"Allocation table calibrated on {calibration['n']} historic packages ({path}): "
                          f"{calibration['price_per_point_pence']}p a point, R-squared {calibration['r_squared']}\n")
        for notice in built.notices:
            self.stdout.write(f"Note: {notice}\n")
        self._sign_ins(built.sign_ins)

    @staticmethod
    def _current(today, people, seed):
        try:
            latest = DemoBuild.objects.first()
        except DatabaseError:
            return None
        if latest and (latest.as_of, latest.people, latest.seed) == (today, people, seed):
            return latest
        return None

    def _sign_ins(self, sign_ins):
        self.stdout.write(f"\nDemo sign-ins (password for all: {demo.DEMO_PASSWORD}):\n")
        for line in demo.sign_in_lines(sign_ins):  # in demo mode, with each staff sign-in's authenticator secret
            self.stdout.write(line + "\n")
        sys.stdout.flush()
