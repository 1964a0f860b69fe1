"""Demo data of Participatory budget for the synthetic demo community (run by `hromada load_demo` through the manifest).

The platform writes it as SYSTEM, through the same services people use."""

from __future__ import annotations

SIZES = {"small": 3, "medium": 12, "large": 60}


def load(community, *, size: str = "small") -> None:
    """Filled in with the cycles below as the services land."""
