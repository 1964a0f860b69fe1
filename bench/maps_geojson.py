"""City map benchmark: GeoJSON of a 2,000-feature layer through gunicorn, against /healthz in the same run,
and the weight of the public map page of the full demo (HTML, CSS, JS and the layers it loads).

Run: .venv/bin/python bench/maps_geojson.py [--requests 200] [--workers 2]
Uses a throw-away SQLite database in a temporary directory, removed at the end (or DATABASE_URL if set: it must
point to an empty database); traffic to 127.0.0.1 only (map tiles are switched off)."""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

from unlimited import UNLIMITED_RATES

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
FEATURES = 2000
# A mid-range phone as Lighthouse models one: 4x slower CPU, "fast 3G"-like network (150 ms RTT, 1.6 Mbit/s).
PHONE_JS = r"""
const [port, url] = process.argv.slice(2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  let target;
  for (let i = 0; i < 50 && !target; i++) {
    try { target = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()).find((t) => t.type === "page"); }
    catch (e) { await sleep(200); }
  }
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((r) => ws.addEventListener("open", r));
  let id = 0; const waiting = new Map();
  ws.addEventListener("message", (m) => { const d = JSON.parse(m.data); if (waiting.has(d.id)) { waiting.get(d.id)(d.result); waiting.delete(d.id); } });
  const send = (method, params = {}) => new Promise((r) => { id += 1; waiting.set(id, r); ws.send(JSON.stringify({ id, method, params })); });
  await send("Network.enable");
  await send("Network.setCacheDisabled", { cacheDisabled: true });
  await send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 });
  await send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await send("Emulation.setDeviceMetricsOverride", { width: 412, height: 823, deviceScaleFactor: 2.6, mobile: true });
  await send("Page.enable");
  await send("Page.addScriptToEvaluateOnNewDocument", { source:
    "window.__lt=[];new PerformanceObserver(function(l){l.getEntries().forEach(function(e){window.__lt.push(e.duration)})}).observe({type:'longtask',buffered:true});" });
  await send("Page.navigate", { url });
  let ready = null;
  for (let i = 0; i < 600 && !ready; i++) {
    await sleep(100);
    const r = await send("Runtime.evaluate", { expression: "(document.getElementById('map')||{dataset:{}}).dataset.ready || ''", returnByValue: true });
    ready = r && r.result && r.result.value;
  }
  const m = await send("Runtime.evaluate", { returnByValue: true, expression: `JSON.stringify({
    ready: Number(document.getElementById('map').dataset.ready),
    fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime,
    dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
    load: performance.getEntriesByType('navigation')[0].loadEventEnd,
    longtasks: window.__lt.length, blocking: window.__lt.reduce((a, d) => a + Math.max(0, d - 50), 0),
    longest: Math.max(0, ...window.__lt), markers: Number(document.getElementById('map').dataset.features) })` });
  console.log(m.result.value);
  ws.close(); process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
"""

