"""What Enrolment offers the platform: its pages, API, per-community settings, open data and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport, setting


@dataclass(frozen=True)
class ApplicationSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(30, _("Items per page"), min_value=5, max_value=100)


def enrollment_settings(community) -> ApplicationSettings:
    """This community's settings, typed: `enrollment_settings(community).page_size`."""
    return capabilities.settings_for(community, "enrollment")


MANIFEST = CapabilityManifest(
    slug="enrollment",
    name=_("Enrolment"),
    description=_("Describe in one sentence what residents get from Enrolment."),
    icon="list",  # a name from the kernel icon sprite (hromada.core.web.templatetags.hromada_icons)
    url_name="enrollment:list",
    url_prefix="enrollment",
    urls="hromada.enrollment.urls",
    api_router="hromada.enrollment.api:router",
    settings_model=ApplicationSettings,
    opendata_exports=(
        OpenDataExport(
            slug="enrollment",
            title=_("Enrolment"),
            description=_("Public Enrolment entries of the community. No personal data."),
            fields=(("id", "integer"), ("title", "string"), ("created_at", "datetime"), ("updated_at", "datetime")),
            rows="hromada.enrollment.selectors:application_open_data_rows",
        ),
    ),
    demo_loader="hromada.enrollment.demo:load",
    demo_order=500,
)
