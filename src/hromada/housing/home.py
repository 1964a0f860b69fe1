"""The housing block of the community home page: how many blocks of flats have a passport, and the latest finished
works with the money they cost; hidden while no building is registered. Two queries at most (one when hidden)."""

from __future__ import annotations

from .models import WorkStatus
from .selectors import building_list, work_list

SHOWN = 3


def housing_block(community, *, user) -> dict | None:
    buildings = building_list(actor=user, community=community).count()
    if not buildings:
        return None
    done = work_list(actor=user, community=community, status=WorkStatus.DONE).order_by("-actual_end", "-pk")
    return {"buildings": buildings, "works": list(done[:SHOWN])}
