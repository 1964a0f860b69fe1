"""Council transparency benchmark (issue 16): 64 deputies in 5 factions over 10 years, 30,000 vote events and
about 2 million votes, imported through council_import as the national CSV structures; then the p50 of the
deputies list, a deputy's page and the API's deputies list (target < 100 ms).

In-process through Django's test client (middleware, URL, view, template; no socket), on a fresh SQLite file, or
on PostgreSQL when DATABASE_URL is set (a scratch database: it is migrated and left behind). Baselines measured in
the same run: /healthz, and the commissions page (the same base template and council navigation, no figures).

    .venv/bin/python bench/council_scale.py [--events 30000] [--deputies 64] [--years 10] [--requests 60]
                                            [--bulk --import-slice 500] [--http]

--bulk writes the vote events and votes with bulk_create instead (the deputies, sessions and convocation still
go through council_import), then rebuilds every stored metric; the import service is then timed on the first
--import-slice vote events only, in a second community. For a database where a full import outlasts the run.
--http times the same pages again over a socket through `hromada serve` as shipped (gunicorn), one at a time.
--pages-only times the pages of the newest bench community an earlier run left in the database (DATABASE_URL, or
HROMADA_DATA_DIR holding its SQLite file); with --analyze, again after the import's refresh_statistics.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from opendata_search import setup_django  # the same fresh SQLite file or DATABASE_URL, migrated

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# Votes of a faction's member: the faction's intent most of the time, otherwise any option; absent 8% of the time.
INTENTS = (("За", 0.72), ("Проти", 0.12), ("Утримався", 0.1), ("Не голосував", 0.06))
OTHERS = ("За", "Проти", "Утримався", "Не голосував")


def table(header: list[str], rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def generate(deputies: int, events: int, years: int, seed: int) -> dict:
    """The national structures of one council: CSV texts per kind, votings split by year (as councils publish)."""
    rnd = random.Random(seed)
    start = date(2016, 1, 1)
    factions = [f"Фракція {name}" for name in ("Світанок", "Поступ", "Громада", "Рух", "Злагода")]
    faction_of = [factions[min(i * len(factions) // deputies, len(factions) - 1)] for i in range(deputies)]
    people = table(["id", "familyName", "name", "additionalName", "faction", "party", "startDate", "convocation"],
                   [[f"d{i}", f"Депутатенко{i:02d}", "Олена" if i % 2 else "Петро", "Іванівна" if i % 2 else "Іванович",
                     faction_of[i], faction_of[i].replace("Фракція", "Партія"), start.isoformat(), 8]
                    for i in range(deputies)])
    sessions_n = years * 12
    per_session = events // sessions_n
    sessions, motions, votings_by_year = [], [], {}
    for s in range(sessions_n):
        day = start + timedelta(days=int(s * 365.25 / 12) + 10)
        sessions.append([8, s + 1, day.isoformat()])
        rows = votings_by_year.setdefault(day.year, [])
        for k in range(per_session):
            uid = f"m{s}-{k}"
            motions.append([uid, day.isoformat(), 8, s + 1, k + 1, f"Про питання {s + 1}.{k + 1} порядку денного",
                            "Прийнято" if rnd.random() < 0.8 else "Не прийнято"])
            intent = {f: rnd.choices([o for o, _w in INTENTS], [w for _o, w in INTENTS])[0] for f in factions}
            for i in range(deputies):
                roll = rnd.random()
                option = ("Відсутній" if roll < 0.08 else intent[faction_of[i]] if roll < 0.93
                          else rnd.choice(OTHERS))
                rows.append([uid, f"d{i}", option])
    return {"convocations": table(["number", "startDate"], [[8, start.isoformat()]]), "deputies": people,
            "sessions": table(["convocation", "number", "startDate"], sessions),
            "motions": table(["uid", "date", "convocation", "session", "num", "title", "votingResult"], motions),
            "votings": {year: table(["motionUid", "voterId", "result"], rows)
                        for year, rows in sorted(votings_by_year.items())},
            "votes": sum(len(rows) for rows in votings_by_year.values()), "events": len(motions)}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(client, urls: list[str]) -> list[float]:
    samples = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="uk")
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=30_000)
    parser.add_argument("--deputies", type=int, default=64)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--bulk", action="store_true")
    parser.add_argument("--import-slice", type=int, default=500)
    parser.add_argument("--http", action="store_true", help="also time the pages over HTTP through hromada serve")
    parser.add_argument("--pages-only", action="store_true",
                        help="no generation or import: time the pages of the newest bench community already stored")
    parser.add_argument("--analyze", action="store_true",
                        help="with --pages-only: time the pages, ANALYZE the council's tables, time them again")
    parser.add_argument("--explain", action="store_true",
                        help="with --pages-only: EXPLAIN ANALYZE every query of a deputy page and the deputies list")
    args = parser.parse_args()
    if args.pages_only and os.environ.get("HROMADA_DATA_DIR") and not os.environ.get("DATABASE_URL"):
        # An earlier run's SQLite file (setup_django would otherwise make a fresh directory).
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(os.environ['HROMADA_DATA_DIR']) / 'hromada.sqlite3'}"
    setup_django()
    if args.pages_only:
        pages_only(args)
        return

    from django.db import connection

    from hromada.core import capabilities
    from hromada.core.identity.actors import SYSTEM
    from hromada.core.tenancy.models import Community
    from hromada.core.tenancy.selectors import invalidate_community_cache
    from hromada.council.metrics import council_metrics_refresh
    from hromada.council.services import council_import

    print(f"database: {connection.vendor}; load average before: {os.getloadavg()}")
    started = time.perf_counter()
    data = generate(args.deputies, args.events, args.years, args.seed)
    print(f"generated {data['events']:,} vote events and {data['votes']:,} votes in "
          f"{time.perf_counter() - started:.1f} s")
    slug = f"bench-council-{int(time.time())}"
    community = Community.objects.create(slug=slug, name_uk="Рада (бенчмарк)", name_en="Council (benchmark)",
                                         enabled_capabilities=[m.slug for m in capabilities.manifests()],
                                         center_lat=49.59, center_lon=34.55)
    invalidate_community_cache()

    def load(kind: str, content: str) -> float:
        began = time.perf_counter()
        council_import(actor=SYSTEM, community=community, kind=kind, content=content)
        return time.perf_counter() - began

    for kind in ("convocations", "deputies", "sessions"):
        load(kind, data[kind])
    if args.bulk:
        bulk(community, data)
        import_slice(data, args.import_slice)
    else:
        full_import(community, data, load)
    began = time.perf_counter()
    months = council_metrics_refresh(actor=SYSTEM, community=community)
    print(f"full metrics rebuild ({months} months): {time.perf_counter() - began:.1f} s")
    urls = pages(community, slug, args.requests)
    if args.http:
        over_http(urls)


def pages_only(args) -> None:
    """The page timings alone, on a database an earlier run left behind (DATABASE_URL, or HROMADA_DATA_DIR for a
    SQLite file); with --analyze, before and after refreshing the planner's statistics of the council's tables."""
    from django.db import connection

    from hromada.core.tenancy.models import Community
    from hromada.council.services.importing import _refresh_statistics as refresh_statistics

    community = Community.objects.filter(slug__startswith="bench-council-").order_by("-pk").first()
    if community is None:
        raise SystemExit("no bench-council-* community in this database: run the benchmark without --pages-only")
    print(f"database: {connection.vendor}; community {community.slug}; load average: {os.getloadavg()}")
    if args.explain:
        explain(community)
        return
    pages(community, community.slug, args.requests)
    if args.analyze:
        began = time.perf_counter()
        refresh_statistics()
        print(f"refresh_statistics (ANALYZE; VACUUM (ANALYZE) on PostgreSQL): {time.perf_counter() - began:.1f} s "
              f"(load {os.getloadavg()[0]:.1f})")
        pages(community, community.slug, args.requests)


def explain(community) -> None:
    """Every query of one deputy's page and of the deputies list, captured as the page runs, then run again under
    EXPLAIN ANALYZE (PostgreSQL: the server's own execution time) or timed (SQLite, with its EXPLAIN QUERY PLAN)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from hromada.council.models import Person

    client = Client()
    deputy = Person.objects.filter(community=community).order_by("pk").values_list("pk", flat=True).first()
    for url in (f"/c/{community.slug}/council/deputies/{deputy}/", f"/c/{community.slug}/council/"):
        client.get(url, HTTP_ACCEPT_LANGUAGE="uk")  # warm
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, HTTP_ACCEPT_LANGUAGE="uk").status_code == 200
        print(f"{url}: {len(captured)} queries; load {os.getloadavg()[0]:.1f}")
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                sql = query["sql"]
                if connection.vendor == "postgresql":
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                    lines = [row[0] for row in cursor.fetchall()]
                    took = float(lines[-1].split(":")[1].split()[0])
                    plan = " / ".join(line.strip() for line in lines[:-2] if "->" in line or line is lines[0])
                else:
                    began = time.perf_counter()
                    cursor.execute(sql)
                    cursor.fetchall()
                    took = (time.perf_counter() - began) * 1000
                    cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                    plan = " / ".join(str(row[-1]) for row in cursor.fetchall())
                print(f"  {took:8.2f} ms  {sql[:150]}")
                if took >= 2:
                    print(f"             plan: {plan[:600]}")


