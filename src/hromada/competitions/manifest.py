"""What grant competitions offer the platform: pages, API, per-community settings, the phases of a call, the
open-data set of results, the profile link to one's applications, the jury's queue and demo data."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport, setting
from hromada.core.phases import PhaseDefinition


@dataclass(frozen=True)
class CompetitionSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(30, _("Items per page"), min_value=5, max_value=100)
    max_attachments: int = setting(10, _("Files per application"), min_value=1, max_value=50)
    min_reviews: int = setting(1, _("Jury scores an application needs to be ranked"), min_value=1, max_value=15)


def competitions_settings(community) -> CompetitionSettings:
    """This community's settings, typed: `competitions_settings(community).page_size`."""
    return capabilities.settings_for(community, "competitions")


PHASES = (
    PhaseDefinition("applications", _("Applications"), _("Applicants submit their applications.")),
    PhaseDefinition("review", _("Eligibility review"), _("Staff check each application against the call's rules.")),
    PhaseDefinition("scoring", _("Jury scoring"), _("Jurors declare conflicts of interest and score.")),
    PhaseDefinition("results", _("Results"), _("The ranking and the grants are published.")),
)

RESULT_FIELDS = (
    ("call_id", "integer"), ("call_title", "string"), ("application_id", "integer"), ("project_title", "string"),
    ("applicant_type", "string"), ("organisation", "string"), ("score", "number"), ("rank", "integer"),
    ("status", "string"), ("requested_uah", "number"), ("grant_uah", "number"), ("results_published_at", "datetime"),
)

MANIFEST = CapabilityManifest(
    slug="competitions",
    name=_("Grant competitions"),
    description=_("Calls for grants to NGOs, initiative groups and businesses, scored by an independent jury."),
    icon="chart",
    url_name="competitions:list",
    resident_items="hromada.competitions.office:resident_items",  # the resident's office (issue 19)
    url_prefix="competitions",
    urls="hromada.competitions.urls",
    api_router="hromada.competitions.api:router",
    settings_model=CompetitionSettings,
    phases=PHASES,
    opendata_exports=(
        OpenDataExport(
            slug="competition-results",
            title=_("Grant competition results"),
            description=_("Published results of the community's grant competitions: each scored application's "
                          "weighted jury score, rank and grant. No personal data: sole proprietors are not named."),
            fields=RESULT_FIELDS,
            rows="hromada.competitions.selectors:result_open_data_rows",
        ),
    ),
    profile_links=(("competitions:mine", _("My grant applications")), ("competitions:jury", _("My jury assignments"))),
    demo_loader="hromada.competitions.demo:load",
    demo_order=500,
    transparency_indicators=(capabilities.TransparencyIndicator(
        "competitions.results_published", _("Results of civic project competitions published"), "grants", 3,
        "hromada.competitions.transparency.results_published", 10),),
)
