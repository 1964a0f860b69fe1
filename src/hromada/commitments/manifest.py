"""What Commitments offers the platform: action plans and programmes monitored every N months, their pages and API,
settings, the late-reports queue, the periodic round opening and reminders, open data and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport, setting


@dataclass(frozen=True)
class CommitmentsSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(20, _("Items per page"), min_value=5, max_value=100)
    monitoring_months: int = setting(6, _("Monitoring interval of a new plan, months"), min_value=1, max_value=24)
    report_working_days: int = setting(10, _("Reports due, working days after a period ends"),
                                       min_value=1, max_value=60)
    reminder_days: int = setting(7, _("Remind late bodies every N days"), min_value=1, max_value=60)


def commitments_settings(community) -> CommitmentsSettings:
    """This community's settings, typed: `commitments_settings(community).report_working_days`."""
    return capabilities.settings_for(community, "commitments")


MANIFEST = CapabilityManifest(
    slug="commitments",
    name=_("Commitments"),
    description=_("Action plans and programmes: what the council committed to, the progress reported every six "
                  "months and the independent monitoring body's assessment."),
    icon="calendar",
    url_name="commitments:list",
    resident_items="hromada.commitments.office:resident_items",  # the resident's office (issue 19)
    url_prefix="commitments",
    urls="hromada.commitments.urls",
    api_router="hromada.commitments.api:router",
    settings_model=CommitmentsSettings,
    staff_queues=(("official", "commitments:late"),),
    periodic_tasks=(("hromada.commitments.tasks.commitments_housekeeping", 60 * 60),),
    opendata_exports=(
        OpenDataExport(
            slug="commitments-plans",
            title=_("Action plans and programmes"),
            description=_("Public plans of the community: kind, period and monitoring interval. No personal data."),
            fields=(("id", "integer"), ("title", "string"), ("kind", "string"), ("period_start", "date"),
                    ("period_end", "date"), ("monitoring_months", "integer")),
            rows="hromada.commitments.selectors:plan_open_data_rows",
        ),
        OpenDataExport(
            slug="commitments",
            title=_("Commitments"),
            description=_("Commitments of public plans with their responsible bodies, the officials' public roles, "
                          "status and progress."),
            fields=(("id", "integer"), ("plan_id", "integer"), ("title", "string"),
                    ("responsible_bodies", "string"), ("responsible_officials", "string"), ("status", "string"),
                    ("progress", "integer")),
            rows="hromada.commitments.selectors:commitment_open_data_rows",
        ),
        OpenDataExport(
            slug="commitments-milestones",
            title=_("Milestones of commitments"),
            description=_("Milestones with due dates and completion. No personal data."),
            fields=(("id", "integer"), ("commitment_id", "integer"), ("title", "string"), ("due_on", "date"),
                    ("status", "string"), ("done_on", "date")),
            rows="hromada.commitments.selectors:milestone_open_data_rows",
        ),
        OpenDataExport(
            slug="commitments-reports",
            title=_("Monitoring reports and assessments"),
            description=_("The responsible bodies' reports and the monitoring body's assessments per round; "
                          "authors are bodies, never people."),
            fields=(("kind", "string"), ("id", "integer"), ("commitment_id", "integer"), ("round", "integer"),
                    ("author", "string"), ("rating", "string"), ("status", "string"), ("progress", "integer"),
                    ("late", "boolean"), ("filed_at", "datetime"), ("text", "string")),
            rows="hromada.commitments.selectors:report_open_data_rows",
        ),
    ),
    demo_loader="hromada.commitments.demo:load",
    demo_order=500,
    transparency_indicators=(capabilities.TransparencyIndicator(
        "commitments.progress_reported", _("Progress on the council's commitments reported"),
        "council_work", 2,
        "hromada.commitments.transparency.progress_reported", 30),),
)
