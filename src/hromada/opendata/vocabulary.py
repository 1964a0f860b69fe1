"""The portal's controlled vocabularies: licences (CKAN license_list) and update frequencies.

Also what a frequency implies: when the next update of a dataset is due."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from hromada.core.calendar.working_days import deadline_in_days, deadline_in_months

from .models import UpdateFrequency

LICENSES = [
    {"id": "cc-by-4.0", "title": "Creative Commons Attribution 4.0", "url": "https://creativecommons.org/licenses/by/4.0/",
     "od_conformance": "approved", "osd_conformance": "not reviewed", "is_okd_compliant": True, "is_osi_compliant": False,
     "status": "active", "maintainer": "", "family": "", "domain_content": True, "domain_data": True,
     "domain_software": False},
    {"id": "cc-zero", "title": "Creative Commons CCZero", "url": "https://creativecommons.org/publicdomain/zero/1.0/",
     "od_conformance": "approved", "osd_conformance": "not reviewed", "is_okd_compliant": True, "is_osi_compliant": False,
     "status": "active", "maintainer": "", "family": "", "domain_content": True, "domain_data": True,
     "domain_software": False},
    {"id": "odc-odbl", "title": "Open Data Commons Open Database License (ODbL)",
     "url": "https://opendatacommons.org/licenses/odbl/1-0/", "od_conformance": "approved",
     "osd_conformance": "not reviewed", "is_okd_compliant": True, "is_osi_compliant": False, "status": "active",
     "maintainer": "", "family": "", "domain_content": False, "domain_data": True, "domain_software": False},
]
LICENSE_BY_ID = {item["id"]: item for item in LICENSES}
# What people read for a licence code (the CKAN titles above stay in English for the API).
LICENSE_LABELS = {
    "cc-by-4.0": _("Creative Commons Attribution 4.0 (CC BY 4.0): use freely, name the source"),
    "cc-zero": _("Creative Commons Zero (CC0): public domain, no conditions"),
    "odc-odbl": _("Open Database License (ODbL): name the source, share derived databases alike"),
}
# Language codes of the passport: data.gov.ua writes Ukrainian as "ua"; ISO 639-1 says "uk".
LANGUAGE_LABELS = {"ua": _("Ukrainian"), "uk": _("Ukrainian"), "en": _("English"), "ru": _("Russian"),
                   "pl": _("Polish"), "de": _("German"), "fr": _("French"), "crh": _("Crimean Tatar")}


def license_label(code: str) -> str:
    return str(LICENSE_LABELS.get(code) or LICENSE_BY_ID.get(code, {}).get("title") or code)


def language_label(code: str) -> str:
    return ", ".join(str(LANGUAGE_LABELS.get(part.strip().lower(), part.strip()))
                     for part in (code or "").split(",") if part.strip()) or "—"
DEFAULT_LICENSE = "cc-by-4.0"

# (calendar days, calendar months) until the next update; None: no schedule, never overdue.
_PERIOD = {
    UpdateFrequency.MORE_THAN_DAILY: (1, 0),
    UpdateFrequency.DAILY: (1, 0),
    UpdateFrequency.WEEKLY: (7, 0),
    UpdateFrequency.MONTHLY: (0, 1),
    UpdateFrequency.QUARTERLY: (0, 3),
    UpdateFrequency.HALF_YEARLY: (0, 6),
    UpdateFrequency.YEARLY: (0, 12),
    UpdateFrequency.ON_CHANGE: None,
}


def next_update_due(community, frequency: str, last_published: datetime | None) -> datetime | None:
    """The end of the day by which the next update is due; a term ending on a day off moves to the next working day."""
    period = _PERIOD.get(frequency)
    if period is None or last_published is None:
        return None
    days, months = period
    if months:
        return deadline_in_months(community, last_published, months)
    return deadline_in_days(community, last_published, days)
