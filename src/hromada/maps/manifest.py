"""What the city map offers the platform: its pages, the GeoJSON API, open data and demo layers.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.capabilities import CapabilityManifest, OpenDataExport

MANIFEST = CapabilityManifest(
    slug="maps",
    name=_("City map"),
    description=_("Schools, kindergartens, pharmacies, utilities, service centres and businesses "
                  "on the city map, in layers kept current by the council's staff."),
    icon="🗺",
    url_name="maps:map",
    url_prefix="map",
    urls="hromada.maps.urls",
    api_router="hromada.maps.api:router",
    opendata_exports=(
        OpenDataExport(
            slug="map-features",
            title=_("Facilities on the city map"),
            description=_("Every feature of the public layers of the city map: layer, name, address, "
                          "type of geometry and a representative point. Contact phones and emails "
                          "are left out."),
            fields=(("layer", "string"), ("layer_name", "string"), ("id", "integer"),
                    ("name", "string"), ("address", "string"), ("geometry_type", "string"),
                    ("lat", "number"), ("lon", "number"), ("properties", "object"),
                    ("updated_at", "datetime")),
            rows="hromada.maps.opendata:feature_rows",
            geojson="hromada.maps.opendata:feature_geojson",
            update_frequency="once a day",
        ),
    ),
    demo_loader="hromada.maps.demo:load",
    demo_order=60,
)
