"""The runner's hands inside Django: `python -m harness.child prepare|setup|counts ...` on the benchmark's
database (HROMADA_DATA_DIR / DATABASE_URL from the environment), answering one JSON line on stdout."""

from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from scenarios import by_name

    from hromada.core.tenancy.models import Community

    command = argv[0]
    if command == "prepare":  # the platform's own migrations and its demo community, as `make run` has them
        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0, size=argv[1])
        return {"community": Community.objects.get(is_demo=True).slug}
    community = Community.objects.get(is_demo=True)
    scenario = by_name(argv[1])
    if command == "setup":
        return scenario.prepare(community, int(argv[2]))
    if command == "counts":
        with open(argv[2], encoding="utf-8") as state:
            return scenario.counts(json.load(state))
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
