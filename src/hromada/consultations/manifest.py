"""What E-consultations offers the platform: its pages, API, per-community settings, open data and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport, setting


@dataclass(frozen=True)
class ConsultationSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(30, _("Items per page"), min_value=5, max_value=100)


def consultations_settings(community) -> ConsultationSettings:
    """This community's settings, typed: `consultations_settings(community).page_size`."""
    return capabilities.settings_for(community, "consultations")


MANIFEST = CapabilityManifest(
    slug="consultations",
    name=_("E-consultations"),
    description=_("Describe in one sentence what residents get from E-consultations."),
    icon="list",  # a name from the kernel icon sprite (hromada.core.web.templatetags.hromada_icons)
    url_name="consultations:list",
    url_prefix="consultations",
    urls="hromada.consultations.urls",
    api_router="hromada.consultations.api:router",
    settings_model=ConsultationSettings,
    opendata_exports=(
        OpenDataExport(
            slug="consultations",
            title=_("E-consultations"),
            description=_("Public E-consultations entries of the community. No personal data."),
            fields=(("id", "integer"), ("title", "string"), ("created_at", "datetime"), ("updated_at", "datetime")),
            rows="hromada.consultations.selectors:consultation_open_data_rows",
        ),
    ),
    demo_loader="hromada.consultations.demo:load",
    demo_order=500,
)
