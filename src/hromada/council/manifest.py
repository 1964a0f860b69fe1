"""What Council offers the platform: its pages, API, per-community settings, open data and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport, setting


@dataclass(frozen=True)
class CouncilSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(30, _("Items per page"), min_value=5, max_value=100)


def council_settings(community) -> CouncilSettings:
    """This community's settings, typed: `council_settings(community).page_size`."""
    return capabilities.settings_for(community, "council")


MANIFEST = CapabilityManifest(
    slug="council",
    name=_("Council"),
    description=_("Deputies, factions, commissions, draft decisions and roll-call votes of the council."),
    icon="people",  # a name from the kernel icon sprite (hromada.core.web.templatetags.hromada_icons)
    url_name="council:list",
    url_prefix="council",
    urls="hromada.council.urls",
    api_router="hromada.council.api:router",
    settings_model=CouncilSettings,
    opendata_exports=(
        OpenDataExport(
            slug="council-deputies",
            title=_("Council deputies"),
            description=_("Deputies of the council: name, party, faction, electoral district, official email and "
                          "term. No birth dates or private contacts."),
            fields=(("id", "integer"), ("name", "string"), ("party", "string"), ("faction", "string"),
                    ("electoral_district", "string"), ("official_email", "string"), ("term_start", "date"),
                    ("term_end", "date")),
            rows="hromada.council.exports:deputies_open_data_rows",
        ),
        OpenDataExport(
            slug="council-vote-events",
            title=_("Council roll-call votes"),
            description=_("Every roll-call vote of the council with its question, result and counts."),
            fields=(("id", "integer"), ("date", "date"), ("number", "integer"), ("question", "string"),
                    ("draft_number", "string"), ("result", "string"), ("for", "integer"), ("against", "integer"),
                    ("abstained", "integer"), ("did_not_vote", "integer"), ("absent", "integer"),
                    ("free_vote", "boolean")),
            rows="hromada.council.exports:vote_events_open_data_rows",
        ),
        OpenDataExport(
            slug="council-votes",
            title=_("Council votes by deputy"),
            description=_("How each deputy voted in each roll-call vote (public by law), with the deputy's "
                          "faction at the time."),
            fields=(("vote_event_id", "integer"), ("deputy_id", "integer"), ("deputy", "string"),
                    ("faction", "string"), ("option", "string")),
            rows="hromada.council.exports:votes_open_data_rows",
        ),
    ),
    demo_loader="hromada.council.demo:load",
    demo_order=500,
    home_block="hromada.council.home:council_block",
    transparency_indicators=(
        capabilities.TransparencyIndicator(
            "council.votes_published", _("Roll-call votes published for every sitting"), "council_work", 4,
            "hromada.council.transparency.votes_published", 10),
        capabilities.TransparencyIndicator(
            "council.drafts_published_in_advance", _("Draft decisions published 20 working days before adoption"),
            "council_work", 4,
            "hromada.council.transparency.drafts_published_in_advance", 20),
    ),
)
