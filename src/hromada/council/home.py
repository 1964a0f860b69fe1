"""The council block of the community home page: the next session when one is planned, and the latest roll-call
vote with its counts (two small queries)."""

from __future__ import annotations

from django.utils import timezone

from .selectors import session_list, vote_event_list


def council_block(community, *, user) -> dict | None:
    today = timezone.localdate()
    upcoming = session_list(community=community).filter(start_date__gte=today).order_by("start_date", "number")
    block = {"next_session": upcoming.first(), "latest_vote": vote_event_list(community=community).first()}
    return block if any(block.values()) else None
