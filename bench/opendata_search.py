"""Open-data portal benchmark: CKAN package_search over 10,000 datasets, datastore_search with a filter
and a sort on a 1,000,000-row resource, and loading a 1,000,000-row CSV into the datastore.

Runs in-process through Django's test client (the whole middleware, URL, view and JSON path, no socket)
on a fresh SQLite file, or on PostgreSQL when DATABASE_URL is set (point it at a scratch database: the
benchmark migrates it and leaves its tables behind). Baselines measured in the same run: /healthz through
the same client for the searches, and the database's own bulk load of the same CSV (SQLite: csv.reader +
executemany into a plain untyped table; PostgreSQL: COPY ... FROM STDIN into a plain text table).
Targets: package_search p50 < 50 ms; filtered datastore_search p50 < 100 ms; loading >= 50% of the
database's own rate.

    .venv/bin/python bench/opendata_search.py [--datasets 10000] [--rows 1000000] [--requests 200]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

from unlimited import UNLIMITED_RATES

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["HROMADA_DATA_DIR"] = tempfile.mkdtemp(prefix="hromada-bench-opendata-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.config.settings")
    os.environ.update(UNLIMITED_RATES)
    os.environ["HROMADA_TASK_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def timed(client, url: str, params: dict, *, before=None) -> float:
    if before is not None:
        before()
    started = time.perf_counter()
    response = client.get(url, params)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, params, response.content[:300])
    return elapsed


def report(name: str, samples: list[float], baseline: float) -> dict:
    p50, p99 = pct(samples, 0.5), pct(samples, 0.99)
    print(f"  {name:<46} p50 {p50:8.2f} ms   p99 {p99:8.2f} ms   p50 = {p50 / baseline:6.1f} × /healthz")
    return {"p50": p50, "p99": p99}


def make_catalogue(community, n: int):
    """10,000 datasets with tags, themes-free, one CSV resource each (bulk-created: setup, not measured)."""
    from django.utils import timezone

    from hromada.opendata.models import Dataset, Publisher, Resource, Tag

    rnd = random.Random(7)
    publishers = [Publisher.objects.create(community=community, name=f"pub-{i}", title=f"Розпорядник {i}")
                  for i in range(20)]
    tags = [Tag.objects.create(community=community, name=name) for name in
            ("бюджет", "освіта", "транспорт", "довкілля", "здоров'я", "земля", "енергетика", "культура")]
    words = ["видатки", "школи", "зупинки", "повітря", "лікарні", "ділянки", "тарифи", "музеї", "ремонт", "закупівлі"]
    now = timezone.now()
    datasets = []
    for i in range(n):
        pub = rnd.choice(publishers)
        title = f"{rnd.choice(words).capitalize()} {rnd.choice(words)} {i}"
        datasets.append(Dataset(community=community, publisher=pub, name=f"ds-{i:05d}", title=title,
                                description=f"Опис набору {title}", maintainer="Відповідальна особа",
                                maintainer_email="od@example.org", metadata_modified=now,
                                search_text=f"{title} ds-{i:05d} {pub.title}".lower(), private=i % 50 == 0))
    Dataset.objects.bulk_create(datasets, batch_size=1000)
    through = Dataset.tags.through
    through.objects.bulk_create([through(dataset_id=d.pk, tag_id=rnd.choice(tags).pk) for d in datasets],
                                batch_size=2000)
    Resource.objects.bulk_create([Resource(community=community, dataset=d, name="Дані", format=rnd.choice(
        ["CSV", "CSV", "JSON", "XLSX"]), last_modified=now) for d in datasets], batch_size=2000)
    return words


def make_csv(rows: int) -> bytes:
    rnd = random.Random(11)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "category", "district", "amount", "day", "note"])
    districts = [f"Район {i}" for i in range(12)]
    for i in range(1, rows + 1):
        writer.writerow([i, f"cat-{rnd.randrange(40)}", rnd.choice(districts), f"{rnd.uniform(0, 1e6):.2f}",
                         f"2025-{rnd.randrange(12) + 1:02d}-{rnd.randrange(28) + 1:02d}", f"запис {i}"])
    return buffer.getvalue().encode("utf-8")


SCHEMA = {"fields": [{"name": "id", "type": "integer"}, {"name": "category", "type": "string"},
                     {"name": "district", "type": "string"}, {"name": "amount", "type": "number"},
                     {"name": "day", "type": "date"}, {"name": "note", "type": "string"}]}


def baseline_load(content: bytes) -> float:
    """The database's own bulk load of the same file into a plain table; returns seconds."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain")
        cursor.execute("CREATE TABLE bench_plain (id text, category text, district text, amount text, day text, note text)")
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            with cursor.cursor.copy("COPY bench_plain FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
                for start in range(0, len(content), 4 * 2**20):
                    copy.write(content[start:start + 4 * 2**20])
    else:
        reader = csv.reader(io.StringIO(content.decode("utf-8"), newline=""))
        next(reader)
        sql = "INSERT INTO bench_plain VALUES (%s, %s, %s, %s, %s, %s)"
        batch = []
        for row in reader:
            batch.append(row)
            if len(batch) >= 10_000:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.executemany(sql, batch)
                batch = []
        if batch:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, batch)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_plain")
    return elapsed


