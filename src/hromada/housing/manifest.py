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


def housing_settings(community) -> BuildingSettings:
    """This community's settings, typed: `housing_settings(community).page_size`."""
    return capabilities.settings_for(community, "housing")


MANIFEST = CapabilityManifest(
    slug="housing",
    name=_("Housing"),
    description=_("Describe in one sentence what residents get from Housing."),
    icon="list",  # a name from the kernel icon sprite (hromada.core.web.templatetags.hromada_icons)
    url_name="housing:list",
    url_prefix="housing",
    urls="hromada.housing.urls",
    api_router="hromada.housing.api:router",
    settings_model=BuildingSettings,
    opendata_exports=(
        OpenDataExport(
            slug="housing",
            title=_("Housing"),
            description=_("Public Housing entries of the community. No personal data."),
            fields=(("id", "integer"), ("title", "string"), ("created_at", "datetime"), ("updated_at", "datetime")),
            rows="hromada.housing.selectors:building_open_data_rows",
        ),
    ),
    demo_loader="hromada.housing.demo:load",
    demo_order=500,
)
