"""What Participatory budget offers the platform: its pages, API, per-community settings, open data and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport, setting


@dataclass(frozen=True)
class ProjectSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(30, _("Items per page"), min_value=5, max_value=100)


def budgets_settings(community) -> ProjectSettings:
    """This community's settings, typed: `budgets_settings(community).page_size`."""
    return capabilities.settings_for(community, "budgets")


MANIFEST = CapabilityManifest(
    slug="budgets",
    name=_("Participatory budget"),
    description=_("Describe in one sentence what residents get from Participatory budget."),
    icon="list",  # a name from the kernel icon sprite (hromada.core.web.templatetags.hromada_icons)
    url_name="budgets:list",
    url_prefix="budgets",
    urls="hromada.budgets.urls",
    api_router="hromada.budgets.api:router",
    settings_model=ProjectSettings,
    opendata_exports=(
        OpenDataExport(
            slug="budgets",
            title=_("Participatory budget"),
            description=_("Public Participatory budget entries of the community. No personal data."),
            fields=(("id", "integer"), ("title", "string"), ("created_at", "datetime"), ("updated_at", "datetime")),
            rows="hromada.budgets.selectors:project_open_data_rows",
        ),
    ),
    demo_loader="hromada.budgets.demo:load",
    demo_order=500,
)
