"""`hromada council_export <community slug> <format> [file]`: Popolo JSON (popolo) or one national structure as
CSV (convocations, deputies, sessions, motions, votings), to a file or standard output."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from hromada.core.tenancy.models import Community

from ...exports import national_csv, popolo_document
from ...imports.columns import COLUMNS


class Command(BaseCommand):
    help = "Export a community's council data as Popolo JSON or as a national open-data structure (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("community")
        parser.add_argument("format", choices=("popolo", *COLUMNS))
        parser.add_argument("path", nargs="?")

    def handle(self, *args, **options):
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError("No such community.")
        out = open(options["path"], "w", encoding="utf-8", newline="") if options["path"] else sys.stdout
        try:
            if options["format"] == "popolo":
                json.dump(popolo_document(community), out, ensure_ascii=False)
            else:
                national_csv(community, options["format"], out)
        finally:
            if out is not sys.stdout:
                out.close()
