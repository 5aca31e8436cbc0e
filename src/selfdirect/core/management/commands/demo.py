import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from selfdirect.core import demo


class Command(BaseCommand):
    help = "Build the deterministic demo council, Exampleshire (replaces every record in the database)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=300, help="How many people (default 300)")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same council")
        parser.add_argument("--as-of", default=demo.DEFAULT_CHARGING_AS_OF.isoformat(),
                            help="Effective date of the demo's financial assessments, inside a shipped rates year "
                                 f"(default {demo.DEFAULT_CHARGING_AS_OF.isoformat()})")

    def handle(self, *args, people, seed, as_of, **options):
        import datetime

        from selfdirect.charging.rates import RatesError, rates_for

        if people < 2:
            raise CommandError("--people must be at least 2")
        try:
            as_of_date = datetime.date.fromisoformat(as_of)
            rates_for(as_of_date)
        except ValueError as problem:
            raise CommandError(f"--as-of: {problem}" if isinstance(problem, RatesError) else "--as-of must be a date like 2024-03-01") from None
        started = time.monotonic()
        built = demo.build(people=people, seed=seed, today=timezone.localdate(), charging_as_of=as_of_date)
        self.stdout.write(f"Built Exampleshire: {people} people (seed {seed}) in {time.monotonic() - started:.1f}s\n")
        calibration = built.calibration
        path = settings.PROJECT_DIR / "var" / "demo-historic-packages.csv"
        path.parent.mkdir(exist_ok=True)
        from selfdirect.allocation.packages import HEADER

        with open(path, "w", encoding="utf-8") as handle:
            handle.write(",".join(HEADER) + "\n")
            for p in built.calibration_packages:
                handle.write(f"{p.person_ref},{p.points},{p.client_group},{p.age},{p.sex},{p.ethnicity},{p.weekly_cost_pence}\n")
        self.stdout.write(f"Allocation table calibrated on {calibration['n']} historic packages ({path}): "
                          f"{calibration['price_per_point_pence']}p a point, R-squared {calibration['r_squared']}\n")
        self.stdout.write(f"\nDemo sign-ins (password for all: {demo.DEMO_PASSWORD}):\n")
        for s in built.sign_ins:
            self.stdout.write(f"  {s.username:<14} {s.role:<40} {s.note}\n")
        self.stdout.write("\nOpen http://127.0.0.1:8000 and sign in.\n")
