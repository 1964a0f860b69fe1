"""What Housing offers the platform: its pages, API, per-community settings, open data and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport, setting


@dataclass(frozen=True)
class BuildingSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(30, _("Items per page"), min_value=5, max_value=100)
    editor_departments: str = setting(
        "", _("Housing editor departments"),
        _("Names or short names of the departments whose officials edit buildings, managers and documents, "
          "separated by commas (admins always may)."))
    import_keep_days: int = setting(
        7, _("Days an import is kept"),
        _("An uploaded building list and its reports are deleted this many days after the import's last step."),
        min_value=1, max_value=365)


def housing_settings(community) -> BuildingSettings:
    """This community's settings, typed: `housing_settings(community).page_size`."""
    return capabilities.settings_for(community, "housing")


_BUILDING_FIELDS = (
    ("id", "integer"), ("street", "string"), ("number", "string"), ("block", "string"), ("lat", "number"),
    ("lon", "number"), ("year_built", "integer"), ("floors", "integer"), ("entrances", "integer"),
    ("flats", "integer"), ("total_area", "number"), ("living_area", "number"), ("wall_material", "string"),
    ("roof_type", "string"), ("energy_class", "string"), ("manager", "string"), ("manager_kind", "string"),
    ("manager_edrpou", "string"), ("updated_at", "datetime"),
)
_WORK_FIELDS = (
    ("id", "integer"), ("building_id", "integer"), ("address", "string"), ("system", "string"), ("kind", "string"),
    ("status", "string"), ("title", "string"), ("contractor", "string"), ("contractor_edrpou", "string"),
    ("cost_planned", "number"), ("cost_actual", "number"), ("planned_start", "date"), ("planned_end", "date"),
    ("actual_start", "date"), ("actual_end", "date"), ("funded_by", "string"), ("lat", "number"), ("lon", "number"),
)

MANIFEST = CapabilityManifest(
    slug="housing",
    name=_("Blocks of flats"),
    description=_("Passports of the blocks of flats: managers and condominiums, the state of the engineering systems, "
                  "repairs done and planned, and the money spent, on a list and a map."),
    icon="building",  # a name from the kernel icon sprite (hromada.core.web.templatetags.hromada_icons)
    url_name="housing:list",
    url_prefix="housing",
    urls="hromada.housing.urls",
    api_router="hromada.housing.api:router",
    settings_model=BuildingSettings,
    opendata_exports=(
        OpenDataExport(
            slug="housing-buildings",
            title=_("Blocks of flats"),
            description=_("Published passports of the community's blocks of flats with their location and manager. "
                          "No personal data."),
            fields=_BUILDING_FIELDS,
            rows="hromada.housing.selectors:building_open_data_rows",
            geojson="hromada.housing.selectors:building_geojson",
        ),
        OpenDataExport(
            slug="housing-works",
            title=_("Repairs and maintenance of blocks of flats"),
            description=_("Published works on blocks of flats: kind, status, contractor, dates and money (UAH) planned "
                          "and spent. No personal data."),
            fields=_WORK_FIELDS,
            rows="hromada.housing.selectors:work_open_data_rows",
            geojson="hromada.housing.selectors:work_geojson",
        ),
    ),
    # Old imports' files and reports (housing_settings(...).import_keep_days): a listing of folders, hourly.
    periodic_tasks=(("hromada.housing.reporting.tasks.building_imports_cleanup", 3600),),
    home_block="hromada.housing.home:housing_block",
    demo_loader="hromada.housing.demo:load",
    demo_order=500,
    transparency_indicators=(capabilities.TransparencyIndicator(
        "housing.works_published", _("Works on blocks of flats published with contractor and cost"),
        "housing", 3, "hromada.housing.transparency.works_published", 10),),
)
