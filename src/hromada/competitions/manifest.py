"""What Grant competitions offers the platform: its pages, API, per-community settings, open data and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport, setting


@dataclass(frozen=True)
class CallSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(30, _("Items per page"), min_value=5, max_value=100)


def competitions_settings(community) -> CallSettings:
    """This community's settings, typed: `competitions_settings(community).page_size`."""
    return capabilities.settings_for(community, "competitions")


MANIFEST = CapabilityManifest(
    slug="competitions",
    name=_("Grant competitions"),
    description=_("Describe in one sentence what residents get from Grant competitions."),
    icon="list",  # a name from the kernel icon sprite (hromada.core.web.templatetags.hromada_icons)
    url_name="competitions:list",
    url_prefix="competitions",
    urls="hromada.competitions.urls",
    api_router="hromada.competitions.api:router",
    settings_model=CallSettings,
    opendata_exports=(
        OpenDataExport(
            slug="competitions",
            title=_("Grant competitions"),
            description=_("Public Grant competitions entries of the community. No personal data."),
            fields=(("id", "integer"), ("title", "string"), ("created_at", "datetime"), ("updated_at", "datetime")),
            rows="hromada.competitions.selectors:call_open_data_rows",
        ),
    ),
    demo_loader="hromada.competitions.demo:load",
    demo_order=500,
)
