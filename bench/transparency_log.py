"""Transparency log benchmark (issue 17): a log of 10 million leaves built with bulk inserts, then on it the
append throughput of the real batch service, the latency of inclusion and consistency proofs (the selectors and
the CT v1 endpoint through the whole middleware stack), and the extra cost of logging on petition signing.

    DJANGO_SETTINGS_MODULE=hromada.config.settings HROMADA_DATA_DIR=... [DATABASE_URL=...] \\
        .venv/bin/python bench/transparency_log.py [--leaves 10000000] [--proofs 300] [--appends 20000]
        [--sign-rounds 6 --sign-block 40 --sign-batch 16] [--keep]

Every figure is printed beside a baseline measured in the same run (these machines are shared and noisy): proofs
beside a read of one leaf by its primary key, appends beside the bare INSERT of their outbox rows, and signing
with the log beside signing without it, in interleaved blocks. The database needs migrations (`hromada
migrate`); the script makes its own community (and drops its log rows at the end unless --keep). The API's rate
limit must not stop the proof loop: run it with HROMADA_API_RATE_ANON=1000000/m."""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # the test fixtures' factories (conftest.make_member) for the signing part

CHUNK = 50_000


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def quantiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def leaf_input(n: int) -> bytes:
    """An event shaped like a petition signature's leaf (about 190 bytes)."""
    return json.dumps({"data": {"signer": f"{n:064x}"}, "object_id": str(n % 9973), "timestamp": 1_790_000_000_000 + n,
                       "type": "petitions.petition.signed"}, sort_keys=True, separators=(",", ":")).encode()


def build(community, leaves: int) -> tuple[float, int]:
    """Leaves and their complete subtrees, computed in memory chunk by chunk and written with COPY (PostgreSQL)
    or executemany (SQLite) — what a migration of an existing log would do, not the append path. A community
    whose build was interrupted (--resume) continues from its last whole chunk."""
    from django.db import connection, transaction
    from django.db.models import Max

    from hromada.core.transparency import merkle, selectors
    from hromada.core.transparency.models import Leaf, Subtree, TransparencyLog, node_key

    leaf_table, node_table = Leaf._meta.db_table, Subtree._meta.db_table
    if connection.vendor == "sqlite":
        # SQLite's default page cache (2 MB) makes each insert into the leaf-hash index (random keys) a page read
        # once the index outgrows it; the build gets 1 GB, and the default is back before anything is measured.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size=-1048576")
    start = time.perf_counter()
    last = Leaf.objects.filter(community=community).aggregate(last=Max("index"))["last"]
    size = first = 0 if last is None else last + 1
    known: dict = selectors.stored_hashes(community, set(merkle.frontier(size))) if size else {}
    while size < leaves:
        count = min(CHUNK, leaves - size)
        inputs = [leaf_input(n) for n in range(size, size + count)]
        made = merkle.extend(size, {node: known[node] for node in merkle.frontier(size)},
                             [merkle.leaf_hash(value) for value in inputs])
        leaf_rows = [(community.pk, size + k, inputs[k], made[(0, size + k)]) for k in range(count)]
        node_rows = [(community.pk, node_key(level, index), value) for (level, index), value in made.items()
                     if level > 0]
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor
                with raw.copy(f"COPY {leaf_table} (community_id, index, leaf_input, leaf_hash) FROM STDIN") as copy:
                    for row in leaf_rows:
                        copy.write_row(row)
                with raw.copy(f"COPY {node_table} (community_id, key, hash) FROM STDIN") as copy:
                    for row in node_rows:
                        copy.write_row(row)
            else:
                cursor.executemany(f"INSERT INTO {leaf_table} (community_id, \"index\", leaf_input, leaf_hash) "  # noqa: S608
                                   "VALUES (%s, %s, %s, %s)", leaf_rows)
                cursor.executemany(f"INSERT INTO {node_table} (community_id, key, hash) VALUES (%s, %s, %s)",  # noqa: S608
                                   node_rows)
        size += count
        frontier = set(merkle.frontier(size))
        known = {node: value for node, value in {**known, **made}.items() if node in frontier}
        if size % 1_000_000 < CHUNK:
            print(f"  built {size:,} leaves in {time.perf_counter() - start:.0f} s", flush=True)
    TransparencyLog.objects.update_or_create(community=community, defaults={"size": size})
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size=-2000")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {leaf_table}; ANALYZE {node_table}")
    return time.perf_counter() - start, size - first


