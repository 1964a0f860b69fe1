"""What Services offers the platform: its pages, API, per-community settings, open data and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport, setting


@dataclass(frozen=True)
class ServiceSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(30, _("Items per page"), min_value=5, max_value=100)


def services_settings(community) -> ServiceSettings:
    """This community's settings, typed: `services_settings(community).page_size`."""
    return capabilities.settings_for(community, "services")


MANIFEST = CapabilityManifest(
    slug="services",
    name=_("Services"),
    description=_("Describe in one sentence what residents get from Services."),
    icon="list",  # a name from the kernel icon sprite (hromada.core.web.templatetags.hromada_icons)
    url_name="services:list",
    url_prefix="services",
    urls="hromada.services.urls",
    api_router="hromada.services.api:router",
    settings_model=ServiceSettings,
    opendata_exports=(
        OpenDataExport(
            slug="services",
            title=_("Services"),
            description=_("Public Services entries of the community. No personal data."),
            fields=(("id", "integer"), ("title", "string"), ("created_at", "datetime"), ("updated_at", "datetime")),
            rows="hromada.services.selectors:service_open_data_rows",
        ),
    ),
    demo_loader="hromada.services.demo:load",
    demo_order=500,
)
