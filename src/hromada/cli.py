"""The `hromada` console command: Django's management with Hromada's settings.

`hromada serve`, `hromada migrate`, `hromada create_community`, `hromada createsuperuser`, `hromada load_demo` ..."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
