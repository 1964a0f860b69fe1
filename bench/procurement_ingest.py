"""Procurement ingest benchmark (issue 20): 100,000 SYNTHETIC Prozorro tenders (with bids, awards, contracts and
suppliers, in the API's shape) served by the crawler tests' feed server (a real HTTP server, in a child process)
and crawled exactly as in production: the changes feed page by page, each tender fetched, parsed, turned into its
OCDS release and stored with the feed's offset, one transaction per page.

Three passes over the same feed, each timed (tenders/s):
  baseline  the same walk with storing switched off (HTTP + JSON + parsing + OCDS): what the API side costs;
  ingest    the real walk, storing everything (the ratio ingest/baseline is what storing adds);
  re-read   the offset reset and the whole feed walked again (as after a kill): nothing is fetched or written
            again, and the counts must not change.

In-process on a fresh SQLite file, or on PostgreSQL when DATABASE_URL is set (a scratch database, e.g.
postgres://postgres@127.0.0.1:5432/hr_procurement_bench: migrated and left behind; each run uses its own codes).

    .venv/bin/python bench/procurement_ingest.py [--tenders 100000] [--limit 100]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from opendata_search import setup_django  # the same fresh SQLite file or DATABASE_URL, migrated

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def buyers_of(tag: int) -> list[tuple[str, str, str]]:
    """(community slug suffix, EDRPOU code, name): three codes of community A, one of community B."""
    base = 80_000_000 + (tag % 1_000_000) * 10
    return [("a", str(base + 1), "Рада (бенчмарк)"), ("a", str(base + 2), "КП 1 (бенчмарк)"),
            ("a", str(base + 3), "КП 2 (бенчмарк)"), ("b", str(base + 4), "Інша рада (бенчмарк)")]


def serve(tenders: int, tag: int, ready) -> None:
    """The child process: generate the feed (deterministic) and serve it until terminated."""
    from hromada.procurement.crawler import synthetic
    from hromada.procurement.tests.feedserver import FeedServer

    rnd = random.Random(tag)
    codes = [(code, name) for _c, code, name in buyers_of(tag)]
    start = datetime.now(UTC) - timedelta(days=365)
    entries = [synthetic.tender(rnd, f"bench-{tag}", n, rnd.choices(codes, [5, 2, 2, 1])[0],
                                start + timedelta(seconds=n * 365 * 86400 / tenders)) for n in range(1, tenders + 1)]
    with FeedServer(tenders=entries) as server:
        ready.put(server.base_url)
        while True:
            time.sleep(3600)


def walk(crawl, client, limit: int, *, store: bool) -> tuple[float, object]:
    started = time.perf_counter()
    report = crawl(client=client, limit=limit, store=store)
    assert report.error == "" and report.caught_up, report.error
    return time.perf_counter() - started, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tenders", type=int, default=100_000)
    parser.add_argument("--limit", type=int, default=100, help="changes per feed page (Prozorro's default)")
    args = parser.parse_args()
    tag = time.time_ns() // 1000 % 10**9
    ready = multiprocessing.get_context("spawn").Queue()
    child = multiprocessing.get_context("spawn").Process(target=serve, args=(args.tenders, tag, ready), daemon=True)
    child.start()
    try:
        base_url = ready.get(timeout=900)
        run(args, tag, base_url)
    finally:
        child.terminate()
        child.join()


def run(args, tag: int, base_url: str) -> None:
    setup_django()
    from django.db import connection

    from hromada.core.identity.actors import SYSTEM
    from hromada.core.tenancy.models import Community
    from hromada.procurement.crawler.client import Client
    from hromada.procurement.crawler.walk import crawl
    from hromada.procurement.models import Contract, CrawlState, Supplier, Tender
    from hromada.procurement.services import buyer_add

    communities = {}
    for suffix in ("a", "b"):
        communities[suffix] = Community.objects.create(
            slug=f"bench-proc-{tag}-{suffix}", name_uk="Громада для заміру", name_en="Bench community",
            enabled_capabilities=["procurement"])
    for suffix, code, name in buyers_of(tag):
        buyer_add(actor=SYSTEM, community=communities[suffix], edrpou=code, name=name)
    CrawlState.objects.filter(source="prozorro").delete()
    client = Client(base_url=base_url, interval=0.0, backoff=0.5, retries=3)
    mine = Tender.objects.filter(community__in=communities.values())

    base_s, base = walk(crawl, client, args.limit, store=False)
    ingest_s, ingest = walk(crawl, client, args.limit, store=True)
    counts = (mine.count(), Contract.objects.filter(community__in=communities.values()).count(),
              Supplier.objects.filter(community__in=communities.values()).count())
    assert counts[0] == args.tenders == ingest.stored, (counts, ingest.stored)
    CrawlState.objects.filter(source="prozorro").update(offset="")
    reread_s, reread = walk(crawl, client, args.limit, store=True)
    assert reread.fetched == 0 and reread.stored == 0
    assert (mine.count(), Contract.objects.filter(community__in=communities.values()).count(),
            Supplier.objects.filter(community__in=communities.values()).count()) == counts

    n = args.tenders
    print(f"database: {connection.vendor}; {n} tenders ({counts[1]} contracts, {counts[2]} suppliers), "
          f"{base.pages} feed pages of {args.limit}")
    print(f"baseline (read + parse, no storing): {base_s:7.1f} s  {n / base_s:8.0f} tenders/s")
    print(f"ingest (the real walk):              {ingest_s:7.1f} s  {n / ingest_s:8.0f} tenders/s  "
          f"ratio to baseline {ingest_s / base_s:.2f}")
    print(f"re-read after a reset (no writes):   {reread_s:7.1f} s  {n / reread_s:8.0f} tenders/s")
    print(f"load average: {open('/proc/loadavg').read().strip()}; pid {os.getpid()}")


if __name__ == "__main__":
    main()
