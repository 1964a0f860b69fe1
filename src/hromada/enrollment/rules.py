"""The published rules of every enrolment queue, as pure functions: the order of a group's queue, the tie-break,
who is eligible for an offer, and whether an address lies in a school's service area.

Nothing else decides a position: selectors sort in SQL by exactly `queue_key`'s fields (a test holds them equal),
and no model, service, form, API or back-office page stores or edits a position. Changing a rule here changes
every queue at once, for everybody, in a commit anyone can read (docs/decisions/0030)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from shapely.geometry import Point, shape

# The version of these rules; it is part of the tie-break seed, so a new version is visible in every hash.
RULES_VERSION = 1
# Applications with no granted category rank after every category (ranks are 1..32767).
NO_CATEGORY = 32_767


def tie_break_seed(community_slug: str) -> str:
    """The published seed: fixed by the rules and the community, never chosen by anyone."""
    return f"hromada-enrollment-v{RULES_VERSION}:{community_slug}"


def tie_break(community_slug: str, code: str) -> str:
    """SHA-256 (hex) of "<seed>:<code>": anyone can recompute it from the public code. The code itself is random
    (services.new_code), so no one can choose where a tie falls."""
    return hashlib.sha256(f"{tie_break_seed(community_slug)}:{code}".encode()).hexdigest()


@dataclass(frozen=True)
class QueueFacts:
    """What the rules read of one application in one group's queue."""

    code: str
    in_service_area: bool
    best_rank: int | None  # the lowest rank of its granted (verified) priority categories
    filed_at: datetime
    tie_break: str


def queue_key(facts: QueueFacts) -> tuple:
    """The sort key of an application in a group's queue, smallest first:
    1. a child living inside the school's service area comes first (schools only; law);
    2. then the best rank among the priority categories granted to the application (none: last);
    3. then the time the application was filed, earliest first;
    4. then the published tie-break (`tie_break`), smallest first."""
    return (0 if facts.in_service_area else 1,
            facts.best_rank if facts.best_rank is not None else NO_CATEGORY,
            facts.filed_at,
            facts.tie_break)


def queue_order(applications: list[QueueFacts]) -> list[QueueFacts]:
    """The queue: applications sorted by `queue_key`; position n is index n-1."""
    return sorted(applications, key=queue_key)


def age_in_months(birth: date, on: date) -> int:
    """Whole months of age on a day (a child born on the 31st turns a month older on the last day of a short
    month only when it ends: the count of month boundaries passed, as civil age is counted)."""
    months = (on.year - birth.year) * 12 + on.month - birth.month
    if on.day < birth.day:
        months -= 1
    return months


def group_starts_on(start_year: int) -> date:
    """Groups and classes start on 1 September of their start year (the school year in Ukraine)."""
    return date(start_year, 9, 1)


def fits_group(*, birth: date, start_year: int, age_from_months: int | None, age_to_months: int | None) -> bool:
    """The child's age on the group's first day is within its range (a bound that is not set does not limit)."""
    age = age_in_months(birth, group_starts_on(start_year))
    return (age_from_months is None or age >= age_from_months) and (age_to_months is None or age <= age_to_months)


def wants_to_start_by(*, wanted_start: date, start_year: int, today: date) -> bool:
    """Eligible for an offer when the parent wants the place no later than the group starts (or than today,
    once the group has started): a child wanted from next year is not offered this year's place."""
    return wanted_start <= max(group_starts_on(start_year), today)


def in_area(geometry: dict | None, lat: float | None, lon: float | None) -> bool:
    """Whether the point lies inside (or on the edge of) a GeoJSON Polygon/MultiPolygon; no area or no point:
    False."""
    if not geometry or lat is None or lon is None:
        return False
    try:
        area = shape(geometry)
    except (ValueError, TypeError, AttributeError, KeyError):
        return False
    return bool(area.covers(Point(lon, lat)))
