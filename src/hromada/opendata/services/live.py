"""Live datasets of other capabilities: each OpenDataExport a manifest declares, materialised by the
platform (SYSTEM) as CSV and GeoJSON resources of a dataset of the platform's own publisher."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import UTC, date, datetime

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hromada.core import capabilities
from hromada.core.identity.guard import require, service

from .. import policies
from ..datastore import csv_bytes
from ..models import Dataset, Resource
from ..validation import check_file
from .datasets import dataset_create
from .publishers import platform_publisher
from .resources import resource_create, resource_update


def _rows_csv(fields, rows) -> bytes:
    names = [name for name, _type in fields]
    return csv_bytes(names, ([_csv_cell(row.get(name)) for name in names] for row in rows))


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


@service
def live_dataset_refresh(*, actor, community, manifest, export) -> Dataset:
    """Materialise one OpenDataExport: a CSV resource (and GeoJSON when declared) of a platform dataset,
    written by the platform (SYSTEM) alone.

    A new version is published only when the content changed, so followers hear only of real updates."""
    require(policies.can_run_background_jobs(actor))
    key = f"{manifest.slug}.{export.slug}"
    publisher = platform_publisher(actor=actor, community=community)
    dataset = Dataset.objects.filter(community=community, live_export=key).select_related("publisher",
                                                                                           "template").first()
    if dataset is None:
        dataset = dataset_create(
            actor=actor, community=community, publisher=publisher, live_export=key,
            name=slugify(f"{manifest.slug}-{export.slug}")[:100], title=str(export.title)[:254],
            description=str(export.description)[:4000], update_frequency=export.update_frequency,
            maintainer=str(_("Hromada platform")), maintainer_email=community.email or "opendata@hromada.local",
            purpose=str(_("Published automatically from the community's own services, without personal data.")),
            legal_basis=str(_("Resolution of the Cabinet of Ministers of Ukraine No. 835 of 21.10.2015")),
            tags=[str(manifest.name)[:100], "live"],
        )
    schema = {"fields": [{"name": name, "type": kind} for name, kind in export.fields]}
    rows = list(capabilities.resolve(export.rows)(community))
    _publish_live(actor, community, dataset, "rows", str(export.title), _rows_csv(export.fields, rows), "CSV", schema)
    if export.geojson:
        collection = capabilities.resolve(export.geojson)(community)
        _publish_live(actor, community, dataset, "geojson", f"{export.title} (GeoJSON)",
                      json.dumps(collection, ensure_ascii=False, default=str).encode("utf-8"), "GeoJSON", None)
    return dataset


def _publish_live(actor, community, dataset, kind, name, content, fmt, schema) -> None:
    resource = Resource.objects.filter(dataset=dataset, live_kind=kind).select_related("current_version").first()
    if resource is not None and resource.current_version and resource.current_version.sha256 == hashlib.sha256(
            content).hexdigest():
        return
    checked = check_file(content, fmt, table_schema=schema)
    filename = f"{dataset.name}.{fmt.lower()}"
    if resource is None:
        resource_create(actor=actor, community=community, dataset=dataset, name=name[:254], content=checked.content,
                        filename=filename, format=fmt, live_kind=kind)
    else:
        resource_update(actor=actor, community=community, resource=resource, content=checked.content,
                        filename=filename)


@service
def live_datasets_refresh_all(*, actor) -> int:
    """Refresh every live dataset of every community that has the portal and the exporting capability enabled
    (a periodic job of the platform, SYSTEM)."""
    from hromada.core.tenancy.models import Community

    require(policies.can_run_background_jobs(actor))
    count = 0
    for community in Community.objects.filter(is_active=True):
        if not community.capability_enabled("opendata"):
            continue
        for manifest in capabilities.opendata_providers(community):
            for export in manifest.opendata_exports:
                try:
                    live_dataset_refresh(actor=actor, community=community, manifest=manifest, export=export)
                    count += 1
                except Exception:  # noqa: BLE001 — one broken export must not stop the others
                    logging.getLogger(__name__).exception("live dataset %s.%s failed", manifest.slug, export.slug)
    return count
