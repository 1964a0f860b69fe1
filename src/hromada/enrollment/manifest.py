"""What Enrolment offers the platform: queues for kindergartens, schools, clubs and sections, its pages and API,
per-community settings, the aggregated open-data set, the periodic expiry of offers, and its demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport, setting


@dataclass(frozen=True)
class EnrollmentSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(50, _("Queue rows per page"), min_value=10, max_value=200)
    accept_working_days: int = setting(5, _("Working days to accept an offered place"), min_value=1, max_value=30)
    document_max_mb: int = setting(10, _("Largest proof document, MB"), min_value=1, max_value=20)


def enrollment_settings(community) -> EnrollmentSettings:
    """This community's settings, typed: `enrollment_settings(community).accept_working_days`."""
    return capabilities.settings_for(community, "enrollment")


MANIFEST = CapabilityManifest(
    slug="enrollment",
    name=_("Enrolment"),
    description=_("Queues for kindergartens, schools, clubs and sections that follow published rules and that "
                  "nobody can reorder by hand."),
    icon="building",
    url_name="enrollment:list",
    resident_items="hromada.enrollment.office:resident_items",  # the resident's office (issue 19)
    url_prefix="enrollment",
    urls="hromada.enrollment.urls",
    api_router="hromada.enrollment.api:router",
    settings_model=EnrollmentSettings,
    opendata_exports=(
        OpenDataExport(
            slug="enrollment-queues",
            title=_("Enrolment queues"),
            description=_("For every group of every kindergarten, school, club and section: places, places taken and "
                          "how many children wait, with and without a priority category. Counts only, no personal "
                          "data."),
            fields=(("institution", "string"), ("kind", "string"), ("group", "string"), ("start_year", "integer"),
                    ("capacity", "integer"), ("taken", "integer"), ("waiting", "integer"),
                    ("waiting_with_priority", "integer"), ("offers_pending", "integer")),
            rows="hromada.enrollment.selectors:queue_open_data_rows",
        ),
    ),
    profile_links=(("enrollment:mine", _("My applications for kindergartens and schools")),),
    staff_queues=(("official", "enrollment:staff_claims"),),
    periodic_tasks=(("hromada.enrollment.tasks.offers_expire", 15 * 60),),
    demo_loader="hromada.enrollment.demo:load",
    demo_order=500,
    transparency_indicators=(capabilities.TransparencyIndicator(
        "enrollment.queue_in_transparency_log", _("Kindergarten and school queues kept in the public log"),
        "education", 3,
        "hromada.enrollment.transparency.queue_in_transparency_log", 20),),
)
