"""What Participatory budget offers the platform: its pages, API, phases, per-community settings, open data and demo.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, ChatCommand, OpenDataExport, setting
from hromada.core.phases import PhaseDefinition

PROPOSAL, REVIEW, VOTING, RESULTS, IMPLEMENTATION = "proposal", "review", "voting", "results", "implementation"


@dataclass(frozen=True)
class BudgetSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(30, _("Projects per page"), min_value=5, max_value=100)
    max_photos: int = setting(6, _("Photos per project"), min_value=0, max_value=20)
    max_files: int = setting(5, _("Files per project"), min_value=0, max_value=20)


def budgets_settings(community) -> BudgetSettings:
    """This community's settings, typed: `budgets_settings(community).page_size`."""
    return capabilities.settings_for(community, "budgets")


MANIFEST = CapabilityManifest(
    slug="budgets",
    name=_("Participatory budget"),
    description=_("Residents propose projects for a share of the budget, vote for them and follow their building."),
    icon="star",
    url_name="budgets:cycles",
    resident_items="hromada.budgets.office:resident_items",  # the resident's office (issue 19)
    url_prefix="budgets",
    urls="hromada.budgets.urls",
    api_router="hromada.budgets.api:router",
    settings_model=BudgetSettings,
    phases=(
        PhaseDefinition(PROPOSAL, _("Proposals"), _("Residents propose projects and gather support.")),
        PhaseDefinition(REVIEW, _("Feasibility review"), _("Departments check each project; authors may reply.")),
        PhaseDefinition(VOTING, _("Voting"), _("Residents vote for the feasible projects.")),
        PhaseDefinition(RESULTS, _("Results"), _("The winners are published.")),
        PhaseDefinition(IMPLEMENTATION, _("Implementation"), _("The winners are built; residents follow them.")),
    ),
    staff_queues=(("official", "budgets:review_queue"),),
    opendata_exports=(
        OpenDataExport(
            slug="budget-projects",
            title=_("Participatory budget projects"),
            description=_("Public projects of every budget cycle: cost, status, review and implementation. "
                          "No personal data."),
            fields=(("id", "integer"), ("cycle", "string"), ("year", "integer"), ("fund", "string"),
                    ("title", "string"), ("status", "string"), ("cost_uah", "number"), ("lat", "number"),
                    ("lon", "number"), ("implementation_status", "string"), ("progress", "integer"),
                    ("spent_uah", "number")),
            rows="hromada.budgets.selectors:project_open_data_rows",
        ),
        OpenDataExport(
            slug="budget-results",
            title=_("Participatory budget results"),
            description=_("Votes per project and ballots per fund (category, district or school) of published "
                          "results: counts only."),
            fields=(("cycle", "string"), ("year", "integer"), ("fund", "string"), ("ballots", "integer"),
                    ("project_id", "integer"), ("title", "string"), ("votes", "integer"), ("selected", "boolean")),
            rows="hromada.budgets.selectors:results_open_data_rows",
        ),
    ),
    demo_loader="hromada.budgets.demo:load",
    demo_order=500,
    home_block="hromada.budgets.home:budgets_block",
    transparency_indicators=(capabilities.TransparencyIndicator(
        "budgets.projects_tracked", _("Participatory budget winners' progress reported"), "budget", 3,
        "hromada.budgets.transparency.projects_tracked", 10),),
    chat_commands=(ChatCommand("budgets", _("Participatory budget"), "hromada.budgets.chat.BudgetVotingDialog",
                               _("Vote for the community's projects"), order=40),),
)
