"""Citizen appeals on the city map, routed to the responsible department, with an Open311 server.

Statutory terms in working days, process owners, privacy of confidential appeals."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "hromada.appeals"
    label = "appeals"
    verbose_name = _("Appeals")

    def ready(self):
        from hromada.core import capabilities
        from hromada.core.api import surfaces
        from hromada.core.capabilities import CapabilitySetting, OpenDataExport

        from .open311.render import refusal, speaks_open311

        surfaces.register(surfaces.Surface("open311", ("/open311/",), refusal, speaks_open311))

        capabilities.register(
            capabilities.CapabilityManifest(
                slug="appeals",
                name=_("Appeals"),
                description=_("Report a problem on the city map; it goes to the responsible service, "
                              "which answers within the statutory term."),
                icon="📍",
                url_name="appeals:list",
                url_prefix="appeals",
                urls="hromada.appeals.urls",
                extra_urls=(("open311/v2/", "hromada.appeals.open311.urls"),),
                api_router="hromada.appeals.api:router",
                permissions=(
                    ("appeals.handle", _("Work appeals of one's department")),
                    ("appeals.configure", _("Configure categories, areas and routing")),
                ),
                settings=(
                    CapabilitySetting("nearby_radius_m", _("Radius for similar open appeals, metres"), 150, int),
                    CapabilitySetting("due_soon_days", _("“Due soon” means within this many days"), 3, int),
                    CapabilitySetting("max_photos", _("Photos per appeal"), 5, int),
                    CapabilitySetting("photo_max_mb", _("Largest photo, MB"), 10, int),
                    CapabilitySetting("document_max_mb", _("Largest answer document, MB"), 20, int),
                    CapabilitySetting("fallback_department", _("Department for appeals no rule routes "
                                                               "(short name or name)"), "", str),
                    CapabilitySetting("create_rate_per_user", _("New appeals per person (e.g. 20/h)"), "20/h", str),
                    CapabilitySetting("create_rate_per_ip", _("New appeals per IP address (e.g. 200/h)"), "200/h",
                                      str),
                    CapabilitySetting("open311_contact", _("Open311 discovery contact"), "", str),
                ),
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
                periodic_tasks=(("hromada.appeals.tasks.send_due_reminders", 24 * 3600),),
                demo_loader="hromada.appeals.demo:load",
                demo_order=30,
            )
        )
