"""A deputy's faction on a day, from the faction memberships: what every vote stores as the voter's faction
when it is written (so metrics never join membership dates at read time), and the one-faction-at-a-time rule."""

from __future__ import annotations

from datetime import date

from .models import Membership, OrganizationKind


def faction_overlap(community, person, start: date, end: date | None, *, exclude: int | None = None) -> bool:
    """True when the person already belongs to a faction during part of [start, end]: one faction at a time is
    what makes a vote's faction well defined."""
    qs = Membership.objects.filter(community=community, person=person, organization__kind=OrganizationKind.FACTION)
    if exclude:
        qs = qs.exclude(pk=exclude)
    if end is not None:
        qs = qs.filter(start_date__lte=end)
    return qs.exclude(end_date__lt=start).exists()


def faction_spans(community, person_ids=None) -> dict[int, list]:
    """Each person's faction memberships as (start, end, organization id): the voter's faction on a vote's date
    is read from these once per write, never joined at read time."""
    qs = Membership.objects.filter(community=community, organization__kind=OrganizationKind.FACTION)
    if person_ids is not None:
        qs = qs.filter(person_id__in=list(person_ids))
    spans: dict[int, list] = {}
    for person_id, start, end, org_id in qs.values_list("person_id", "start_date", "end_date", "organization_id"):
        spans.setdefault(person_id, []).append((start, end, org_id))
    return spans


def faction_on(memberships: list[tuple[date, date | None, int]], day: date) -> int | None:
    """The faction id of one person's faction memberships (start, end, organization id) on a day."""
    for start, end, org_id in memberships:
        if start <= day and (end is None or day <= end):
            return org_id
    return None
