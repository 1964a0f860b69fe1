"""Procurement list benchmark (issue 20): 100,000 synthetic tenders of one community (5 buyers, a year and more of
dates, CPV codes, amounts, statuses; a contract for most completed ones), bulk-written; then the p50 of the tenders
list page, unfiltered and with each kind of filter, against baselines measured in the same run (target < 100 ms).

In-process through Django's test client (middleware, URL, view, template; no socket), on a fresh SQLite file, or
on PostgreSQL when DATABASE_URL is set (a scratch database: it is migrated and left behind). Baselines: /healthz
and the tenders list of an empty second community (the same view, template and navigation, no rows).

    .venv/bin/python bench/procurement_list.py [--tenders 100000] [--requests 60] [--pages-only]

--pages-only times the pages again on the newest bench community an earlier run left in the database
(DATABASE_URL, or HROMADA_DATA_DIR holding its SQLite file), without filling it anew.

The rows are synthetic and marked so (is_synthetic); they are written with bulk_create (the crawler's ingest
writes the same way), not measured.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from opendata_search import setup_django  # the same fresh SQLite file or DATABASE_URL, migrated
from unlimited import UNLIMITED_RATES

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

STATUSES = (("complete", 0.55), ("active.tendering", 0.1), ("active.qualification", 0.05), ("cancelled", 0.1),
            ("unsuccessful", 0.1), ("active.awarded", 0.1))
CPVS = ("45260000-7", "45230000-8", "30190000-7", "09130000-9", "44160000-9", "14210000-6", "33600000-6",
        "15800000-6", "39160000-1", "72260000-5", "90610000-6", "50410000-2")
WORDS = ("Ремонт", "Закупівля", "Послуги з", "Поставка", "Реконструкція", "Утримання")
THINGS = ("даху школи", "дороги", "паперу", "палива", "труб", "піску", "ліків", "продуктів харчування",
          "меблів", "програмного забезпечення", "прибирання території", "ліфтів")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def fill(community, n: int, seed: int) -> None:
    from hromada.procurement.models import Buyer, Contract, Supplier, SupplierKind, Tender, tender_search_text

    rnd = random.Random(seed)
    buyers = [Buyer.objects.create(community=community, edrpou=f"{44000000 + i}", name=f"Покупець {i} (бенчмарк)")
              for i in range(5)]
    suppliers = Supplier.objects.bulk_create([
        Supplier(community=community, identifier=f"{45000000 + i}", name=f"ТОВ «Постачальник {i}» (бенчмарк)",
                 kind=SupplierKind.ORGANIZATION) for i in range(400)])
    start = datetime(2025, 1, 1, tzinfo=UTC)
    statuses, weights = zip(*STATUSES, strict=True)
    batch, contracts, made = [], [], 0
    began = time.perf_counter()
    for i in range(n):
        status = rnd.choices(statuses, weights)[0]
        published = start + timedelta(minutes=rnd.randrange(0, 60 * 24 * 700))
        bids = None if status.startswith("active.tender") else rnd.choice((1, 1, 2, 2, 3, 4, 5, 7))
        buyer = buyers[i % len(buyers)]
        tender_id = f"UA-{published:%Y-%m-%d}-{i:06d}-a"
        title = f"{rnd.choice(WORDS)} {rnd.choice(THINGS)} №{i}"
        batch.append(Tender(
            community=community, prozorro_id=f"{i:032x}", tender_id=tender_id, ocid=f"ocds-be6bcu-{tender_id}",
            buyer=buyer, buyer_edrpou=buyer.edrpou, buyer_name=buyer.name,
            title=title, search_text=tender_search_text(title), status=status,
            procurement_method_type=rnd.choice(("aboveThresholdUA", "belowThreshold", "reporting")),
            cpv_code=rnd.choice(CPVS), value_amount=Decimal(rnd.randrange(5_000, 20_000_000)),
            date_published=published, number_of_bids=bids, number_of_tenderers=bids,
            single_bidder=None if bids is None else bids == 1, date_modified=published, is_synthetic=True,
            release={"ocid": f"ocds-be6bcu-{tender_id}", "tag": ["tender"]}))
        if len(batch) == 2000:
            made += _flush(Tender, Contract, batch, contracts, suppliers, rnd)
    made += _flush(Tender, Contract, batch, contracts, suppliers, rnd)
    took = time.perf_counter() - began
    print(f"filled {n:,} tenders and {made:,} contracts in {took:.1f} s ({n / took:,.0f} tenders/s, bulk; load "
          f"{os.getloadavg()[0]:.1f})")
    _analyze()


def _flush(Tender, Contract, batch, contracts, suppliers, rnd) -> int:  # noqa: N803 - the model classes
    created = Tender.objects.bulk_create(batch)
    for tender in created:
        if tender.status == "complete":
            contracts.append(Contract(
                community_id=tender.community_id, tender_id=tender.pk, prozorro_id=f"c{tender.prozorro_id[1:]}",
                supplier=rnd.choice(suppliers), value_amount=tender.value_amount * Decimal("0.93"),
                date_signed=tender.date_published + timedelta(days=20), status="active"))
    Contract.objects.bulk_create(contracts)
    made = len(contracts)
    batch.clear()
    contracts.clear()
    return made


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(client, urls: list[str]) -> list[float]:
    samples = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="uk")
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenders", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--pages-only", action="store_true")
    args = parser.parse_args()
    if args.pages_only and not (os.environ.get("DATABASE_URL") or os.environ.get("HROMADA_DATA_DIR")):
        parser.error("--pages-only needs DATABASE_URL or HROMADA_DATA_DIR of an earlier run")
    if args.pages_only:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.config.settings")
        os.environ.update(UNLIMITED_RATES)
        import django

        django.setup()
    else:
        setup_django()

    from django.db import connection
    from django.test import Client

    from hromada.core import capabilities
    from hromada.core.tenancy.models import Community
    from hromada.core.tenancy.selectors import invalidate_community_cache
    from hromada.procurement.models import Buyer

    if args.pages_only:
        community = Community.objects.filter(slug__startswith="bench-procurement-full-").order_by("-pk").first()
        empty = Community.objects.filter(slug__startswith="bench-procurement-empty-").order_by("-pk").first()
        if community is None or empty is None:
            parser.error("no earlier run in this database")
        print(f"database: {connection.vendor}; the tenders of {community.slug}, filled by an earlier run")
    else:
        stamp = int(time.time())
        everything = [m.slug for m in capabilities.manifests()]
        community = Community.objects.create(slug=f"bench-procurement-full-{stamp}", name_en="Procurement benchmark",
                                             name_uk="Громада (бенчмарк закупівель)", enabled_capabilities=everything)
        empty = Community.objects.create(slug=f"bench-procurement-empty-{stamp}", name_uk="Порожня громада (бенчмарк)",
                                         name_en="Empty (benchmark)", enabled_capabilities=everything)
        invalidate_community_cache()
        print(f"database: {connection.vendor}; {args.tenders:,} tenders")
        fill(community, args.tenders, args.seed)

    base, r = f"/c/{community.slug}/procurement/", args.requests
    buyer = Buyer.objects.filter(community=community).order_by("pk").first()
    pages = {
        "baseline /healthz": ["/healthz"] * r,
        "baseline tenders list, no rows": [f"/c/{empty.slug}/procurement/"] * r,
        "tenders list, newest first": [base] * r,
        "tenders list, page 50": [f"{base}?page=50"] * r,
        "tenders list, by amount": [f"{base}?sort=amount_desc"] * r,
        "filter: buyer": [f"{base}?buyer={buyer.pk}"] * r,
        "filter: status": [f"{base}?status=cancelled"] * r,
        "filter: CPV prefix 4526": [f"{base}?cpv=4526"] * r,
        "filter: amount 1-2 mln": [f"{base}?amount_min=1000000&amount_max=2000000"] * r,
        "filter: one month": [f"{base}?date_from=2025-06-01&date_to=2025-06-30"] * r,
        "filter: buyer+status+CPV+month": [f"{base}?buyer={buyer.pk}&status=complete&cpv=45&date_from=2025-06-01"
                                          f"&date_to=2025-06-30"] * r,
        "search: a word of the title": [f"{base}?q=ремонт"] * r,
        "search: two words, any order": [f"{base}?q=ШКОЛИ+ремонт"] * r,
        "search: a word no title has": [f"{base}?q=гелікоптер"] * r,
        "search: a tender ID": [f"{base}?q=UA-2025-06-01"] * r,
        "API tenders list": [f"/c/{community.slug}/api/v1/procurement/tenders?x={i}" for i in range(r)],
        "contracts list": [f"{base}contracts/"] * r,
        "totals page (all time)": [f"{base}totals/"] * r,
        "competition page (all time)": [f"{base}competition/"] * r,
    }
    client = Client()
    for urls in pages.values():  # warm: templates, connections, caches of the community and translations
        measure(client, urls[:3])
    print(f"in-process (Django's test client); load average at the page timings: {os.getloadavg()}")
    baseline = None
    for name, urls in pages.items():
        samples = measure(client, urls)
        p50 = statistics.median(samples)
        if name == "baseline tenders list, no rows":
            baseline = p50
        ratio = f"= {p50 / baseline:5.1f} × empty page" if baseline else ""
        print(f"  {name:<40} p50 {p50:8.2f} ms  p90 {pct(samples, 0.9):8.2f} ms  {ratio}")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
