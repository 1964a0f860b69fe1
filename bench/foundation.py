"""Baseline benchmark of the platform foundation under gunicorn on this machine.

Starts gunicorn (the project's WSGI app, as `hromada serve` runs it) on a free 127.0.0.1 port with a fresh
data folder and the demo community, then drives it with a bounded keep-alive load client and prints
requests/s, p50 and p99 of the trivial /healthz (baseline), the community home page and an API list
endpoint, each as a ratio to the baseline. Target: the home page at >= 50% of the baseline.

    .venv/bin/python bench/foundation.py [--seconds 10] [--connections 8] [--workers 2] [--threads 4]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from unlimited import UNLIMITED_RATES

ROOT = Path(__file__).resolve().parent.parent
SLUG = "demo"
PREPARE = """
import django, warnings
django.setup()
from hromada.core import capabilities
from hromada.demo.people import create_demo_community
community, _ = create_demo_community(slug=%r, residents=12)
for manifest in sorted(capabilities.manifests(), key=lambda m: m.demo_order):
    if manifest.demo_loader:
        try:
            capabilities.resolve(manifest.demo_loader)(community, size="small")
        except Exception as exc:  # a capability in progress must not stop the foundation benchmark
            print(f"  demo loader of {manifest.slug} failed: {exc!r}")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _connection_loop(port: int, path: str, deadline: float, latencies: list, errors: list) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept-Language": "uk"})
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            errors.append("connection")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            continue
        latencies.append(time.perf_counter() - started)
        if response.status != 200:
            errors.append(response.status)
    conn.close()


def _client_process(job: tuple) -> tuple[list[float], list]:
    port, path, seconds, connections = job
    latencies: list[float] = []
    errors: list = []
    deadline = time.perf_counter() + seconds
    threads = [threading.Thread(target=_connection_loop, args=(port, path, deadline, latencies, errors))
               for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors


def measure_slice(pool, port: int, path: str, seconds: float, connections: int, processes: int):
    per_process = max(1, connections // processes)
    results = pool.map(_client_process, [(port, path, seconds, per_process)] * processes)
    return [lat for lats, _ in results for lat in lats], [e for _, errs in results for e in errs]


def summarise(path: str, latencies: list[float], errors: list, seconds: float) -> dict:
    latencies = sorted(latencies)
    if not latencies:
        raise RuntimeError(f"no successful request to {path}: {errors[:5]}")
    return {
        "path": path,
        "requests": len(latencies),
        "rps": len(latencies) / seconds,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "errors": len(errors),
        "error_kinds": sorted({str(e) for e in errors})[:5],
    }


def measure_all(pool, port: int, targets: list[tuple[str, str]], args) -> list[tuple[str, dict]]:
    """Interleave the endpoints in rounds, so load from elsewhere on a noisy machine hits them all alike."""
    for _label, path in targets:  # warm-up: imports, caches, keep-alive
        measure_slice(pool, port, path, 1.0, 2, args.client_processes)
    collected = {path: ([], []) for _label, path in targets}
    slice_seconds = args.seconds / args.rounds
    for _ in range(args.rounds):
        for _label, path in targets:
            latencies, errors = measure_slice(pool, port, path, slice_seconds, args.connections, args.client_processes)
            collected[path][0].extend(latencies)
            collected[path][1].extend(errors)
    return [(label, summarise(path, *collected[path], args.seconds)) for label, path in targets]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=12, help="Measured time per endpoint.")
    parser.add_argument("--rounds", type=int, default=4, help="Interleaved rounds the time is split into.")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--sqlite-conn-max-age", type=int, default=None,
                        help="Override the SQLite CONN_MAX_AGE of the settings (0 = a connection per request).")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="hromada-bench-"))
    env = {
        **os.environ,
        **UNLIMITED_RATES,
        "DJANGO_SETTINGS_MODULE": "hromada.config.settings",
        "HROMADA_DATA_DIR": str(data_dir),
        # the API's anonymous throttle (120/min) would answer 429 to a load test
        "HROMADA_API_RATE_ANON": "100000000/m",
        "HROMADA_API_RATE_USER": "100000000/m",
        "HROMADA_LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
    }
    env.pop("DATABASE_URL", None)
    if args.sqlite_conn_max_age is not None:
        # Measure a settings variant without editing the shipped settings: a module in the data folder.
        (data_dir / "bench_settings.py").write_text(
            "from hromada.config.settings import *  # noqa: F403\n"
            f"DATABASES['default']['CONN_MAX_AGE'] = {args.sqlite_conn_max_age}\n"
        )
        env["DJANGO_SETTINGS_MODULE"] = "bench_settings"
        env["PYTHONPATH"] = str(data_dir) + os.pathsep + env["PYTHONPATH"]
    python = sys.executable
    server = None
    try:
        print(f"data folder {data_dir}; preparing the database and the demo community …", flush=True)
        started = time.monotonic()
        subprocess.run([python, "-m", "hromada.cli", "migrate", "-v", "0"], env=env, check=True, cwd=data_dir)
        subprocess.run([python, "-c", PREPARE % SLUG], env=env, check=True, cwd=data_dir)
        print(f"  ready in {time.monotonic() - started:.0f}s", flush=True)
        port = free_port()
        server = subprocess.Popen(
            [python, "-m", "gunicorn", "hromada.config.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--threads", str(args.threads), "--worker-class", "gthread",
             "--log-level", "warning"],
            env=env, cwd=data_dir, start_new_session=True,
        )
        wait_until_up(port)
        variant = ("" if args.sqlite_conn_max_age is None
                   else f"; SQLite CONN_MAX_AGE={args.sqlite_conn_max_age} (settings variant)")
        print(f"gunicorn on 127.0.0.1:{port}: {args.workers} workers x {args.threads} threads{variant}; "
              f"{args.connections} keep-alive connections from {args.client_processes} client processes, "
              f"{args.seconds:.0f}s per endpoint in {args.rounds} interleaved rounds; "
              f"{os.cpu_count()} CPU cores shared by server and client\n")
        targets = [("baseline /healthz", "/healthz"), ("community home page", f"/c/{SLUG}/"),
                   ("API list /api/v1/departments", f"/c/{SLUG}/api/v1/departments")]
        with multiprocessing.get_context("spawn").Pool(args.client_processes) as pool:
            rows = measure_all(pool, port, targets, args)
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(data_dir, ignore_errors=True)

    baseline = rows[0][1]["rps"]
    print(f"{'endpoint':32} {'req/s':>9} {'ratio':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for label, r in rows:
        print(f"{label:32} {r['rps']:9.0f} {r['rps'] / baseline:7.0%} {r['p50_ms']:8.1f} {r['p99_ms']:8.1f} "
              f"{r['errors']:7d}")
    home_ratio = rows[1][1]["rps"] / baseline
    verdict = "meets" if home_ratio >= 0.5 else "MISSES"
    print(f"\nhome page at {home_ratio:.0%} of the baseline: {verdict} the target of >= 50%")
    failed = [label for label, r in rows if r["errors"]]
    if failed:
        print("non-200 answers or connection errors on:", ", ".join(failed), [r["error_kinds"] for _, r in rows])
    return 0 if home_ratio >= 0.5 and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
