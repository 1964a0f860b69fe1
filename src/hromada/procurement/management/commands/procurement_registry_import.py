"""`hromada procurement_registry_import <file> --as-of YYYY-MM-DD [--all]`: the unified state register's
legal-entities file (XML as data.gov.ua publishes it, or CSV with the same columns) into the suppliers' facts."""

from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from hromada.core.errors import DomainError
from hromada.core.identity.actors import SYSTEM

from ...registry import registry_import


class Command(BaseCommand):
    help = "Import the facts of the unified state register (legal entities) about the communities' suppliers."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The register's XML file (UO) or a CSV with the same columns.")
        parser.add_argument("--as-of", required=True, help="The date the register's data are as of (YYYY-MM-DD).")
        parser.add_argument("--all", action="store_true",
                            help="Keep every record, not only the codes of the communities' suppliers.")

    def handle(self, *args, **options):
        try:
            as_of = date.fromisoformat(options["as_of"])
        except ValueError as exc:
            raise CommandError("--as-of must be a date, YYYY-MM-DD.") from exc
        try:
            with open(options["path"], "rb") as source:
                report = registry_import(actor=SYSTEM, source=source, as_of=as_of, only_suppliers=not options["all"])
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        except DomainError as exc:
            raise CommandError(f"{exc.message} {exc.fields or ''}".strip()) from exc
        for problem in report.problems:
            self.stderr.write(f"row {problem['row']}: {problem['reason']}")
        self.stdout.write(json.dumps({"rows": report.rows, "kept": report.kept, "skipped": report.skipped},
                                     ensure_ascii=False))
