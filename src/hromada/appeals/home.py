"""The appeals block of the community home page: the newest public appeals (one query), and the city map's address
when the community has the maps capability on (linked, never imported)."""

from __future__ import annotations

from .selectors import public_appeal_list
from .views import _maps_url

SHOWN = 4


def appeals_block(community, *, user) -> dict:
    return {"appeals": list(public_appeal_list(community=community)[:SHOWN]), "maps_url": _maps_url(community)}
