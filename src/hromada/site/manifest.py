"""What Site and news offers the platform: its pages, API, per-community settings, open data and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport, setting


@dataclass(frozen=True)
class PageSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(30, _("Items per page"), min_value=5, max_value=100)


def site_settings(community) -> PageSettings:
    """This community's settings, typed: `site_settings(community).page_size`."""
    return capabilities.settings_for(community, "site")


MANIFEST = CapabilityManifest(
    slug="site",
    name=_("Site and news"),
    description=_("Describe in one sentence what residents get from Site and news."),
    icon="list",  # a name from the kernel icon sprite (hromada.core.web.templatetags.hromada_icons)
    url_name="site:list",
    url_prefix="site",
    urls="hromada.site.urls",
    api_router="hromada.site.api:router",
    settings_model=PageSettings,
    opendata_exports=(
        OpenDataExport(
            slug="site",
            title=_("Site and news"),
            description=_("Public Site and news entries of the community. No personal data."),
            fields=(("id", "integer"), ("title", "string"), ("created_at", "datetime"), ("updated_at", "datetime")),
            rows="hromada.site.selectors:page_open_data_rows",
        ),
    ),
    demo_loader="hromada.site.demo:load",
    demo_order=500,
)
