"""The areas of the self-check (grouped after Transparency International Ukraine's Transparent Cities ranking) and the
indicators the platform cannot evidence from its own data, which staff assess by hand (docs/transparency-index.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

METHODOLOGY = "Transparent Cities (TI Ukraine), 2021 edition, approximated (ADR 0040)"


@dataclass(frozen=True)
class Area:
    code: str
    title: Any
    order: int


AREAS: tuple[Area, ...] = (
    Area("council_work", _("The council's work"), 10),
    Area("access_to_information", _("Access to information"), 20),
    Area("participation", _("Residents' participation"), 30),
    Area("budget", pgettext_lazy("transparency area", "Budget"), 40),
    Area("procurement", _("Procurement"), 50),
    Area("property", _("Municipal property"), 60),
    Area("land", _("Land"), 70),
    Area("urban_planning", _("Urban planning"), 80),
    Area("housing", pgettext_lazy("transparency area", "Housing"), 90),
    Area("education", _("Education"), 100),
    Area("social", _("Social and administrative services"), 110),
    Area("grants", _("Support of civic projects"), 120),
    Area("enterprises", _("Municipal enterprises"), 130),
    Area("personnel", _("Personnel"), 140),
    Area("integrity", _("Integrity and anti-corruption"), 150),
)
AREA_CODES = frozenset(area.code for area in AREAS)
_BY_CODE = {area.code: area for area in AREAS}


def area_title(code: str):
    found = _BY_CODE.get(code)
    return found.title if found else code


def area_order(code: str) -> int:
    found = _BY_CODE.get(code)
    return found.order if found else 10_000


@dataclass(frozen=True)
class ManualIndicator:
    """An indicator no capability can evidence: staff enter its score with a link to the proof for a period."""

    code: str  # "manual.<name>"
    title: Any
    area: str
    max_points: float
    advice: Any
    order: int = 100


MANUAL_INDICATORS: tuple[ManualIndicator, ...] = (
    ManualIndicator("manual.property_register", _("The register of municipal property is published"), "property", 3,
                    _("Publish the full list of municipal buildings and premises, with their use and tenants, as open "
                      "data."), 10),
    ManualIndicator("manual.property_lease_auctions", _("Municipal property is leased and sold at open auctions"),
                    "property", 3, _("Lease and sell municipal property only through open electronic auctions and "
                                     "link every auction from the council's site."), 20),
    ManualIndicator("manual.land_auctions", _("Land plots are allotted at open auctions"), "land", 3,
                    _("Allot land plots for rent or sale at open electronic auctions and publish their results."), 10),
    ManualIndicator("manual.land_plots_map", _("The council's land plots and free plots are on a public map"), "land",
                    2, _("Publish a map of municipal land plots, free and leased, with their purpose."), 20),
    ManualIndicator("manual.urban_plans", _("Master plan and zoning plans are published"), "urban_planning", 3,
                    _("Publish the master plan, the zoning plan and detailed plans, with their drafts and hearings."),
                    10),
    ManualIndicator("manual.building_permits", _("Building permits and conditions are published"), "urban_planning",
                    2, _("Publish the urban planning conditions and building permits issued, as a register."), 20),
    ManualIndicator("manual.housing_queue", _("The housing queue and allotted flats are published"), "housing", 2,
                    _("Publish the housing queue (without personal data) and every flat allotted from it."), 10),
    ManualIndicator("manual.school_finances", _("Schools and kindergartens publish their budgets and reports"),
                    "education", 2, _("Have every school and kindergarten publish its budget, spending and "
                                      "donations received."), 10),
    ManualIndicator("manual.social_benefits", _("Local social benefits and how to get them are published"), "social",
                    2, _("Publish every local social benefit with who may get it, the documents needed and the "
                         "number of recipients."), 10),
    ManualIndicator("manual.enterprise_reports", _("Municipal enterprises publish their financial reports"),
                    "enterprises", 3, _("Have every municipal enterprise publish its financial plan, annual report "
                                        "and audit."), 10),
    ManualIndicator("manual.enterprise_boards", _("Heads of municipal enterprises are chosen by open competition"),
                    "enterprises", 2, _("Choose the heads and supervisory boards of municipal enterprises by open "
                                        "competition and publish the results."), 20),
    ManualIndicator("manual.vacancies", _("Vacancies and hiring competitions are published with their results"),
                    "personnel", 3, _("Publish every vacancy of the council, its competition's conditions, the "
                                      "commission and the results."), 10),
    ManualIndicator("manual.declarations", _("Officials' asset declarations are linked from the site"), "integrity", 2,
                    _("Link the asset declarations of the mayor, the deputies and senior officials from the "
                      "council's site."), 10),
    ManualIndicator("manual.anticorruption_programme", _("An anti-corruption programme and its officer are named"),
                    "integrity", 2, _("Adopt and publish an anti-corruption programme and name the officer "
                                      "responsible, with contacts."), 20),
    ManualIndicator("manual.whistleblowers", _("A protected channel for whistleblowers exists"), "integrity", 2,
                    _("Open a channel for reports of corruption that keeps the reporter's identity protected, and "
                      "publish how many reports were handled."), 30),
    ManualIndicator("manual.budget_open_format", _("The budget and its execution are published in an open format"),
                    "budget", 3, _("Publish the adopted budget and monthly execution reports as machine-readable "
                                   "open data."), 90),
    ManualIndicator("manual.procurement_reports", _("Procurement plans and contracts are published and linked"),
                    "procurement", 3, _("Publish the annual procurement plans and link every tender on Prozorro "
                                        "from the council's site."), 90),
)
MANUAL_BY_CODE = {item.code: item for item in MANUAL_INDICATORS}

# The manual entry's choices: TI's indicators are met, partly met or not met.
SCORE_CHOICES = ((100, _("met")), (50, _("partly met")), (0, _("not met")))