def datastore_load(community, dataset, content: bytes, rows: int):
    """Load through the portal's datastore (the code the background task runs), printing the job's progress."""
    from django.db import connection
    from django.utils import timezone

    from hromada.opendata import datastore
    from hromada.opendata.models import DatastoreTable, Resource, ResourceVersion
    from hromada.opendata.validation import ckan_fields

    resource = Resource.objects.create(community=community, dataset=dataset, name="1M rows", format="CSV",
                                       last_modified=timezone.now())
    version = ResourceVersion.objects.create(community=community, resource=resource, number=1,
                                             table_schema=SCHEMA, row_count=rows)
    Resource.objects.filter(pk=resource.pk).update(current_version=version)
    table = DatastoreTable.objects.create(community=community, version=version, rows_total=rows,
                                          table_name=f"opendata_ds_{community.pk}_{version.pk}",
                                          fields=ckan_fields(SCHEMA))
    stop = threading.Event()

    def watch():
        # A second connection reads the job row, as the page's htmx poll does.
        while not stop.wait(2.0):
            job = DatastoreTable.objects.get(pk=table.pk)
            print(f"    progress: {job.get_status_display():<8} {job.rows_loaded:>9,} / {job.rows_total:,} rows")
        connection.close()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    # datastore.load() in two timed halves: the rows, then the indexes.
    started = time.perf_counter()
    loaded = datastore.load_rows(table, content, "CSV")
    load_seconds = time.perf_counter() - started
    index_started = time.perf_counter()
    DatastoreTable.objects.filter(pk=table.pk).update(status="indexing")
    datastore.build_indexes(table)
    DatastoreTable.objects.filter(pk=table.pk).update(status="active", finished_at=timezone.now())
    index_seconds = time.perf_counter() - index_started
    stop.set()
    watcher.join()
    assert loaded == rows, (loaded, rows)
    return resource, load_seconds, index_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test import Client

    from hromada.core.tenancy.models import Community
    from hromada.core.tenancy.selectors import invalidate_community_cache

    vendor = connection.vendor
    print(f"Open-data benchmark on {vendor} ({args.datasets:,} datasets, {args.rows:,} rows)")
    from hromada.opendata.models import Dataset as _Dataset

    # A previous run's data on the same PostgreSQL database (datasets protect their publishers).
    _Dataset.objects.filter(community__slug="odbench").delete()
    Community.objects.filter(slug="odbench").delete()
    community = Community.objects.create(slug="odbench", name_uk="Бенчмарк", enabled_capabilities=["opendata"])
    invalidate_community_cache()
    started = time.perf_counter()
    words = make_catalogue(community, args.datasets)
    if vendor == "postgresql":
        # What autovacuum does within a minute of a bulk load; without it the planner guesses 2 rows.
        with connection.cursor() as cursor:
            for table in ("opendata_dataset", "opendata_dataset_tags", "opendata_resource", "opendata_publisher"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"  catalogue built in {time.perf_counter() - started:.1f} s (setup, not measured)")
    from hromada.opendata.ckan.dicts import render_stored_packages
    from hromada.opendata.models import Dataset as _D
    from hromada.opendata.models import StoredPackage

    started = time.perf_counter()
    ids = list(_D.objects.filter(community=community).values_list("pk", flat=True))
    rendered = sum(render_stored_packages(ids[i:i + 500]) for i in range(0, len(ids), 500))
    print(f"  {rendered:,} package dicts rendered in {time.perf_counter() - started:.1f} s "
          "(what the task does after each write; setup, not measured)")

    client = Client()
    base = "/c/odbench"
    for _ in range(20):
        client.get(f"{base}/healthz")
    health = [timed(client, f"{base}/healthz", {}) for _ in range(args.requests)]
    baseline = pct(health, 0.5)
    print(f"  baseline /healthz                              p50 {baseline:8.2f} ms   p99 {pct(health, 0.99):8.2f} ms")
    rnd = random.Random(3)
    search_url = f"{base}/api/3/action/package_search"
    facets = json.dumps(["organization", "tags", "res_format", "license_id"])
    queries = [
        ("package_search rows=10 (default sort)", lambda: {}),
        ("package_search q=<word> + 4 facets", lambda: {"q": rnd.choice(words), "facet.field": facets}),
        ("package_search fq=organization + sort id asc", lambda: {"fq": f"organization:pub-{rnd.randrange(20)}",
                                                                  "sort": "id asc", "rows": 100}),
        ("package_search fq=metadata_modified range", lambda: {"fq": "metadata_modified:[2000-01-01T00:00:00Z TO *]",
                                                               "sort": "metadata_modified desc",
                                                               "start": rnd.randrange(0, 9000)}),
    ]
    from hromada.opendata import search

    results = {}
    for cached in (False, True):
        # Cold: counts and facets computed for every request; warm: the catalogue-version cache is used.
        # Cold: the catalogue version is bumped (outside the timed window) before every request.
        cold = None if cached else (lambda: search.catalogue_changed(community.pk))
        print(f"  -- {'warm (count/facet cache on)' if cached else 'cold (count/facet cache off)'}")
        for name, params in queries:
            for _ in range(5):
                client.get(search_url, params())
            samples = [timed(client, search_url, params(), before=cold) for _ in range(args.requests)]
            results[(name, cached)] = report(name, samples, baseline)

    # Right after a bulk import, before the sweep renders them: every package built from the models.
    cold = lambda: search.catalogue_changed(community.pk)  # noqa: E731
    StoredPackage.objects.filter(dataset__community=community).update(json=None)
    print("  -- package dicts not rendered yet (built from the models for every request), cold")
    for name, params in queries[1:3]:
        samples = [timed(client, search_url, params(), before=cold) for _ in range(args.requests)]
        results[(name, "built")] = report(name, samples, baseline)

    print(f"  generating a {args.rows:,}-row CSV …")
    content = make_csv(args.rows)
    print(f"  CSV: {len(content) / 2**20:.1f} MiB")
    base_seconds = baseline_load(content)
    print(f"  database's own bulk load ({'COPY' if vendor == 'postgresql' else 'executemany, plain table'}): "
          f"{base_seconds:.1f} s = {args.rows / base_seconds:,.0f} rows/s")
    from hromada.opendata.models import Dataset

    dataset = Dataset.objects.filter(community=community, private=False).first()
    resource, load_seconds, index_seconds = datastore_load(community, dataset, content, args.rows)
    print(f"  datastore load (typed table, batches, progress): {load_seconds:.1f} s = "
          f"{args.rows / load_seconds:,.0f} rows/s = {100 * base_seconds / load_seconds:.0f}% of the database's rate")
    print(f"  + indexes on every column: {index_seconds:.1f} s; load + indexes = "
          f"{100 * base_seconds / (load_seconds + index_seconds):.0f}% of the database's rate")

    ds_url = f"{base}/api/3/action/datastore_search"
    ds_queries = [
        ("datastore_search filter category, sort amount", lambda: {
            "resource_id": str(resource.pk), "filters": json.dumps({"category": f"cat-{rnd.randrange(40)}"}),
            "sort": "amount desc", "limit": 100}),
        ("datastore_search filter district (1/12), sort day", lambda: {
            "resource_id": str(resource.pk), "filters": json.dumps({"district": f"Район {rnd.randrange(12)}"}),
            "sort": "day asc", "limit": 100}),
        ("datastore_search no filter, offset paging", lambda: {
            "resource_id": str(resource.pk), "limit": 100, "offset": rnd.randrange(0, 900_000)}),
    ]
    for name, params in ds_queries:
        for _ in range(3):
            client.get(ds_url, params())
        samples = [timed(client, ds_url, params()) for _ in range(max(20, args.requests // 4))]
        results[name] = report(name, samples, baseline)
    print("Targets: package_search p50 < 50 ms; filtered datastore_search p50 < 100 ms; load >= 50% of the DB rate")


if __name__ == "__main__":
    main()
