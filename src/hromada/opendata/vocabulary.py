"""The portal's controlled vocabularies: licences (CKAN license_list) and update frequencies.

Also what a frequency implies: when the next update of a dataset is due."""

from __future__ import annotations

from datetime import datetime

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
