"""Demo data of Procurement for the synthetic demo community (run by `hromada load_demo` through the manifest).

The platform writes it as SYSTEM, through the same services people and the crawler use."""

from __future__ import annotations

from hromada.core.identity.actors import SYSTEM

from .models import BuyerKind
from .services import buyer_add

DEMO_BUYERS = (
    ("99000001", "Демонстраційна міська рада (синтетичні дані)", BuyerKind.COUNCIL),
    ("99000002", "КП «Демо-Водоканал» (синтетичні дані)", BuyerKind.ENTERPRISE),
    ("99000003", "КП «Демо-Благоустрій» (синтетичні дані)", BuyerKind.ENTERPRISE),
)


def load(community, *, size: str = "small") -> None:
    for edrpou, name, kind in DEMO_BUYERS:
        buyer_add(actor=SYSTEM, community=community, edrpou=edrpou, name=name, kind=kind)
