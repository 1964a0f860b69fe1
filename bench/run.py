"""`make bench`: every scenario of bench/scenarios at rising fixed arrival rates (open loop), on SQLite and, when
DATABASE_URL is set, on a fresh PostgreSQL database beside it; one table per database.

For each scenario and rate: p50/p99 latency from the scheduled send (queueing shows), the answers by status, the
CPU the server's process tree spent per request, and the machine's load. A scenario stops rising at the first
rate whose p99 misses its target or that answers an error; its row gives the highest rate that passed and its
ratios to the trivial baseline of the same run. Each scenario checks what it wrote (nothing lost or doubled).

    .venv/bin/python bench/run.py [--only petitions-sign,trivial] [--duration 8] [--max-rate 400]
                                  [--workers N --threads N] [--demo small|full] [--sqlite-only]"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess  # noqa: S404 - our own child commands
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from harness import loadgen  # noqa: E402 - after the path above
from harness.scenario import Scenario, Step  # noqa: E402
from harness.server import Server, load_average, settle  # noqa: E402
from scenarios import SCENARIOS  # noqa: E402

WARM = 20  # requests per scenario before the figures: imports, templates, connections, caches


def child(env: dict, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "harness.child", *args], env=env, cwd=HERE,  # noqa: S603
                         capture_output=True, text=True, timeout=1800)
    if out.returncode != 0:
        raise SystemExit(f"child {args[:2]} failed:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def budget(scenario: Scenario, args) -> int:
    return WARM + sum(int(rate * args.duration) for rate in scenario.rates if rate <= args.max_rate)


class Driver:
    """Sends one scenario's requests, each index once (a signature per resident), step after step."""

    def __init__(self, server: Server, scenario: Scenario, state: dict):
        self.server, self.scenario, self.state, self.index = server, scenario, state, 0

    def step(self, rate: float, count: int) -> Step:
        requests = [self.scenario.request(self.state, self.index + i) for i in range(count)]
        self.index += count
        load_before, cpu_before = load_average(), self.server.cpu()
        result = loadgen.run("127.0.0.1", self.server.port, requests, rate)
        settle(self.server)
        return Step(rate, result, self.server.cpu() - cpu_before, load_before, load_average())


def measure(driver: Driver, args) -> list[Step]:
    """Rising rates until one misses the target."""
    server, scenario, step_at = driver.server, driver.scenario, driver.step
    steps = []
    profiler = start_profiler(server, scenario, args)
    for rate in (r for r in scenario.rates if r <= args.max_rate):
        step = step_at(rate, int(rate * args.duration))
        steps.append(step)
        errors = scenario.errors(step)
        verdict = "ok" if step.p99_ms <= scenario.target_p99_ms and not errors else "MISS"
        print(f"  {scenario.name:20} {rate:5.0f}/s  p50 {step.result.percentile_ms(50):7.1f} ms  "
              f"p99 {step.p99_ms:8.1f} ms  CPU {step.cpu_ms_per_request:5.2f} ms/req  "
              f"answers {step.result.statuses()}  load {step.load_before:.1f}->{step.load_after:.1f}  "
              f"client CPU {step.result.client_cpu:.1f}s  late sends {step.result.late_sends}  {verdict}"
              + (f"  no answer: {step.result.failures()}" if step.result.failures() else "")
              + (f"  refused: {step.result.refusals(scenario.ok_statuses)}" if errors else ""), flush=True)
        if verdict != "ok":
            break
    if profiler is not None:
        profiler.send_signal(signal.SIGINT)
        profiler.wait(60)
    return steps


def start_profiler(server: Server, scenario: Scenario, args) -> subprocess.Popen | None:
    """py-spy sampling the whole server tree while the scenario's rates run (--profile DIR): collapsed stacks
    that bench/profile_summary.py turns into "where the time goes"."""
    if not args.profile:
        return None
    out = Path(args.profile) / f"{args.label}-{scenario.name}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen([str(Path(sys.executable).parent / "py-spy"), "record", "--pid",  # noqa: S603
                             str(server.process.pid), "--subprocesses", "--nonblocking", "--rate", "200",
                             # --gil: only threads holding the interpreter lock, i.e. Python's CPU, not waiting
                             *(["--gil"] if args.profile_mode == "cpu" else []),
                             "--format", "raw", "--output", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def summarise(scenario: Scenario, steps: list[Step], problems: list[str]) -> dict:
    passed = [s for s in steps if s.p99_ms <= scenario.target_p99_ms and not scenario.errors(s)]
    best = passed[-1] if passed else None
    return {"name": scenario.name, "target": scenario.target_p99_ms, "rate": best.rate if best else 0.0,
            "p99": best.p99_ms if best else float("nan"),
            "cpu": statistics.median(s.cpu_ms_per_request for s in passed) if passed else float("nan"),
            "cpu_at": {s.rate: s.cpu_ms_per_request for s in passed},
            "ceiling": not best or best is not steps[-1] or best.rate < max(scenario.rates),
            "load": max(s.load_after for s in steps) if steps else float("nan"), "problems": problems}


