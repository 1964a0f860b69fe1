"""The transparency self-check block of the community home page: the latest snapshot's score and how it moved over
the last few periods, in one query of the snapshots' totals (their indicator results are not read)."""

from __future__ import annotations

from .selectors import selfcheck_trend

SHOWN = 4  # the latest snapshots the trend names: a year of quarters


def selfcheck_block(community, *, user) -> dict | None:
    """None (no block) until a first snapshot is computed."""
    trend = selfcheck_trend(community=community, limit=SHOWN)
    if not trend:
        return None
    latest, previous = trend[-1], (trend[-2] if len(trend) > 1 else None)
    change = None
    if previous is not None and latest.percent is not None and previous.percent is not None:
        change = round(latest.percent - previous.percent, 1)
    return {"latest": latest, "previous": previous, "change": change,
            "change_size": abs(change) if change is not None else None,
            "trend": [snapshot for snapshot in trend if snapshot.percent is not None]}
