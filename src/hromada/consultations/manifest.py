"""What e-consultations offer the platform: pages, API, per-community settings, the staff answer queue, open data
of proposals and answers, the closing task and demo data. Discovered by hromada.core.capabilities."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport, setting


@dataclass(frozen=True)
class ConsultationSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(20, _("Consultations per page"), min_value=5, max_value=100)
    propose_rate_user: str = setting("20/h", _("Proposal limit per person"))
    propose_rate_ip: str = setting("300/h", _("Proposal limit per IP address"))


def consultations_settings(community) -> ConsultationSettings:
    """This community's settings, typed: `consultations_settings(community).page_size`."""
    return capabilities.settings_for(community, "consultations")


MANIFEST = CapabilityManifest(
    slug="consultations",
    name=_("E-consultations"),
    description=_("Comment on draft decisions paragraph by paragraph, propose new wordings and see the answers."),
    icon="comment",
    url_name="consultations:list",
    resident_items="hromada.consultations.office:resident_items",  # the resident's office (issue 19)
    url_prefix="consultations",
    urls="hromada.consultations.urls",
    api_router="hromada.consultations.api:router",
    settings_model=ConsultationSettings,
    staff_queues=(("official", "consultations:queue"),),
    opendata_exports=(
        OpenDataExport(
            slug="consultation-proposals",
            title=_("E-consultations: proposals and answers"),
            description=_("Every proposal made in the community's public e-consultations, its paragraph, support "
                          "count and the department's answer with the reason. Hidden proposals without their text. "
                          "No personal data."),
            fields=(("id", "integer"), ("consultation_id", "integer"), ("consultation_title", "string"),
                    ("paragraph", "integer"), ("new_paragraph_after", "integer"), ("kind", "string"),
                    ("text", "string"), ("hidden", "boolean"), ("hidden_reason", "string"),
                    ("supports", "integer"), ("submitted_at", "datetime"), ("answer", "string"),
                    ("answer_reason", "string"), ("answered_at", "datetime")),
            rows="hromada.consultations.selectors:proposal_open_data_rows",
        ),
    ),
    periodic_tasks=(("hromada.consultations.tasks.consultations_housekeeping", 15 * 60),),
    demo_loader="hromada.consultations.demo:load",
    demo_order=510,
    home_block="hromada.consultations.home:consultations_block",
    transparency_indicators=(capabilities.TransparencyIndicator(
        "consultations.reports_published", _("Consultation reports published"), "participation", 3,
        "hromada.consultations.transparency.reports_published", 30),),
)
