"""Demo data of Procurement for the synthetic demo community (run by `hromada load_demo` through the manifest): the
council and two municipal enterprises as buyers, a year of SYNTHETIC tenders with bids, awards, contracts and
suppliers, and a few SYNTHETIC Prozorro.Sale auctions: every title starts with "[Синтетичні дані]" and every row has
is_synthetic=True.

Written as SYSTEM through the services and the same parse-and-ingest path as the crawler. The buyers' codes are
made from the community's id (9, five digits of the id, 01-03), so
two demo communities never receive each other's tenders; loading twice changes nothing."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from hromada.core.errors import Conflict
from hromada.core.identity.actors import SYSTEM

from .crawler import synthetic
from .crawler.auctions import parse_auction
from .crawler.tenders import parse_tender
from .models import BuyerKind
from .services import buyer_add, ingest_auctions, ingest_tenders

SIZES = {"small": (40, 2), "full": (1000, 8)}  # (tenders, auctions) over the last year
BUYERS = (
    ("01", "Демонстраційна міська рада", BuyerKind.COUNCIL, 0.5),
    ("02", "КП «Демо-Водоканал»", BuyerKind.ENTERPRISE, 0.3),
    ("03", "КП «Демо-Благоустрій»", BuyerKind.ENTERPRISE, 0.2),
)
BATCH = 250


def demo_code(community, suffix: str) -> str:
    return f"9{community.pk % 100_000:05d}{suffix}"


def load(community, *, size: str = "small") -> None:
    tenders, auctions = SIZES.get(size, SIZES["small"])
    buyers = []
    for suffix, name, kind, weight in BUYERS:
        code = demo_code(community, suffix)
        try:
            buyer_add(actor=SYSTEM, community=community, edrpou=code, name=name, kind=kind)
        except Conflict:
            pass  # loaded before
        buyers.append(((code, name), weight))
    rnd, seed = random.Random(f"procurement-{community.pk}"), f"demo-{community.pk}"
    now = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)  # the same entries all day
    raw = []
    for n in range(1, tenders + 1):
        buyer = rnd.choices([b for b, _w in buyers], [w for _b, w in buyers])[0]
        published = now - timedelta(days=365 * (tenders - n) / tenders, hours=rnd.randint(0, 8))
        raw.append(synthetic.tender(rnd, seed, n, buyer, published))
    sales = [synthetic.auction(rnd, seed, n, buyers[0][0], now - timedelta(days=rnd.randint(5, 360)))
             for n in range(1, auctions + 1)]
    with transaction.atomic():
        for start in range(0, len(raw), BATCH):
            ingest_tenders(actor=SYSTEM, tenders=[parse_tender(r, synthetic=True) for r in raw[start:start + BATCH]])
        ingest_auctions(actor=SYSTEM, auctions=[parse_auction(r, synthetic=True) for r in sales])
