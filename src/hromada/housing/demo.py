"""Demo data of Housing for the synthetic demo community (run by `hromada load_demo` through the manifest).

The platform writes it as SYSTEM, through the same services people use."""

from __future__ import annotations

from hromada.core.identity.actors import SYSTEM

from .services import building_create

SIZES = {"small": 3, "medium": 12, "large": 60}


def load(community, *, size: str = "small") -> None:
    count = SIZES.get(size, SIZES["small"])
    for number in range(1, count + 1):
        building_create(actor=SYSTEM, community=community, street="вул. Демонстраційна", number=str(number))
