"""What e-petitions offer the platform: pages, API, settings of a community, open data, tasks and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, ChatCommand, OpenDataExport, setting

# Community data, not interface text: the reasons are stored and shown in the community's own language.
DEFAULT_REJECTION_REASONS = (
    "поза компетенцією ради; дублює наявну петицію; образливий або протиправний зміст; "
    "не є петицією (особисте звернення чи скарга); текст незрозумілий або неповний"
)


@dataclass(frozen=True)
class PetitionsSettings:
    threshold: int = setting(250, _("Signatures needed"), _("From the community statute (e.g. Kyiv: 6,000)."),
                             min_value=1)
    collection_days: int = setting(90, _("Collection period, days"), _("At most 90 days (three months), art. 23-1."),
                                   min_value=1)  # longer is capped by the service
    moderation_working_days: int = setting(2, _("Publication term, working days"))
    consideration_working_days: int = setting(10, _("Consideration term, working days"))
    identity_level: str = setting("strong", _("Identity required to sign"),
                                  choices=(("email", _("verified email")), ("strong", _("strong identity"))))
    rejection_reasons: str = setting(DEFAULT_REJECTION_REASONS, _("Rejection reasons (separated by semicolons)"))
    sign_rate_user: str = setting("10/m", _("Signing limit per person"))
    sign_rate_ip: str = setting("600/m", _("Signing limit per IP address"),
                                _("Generous: many people sign from behind one mobile-operator address."))
    create_rate_user: str = setting("5/h", _("Petition creation limit per person"))
    create_rate_ip: str = setting("30/h", _("Petition creation limit per IP address"))


def petitions_settings(community) -> PetitionsSettings:
    """This community's petition settings, typed: `petitions_settings(community).threshold`."""
    return capabilities.settings_for(community, "petitions")


MANIFEST = CapabilityManifest(
    slug="petitions",
    name=_("E-petitions"),
    description=_("File a petition to the council, collect signatures and get an answer on time."),
    icon="📝",
    url_name="petitions:list",
    resident_items="hromada.petitions.office:resident_items",  # the resident's office (issue 19)
    url_prefix="petitions",
    profile_links=(("petitions:mine", _("My petitions")),),
    staff_queues=(("moderator", "petitions:moderation"),),
    urls="hromada.petitions.urls",
    api_router="hromada.petitions.api:router",
    settings_model=PetitionsSettings,
    opendata_exports=(
        OpenDataExport(
            slug="petitions",
            title=_("Electronic petitions"),
            description=_("Published petitions with their status, category, signature counts, "
                          "threshold, dates and the council's decision. No personal data."),
            fields=(
                ("id", "integer"), ("title", "string"), ("category", "string"), ("status", "string"),
                ("signatures", "integer"), ("threshold", "integer"), ("published_at", "datetime"),
                ("collection_ends_at", "datetime"), ("threshold_reached_at", "datetime"),
                ("consideration_deadline", "datetime"), ("answered_at", "datetime"),
                ("decision", "string"), ("url", "string"),
            ),
            rows="hromada.petitions.selectors.petition_open_data_rows",
            update_frequency="once a day",
        ),
    ),
    periodic_tasks=(("hromada.petitions.tasks.petitions_housekeeping", 15 * 60),),
    # A petition under the council's consideration is a record the document workflow registers (core.records).
    record_source="hromada.petitions.flows:SOURCE",
    # ... and the answer letter sent to it in the document workflow is the petition's answer.
    record_handlers=(("docflow.document.", "hromada.petitions.flows.on_docflow_event"),),
    demo_loader="hromada.petitions.demo:load",
    demo_order=10,
    home_block="hromada.petitions.home:petitions_block",
    chat_commands=(ChatCommand("petitions", _("Petitions"), "hromada.petitions.chat.PetitionsDialog",
                               _("Browse, search and sign petitions"), order=20,
                               search="hromada.petitions.chat.search_petitions"),),
    transparency_indicators=(capabilities.TransparencyIndicator(
        "petitions.answered_on_time", _("Petitions answered within the statutory term"), "participation", 4,
        "hromada.petitions.transparency.answered_on_time", 10),),
)
