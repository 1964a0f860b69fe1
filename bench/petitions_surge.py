"""The e-petition signing surge: many distinct residents sign one petition at once while others poll it.

Starts the platform under gunicorn on 127.0.0.1 with a fresh SQLite data directory (and again on PostgreSQL
when DATABASE_URL is set), creates N verified residents and one collecting petition, then runs two phases
with the same shape (64 concurrent writers + pollers of the page and the count):

  baseline  POST .../bench-insert  one bare INSERT of a signature row (same auth, same request path); the
            endpoint is added to the petitions router by this script's wsgi_app(), never by the platform
  surge     POST .../sign          the real service: identity rule, insert, counter shard, audit, threshold

and reports signatures/s, p50/p99 latency of signing and of the page, errors, the ratio to the baseline,
and checks that signatures in the database == successful responses == the final public count.

    .venv/bin/python bench/petitions_surge.py [--residents 4000] [--signers 64] [--pollers 8]

Not a test: run it on demand; it takes one to three minutes and talks only to 127.0.0.1."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from unlimited import UNLIMITED_RATES

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SLUG = "surge"
HARD_LIMIT_S = 160  # the whole run, both databases, stays under three minutes


# --- the server: the platform plus the baseline endpoint ----------------------------------------------------

def _add_baseline_endpoint() -> None:
    """The surge's baseline: the same request path as signing (token auth, community, petition lookup) and one
    bare INSERT of a signature row, without identity rule, counter, audit or threshold."""
    from django.db import IntegrityError, transaction
    from ninja.responses import Status

    from hromada.core.api.auth import require_community, require_user
    from hromada.core.api.schemas import ERROR_RESPONSES
    from hromada.core.counters import write_gate
    from hromada.core.errors import Conflict
    from hromada.petitions import selectors
    from hromada.petitions.api import router
    from hromada.petitions.models import Signature

    @router.post("/{int:petition_id}/bench-insert", response={201: dict, **ERROR_RESPONSES}, include_in_schema=False)
    def bench_insert(request, petition_id: int):
        user = require_user(request)
        community = require_community(request)
        petition = selectors.petition_for_signing(community=community, pk=petition_id)
        try:
            with write_gate(), transaction.atomic():
                Signature.objects.create(community=community, petition=petition, user=user,
                                         public_name=user.full_name[:200])
        except IntegrityError as exc:
            raise Conflict("duplicate") from exc
        return Status(201, {"ok": True})


def wsgi_app():
    """gunicorn's application factory (`petitions_surge:wsgi_app()`): the endpoint joins the router before the
    URLs are built on the first request."""
    _django()
    _add_baseline_endpoint()
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


# --- setup and verification run in a child process (Django is configured once per process) ------------------

def _django():
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.config.settings")
    import django

    django.setup()


def child_setup(residents: int) -> dict:
    _django()
    import hashlib
    import secrets

    from allauth.account.models import EmailAddress
    from django.core.management import call_command
    from django.utils import timezone

    from hromada.core.api.models import ApiToken
    from hromada.core.identity.actors import SYSTEM
    from hromada.core.identity.models import IdentityLevel, Membership, Role, User, VerifiedIdentity
    from hromada.core.identity.services import subject_hash
    from hromada.core.tenancy.services import community_create, community_update_settings
    from hromada.petitions import services

    call_command("migrate", verbosity=0)
    community = community_create(actor=SYSTEM, slug=SLUG, name_uk="Бенчмарк", name_en="Benchmark", is_demo=True)
    now = timezone.now()
    users = User.objects.bulk_create([
        User(email=f"r{i}@bench.local", full_name=f"Мешканець {i}", password="!")  # noqa: S106 - "!" is Django's unusable password
        for i in range(residents + 3)])
    EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True, primary=True)
                                      for u in users])
    VerifiedIdentity.objects.bulk_create([
        VerifiedIdentity(user=u, provider="bench", subject_hash=subject_hash(f"BENCH{u.pk}"),
                         verified_name=u.full_name, level=IdentityLevel.STRONG) for u in users])
    admin, moderator, author, *people = users
    Membership.objects.bulk_create([Membership(community=community, user=admin, role=Role.ADMIN),
                                    Membership(community=community, user=moderator, role=Role.MODERATOR)]
                                   + [Membership(community=community, user=u, role=Role.RESIDENT)
                                      for u in [author, *people]])
    raws = []
    tokens = []
    for user in people:
        raw = "hro_" + secrets.token_urlsafe(30)
        raws.append(raw)
        # last_used_at = now: the token check then does not write on every first use (same in both phases).
        tokens.append(ApiToken(community=community, user=user, name="bench", prefix=raw[:12],
                               key_hash=hashlib.sha256(raw.encode()).hexdigest(), last_used_at=now))
    ApiToken.objects.bulk_create(tokens)
    community_update_settings(actor=admin, community=community, capability="petitions", values={
        "threshold": residents * 10, "sign_rate_ip": "100000000/m", "identity_level": "strong"})
    community.refresh_from_db()
    text = "Просимо громаду підтримати цю петицію під час навантажувального тесту. " * 3
    ids = []
    for title in ("Петиція для хвилі підписів", "Петиція для базового вставлення", "Петиція для розігріву"):
        petition = services.petition_create(actor=author, community=community, title=title, text=text)
        services.petition_submit(actor=author, community=community, petition=petition)
        services.petition_publish(actor=moderator, community=community, petition=petition)
        ids.append(petition.pk)
    return {"surge_petition": ids[0], "baseline_petition": ids[1], "warmup_petition": ids[2], "tokens": raws}


def child_verify(petition_id: int) -> dict:
    _django()
    from hromada.petitions.models import Signature
    from hromada.petitions.selectors import signature_count

    rows = Signature.objects.filter(petition_id=petition_id)
    return {"rows": rows.count(), "distinct_users": rows.values("user_id").distinct().count(),
            "shard_sum": signature_count(petition_id)}


def run_child(env: dict, *args: str) -> dict:
    out = subprocess.run([PYTHON, __file__, *args], env=env, capture_output=True, text=True, timeout=120,
                         cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- the load ---------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


class Conn:
    """One keep-alive HTTP connection per client thread; reconnects if the server closed it."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, headers: dict | None = None) -> tuple[int, bytes]:
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=b"" if method == "POST" else None, headers=headers or {})
                response = self.conn.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, ConnectionError, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    return 0, b""
        return 0, b""


