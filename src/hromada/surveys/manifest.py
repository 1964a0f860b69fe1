"""What Surveys and polls offers the platform: its pages, API, per-community settings, open data and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport, setting


@dataclass(frozen=True)
class SurveySettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(30, _("Items per page"), min_value=5, max_value=100)


def surveys_settings(community) -> SurveySettings:
    """This community's settings, typed: `surveys_settings(community).page_size`."""
    return capabilities.settings_for(community, "surveys")


MANIFEST = CapabilityManifest(
    slug="surveys",
    name=_("Surveys and polls"),
    description=_("Describe in one sentence what residents get from Surveys and polls."),
    icon="list",  # a name from the kernel icon sprite (hromada.core.web.templatetags.hromada_icons)
    url_name="surveys:list",
    url_prefix="surveys",
    urls="hromada.surveys.urls",
    api_router="hromada.surveys.api:router",
    settings_model=SurveySettings,
    opendata_exports=(
        OpenDataExport(
            slug="surveys",
            title=_("Surveys and polls"),
            description=_("Public Surveys and polls entries of the community. No personal data."),
            fields=(("id", "integer"), ("title", "string"), ("created_at", "datetime"), ("updated_at", "datetime")),
            rows="hromada.surveys.selectors:survey_open_data_rows",
        ),
    ),
    demo_loader="hromada.surveys.demo:load",
    demo_order=500,
)
