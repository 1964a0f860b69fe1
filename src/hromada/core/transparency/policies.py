"""Who may grow the log and sign its heads: the platform itself (its periodic job), nobody else."""

from __future__ import annotations

from hromada.core.identity.actors import is_system


def can_maintain_log(actor) -> bool:
    return is_system(actor)