def full_import(community, data: dict, load) -> None:
    from hromada.council.models import Vote

    motions_s = load("motions", data["motions"])
    print(f"import motions ({data['events']:,} vote events): {motions_s:.1f} s")
    votings_s = 0.0
    for year, content in data["votings"].items():
        seconds = load("votings", content)
        votings_s += seconds
        print(f"  votings {year}: {seconds:.1f} s (load {os.getloadavg()[0]:.1f})")
    stored = Vote.objects.filter(community=community).count()
    assert stored == data["votes"], (stored, data["votes"])
    print(f"import votings ({stored:,} votes, metrics refreshed per file): {votings_s:.1f} s = "
          f"{stored / votings_s:,.0f} votes/s")


def bulk(community, data: dict) -> None:
    """The same vote events and votes written with bulk_create, each vote with the deputy's faction of the day."""
    from hromada.council.models import Membership, Person, Session, Sitting, Vote, VoteEvent

    began = time.perf_counter()
    sessions = {s.number: s for s in Session.objects.filter(community=community)}
    people = {p.source_id: p.pk for p in Person.objects.filter(community=community)}
    faction = dict(Membership.objects.filter(community=community, organization__kind="faction")
                   .values_list("person_id", "organization_id"))
    motions = list(csv.reader(io.StringIO(data["motions"])))[1:]
    sittings = {}
    for _uid, day, _conv, session, _num, _title, _result in motions:
        if session not in sittings:
            sittings[session] = Sitting(community=community, session=sessions[int(session)], number=1,
                                        date=date.fromisoformat(day))
    Sitting.objects.bulk_create(sittings.values(), batch_size=1000)
    events = [VoteEvent(community=community, sitting=sittings[session], number=int(num),
                        date=date.fromisoformat(day), question=title, identifier=uid,
                        result="pass" if result == "Прийнято" else "fail")
              for uid, day, _conv, session, num, title, result in motions]
    VoteEvent.objects.bulk_create(events, batch_size=2000)
    event_of, place_of = {}, {}
    for uid, pk, day, number in VoteEvent.objects.filter(community=community).values_list("identifier", "pk", "date",
                                                                                          "number"):
        event_of[uid], place_of[uid] = pk, (day, number)
    words = {"За": "yes", "Проти": "no", "Утримався": "abstain", "Не голосував": "not_voting", "Відсутній": "absent"}
    written = 0
    for content in data["votings"].values():
        rows = list(csv.reader(io.StringIO(content)))[1:]
        for start in range(0, len(rows), 20_000):
            Vote.objects.bulk_create([Vote(community=community, vote_event_id=event_of[uid], person_id=people[voter],
                                           option=words[word], faction_id=faction.get(people[voter]),
                                           event_date=place_of[uid][0], event_number=place_of[uid][1])
                                      for uid, voter, word in rows[start:start + 20_000]], batch_size=5000)
        written += len(rows)
    print(f"bulk load ({len(events):,} vote events, {written:,} votes; not the import service): "
          f"{time.perf_counter() - began:.1f} s (load {os.getloadavg()[0]:.1f})")