def table(title: str, rows: list[dict]) -> None:
    base = next((r for r in rows if r["name"] == "trivial"), None)
    print(f"\n{title}")
    print(f"{'scenario':22} {'p99 target':>10} {'highest rate':>13} {'p99 there':>10} {'CPU/req':>9} "
          f"{'CPU x triv':>10} {'rate x triv':>11} {'max load':>8}  integrity")
    for row in rows:
        # CPU per request falls as the rate rises (the idle workers' cost is shared by more requests), so each
        # scenario is compared with the baseline at the same rates: the median of the per-rate ratios.
        common = sorted(set(row["cpu_at"]) & set(base["cpu_at"])) if base else []
        cpu_ratio = (statistics.median(row["cpu_at"][r] / base["cpu_at"][r] for r in common) if common
                     else float("nan"))
        rate_ratio = row["rate"] / base["rate"] if base and base["rate"] else float("nan")
        rate = f"{row['rate']:.0f}/s" + ("" if row["ceiling"] else "+")
        print(f"{row['name']:22} {row['target']:8.0f}ms {rate:>13} {row['p99']:8.1f}ms {row['cpu']:7.2f}ms "
              f"{cpu_ratio:10.2f} {rate_ratio:11.2f} {row['load']:8.1f}  "
              f"{'; '.join(row['problems']) or 'ok'}")
    print("(a + after the rate: the highest rate tried passed, so the ceiling is higher; CPU/req: the median over the"
          " rates that passed; CPU x triv: the median of the ratios at the rates both passed)")


def run_database(label: str, env: dict, scenarios: list[Scenario], args, workdir: Path) -> list[dict]:
    args.label = "postgresql" if "DATABASE_URL" in env else "sqlite"
    print(f"\n=== {label}: preparing (migrations, the {args.demo} demo community, scenario data)", flush=True)
    started = time.monotonic()
    child(env, "prepare", args.demo)
    states = {}
    for scenario in scenarios:
        states[scenario.name] = child(env, "setup", scenario.name, str(budget(scenario, args)))
        (workdir / f"{scenario.name}.json").write_text(json.dumps(states[scenario.name]))
    print(f"    prepared in {time.monotonic() - started:.0f} s; serving with hromada serve "
          f"({args.workers or 'shipped'} workers x {args.threads or 'shipped'} threads)", flush=True)
    serve_env = dict(env)
    if args.workers:
        serve_env["HROMADA_WEB_WORKERS"] = str(args.workers)
    if args.threads:
        serve_env["HROMADA_WEB_THREADS"] = str(args.threads)
    rows = []
    with Server(serve_env, log=workdir / "server.log") as server:
        loadgen.wait_until_up("127.0.0.1", server.port, seconds=300)  # a loaded machine starts slowly

        def get(path: str) -> tuple[int, bytes]:
            outcome = loadgen.run("127.0.0.1", server.port, [loadgen.Request("GET", path)], 1000).outcomes[0]
            return outcome.status, outcome.body

        drivers = [Driver(server, scenario, states[scenario.name]) for scenario in scenarios]
        # Every endpoint warm in every worker (imports, the API's URLs, templates, connections) before any figure.
        warm = {driver.scenario.name: [driver.step(10, WARM)] for driver in drivers}
        for driver in drivers:
            scenario, state = driver.scenario, driver.state
            steps = measure(driver, args)
            counts = child(env, "counts", scenario.name, str(workdir / f"{scenario.name}.json"))
            problems = scenario.check(state, warm[scenario.name] + steps, counts, get)
            rows.append(summarise(scenario, steps, problems))
    table(f"=== {label} (2 cores; load generator on the same machine; {args.duration:.0f} s per rate)", rows)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="", help="comma-separated scenario names (trivial is always included)")
    parser.add_argument("--duration", type=float, default=8.0, help="seconds of load per rate")
    parser.add_argument("--max-rate", type=float, default=10_000)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: as hromada serve ships)")
    parser.add_argument("--threads", type=int, default=0, help="threads per worker (default: as shipped)")
    parser.add_argument("--demo", choices=["small", "full"], default="full")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--src", default=str(ROOT / "src"),
                        help="the platform's source folder to serve (another checkout's, to compare commits)")
    parser.add_argument("--profile", default="", help="a folder for py-spy's collapsed stacks of each scenario")
    parser.add_argument("--profile-mode", choices=["cpu", "wall"], default="cpu",
                        help="cpu: samples of threads running Python; wall: of every thread, waiting included")
    args = parser.parse_args()
    wanted = {name for name in args.only.split(",") if name}
    scenarios = [s for s in SCENARIOS if not wanted or {s.name, getattr(s, "group", "")} & wanted or s.name == "trivial"]

    database_url = "" if args.sqlite_only else os.environ.get("DATABASE_URL", "")
    workdir = Path(tempfile.mkdtemp(prefix="hromada-bench-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"HROMADA_DATA_DIR": str(workdir / "data"), "DJANGO_SETTINGS_MODULE": "harness.settings",
                "HROMADA_DEBUG": "0", "PYTHONPATH": os.pathsep.join([str(HERE), str(Path(args.src).resolve())])})
    ok = True
    try:
        rows = run_database("SQLite (the embedded default)", env, scenarios, args, workdir)
        ok &= all(not row["problems"] for row in rows)
        if database_url:
            import psycopg

            server_url = database_url.rpartition("/")[0]
            with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
                conn.execute("DROP DATABASE IF EXISTS hromada_bench WITH (FORCE)")
                conn.execute("CREATE DATABASE hromada_bench")
            pg_env = {**env, "DATABASE_URL": f"{server_url}/hromada_bench",
                      "HROMADA_DATA_DIR": str(workdir / "data-pg")}
            rows = run_database(f"PostgreSQL{' + Redis' if env.get('REDIS_URL') else ''}", pg_env, scenarios, args,
                                workdir)
            ok &= all(not row["problems"] for row in rows)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