def load_verifier():
    """tools/hromada_log_verify.py, the auditors' script (outside the package), imported by its path."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("hromada_log_verify", ROOT / "tools" / "hromada_log_verify.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--leaves", type=int, default=10_000_000)
    parser.add_argument("--proofs", type=int, default=300)
    parser.add_argument("--appends", type=int, default=20_000)
    parser.add_argument("--sign-rounds", type=int, default=6)
    parser.add_argument("--sign-block", type=int, default=40, help="batches per block")
    parser.add_argument("--sign-batch", type=int, default=16, help="signatures per group-commit batch")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--proofs-only", action="store_true", help="skip the appends and the signing ratio")
    parser.add_argument("--resume", default="", help="the slug of a bench community whose build was interrupted")
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from hromada.core.identity.actors import SYSTEM
    from hromada.core.tenancy.models import Community
    from hromada.core.transparency import selectors
    from hromada.core.transparency.models import Leaf, PendingEntry, Subtree, TransparencyLog, TreeHead
    from hromada.core.transparency.record import transparency_entry, transparency_record_many
    from hromada.core.transparency.services import transparency_append, tree_head_publish

    print(f"database: {connection.vendor}; load average {os.getloadavg()[0]:.1f}", flush=True)
    tag = time.time_ns()
    community = Community.objects.get(slug=args.resume) if args.resume else Community.objects.create(
        slug=f"bench-log-{tag}", name_uk="Громада для заміру", name_en="Bench community",
        enabled_capabilities=["petitions"])
    try:
        took, built = build(community, args.leaves)
        print(f"build: {built:,} leaves (of {args.leaves:,}) and their subtrees in {took:.0f} s "
              f"({built / max(took, 1e-9):,.0f} leaves/s, bulk)", flush=True)
        started = time.perf_counter()
        head = tree_head_publish(actor=SYSTEM, community=community)
        if head is None:  # a --resume of a finished build: the tree did not grow since its head, which stands
            head = TreeHead.objects.filter(community=community).order_by("-timestamp").first()
            print(f"the head signed before covers {head.tree_size:,} leaves", flush=True)
        else:
            print(f"signed head at {head.tree_size:,} leaves in {ms(time.perf_counter() - started)}", flush=True)
        size, head_root = head.tree_size, bytes(head.root_hash)
        rng = random.Random(7)
        verifier = load_verifier()

        # Proofs, interleaved with the baseline: one leaf read by its primary key.
        leaf_ids = list(Leaf.objects.filter(community=community, index__in=[rng.randrange(size) for _ in range(
            args.proofs)]).values_list("pk", "index", "leaf_hash"))
        rng.shuffle(leaf_ids)
        base, inclusion, consistency, endpoint, trivial = [], [], [], [], []
        client = Client()
        url = f"/c/{community.slug}/api/v1/transparency/ct/v1/"
        import base64

        client.get(url + "get-sth")
        for pk, index, value in leaf_ids:
            t = time.perf_counter()
            Leaf.objects.filter(pk=pk).values_list("leaf_hash", flat=True).first()
            base.append(time.perf_counter() - t)
            t = time.perf_counter()
            found = selectors.leaf_index(community, bytes(value), size)
            path = selectors.inclusion_proof(community, found, size)
            inclusion.append(time.perf_counter() - t)
            # Every proof is checked by the standalone verifier's own code (outside the timings).
            assert found == index and verifier.verify_inclusion(index, size, bytes(value), path, head_root)
            first = rng.randrange(1, size)
            t = time.perf_counter()
            proof = selectors.consistency_proof(community, first, size)
            consistency.append(time.perf_counter() - t)
            assert verifier.verify_consistency(first, size, selectors.root_hash(community, first), head_root, proof)
            t = time.perf_counter()
            answer = client.get(url + "get-proof-by-hash", {"hash": base64.b64encode(bytes(value)).decode(),
                                                             "tree_size": size})
            endpoint.append(time.perf_counter() - t)
            assert answer.status_code == 200 and answer.json()["leaf_index"] == index
            t = time.perf_counter()
            assert client.get(f"/c/{community.slug}/api/v1/community").status_code == 200
            trivial.append(time.perf_counter() - t)
        b50, _ = quantiles(base)
        for name, samples in (("inclusion proof (selectors)", inclusion), ("consistency proof (selectors)",
                              consistency)):
            p50, p95 = quantiles(samples)
            print(f"{name}: p50 {ms(p50)}, p95 {ms(p95)}; {p50 / b50:.1f}x a primary-key read "
                  f"(p50 {ms(b50)})", flush=True)
        p50, p95 = quantiles(endpoint)
        t50, t95 = quantiles(trivial)
        print(f"get-proof-by-hash through the whole stack: p50 {ms(p50)}, p95 {ms(p95)}; {p50 / t50:.2f}x the "
              f"API's /community (p50 {ms(t50)}, p95 {ms(t95)})", flush=True)
        if connection.vendor == "postgresql":
            server_time(community, size, [(index, bytes(value)) for _pk, index, value in leaf_ids[:60]])
        else:  # SQLite works in this process: its CPU time is the proof's work without the wait for a core
            cpu = []
            for _pk, _index, value in leaf_ids:
                t = time.process_time()
                selectors.inclusion_proof(community, selectors.leaf_index(community, bytes(value), size), size)
                cpu.append(time.process_time() - t)
            c50, c95 = quantiles(cpu)
            print(f"inclusion proof (selectors), CPU time of this process (SQLite in it): p50 {ms(c50)}, "
                  f"p95 {ms(c95)}", flush=True)
        if args.proofs_only:
            return

        # Appends through the real service on top of the big tree, beside the bare INSERT of their outbox rows.
        size = TransparencyLog.objects.get(community=community).size
        entries = [transparency_entry(community=community, type="bench.thing.happened", object_id=n,
                                      data={"person": n}) for n in range(args.appends)]
        t = time.perf_counter()
        for start in range(0, len(entries), 500):
            transparency_record_many(entries[start:start + 500])
        outbox = time.perf_counter() - t
        t = time.perf_counter()
        appended = 0
        while (n := transparency_append(actor=SYSTEM, community=community)):
            appended += n
        append = time.perf_counter() - t
        print(f"append: {appended:,} entries in {append:.1f} s = {appended / append:,.0f} entries/s "
              f"(batches of 5,000); the outbox INSERT of the same rows: {args.appends / outbox:,.0f} rows/s; "
              f"append costs {append / outbox:.1f}x the outbox write", flush=True)
        # Outbox rows left by an earlier run's signing part (--resume) are appended too, in order.
        assert TransparencyLog.objects.get(community=community).size == size + appended >= size + args.appends

        sign_ratio(community, args)
    finally:
        if not args.keep:
            for model in (TreeHead, PendingEntry, Leaf, Subtree, TransparencyLog):
                model.objects.filter(community=community).delete()
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


def server_time(community, size: int, samples: list[tuple[int, bytes]]) -> None:
    """PostgreSQL's own execution time (EXPLAIN ANALYZE) of the queries of an inclusion proof, summed per proof:
    the work of the database without the round trips and the waiting for a core that a loaded machine adds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hromada.core.transparency import selectors

    totals, reads = [], []
    for index, value in samples:
        with CaptureQueriesContext(connection) as captured:
            selectors.inclusion_proof(community, selectors.leaf_index(community, value, size), size)
        total = 0.0
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
                total += cursor.fetchone()[0][0]["Execution Time"]
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) SELECT leaf_hash FROM transparency_leaf "
                           "WHERE community_id = %s AND index = %s", [community.pk, index])
            reads.append(cursor.fetchone()[0][0]["Execution Time"])
        totals.append(total)
    p50, p95 = quantiles(totals)
    r50, _ = quantiles(reads)
    print(f"inclusion proof, PostgreSQL's execution time of its {len(captured.captured_queries)} queries: p50 "
          f"{p50:.3f} ms, p95 {p95:.3f} ms (one leaf by its key: p50 {r50:.3f} ms)", flush=True)


