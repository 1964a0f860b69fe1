"""What citizen appeals offer the platform: pages, the Open311 server, API, settings, open data, tasks, demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, ChatCommand, OpenDataExport, setting


@dataclass(frozen=True)
class AppealsSettings:
    nearby_radius_m: int = setting(150, _("Radius for similar open appeals, metres"))
    due_soon_days: int = setting(3, _("“Due soon” means within this many days"))
    max_photos: int = setting(5, _("Photos per appeal"))
    photo_max_mb: int = setting(10, _("Largest photo, MB"))
    document_max_mb: int = setting(20, _("Largest answer document, MB"))
    fallback_department: str = setting("", _("Department for appeals no rule routes (short name or name)"))
    create_rate_per_user: str = setting("20/h", _("New appeals per person (e.g. 20/h)"))
    create_rate_per_ip: str = setting("200/h", _("New appeals per IP address (e.g. 200/h)"))
    open311_contact: str = setting("", _("Open311 discovery contact"))


def appeals_settings(community) -> AppealsSettings:
    """This community's appeal settings, typed: `appeals_settings(community).max_photos`."""
    return capabilities.settings_for(community, "appeals")


MANIFEST = CapabilityManifest(
    slug="appeals",
    name=_("Appeals"),
    description=_("Report a problem on the city map; it goes to the responsible service, "
                  "which answers within the statutory term."),
    icon="appeal",
    url_name="appeals:list",
    resident_items="hromada.appeals.office:resident_items",  # the resident's office (issue 19)
    url_prefix="appeals",
    urls="hromada.appeals.urls",
    extra_urls=(("open311/v2/", "hromada.appeals.open311.urls"),),
    api_router="hromada.appeals.api:router",
    settings_model=AppealsSettings,
    opendata_exports=(
        OpenDataExport(
            slug="appeals",
            title=_("Public citizen appeals"),
            description=_("Public appeals about problems in the community: category, place, "
                          "status, terms and the responsible department. No personal data."),
            fields=(
                ("registration_index", "string"), ("category", "string"),
                ("category_code", "string"), ("status", "string"), ("area", "string"),
                ("department", "string"), ("lat", "number"), ("lon", "number"),
                ("registered_at", "datetime"), ("due_at", "datetime"),
                ("answered_at", "datetime"), ("answered_on_time", "boolean"),
            ),
            rows="hromada.appeals.selectors.opendata_rows",
            geojson="hromada.appeals.selectors.opendata_geojson",
        ),
    ),
    profile_links=(("appeals:mine", _("My appeals")),),
    staff_queues=(("official", "appeals:queue"),),
    periodic_tasks=(("hromada.appeals.tasks.send_due_reminders", 24 * 3600),),
    # Appeals are records the document workflow registers; its resolutions and answer letters come back here.
    record_source="hromada.appeals.flows:SOURCE",
    record_handlers=(("docflow.document.", "hromada.appeals.flows.on_docflow_event"),),
    demo_loader="hromada.appeals.demo:load",
    demo_order=30,
    home_block="hromada.appeals.home:appeals_block",
    transparency_indicators=(capabilities.TransparencyIndicator(
        "appeals.answered_on_time", _("Appeals answered within their term"), "participation", 4,
        "hromada.appeals.transparency.answered_on_time", 20),),
    chat_commands=(ChatCommand("appeals", _("Report a problem"), "hromada.appeals.chat.AppealsDialog",
                               _("File an appeal with a place and photos, follow it, confirm the fix"), order=10),),
)
