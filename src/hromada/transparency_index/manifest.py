"""What Transparency self-check offers the platform: its pages, API, per-community settings, open data and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport, setting


@dataclass(frozen=True)
class SelfCheckSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(30, _("Items per page"), min_value=5, max_value=100)


def transparency_index_settings(community) -> SelfCheckSettings:
    """This community's settings, typed: `transparency_index_settings(community).page_size`."""
    return capabilities.settings_for(community, "transparency_index")


MANIFEST = CapabilityManifest(
    slug="transparency_index",
    name=_("Transparency self-check"),
    description=_("Describe in one sentence what residents get from Transparency self-check."),
    icon="list",  # a name from the kernel icon sprite (hromada.core.web.templatetags.hromada_icons)
    url_name="transparency_index:list",
    url_prefix="transparency_index",
    urls="hromada.transparency_index.urls",
    api_router="hromada.transparency_index.api:router",
    settings_model=SelfCheckSettings,
    opendata_exports=(
        OpenDataExport(
            slug="transparency_index",
            title=_("Transparency self-check"),
            description=_("Public Transparency self-check entries of the community. No personal data."),
            fields=(("id", "integer"), ("title", "string"), ("created_at", "datetime"), ("updated_at", "datetime")),
            rows="hromada.transparency_index.selectors:self_check_open_data_rows",
        ),
    ),
    demo_loader="hromada.transparency_index.demo:load",
    demo_order=500,
)
