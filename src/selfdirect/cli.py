"""The one command-line entry point: `selfdirect <command> ...` runs Selfdirect's management commands
(`selfdirect demo`, `selfdirect migrate`, `selfdirect runserver`, ...)."""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selfdirect.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["selfdirect", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
