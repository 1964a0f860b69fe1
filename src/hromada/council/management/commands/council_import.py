"""`hromada council_import <community slug> <kind> <file>`: a national structure (convocations, deputies, sessions,
motions, votings; CSV or JSON) or a Popolo JSON file (kind popolo), all or nothing, through council_import."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hromada.core.errors import DomainError
from hromada.core.identity.actors import SYSTEM
from hromada.core.tenancy.models import Community

from ...services import council_import
from ...services.importing import KINDS, ImportRejected


class Command(BaseCommand):
    help = "Import council data (national open-data structures or Popolo JSON) into a community."

    def add_arguments(self, parser):
        parser.add_argument("community")
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("path")

    def handle(self, *args, **options):
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError("No such community.")
        try:
            content = Path(options["path"]).read_bytes()
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        try:
            report = council_import(actor=SYSTEM, community=community, kind=options["kind"], content=content)
        except ImportRejected as exc:
            for item in exc.problems.items:
                self.stderr.write(f"{item['row']}\t{item['field']}\t{item['reason']}")
            raise CommandError(str(exc.message)) from exc
        except DomainError as exc:
            raise CommandError(f"{exc.message} {exc.fields}") from exc
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