def sign_ratio(community, args) -> None:
    """Petition signing batches (petitions.signing.write_signatures, the group commit's write) with the log's
    outbox rows and without them, in interleaved blocks of the same size."""
    import conftest
    from conftest import make_member
    from django.contrib.auth import get_user_model

    from hromada.core.identity.models import Role
    from hromada.petitions import signing
    from hromada.petitions.tests.factories import collecting

    # The fixtures number their people from 1 in each process; a second run on the same database needs fresh ones.
    conftest._seq = itertools.count(time.time_ns() // 1000 % 10**9)
    author = make_member(community, Role.RESIDENT, strong=True)
    petition = collecting(community, author)
    User = get_user_model()
    total = args.sign_rounds * 2 * args.sign_block * args.sign_batch
    tag = time.time_ns()
    people = User.objects.bulk_create([User(email=f"s{tag}-{n}@bench.local", full_name=f"Підписант {n}")
                                       for n in range(total)])
    people_iter = iter(people)
    real = signing.transparency_record_many, signing.transparency_entry

    def block(logged: bool) -> float:
        if logged:
            signing.transparency_record_many, signing.transparency_entry = real
        else:
            signing.transparency_record_many, signing.transparency_entry = (lambda entries: entries), (
                lambda **kwargs: None)
        t = time.perf_counter()
        for _ in range(args.sign_block):
            intents = [signing.SignatureIntent(community=community, petition=petition, signer=user, public_name="",
                                               identity_hash=f"{tag}-{user.pk}")
                       for user in (next(people_iter) for _ in range(args.sign_batch))]
            outcomes = signing.write_signatures(intents)
            assert not any(isinstance(outcome, BaseException) for outcome in outcomes)
        return time.perf_counter() - t

    with_log, without = [], []
    try:
        for round_ in range(args.sign_rounds):
            order = (True, False) if round_ % 2 == 0 else (False, True)
            for logged in order:
                (with_log if logged else without).append(block(logged))
    finally:
        signing.transparency_record_many, signing.transparency_entry = real
    per_block = args.sign_block * args.sign_batch
    a, b = per_block / statistics.median(with_log), per_block / statistics.median(without)
    print(f"signing (batches of {args.sign_batch}): {a:,.0f} signatures/s with the log, {b:,.0f} without; "
          f"ratio {a / b:.2f} (target >= 0.8)", flush=True)


if __name__ == "__main__":
    main()
