"""Voting throughput against a bare insert, in one process and interleaved (the ratio survives a loaded machine
better than the HTTP scenarios of bench/scenarios/budgets_vote.py), then a surge of distinct voters in threads with
the integrity check: blocks of ballots through the real service (budgets' ballot_cast: eligibility, the fund's rule,
the ballot row with its choices under the unique index, its transparency-log entry) alternate with blocks of bare
inserts of one ballot row (the same two projects) each in its own transaction.

    DJANGO_SETTINGS_MODULE=hromada.config.settings HROMADA_DATA_DIR=... [DATABASE_URL=...] \\
        .venv/bin/python bench/budgets_voting.py [--rounds 5] [--block 200] [--surge 400 --threads 8]

The database needs migrations (`hromada migrate`); the script makes its own community, cycle and voters."""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _setup(voters: int):
    from scenarios.budgets_vote import _election

    from hromada.budgets.models import Category, Cycle
    from hromada.core.identity.models import User
    from hromada.core.tenancy.models import Community

    tag = time.time_ns()
    community = Community.objects.create(slug=f"bench-vote-{tag}", name_uk="Громада для заміру",
                                         name_en="Bench community", enabled_capabilities=["budgets"])
    state = _election(community, f"v{tag}-", voters)
    cycle, fund = Cycle.objects.get(pk=state["cycle"]), Category.objects.get(pk=state["fund"])
    users = list(User.objects.filter(email__startswith=f"v{tag}-").order_by("pk"))
    return community, cycle, fund, state["projects"], users


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--block", type=int, default=200)
    parser.add_argument("--surge", type=int, default=400)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection, connections, transaction

    from hromada.budgets import ballots
    from hromada.budgets.models import Ballot
    from hromada.budgets.services import voting
    from hromada.core.transparency.models import PendingEntry

    community, cycle, fund, projects, users = _setup(args.rounds * args.block + args.surge)
    scope = ballots.scope_key(fund)

    def vote(user, n: int):
        return voting.ballot_cast(actor=user, community=community, cycle=cycle, scope=scope,
                                  project_ids=[projects[n % len(projects)], projects[(n + 5) % len(projects)]])

    # Wall time, and this process's CPU time: on a loaded machine the wall time says how busy the machine was, while
    # the CPU time (SQLite runs in this process) is what a quiet machine's wall time would be.
    vote_ms, insert_ms, vote_cpu, insert_cpu = [], [], [], []
    for round_no in range(args.rounds):
        block = users[round_no * args.block:(round_no + 1) * args.block]
        started, cpu = time.perf_counter(), time.process_time()
        for n, user in enumerate(block):
            vote(user, n)
        vote_ms.append((time.perf_counter() - started) * 1000 / len(block))
        vote_cpu.append((time.process_time() - cpu) * 1000 / len(block))
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.block):
            with transaction.atomic():
                Ballot.objects.create(community=community, cycle=cycle, category=fund, project_ids=[projects[0],
                                      projects[5]], voter_key=secrets.token_hex(32), receipt=secrets.token_hex(8))
        insert_ms.append((time.perf_counter() - started) * 1000 / args.block)
        insert_cpu.append((time.process_time() - cpu) * 1000 / args.block)
        print(f"round {round_no + 1}: vote {vote_ms[-1]:.2f} ms/ballot (CPU {vote_cpu[-1]:.2f}), bare insert "
              f"{insert_ms[-1]:.2f} ms/row (CPU {insert_cpu[-1]:.2f})", flush=True)
    voted, inserted = statistics.median(vote_ms), statistics.median(insert_ms)
    print(f"{connection.vendor}: voting {1000 / voted:.0f}/s, bare insert {1000 / inserted:.0f}/s, "
          f"ratio {inserted / voted:.2f} (target >= 0.5); in CPU time "
          f"{statistics.median(insert_cpu) / statistics.median(vote_cpu):.2f}")

    # The surge: distinct voters in threads, each with its own connection; then nothing may be lost or doubled.
    surge = users[args.rounds * args.block:]
    outcomes: list = []
    lock = threading.Lock()

    def worker(part: list) -> None:
        for n, user in part:
            try:
                result = vote(user, n)
            except Exception as exc:  # noqa: BLE001 - counted and reported below
                result = exc
            with lock:
                outcomes.append(result)
        connections.close_all()

    parts = [list(enumerate(surge))[k::args.threads] for k in range(args.threads)]
    threads = [threading.Thread(target=worker, args=(part,)) for part in parts]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    cast = [o for o in outcomes if isinstance(o, Ballot)]
    failed = [repr(o)[:120] for o in outcomes if not isinstance(o, Ballot)]
    keys = {b.voter_key for b in cast}
    stored = list(Ballot.objects.filter(voter_key__in=keys).values_list("project_ids", flat=True))
    rows, choices = len(stored), sum(len(chosen) for chosen in stored)
    lost = len(surge) - rows
    # Every ballot of the community leaves one log entry in its own transaction (the bare inserts leave none).
    logged = PendingEntry.objects.filter(community=community).count()
    voted = args.rounds * args.block + len(cast)
    print(f"surge: {len(surge)} voters in {args.threads} threads, {len(surge) / elapsed:.0f}/s; "
          f"{len(cast)} ballots answered, {rows} rows, {choices} choices, {len(failed)} refused, lost {lost}; "
          f"{voted} ballots cast in all, {logged} log entries")
    if failed or lost or choices != 2 * rows or logged != voted:
        print("INTEGRITY PROBLEM:", failed[:5])
        raise SystemExit(1)


if __name__ == "__main__":
    main()
