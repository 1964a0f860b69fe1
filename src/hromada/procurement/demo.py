"""Demo data of Procurement for the synthetic demo community (run by `hromada load_demo` through the manifest).

The platform writes it as SYSTEM, through the same services people use."""

from __future__ import annotations

from hromada.core.identity.actors import SYSTEM

from .services import tender_create

SIZES = {"small": 3, "medium": 12, "large": 60}


def load(community, *, size: str = "small") -> None:
    count = SIZES.get(size, SIZES["small"])
    for number in range(1, count + 1):
        # Community data, not interface text: demo entries are in the community's language.
        tender_create(actor=SYSTEM, community=community, title=f"Демонстраційний запис {number}",
                         body="Створено для демонстрації.", is_public=number < count)
