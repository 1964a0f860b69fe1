"""The journal's search and the executive-discipline dashboard timed in one process, as the page and the API use
them: `document_search` + the first page of 20 (its rows and its capped count), and `dashboard` (totals, departments,
officials), on the million-card journal of bench/scenarios/docflow (made on first use: minutes).

    DJANGO_SETTINGS_MODULE=hromada.config.settings HROMADA_DATA_DIR=... [DATABASE_URL=...] \\
        .venv/bin/python bench/docflow_search.py [--runs 9]

Each figure is the median of `--runs` calls, printed beside the median of a baseline measured in the same run (one
card read by its primary key through the ORM), so that a loaded machine shows as a slower baseline."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _median_ms(call, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--skip-dashboard", action="store_true")
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.paginator import Paginator
    from django.db import connection
    from scenarios.docflow import _resolutions, big_journal

    from hromada.core.identity.actors import SYSTEM
    from hromada.core.tenancy.models import Community
    from hromada.docflow import selectors, selectors_execution
    from hromada.docflow.models import Document, Journal

    community = Community.objects.get(is_demo=True)
    state = big_journal(community)
    journal = Journal.objects.get(pk=state["journal"])
    last, yy = state["last"], state["year"] % 100
    some_pk = Document.objects.filter(journal=journal).values_list("pk", flat=True).first()

    def baseline():
        Document.objects.get(pk=some_pk)

    def searching(q: str):
        def run():
            query = selectors.parse_query({"q": q})
            found = selectors.document_search(actor=SYSTEM, community=community, journal=journal, query=query)
            page = Paginator(found, 20).get_page(1)
            return len(page.object_list), page.paginator.count
        return run

    cases = [
        ("exact index", f"{last - 1000}/{yy:02d}"),
        ("index prefix", str(last - 1000)[:4]),
        ("a common word", "генераторів"),
        ("two words", "генераторів вулиці"),
        ("a word no card has", "дирижаблів"),
        ("a two-letter word", "на"),
    ]
    print(f"{connection.vendor}, journal of {last:,} cards; load average {os.getloadavg()[0]:.1f}", flush=True)
    base = _median_ms(baseline, args.runs * 3)
    print(f"baseline (one card by primary key): {base:.2f} ms", flush=True)
    for label, q in cases:
        shown, count = searching(q)()
        ms = _median_ms(searching(q), args.runs)
        print(f"search {label} ({q!r}: {shown} on the page, count {count}): p50 {ms:.1f} ms "
              f"({ms / base:.0f}x baseline)", flush=True)
    if not args.skip_dashboard:
        _resolutions(community, journal.pk)
        period = selectors_execution.Period()
        ms = _median_ms(lambda: selectors_execution.dashboard(community, period), args.runs)
        print(f"dashboard: p50 {ms:.1f} ms ({ms / base:.0f}x baseline)", flush=True)
    print(f"baseline again: {_median_ms(baseline, args.runs * 3):.2f} ms; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