def import_slice(data: dict, events: int) -> None:
    """council_import on the first `events` vote events (their motions and votings), in a community of its own."""
    from hromada.core import capabilities
    from hromada.core.identity.actors import SYSTEM
    from hromada.core.tenancy.models import Community
    from hromada.council.services import council_import

    community = Community.objects.create(slug=f"bench-council-slice-{int(time.time())}", name_uk="Рада (зріз)",
                                         name_en="Council (slice)", center_lat=49.59, center_lon=34.55,
                                         enabled_capabilities=[m.slug for m in capabilities.manifests()])
    motions = data["motions"].splitlines(keepends=True)
    header, chosen = motions[0], motions[1:events + 1]
    uids = {line.split(",", 1)[0] for line in chosen}
    votings = [line for content in data["votings"].values() for line in content.splitlines(keepends=True)[1:]
               if line.split(",", 1)[0] in uids]
    for kind in ("convocations", "deputies", "sessions"):
        council_import(actor=SYSTEM, community=community, kind=kind, content=data[kind])
    began = time.perf_counter()
    council_import(actor=SYSTEM, community=community, kind="motions", content=header + "".join(chosen))
    middle = time.perf_counter()
    council_import(actor=SYSTEM, community=community, kind="votings",
                   content="motionUid,voterId,result\n" + "".join(votings))
    done = time.perf_counter()
    print(f"import service on a slice: {len(chosen):,} motions {middle - began:.1f} s, {len(votings):,} votings "
          f"{done - middle:.1f} s = {len(votings) / (done - middle):,.0f} votes/s (metrics included; load "
          f"{os.getloadavg()[0]:.1f})")


