"""Benchmarks: `make bench`. Each reports a ratio against a baseline measured in the same run, never a bare time,
so results compare across machines. Never run by `make test`."""

import importlib
import os
import pathlib
import sys
import tempfile


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selfdirect.settings")
    os.environ.setdefault("SELFDIRECT_DEMO_MODE", "true")  # made-up data on this machine (docs/security.md)
    workdir = tempfile.mkdtemp(prefix="selfdirect-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    names = sorted(p.stem for p in pathlib.Path(__file__).parent.glob("bench_*.py"))
    wanted = sys.argv[1:] or names
    for name in names:
        if name in wanted:
            print(f"== {name}")
            importlib.import_module(f"bench.{name}").run()


if __name__ == "__main__":
    main()
