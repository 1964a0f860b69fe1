"""What Services offers the platform: the ЦНАП catalogue and online applications (pages, API), the fee payment
details in its settings, the staff queue, the open catalogue and the demo.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, ChatCommand, OpenDataExport, setting


@dataclass(frozen=True)
class ServiceSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(20, _("Services per page"), min_value=5, max_value=100)
    payee_name: str = setting("", _("Recipient of fees (as the bank knows the account)"),
                              _("Up to 70 characters; the community's name when empty."))
    payee_iban: str = setting("", _("IBAN for fees"), _("UA and 27 characters, e.g. the treasury account."))
    payee_edrpou: str = setting("", _("EDRPOU code of the recipient"), _("8 digits."))


def services_settings(community) -> ServiceSettings:
    """This community's settings, typed: `services_settings(community).page_size`."""
    return capabilities.settings_for(community, "services")


MANIFEST = CapabilityManifest(
    slug="services",
    name=_("Services"),
    description=_("The administrative services of the community's ЦНАП: what each needs, its fee and term; "
                  "apply online and pay the fee by QR code."),
    icon="list",
    url_name="services:list",
    url_prefix="services",
    urls="hromada.services.urls",
    api_router="hromada.services.api:router",
    settings_model=ServiceSettings,
    opendata_exports=(
        OpenDataExport(
            slug="services-catalogue",
            title=_("Services of the ЦНАП"),
            description=_("The catalogue of administrative services: category, who may apply, documents, fee, "
                          "term in working days, legal basis and ways to apply. No personal data."),
            fields=(("id", "integer"), ("title", "string"), ("category", "string"), ("who_may_apply", "string"),
                    ("documents", "string"), ("fee_kind", "string"), ("fee_amount", "number"),
                    ("term_working_days", "integer"), ("legal_basis", "string"), ("in_person", "boolean"),
                    ("online", "boolean"), ("diia_url", "string"), ("updated_at", "datetime")),
            rows="hromada.services.selectors:service_open_data_rows",
        ),
    ),
    profile_links=(("services:mine", _("My applications")),),
    resident_items="hromada.services.office:resident_items",  # the resident's office (issue 19)
    staff_queues=(("official", "services:queue"),),
    demo_loader="hromada.services.demo:load",
    demo_order=500,
    transparency_indicators=(
        capabilities.TransparencyIndicator(
            "services.catalogue_complete", _("Services described with documents, legal basis and fee"),
            "social", 3,
            "hromada.services.transparency.catalogue_complete", 20),
        capabilities.TransparencyIndicator(
            "services.decided_on_time", _("Service applications decided within their term"), "social", 3,
            "hromada.services.transparency.decided_on_time", 30),
    ),
    chat_commands=(ChatCommand("services", _("Services"), "hromada.services.chat.ServicesDialog",
                               _("What a service needs, its fee, term and where to apply"), order=15,
                               search="hromada.services.chat.search_services"),),
)
