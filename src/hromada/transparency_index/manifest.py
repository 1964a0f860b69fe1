"""What the transparency self-check offers the platform: its public and staff pages, API, the quarterly snapshot,
the open-data totals and demo data (the indicators themselves are declared by each capability's manifest).

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport, setting


@dataclass(frozen=True)
class SelfCheckSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    quarterly_snapshot: bool = setting(True, _("Compute the last quarter's self-check by itself each quarter"))


def transparency_index_settings(community) -> SelfCheckSettings:
    """This community's settings, typed: `transparency_index_settings(community).quarterly_snapshot`."""
    return capabilities.settings_for(community, "transparency_index")


MANIFEST = CapabilityManifest(
    slug="transparency_index",
    name=_("Transparency self-check"),
    description=_("How open the community is, by the Transparent Cities indicators, computed from the platform's own "
                  "data with the evidence linked."),
    icon="chart",
    url_name="transparency_index:overview",
    url_prefix="transparency-index",
    urls="hromada.transparency_index.urls",
    api_router="hromada.transparency_index.api:router",
    settings_model=SelfCheckSettings,
    periodic_tasks=(("hromada.transparency_index.tasks.selfcheck_quarterly", 24 * 3600),),
    opendata_exports=(
        OpenDataExport(
            slug="transparency_self_check",
            title=_("Transparency self-check"),
            description=_("The community's transparency self-check by period and area: points and maximum points. "
                          "No personal data."),
            fields=(("period_start", "date"), ("period_end", "date"), ("area", "string"), ("points", "number"),
                    ("max_points", "number"), ("indicators_counted", "integer"), ("indicators", "integer"),
                    ("computed_at", "datetime")),
            rows="hromada.transparency_index.selectors:selfcheck_open_data_rows",
        ),
    ),
    demo_loader="hromada.transparency_index.demo:load",
    demo_order=950,
    home_block="hromada.transparency_index.home:selfcheck_block",  # the latest score and its trend, one query
)