SETUP = textwrap.dedent(f"""
    import random
    from django.db import transaction
    from hromada.core.identity.actors import SYSTEM
    from hromada.core.identity.models import Membership, Role, User
    from hromada.core.tenancy.services import community_create
    from hromada.demo.people import create_demo_community
    from hromada.maps.demo import load
    from hromada.maps.services import layer_create, layer_import

    rnd = random.Random(4)
    with transaction.atomic():
        community = community_create(actor=SYSTEM, slug="bench", name_uk="Бенч", center=(49.59, 34.55))
        staff = User.objects.create_user("bench-staff@example.org", "x-bench-password-1")
        Membership.objects.create(community=community, user=staff, role=Role.MODERATOR)
        schema = [{{"key": "sector", "label": "Галузь", "type": "string", "required": True}},
                  {{"key": "employees", "label": "Працівників", "type": "number", "required": False}},
                  {{"key": "phone", "label": "Телефон", "type": "phone", "required": False}},
                  {{"key": "registered", "label": "Зареєстровано", "type": "date", "required": False}}]
        layer = layer_create(actor=staff, community=community, slug="big", name_uk="Підприємства", schema=schema)
        features = [{{"type": "Feature",
                      "geometry": {{"type": "Point", "coordinates": [34.47 + rnd.random() * 0.17,
                                                                     49.53 + rnd.random() * 0.11]}},
                      "properties": {{"name": f"Підприємство «Зразок» № {{i}}", "address": f"вул. Соборності, {{i}}",
                                      "sector": rnd.choice(["Торгівля", "Послуги", "Харчування", "Виробництво"]),
                                      "employees": rnd.randint(1, 250), "phone": "+380 53 200 00 00",
                                      "registered": "2015-03-01"}}}} for i in range({FEATURES})]
        layer_import(actor=staff, community=community, layer_id=layer.pk, file_format="geojson",
                     content={{"type": "FeatureCollection", "features": features}})
        demo, _people = create_demo_community(slug="demo", residents=3)
        load(demo, size="full")
    print("ready")
""")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port: int, path: str, gz: bool = False) -> tuple[float, int, bytes, dict]:
    """One GET on a fresh connection (gunicorn's sync workers close it anyway): seconds, status, body, headers."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept-Encoding": "gzip"} if gz else {}
    started = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed, response.status, body, dict(response.getheaders())


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def throughput(port: int, path: str, seconds: float, clients: int) -> float:
    done = [0] * clients
    stop = time.perf_counter() + seconds

    def run(i):
        while time.perf_counter() < stop:
            fetch(port, path, gz=True)
            done[i] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / seconds


def phone(port: int, tmp: str) -> None:
    """Load the public map in headless Chromium throttled like a mid-range phone (needs chromium and node)."""
    chromium, node = shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("node")
    if not chromium or not node:
        print("\nphone emulation skipped: chromium and node are needed")
        return
    script = Path(tmp) / "phone.js"
    script.write_text(PHONE_JS)
    devtools = free_port()
    print("\npublic map on an emulated mid-range phone (4x CPU slowdown, 150 ms RTT, 1.6 Mbit/s, no cache; "
          "Chromium headless)")
    for label, query in (("all 7 layers, 1,405 features", ""), ("one layer (pharmacies)", "?layer=pharmacies")):
        runs = []
        for _ in range(3):
            browser = subprocess.Popen(
                [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", f"--remote-debugging-port={devtools}",
                 f"--user-data-dir={tmp}/chromium", "--no-first-run", "about:blank"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                out = subprocess.run([node, "--experimental-websocket", "--no-warnings", str(script), str(devtools),
                                      f"http://127.0.0.1:{port}/c/demo/map/{query}"],
                                     capture_output=True, text=True, timeout=120)
                runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
            finally:
                browser.terminate()
                browser.wait(timeout=10)
        best = sorted(runs, key=lambda r: r["ready"])[len(runs) // 2]  # the median run
        print(f"  {label:32} first paint {best['fcp']:.0f} ms, markers drawn {best['ready']:.0f} ms, "
              f"long tasks {best['longtasks']} (blocking {best['blocking']:.0f} ms, longest {best['longest']:.0f} ms), "
              f"{best['markers']} features")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=8.0, help="duration of each throughput run")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="hromada-bench-maps-")
    env = {**os.environ, **UNLIMITED_RATES, "HROMADA_DATA_DIR": tmp, "HROMADA_API_RATE_ANON": "1000000/m",
           "HROMADA_API_RATE_USER": "1000000/m", "DJANGO_SETTINGS_MODULE": "hromada.config.settings",
           "HROMADA_LOG_LEVEL": "ERROR", "HROMADA_MAP_TILES": ""}  # no tile requests leave 127.0.0.1
    t0 = time.perf_counter()
    subprocess.run([BIN / "hromada", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    # As in production: collected static files, which WhiteNoise serves pre-compressed.
    env["HROMADA_STATIC_ROOT"] = str(Path(tmp) / "static")
    subprocess.run([BIN / "hromada", "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    out = subprocess.run([BIN / "hromada", "shell", "-c", SETUP], env=env, check=True, cwd=ROOT,
                         capture_output=True, text=True)
    assert "ready" in out.stdout, out.stderr
    print(f"setup: {time.perf_counter() - t0:.1f}s (database: {env.get('DATABASE_URL', 'SQLite in ' + tmp)})")

    port = free_port()
    server = subprocess.Popen(
        [BIN / "gunicorn", "hromada.config.wsgi:application", "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning"], env=env, cwd=ROOT)
    try:
        for _ in range(100):
            try:
                if fetch(port, "/healthz")[1] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        layer = "/c/bench/map/layers/big.geojson"
        whole = "bbox=-180,-90,180,90"  # every feature, but filtered requests are rendered afresh, never cached
        paths = {
            "healthz": ("/healthz", False),
            "layer, cached": (layer, False),
            "layer, cached, gzip": (layer, True),
            "layer, rendered": (f"{layer}?{whole}", False),
            "layer, rendered, gzip": (f"{layer}?{whole}", True),
            "api limit=2000, rendered": (f"/c/bench/api/v1/maps/layers/big/features?limit=2000&{whole}", False),
            "api bbox quarter": ("/c/bench/api/v1/maps/layers/big/features?limit=2000"
                                 "&bbox=34.47,49.53,34.555,49.585", False),
        }
        for path, gz in paths.values():  # warm every worker
            for _ in range(args.workers * 3):
                status = fetch(port, path, gz)[1]
                assert status == 200, (path, status)
        times = {name: [] for name in paths}
        sizes = {}
        for _ in range(args.requests):  # interleaved, so drift hits every series alike
            for name, (path, gz) in paths.items():
                elapsed, status, body, headers = fetch(port, path, gz)
                assert status == 200
                times[name].append(elapsed)
                sizes[name] = (len(body), headers.get("Content-Encoding", ""))
        base = statistics.median(times["healthz"])
        print(f"\nsequential requests, {args.requests} each, gunicorn {args.workers} sync workers")
        print(f"{'endpoint':28} {'p50 ms':>8} {'p99 ms':>8} {'x healthz p50':>14} {'bytes':>10}")
        for name in paths:
            p50, p99 = statistics.median(times[name]), pct(times[name], 99)
            size, enc = sizes[name]
            print(f"{name:28} {p50 * 1000:8.2f} {p99 * 1000:8.2f} {p50 / base:14.1f} {size:>10,} {enc}")
        raw = fetch(port, layer)[2]
        print(f"\nlayer of {FEATURES} features: {len(raw):,} bytes raw, "
              f"{len(gzip.compress(raw, 6)):,} gzip-6, {len(raw) / FEATURES:.0f} bytes per feature")

        clients = args.workers * 2
        rps_health = throughput(port, "/healthz", args.seconds, clients)
        rps_cached = throughput(port, layer, args.seconds, clients)
        rps_rendered = throughput(port, f"{layer}?{whole}", args.seconds, clients)
        print(f"\nthroughput with {clients} client threads (gzip): healthz {rps_health:.0f} req/s; 2,000-feature layer "
              f"cached {rps_cached:.0f} req/s ({rps_cached / rps_health:.2f} x healthz), "
              f"rendered {rps_rendered:.1f} req/s ({rps_rendered / rps_health:.3f} x healthz)")
        tag = fetch(port, layer)[3]["ETag"]
        conn_times = []
        for _ in range(50):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            started = time.perf_counter()
            conn.request("GET", layer, headers={"If-None-Match": tag})
            response = conn.getresponse()
            response.read()
            conn_times.append(time.perf_counter() - started)
            assert response.status == 304
            conn.close()
        print(f"repeat visit with If-None-Match: 304 in {statistics.median(conn_times) * 1000:.2f} ms p50 "
              f"({statistics.median(conn_times) / base:.1f} x healthz), 0 bytes of body")

        # The public map page of the full demo, as a phone loads it on first visit.
        _t, status, html, _h = fetch(port, "/c/demo/map/", gz=False)
        assert status == 200
        page = html.decode()
        assets = sorted(set(re.findall(r'(?:src|href)="(/static/[^"]+)"', page)))
        rows = [("HTML /c/demo/map/", len(html), len(gzip.compress(html, 6)))]
        for asset in assets:
            body = fetch(port, asset)[2]
            rows.append((asset, len(body), len(gzip.compress(body, 6))))
        data = re.search(r'<script id="map-data" type="application/json">(.*?)</script>', page, re.S).group(1)
        for url in re.findall(r'"url": "([^"]+\.geojson)"', data):
            body = fetch(port, url)[2]
            rows.append((url, len(body), len(gzip.compress(body, 6))))
        print("\npublic map page of the full demo (first visit, base-map tiles not counted)")
        for name, size, zipped in rows:
            print(f"  {name:55} {size:>10,} {zipped:>9,} gzip")
        total, total_gz = sum(r[1] for r in rows), sum(r[2] for r in rows)
        print(f"  {'total':55} {total:>10,} {total_gz:>9,} gzip")
        page_times = [fetch(port, "/c/demo/map/")[0] for _ in range(30)]
        print(f"  map page HTML p50 {statistics.median(page_times) * 1000:.1f} ms "
              f"({statistics.median(page_times) / base:.1f} x healthz)")
        phone(port, tmp)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
