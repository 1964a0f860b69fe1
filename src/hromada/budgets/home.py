"""The participatory-budget block of the community home page: the cycle whose vote is open now, else the newest
cycle with a phase running (its current stage); hidden when no cycle is in any phase. One query."""

from __future__ import annotations

from hromada.core.phases import Schedule

from .manifest import VOTING
from .selectors import cycle_list

LOOKED_AT = 5  # the newest cycles: a community runs one or two a year


def budgets_block(community, *, user) -> dict | None:
    running = []
    for cycle in cycle_list(actor=user, community=community)[:LOOKED_AT]:
        window = Schedule.from_json(cycle.schedule).current()
        if window is not None:
            running.append((cycle, window))
    if not running:
        return None
    cycle, window = next((pair for pair in running if pair[1].key == VOTING), running[0])
    return {"cycle": cycle, "phase": window.key, "ends_at": window.ends_at, "voting": window.key == VOTING}