def pages(community, slug: str, requests: int) -> None:
    from django.test import Client

    from hromada.council.models import Person, Vote

    args = argparse.Namespace(requests=requests)
    client = Client()
    base = f"/c/{slug}"
    deputies = list(Person.objects.filter(community=community).values_list("pk", flat=True))
    pages = {
        "baseline /healthz": ["/healthz"] * args.requests,
        "baseline commissions page": [f"{base}/council/commissions/"] * args.requests,
        "deputies list (64 cards, all-time figures)": [f"{base}/council/"] * args.requests,
        "deputies list, one year": [f"{base}/council/?from=2020-01&to=2020-12"] * args.requests,
        "deputy page (all-time)": [f"{base}/council/deputies/{deputies[i % len(deputies)]}/"
                                   for i in range(args.requests)],
        "deputy page, one year": [f"{base}/council/deputies/{deputies[i % len(deputies)]}/?from=2020-01&to=2020-12"
                                  for i in range(args.requests)],
        "API deputies list (page_size=64)": [f"{base}/api/v1/council/deputies?page_size=64&page={1 + i % 1}"
                                             f"&sort=name&q=&x={i}" for i in range(args.requests)],
        "vote event page (roll-call)": [f"{base}/council/votes/{pk}/" for pk in
                                        Vote.objects.filter(community=community).order_by("-vote_event_id")
                                        .values_list("vote_event_id", flat=True).distinct()[:args.requests]],
    }
    for urls in pages.values():  # warm: templates, connections, caches of the community and translations
        measure(client, urls[:5])
    print(f"in-process (Django's test client); load average at the page timings: {os.getloadavg()}")
    report(pages, lambda urls: measure(client, urls))
    return pages


def report(pages: dict[str, list[str]], timed) -> None:
    baseline = None
    for name, urls in pages.items():
        samples = timed(urls)
        p50 = statistics.median(samples)
        if name == "baseline commissions page":
            baseline = p50
        ratio = f"= {p50 / baseline:5.1f} × commissions page" if baseline else ""
        print(f"  {name:<44} p50 {p50:8.2f} ms  p90 {pct(samples, 0.9):8.2f} ms  {ratio}")
    print(f"load average after: {os.getloadavg()}")


def over_http(pages: dict[str, list[str]]) -> None:
    """The same requests over a socket, one at a time, to `hromada serve` as shipped (gunicorn and its workers,
    the whole middleware stack), on the same database."""
    import http.client

    from harness import loadgen
    from harness.server import Server

    def fetch(urls: list[str]) -> list[float]:
        samples = []
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        for url in urls:
            started = time.perf_counter()
            connection.request("GET", url, headers={"Accept-Language": "uk"})
            response = connection.getresponse()
            body = response.read()
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status == 200, (url, response.status, body[:300])
        connection.close()
        return samples

    log = Path(os.environ.get("HROMADA_DATA_DIR") or tempfile.gettempdir()) / "council-bench-server.log"
    env = {k: v for k, v in os.environ.items() if k != "HROMADA_TASK_BACKEND"}  # serve runs the database worker
    with Server(env, log=log) as server:
        loadgen.wait_until_up("127.0.0.1", server.port, seconds=300)
        for urls in pages.values():  # every worker warm
            fetch(urls[:10])
        print(f"over HTTP (hromada serve as shipped, one request at a time); load average: {os.getloadavg()}")
        report(pages, fetch)


if __name__ == "__main__":
    main()
