"""`hromada appeals_import_areas <community slug> <file.geojson>`: districts or service zones from GeoJSON.

All or nothing through services.areas_import; areas with the same name are updated."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hromada.appeals.services import areas_import
from hromada.core.errors import ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.tenancy.models import Community


class Command(BaseCommand):
    help = "Import routing areas (a GeoJSON FeatureCollection of Polygons/MultiPolygons) into a community."

    def add_arguments(self, parser):
        parser.add_argument("community")
        parser.add_argument("path")
        parser.add_argument("--name-property", default="name")

    def handle(self, *args, **options):
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError("No such community.")
        try:
            areas = areas_import(actor=SYSTEM, community=community, data=Path(options["path"]).read_bytes(),
                                 name_property=options["name_property"])
        except (OSError, ValidationFailed) as exc:
            details = getattr(exc, "fields", {})
            raise CommandError(f"{exc} {details}") from exc
        self.stdout.write(self.style.SUCCESS(f"{len(areas)} areas imported into {community.slug}."))
