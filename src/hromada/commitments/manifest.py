"""What Commitments offers the platform: its pages, API, per-community settings, open data and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport, setting


@dataclass(frozen=True)
class PlanSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(30, _("Items per page"), min_value=5, max_value=100)


def commitments_settings(community) -> PlanSettings:
    """This community's settings, typed: `commitments_settings(community).page_size`."""
    return capabilities.settings_for(community, "commitments")


MANIFEST = CapabilityManifest(
    slug="commitments",
    name=_("Commitments"),
    description=_("Describe in one sentence what residents get from Commitments."),
    icon="list",  # a name from the kernel icon sprite (hromada.core.web.templatetags.hromada_icons)
    url_name="commitments:list",
    url_prefix="commitments",
    urls="hromada.commitments.urls",
    api_router="hromada.commitments.api:router",
    settings_model=PlanSettings,
    opendata_exports=(
        OpenDataExport(
            slug="commitments",
            title=_("Commitments"),
            description=_("Public Commitments entries of the community. No personal data."),
            fields=(("id", "integer"), ("title", "string"), ("created_at", "datetime"), ("updated_at", "datetime")),
            rows="hromada.commitments.selectors:plan_open_data_rows",
        ),
    ),
    demo_loader="hromada.commitments.demo:load",
    demo_order=500,
)
