"""What Surveys and polls offers the platform: its pages, API, per-community settings, open data and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, ChatCommand, OpenDataExport, setting


@dataclass(frozen=True)
class SurveySettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(20, _("Surveys per page"), min_value=5, max_value=100)


def surveys_settings(community) -> SurveySettings:
    """This community's settings, typed: `surveys_settings(community).page_size`."""
    return capabilities.settings_for(community, "surveys")


MANIFEST = CapabilityManifest(
    slug="surveys",
    name=_("Surveys and polls"),
    description=_("Answer the community's surveys and quick polls, and see their results."),
    icon="check",  # a name from the kernel icon sprite (hromada.core.web.templatetags.hromada_icons)
    url_name="surveys:list",
    resident_items="hromada.surveys.office:resident_items",  # the resident's office (issue 19)
    url_prefix="surveys",
    urls="hromada.surveys.urls",
    api_router="hromada.surveys.api:router",
    settings_model=SurveySettings,
    opendata_exports=(
        OpenDataExport(
            slug="survey-results",
            title=_("Survey results"),
            description=_("Aggregated results of published surveys with public results: a count per question and "
                          "option (matrix cells, scale values; mean positions of ranked options). No texts, files "
                          "or anything about a respondent."),
            fields=(("survey_id", "integer"), ("survey", "string"), ("status", "string"), ("question_id", "integer"),
                    ("question", "string"), ("type", "string"), ("row", "string"), ("option", "string"),
                    ("count", "integer"), ("mean_position", "number")),
            rows="hromada.surveys.selectors:survey_open_data_rows",
            update_frequency="once a day",
        ),
    ),
    demo_loader="hromada.surveys.demo:load",
    demo_order=500,
    home_block="hromada.surveys.home:quick_poll_block",
    transparency_indicators=(capabilities.TransparencyIndicator(
        "surveys.results_public", _("Survey results published"), "participation", 1,
        "hromada.surveys.transparency.results_public", 40),),
    chat_commands=(ChatCommand("polls", _("Polls"), "hromada.surveys.chat.PollsDialog",
                               _("Vote in the community's quick polls and see the results"), order=30),),
)
