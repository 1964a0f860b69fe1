"""What Council offers the platform: its pages, API, per-community settings, open data and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, setting


@dataclass(frozen=True)
class CouncilSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(30, _("Items per page"), min_value=5, max_value=100)


def council_settings(community) -> CouncilSettings:
    """This community's settings, typed: `council_settings(community).page_size`."""
    return capabilities.settings_for(community, "council")


MANIFEST = CapabilityManifest(
    slug="council",
    name=_("Council"),
    description=_("Deputies, factions, commissions, draft decisions and roll-call votes of the council."),
    icon="list",  # a name from the kernel icon sprite (hromada.core.web.templatetags.hromada_icons)
    url_name="council:list",
    url_prefix="council",
    urls="hromada.council.urls",
    api_router="hromada.council.api:router",
    settings_model=CouncilSettings,
    demo_loader="hromada.council.demo:load",
    demo_order=500,
)
