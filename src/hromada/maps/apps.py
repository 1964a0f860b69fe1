"""City map layers: facilities in typed layers that staff maintain, import and export as GeoJSON.

A public map with layer toggles and search, and a GeoJSON API per layer."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    name = "hromada.maps"
    label = "maps"
    verbose_name = _("City map")

    def ready(self):
        from hromada.core import capabilities

        capabilities.register(
            capabilities.CapabilityManifest(
                slug="maps",
                name=_("City map"),
                description=_("Schools, kindergartens, pharmacies, utilities, service centres and businesses "
                              "on the city map, in layers kept current by the council's staff."),
                icon="🗺",
                url_name="maps:map",
                url_prefix="map",
                urls="hromada.maps.urls",
                api_router="hromada.maps.api:router",
                permissions=(
                    ("maps.manage_layers", _("Create, change and delete map layers (moderators, admins)")),
                    ("maps.edit_features", _("Add, change, delete and import map features (staff)")),
                ),
                opendata_exports=(
                    capabilities.OpenDataExport(
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
        )
