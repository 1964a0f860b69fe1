"""Participatory budget tally benchmark: the Method of Equal Shares on 100 projects and 100,000 approval ballots,
against pabutools on the same data in the same run (target: under 10 s, for MES alone and for the default rule,
MES with add1 and greedy completion).

Run: .venv/bin/python bench/budgets_tally.py [--voters 100000] [--projects 100] [--seed 7] [--reference-timeout 900]
     [--no-reference]
No database and no server: the tally is a pure function. pabutools runs in a child process with a time limit;
it is given plain MES and greedy (its add1 loop reruns MES dozens of times and would take hours here)."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from hromada.budgets.tally import Ballot, Election, Project, tally  # noqa: E402


def generate(voters: int, projects: int, seed: int) -> Election:
    """Costs from 20,000 to 400,000 UAH, a fund of a quarter of their sum, ballots of 1-10 approvals drawn with
    skewed popularity (a few favourites, a long tail), as city-wide votes look."""
    rng = np.random.default_rng(seed)
    costs = rng.integers(20, 400, projects) * 1000_00
    popularity = rng.random(projects) ** 2 + 0.02
    keys = np.log(rng.random((voters, projects))) / popularity  # weighted sampling without replacement
    ranked = np.argsort(-keys, axis=1)
    lengths = rng.integers(1, 11, voters)
    ballots = tuple(Ballot(frozenset((ranked[v, :lengths[v]] + 1).tolist())) for v in range(voters))
    items = tuple(Project(i + 1, int(c)) for i, c in enumerate(costs))
    return Election(int(costs.sum()) // 4, items, ballots)


def timed(function, *args, **kwargs):
    """Wall seconds and the result; the CPU seconds of this process go to `cpu` (on a loaded machine the wall time
    grows with the load, the CPU time much less: the tally is single-threaded)."""
    start, started_cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    timed.cpu = time.process_time() - started_cpu
    return time.perf_counter() - start, result


def pabutools_run(election: Election, rule: str, queue) -> None:
    from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance
    from pabutools.election import Project as PbProject
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
    from pabutools.tiebreaking import TieBreakingRule

    votes = election.votes()
    projects = {p.number: PbProject(str(p.number), p.cost) for p in election.projects if votes[p.number]}
    cost = {str(p.number): p.cost for p in election.projects}
    instance = Instance(projects.values(), budget_limit=election.budget)
    start, started_cpu = time.perf_counter(), time.process_time()
    profile = ApprovalProfile([ApprovalBallot(projects[n] for n in b.approvals) for b in election.ballots],
                              instance=instance)
    tie = TieBreakingRule(lambda _i, _p, p: (-votes[int(p.name)], cost[p.name], int(p.name)))
    if rule == "mes":
        outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, tie_breaking=tie)
    else:
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat, tie_breaking=tie)
    queue.put((time.perf_counter() - start, time.process_time() - started_cpu, sorted(int(p.name) for p in outcome)))


def reference(election: Election, rule: str, timeout: float) -> tuple[float | None, float | None, list[int] | None]:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=pabutools_run, args=(election, rule, queue))
    child.start()
    try:
        return queue.get(timeout=timeout)
    except Exception:  # noqa: BLE001 - the queue's Empty after the time limit
        return None, None, None
    finally:
        child.kill()
        child.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reference-timeout", type=float, default=900)
    parser.add_argument("--no-reference", action="store_true", help="skip pabutools (minutes on this data)")
    args = parser.parse_args()
    print(f"load average (1, 5, 15 min) at the start: {os.getloadavg()}")
    generation, election = timed(generate, args.voters, args.projects, args.seed)
    approvals = sum(len(b.approvals) for b in election.ballots)
    print(f"{args.projects} projects, {args.voters} ballots, {approvals} approvals, fund {election.budget // 100} UAH"
          f" (generated in {generation:.1f} s)")
    rows = [("greedy", "greedy", {}), ("MES, no completion", "mes", {"completion": "none"}),
            ("MES + add1 + greedy", "mes", {"completion": "add1+greedy"})]
    ours = {}
    for label, rule, options in rows:
        seconds, outcome = timed(tally, election, rule, **options)
        ours[label] = (seconds, sorted(outcome.selected), timed.cpu)
        print(f"  Hromada  {label:22} {seconds:8.2f} s (CPU {timed.cpu:6.2f} s)  {len(outcome.selected):3} winners,"
              f" {outcome.spent / election.budget:6.1%} of the fund", flush=True)
    for label, rule in [("greedy", "greedy"), ("MES, no completion", "mes")][:0 if args.no_reference else 2]:
        seconds, cpu, winners = reference(election, rule, args.reference_timeout)
        if seconds is None or cpu is None:
            print(f"  pabutools {label:21} over {args.reference_timeout:.0f} s (stopped)")
            continue
        same = "same winners" if winners == ours[label][1] else "DIFFERENT WINNERS"
        print(f"  pabutools {label:21} {seconds:8.2f} s (CPU {cpu:6.2f} s)  {same}; Hromada is"
              f" {seconds / ours[label][0]:.1f}x faster (CPU {cpu / ours[label][2]:.1f}x)", flush=True)
    for label in ("MES, no completion", "MES + add1 + greedy"):
        seconds = ours[label][0]
        print(f"target: {label} under 10 s: {'met' if seconds < 10 else 'MISSED'} ({seconds:.2f} s,"
              f" CPU {ours[label][2]:.2f} s)")
    print(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
