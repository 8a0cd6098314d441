"""The ``saleor-retention`` console command: Django's management commands for this app."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saleor_retention.settings")
    from django.core.management import execute_from_command_line

    arguments = list(sys.argv)
    # Django names a command by its module (send_test); accept the spelling people type too.
    if len(arguments) > 1 and not arguments[1].startswith("-"):
        arguments[1] = arguments[1].replace("-", "_")
    execute_from_command_line(arguments)


if __name__ == "__main__":
    main()