def phase(port: int, path: str, tokens: list[str], signers: int, pollers: int, poll_paths: tuple[str, str],
          budget_s: float) -> dict:
    work: queue.Queue = queue.Queue()
    for token in tokens:
        work.put(token)
    lat: list[float] = []
    statuses: dict[int, int] = {}
    page_lat: list[float] = []
    count_lat: list[float] = []
    lock = threading.Lock()
    stop = threading.Event()
    deadline = time.monotonic() + budget_s

    def signer():
        conn = Conn(port)
        while time.monotonic() < deadline:
            try:
                token = work.get_nowait()
            except queue.Empty:
                return
            t0 = time.perf_counter()
            status, _body = conn.request("POST", path, {"Authorization": f"Bearer {token}",
                                                        "Content-Type": "application/json"})
            elapsed = time.perf_counter() - t0
            with lock:
                lat.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    def poller(n: int):
        conn = Conn(port)
        target, sink = (poll_paths[0], page_lat) if n % 2 == 0 else (poll_paths[1], count_lat)
        while not stop.is_set():
            t0 = time.perf_counter()
            status, _ = conn.request("GET", target)
            if status == 200:
                sink.append(time.perf_counter() - t0)
            stop.wait(0.05)

    poll_threads = [threading.Thread(target=poller, args=(n,), daemon=True) for n in range(pollers)]
    for t in poll_threads:
        t.start()
    started = time.perf_counter()
    threads = [threading.Thread(target=signer, daemon=True) for _ in range(signers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    stop.set()
    for t in poll_threads:
        t.join(5)
    ok = statuses.get(201, 0)
    return {"ok": ok, "statuses": statuses, "seconds": wall, "per_s": ok / wall if wall else 0.0,
            "p50": pct(lat, 50), "p99": pct(lat, 99), "page_p50": pct(page_lat, 50), "page_p99": pct(page_lat, 99),
            "page_n": len(page_lat), "count_p50": pct(count_lat, 50), "count_p99": pct(count_lat, 99),
            "unfinished": work.qsize()}


def run_backend(label: str, env: dict, args, started: float) -> dict:
    setup = run_child(env, "--child-setup", str(args.residents))
    port = free_port()
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "--pythonpath", str(ROOT / "bench"), "petitions_surge:wsgi_app()",
         "-b", f"127.0.0.1:{port}",
         "-k", "gthread", "-w", str(args.workers), "--threads", str(args.threads), "--keep-alive", "30",
         "--log-level", "warning"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"/c/{SLUG}"
        probe = Conn(port)
        for _ in range(100):
            if probe.request("GET", "/healthz")[0] == 200:
                break
            time.sleep(0.1)
        surge_id, base_id = setup["surge_petition"], setup["baseline_petition"]
        poll = (f"{base}/petitions/{surge_id}/", f"{base}/api/v1/petitions/{surge_id}/count")
        for path in poll:  # warm the workers' imports and templates
            for _ in range(args.workers * 2):
                probe.request("GET", path)
        # Warm both write paths (first ninja call, connections, caches) on a third petition, outside the figures.
        tokens = setup["tokens"]
        warm = f"{base}/api/v1/petitions/{setup['warmup_petition']}"
        phase(port, f"{warm}/bench-insert", tokens[:args.signers], args.signers, 0, poll, 20)
        phase(port, f"{warm}/sign", tokens[args.signers:2 * args.signers], args.signers, 0, poll, 20)
        tokens = tokens[2 * args.signers:]
        remaining = HARD_LIMIT_S - (time.monotonic() - started)
        budget = max(10.0, min(60.0, remaining / (4 if args.both else 2)))
        baseline = phase(port, f"{base}/api/v1/petitions/{base_id}/bench-insert", tokens, args.signers, args.pollers,
                         poll, budget)
        surge = phase(port, f"{base}/api/v1/petitions/{surge_id}/sign", tokens, args.signers, args.pollers, poll,
                      budget)
        status, body = probe.request("GET", f"{base}/api/v1/petitions/{surge_id}/count")
        public_count = json.loads(body)["signatures"] if status == 200 else -1
        status, page = probe.request("GET", f"{base}/petitions/{surge_id}/")
        match = re.search(rb'class="petition-count">(\d+)<', page)
        page_count = int(match.group(1)) if match else -1
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    verify = run_child(env, "--child-verify", str(surge_id))
    return {"label": label, "baseline": baseline, "surge": surge, "public_count": public_count,
            "page_count": page_count, "db": verify}


def report(result: dict) -> bool:
    b, s, db = result["baseline"], result["surge"], result["db"]
    ratio = s["per_s"] / b["per_s"] if b["per_s"] else 0.0
    errors = sum(n for code, n in s["statuses"].items() if code != 201)
    consistent = db["rows"] == s["ok"] == result["public_count"] == db["shard_sum"] == db["distinct_users"] \
        == result["page_count"]
    print(f"\n== {result['label']} ==")
    print(f"baseline bare insert : {b['ok']:6d} ok in {b['seconds']:5.1f}s = {b['per_s']:7.1f}/s   "
          f"p50 {b['p50']:6.1f} ms  p99 {b['p99']:6.1f} ms   statuses {b['statuses']}")
    print(f"signing (service)    : {s['ok']:6d} ok in {s['seconds']:5.1f}s = {s['per_s']:7.1f}/s   "
          f"p50 {s['p50']:6.1f} ms  p99 {s['p99']:6.1f} ms   statuses {s['statuses']}")
    print(f"page while signing   : p50 {s['page_p50']:6.1f} ms  p99 {s['page_p99']:6.1f} ms  ({s['page_n']} loads); "
          f"count p50 {s['count_p50']:.1f} ms p99 {s['count_p99']:.1f} ms")
    print(f"ratio signing/baseline throughput: {ratio:.2f} (target >= 0.50)   "
          f"p99 signing {s['p99']:.0f} ms (target < 250)   errors {errors}")
    print(f"consistency: db rows {db['rows']} = distinct signers {db['distinct_users']} = counter {db['shard_sum']} "
          f"= 201 responses {s['ok']} = API count {result['public_count']} = page count {result['page_count']}: "
          f"{'OK' if consistent else 'MISMATCH'}")
    print(f"signatures per minute at this rate: {s['per_s'] * 60:,.0f} "
          f"(UK Parliament's site failed near 1,500-2,000/min in March 2019)")
    return consistent and errors == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--residents", type=int, default=4000)
    parser.add_argument("--signers", type=int, default=64)
    parser.add_argument("--pollers", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--child-setup", type=int)
    parser.add_argument("--child-verify", type=int)
    args = parser.parse_args()
    if args.child_setup:
        print(json.dumps(child_setup(args.child_setup)))
        return 0
    if args.child_verify:
        print(json.dumps(child_verify(args.child_verify)))
        return 0

    started = time.monotonic()
    database_url = os.environ.get("DATABASE_URL", "")
    args.both = bool(database_url)
    data_dir = Path(tempfile.mkdtemp(prefix="hromada-surge-"))
    env = {**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, **UNLIMITED_RATES}
    env.update({"HROMADA_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "hromada.config.settings",
                "HROMADA_API_RATE_USER": "100000000/m",
                "HROMADA_API_RATE_ANON": "100000000/m",
                "HROMADA_DEBUG": "0",
                "PYTHONPATH": str(ROOT / "src")})
    print(f"Signing surge: {args.residents} residents, {args.signers} concurrent signers, {args.pollers} pollers, "
          f"gunicorn gthread {args.workers}x{args.threads}, 2-core machine")
    ok = True
    try:
        ok &= report(run_backend("SQLite (WAL, fresh data dir)", env, args, started))
        if database_url:
            import psycopg

            base_url, _, _name = database_url.rpartition("/")
            bench_db = "hromada_bench_petitions"
            with psycopg.connect(f"{base_url}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {bench_db} WITH (FORCE)")
                conn.execute(f"CREATE DATABASE {bench_db}")
            ok &= report(run_backend("PostgreSQL", {**env, "DATABASE_URL": f"{base_url}/{bench_db}"}, args, started))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    print(f"\ntotal {time.monotonic() - started:.0f}s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
