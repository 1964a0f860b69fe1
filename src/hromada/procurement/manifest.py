"""What Procurement offers the platform: its pages, API, per-community settings, open data and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport, setting


@dataclass(frozen=True)
class TenderSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(30, _("Items per page"), min_value=5, max_value=100)


def procurement_settings(community) -> TenderSettings:
    """This community's settings, typed: `procurement_settings(community).page_size`."""
    return capabilities.settings_for(community, "procurement")


MANIFEST = CapabilityManifest(
    slug="procurement",
    name=_("Procurement"),
    description=_("Describe in one sentence what residents get from Procurement."),
    icon="list",  # a name from the kernel icon sprite (hromada.core.web.templatetags.hromada_icons)
    url_name="procurement:list",
    url_prefix="procurement",
    urls="hromada.procurement.urls",
    api_router="hromada.procurement.api:router",
    settings_model=TenderSettings,
    opendata_exports=(
        OpenDataExport(
            slug="procurement",
            title=_("Procurement"),
            description=_("Public Procurement entries of the community. No personal data."),
            fields=(("id", "integer"), ("title", "string"), ("created_at", "datetime"), ("updated_at", "datetime")),
            rows="hromada.procurement.selectors:tender_open_data_rows",
        ),
    ),
    demo_loader="hromada.procurement.demo:load",
    demo_order=500,
)
