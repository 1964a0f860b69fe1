"""What Procurement offers the platform: its pages, API, per-community settings, open data and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport, setting


@dataclass(frozen=True)
class TenderSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(30, _("Items per page"), min_value=5, max_value=100)


def procurement_settings(community) -> TenderSettings:
    """This community's settings, typed: `procurement_settings(community).page_size`."""
    return capabilities.settings_for(community, "procurement")


MANIFEST = CapabilityManifest(
    slug="procurement",
    name=_("Procurement"),
    description=_("The community's procurement on Prozorro: tenders, contracts, suppliers and how much competition "
                  "there is."),
    icon="list",  # a name from the kernel icon sprite (hromada.core.web.templatetags.hromada_icons)
    url_name="procurement:list",
    url_prefix="procurement",
    urls="hromada.procurement.urls",
    api_router="hromada.procurement.api:router",
    settings_model=TenderSettings,
    opendata_exports=(
        OpenDataExport(
            slug="procurement-tenders",
            title=_("Procurement: tenders"),
            description=_("Prozorro tenders of the council and its enterprises: buyer, status, CPV, expected value, "
                          "dates, bids. Synthetic demo rows are marked."),
            fields=(("id", "integer"), ("tender_id", "string"), ("ocid", "string"), ("buyer_edrpou", "string"),
                    ("buyer_name", "string"), ("title", "string"), ("status", "string"),
                    ("procurement_method_type", "string"), ("cpv", "string"), ("value_amount", "number"),
                    ("currency", "string"), ("date_published", "datetime"), ("tender_period_end", "datetime"),
                    ("number_of_bids", "integer"), ("awarded_amount", "number"), ("synthetic", "boolean"),
                    ("url", "string")),
            rows="hromada.procurement.selectors:tender_open_data_rows",
        ),
        OpenDataExport(
            slug="procurement-contracts",
            title=_("Procurement: contracts"),
            description=_("Contracts signed in the community's tenders with their suppliers. An individual "
                          "entrepreneur's tax number is personal data and is left out."),
            fields=(("id", "integer"), ("contract_id", "string"), ("contract_number", "string"),
                    ("tender_id", "string"), ("buyer_edrpou", "string"), ("supplier_name", "string"),
                    ("supplier_scheme", "string"), ("supplier_identifier", "string"), ("value_amount", "number"),
                    ("currency", "string"), ("date_signed", "datetime"), ("status", "string")),
            rows="hromada.procurement.selectors:contract_open_data_rows",
        ),
    ),
    periodic_tasks=(("hromada.procurement.tasks.procurement_crawl", 300),),  # the feeds: no more than every 5 min
    demo_loader="hromada.procurement.demo:load",
    demo_order=500,
    home_block="hromada.procurement.home:procurement_block",  # this year's tenders, cached until the next ingest
    transparency_indicators=(
        capabilities.TransparencyIndicator(
            "procurement.tenders_followed", _("Tenders of the council and its enterprises published as OCDS"),
            "procurement", 3, "hromada.procurement.transparency.tenders_followed", 10),
        capabilities.TransparencyIndicator(
            "procurement.competitive_tenders", _("Tenders with more than one bidder"), "procurement", 3,
            "hromada.procurement.transparency.competitive_tenders", 20),
    ),
)
