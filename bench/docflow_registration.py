"""Registration throughput against a bare insert, in one process and interleaved (the figure survives a noisy
machine better than the HTTP scenarios): blocks of registrations through the real service (docflow's
document_register: the sequence row locked and raised, the card numbered, its audit row) alternate with blocks of
bare inserts of one card row each in its own transaction, on the million-card journal of bench/scenarios/docflow.
Both sides pay the card table's indexes, the text index's included (SQLite's FTS5 triggers, PostgreSQL's trigram
GIN index: migration docflow.0004), as any card written does.

    DJANGO_SETTINGS_MODULE=hromada.config.settings HROMADA_DATA_DIR=... [DATABASE_URL=...] \\
        .venv/bin/python bench/docflow_registration.py [--rounds 5] [--block 200]

The database needs migrations and a demo community (`hromada migrate && hromada load_demo`); the journal is made
on first use (minutes: a million rows)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--block", type=int, default=200)
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection, transaction
    from scenarios.docflow import big_journal, drafts_insert

    from hromada.core.identity.actors import SYSTEM
    from hromada.core.tenancy.models import Community
    from hromada.docflow import services
    from hromada.docflow.models import Document

    community = Community.objects.get(is_demo=True)
    journal = big_journal(community)["journal"]
    register_ms, insert_ms = [], []
    for round_no in range(args.rounds):
        drafts = drafts_insert(community, journal, args.block, "bench-ratio", tag=f"{round_no}-{time.time_ns()}-")
        started = time.perf_counter()
        for pk in drafts:
            services.document_register(actor=SYSTEM, community=community, document_id=pk)
        register_ms.append((time.perf_counter() - started) * 1000 / len(drafts))
        started = time.perf_counter()
        for _ in range(args.block):
            with transaction.atomic():
                Document.objects.create(community=community, journal_id=journal, summary="Голий запис картки",
                                        search_text="голий запис картки", source_app="")
        insert_ms.append((time.perf_counter() - started) * 1000 / args.block)
        print(f"round {round_no + 1}: register {register_ms[-1]:.2f} ms/card, bare insert {insert_ms[-1]:.2f} ms/row",
              flush=True)
    register, insert = statistics.median(register_ms), statistics.median(insert_ms)
    print(f"{connection.vendor}: registration {1000 / register:.0f}/s, bare insert {1000 / insert:.0f}/s, "
          f"ratio {insert / register:.2f} (target >= 0.5)")


if __name__ == "__main__":
    main()
