"""Surveys benchmark (issue 18): a survey of 20 questions (single, multiple, scale, matrix, ranking, number, text,
date) with 100,000 responses, bulk-generated (about 33 answer rows each) and then tallied by the staff's rebuild
(timed); then the p50 of the results page (the running tally, with the cache cleared before every request;
filtered by another answer or by dates: computed in SQL), the API's results, and the time and peak memory (the
process's resident high-water mark, reset before each) of the CSV and XLSX exports.

In-process through Django's test client, on a fresh SQLite file, or on PostgreSQL when DATABASE_URL is set (a
scratch database, e.g. postgres://postgres@127.0.0.1:5432/hr_surveys_bench: migrated and left behind). Baselines
in the same run: /healthz and the survey list page (the same base template, no figures).

    .venv/bin/python bench/surveys_results.py [--responses 100000] [--requests 15]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from opendata_search import setup_django  # the same fresh SQLite file or DATABASE_URL, migrated

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# Twenty questions: (kind, options, matrix rows, extra)
PLAN = ([("single", 4, 0, {})] * 6 + [("multiple", 5, 0, {})] * 3 + [("scale", 0, 0, {"max_value": 5})] * 3
        + [("matrix", 4, 3, {})] * 2 + [("ranking", 4, 0, {})] * 2
        + [("number", 0, 0, {"min_value": 0, "max_value": 1000})] * 2 + [("short_text", 0, 0, {}), ("date", 0, 0, {})])


def build_survey(community):
    from hromada.core.identity.actors import SYSTEM
    from hromada.surveys import services

    survey = services.survey_create(actor=SYSTEM, community=community, title="Опитування (бенчмарк)",
                                    one_per_person=False)
    questions = []
    for n, (kind, options, rows, extra) in enumerate(PLAN, start=1):
        data = {"kind": kind, "text": f"Питання {n} ({kind})", **extra}
        if options:
            data["choices"] = [f"Варіант {k}" for k in range(1, options + 1)]
        if rows:
            data["rows"] = [f"Рядок {k}" for k in range(1, rows + 1)]
        questions.append(services.question_add(actor=SYSTEM, community=community, survey_id=survey.pk, **data))
    services.survey_publish(actor=SYSTEM, community=community, survey_id=survey.pk)
    return survey, questions


def generate(community, survey, questions, responses: int, seed: int) -> int:
    """Responses and answers written with executemany (setup, not measured): about 33 answer rows a response."""
    from django.db import connection, transaction

    from hromada.surveys.models import Answer, Choice, Response, Survey

    rnd = random.Random(seed)
    choices = {q.pk: {"option": [], "row": []} for q in questions}
    for pk, question_id, role in Choice.objects.filter(question__survey=survey).order_by("order", "pk") \
            .values_list("pk", "question_id", "role"):
        choices[question_id][role].append(pk)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    first_id = (Response.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    r_table, a_table = Response._meta.db_table, Answer._meta.db_table
    # Table names come from the models, never from input.
    r_sql = " ".join((f"INSERT INTO {r_table}", "(id, community_id, survey_id, user_id, respondent_key, submitted_at)",
                      "VALUES (%s, %s, %s, NULL, NULL, %s)"))
    a_sql = " ".join((f"INSERT INTO {a_table}", "(community_id, survey_id, response_id, question_id, choice_id,",
                      "row_id, number, text, date, file, file_type)",
                      "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, '', '')"))
    c, s = community.pk, survey.pk
    written = 0
    batch = 5000
    for base in range(0, responses, batch):
        r_rows, a_rows = [], []
        for n in range(base, min(base + batch, responses)):
            rid = first_id + n
            r_rows.append((rid, c, s, start + timedelta(minutes=n * 3)))
            for q in questions:
                opts, rows = choices[q.pk]["option"], choices[q.pk]["row"]
                if q.kind == "single":
                    a_rows.append((c, s, rid, q.pk, opts[min(int(rnd.expovariate(1.2)), len(opts) - 1)], None, None,
                                   "", None))
                elif q.kind == "multiple":
                    for pick in rnd.sample(opts, rnd.randint(1, 3)):
                        a_rows.append((c, s, rid, q.pk, pick, None, None, "", None))
                elif q.kind == "scale":
                    a_rows.append((c, s, rid, q.pk, None, None, float(rnd.randint(1, 5)), "", None))
                elif q.kind == "matrix":
                    for row in rows:
                        a_rows.append((c, s, rid, q.pk, rnd.choice(opts), row, None, "", None))
                elif q.kind == "ranking":
                    order = opts[:]
                    rnd.shuffle(order)
                    for position, pick in enumerate(order, start=1):
                        a_rows.append((c, s, rid, q.pk, pick, None, float(position), "", None))
                elif q.kind == "number":
                    a_rows.append((c, s, rid, q.pk, None, None, float(int(rnd.gauss(300, 120)) % 1000), "", None))
                elif q.kind == "short_text":
                    if n % 5 == 0:
                        a_rows.append((c, s, rid, q.pk, None, None, None, f"Відповідь {n}", None))
                elif q.kind == "date":
                    a_rows.append((c, s, rid, q.pk, None, None, None, "", date(2026, 6, 1) + timedelta(days=n % 90)))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(r_sql, r_rows)
            cursor.executemany(a_sql, a_rows)
        written += len(a_rows)
    Survey.objects.filter(pk=s).update(response_count=responses)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {r_table}")
            cursor.execute(f"ANALYZE {a_table}")
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{r_table}', 'id'), "  # noqa: S608
                           f"(SELECT max(id) FROM {r_table}))")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return written


def staff_user(community):
    from hromada.core.identity.models import Membership, Role, User

    user = User.objects.create_user(f"bench-staff-{community.slug}@example.org", None, full_name="Bench staff")
    Membership.objects.create(community=community, user=user, role=Role.ADMIN)
    return user


def measure(client, urls: list[str], *, before=None) -> list[float]:
    samples = []
    for url in urls:
        if before is not None:
            before()
        started = time.perf_counter()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="uk")
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return samples


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def reset_peak_memory() -> int:
    """Reset the process's resident high-water mark (Linux: 5 to clear_refs); the resident size now."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS")


def peak_memory() -> int:
    return _status("VmHWM")


def existing(survey_id: int):
    from hromada.surveys.models import Survey

    survey = Survey.objects.select_related("community").get(pk=survey_id)
    return survey, survey.community


def fresh(args):
    """A new community and survey with `args.responses` generated responses, tallied by the staff's rebuild."""
    from hromada.core import capabilities
    from hromada.core.tenancy.models import Community
    from hromada.core.tenancy.selectors import invalidate_community_cache
    from hromada.surveys.tally import tally_rebuild

    slug = f"bench-surveys-{int(time.time())}"
    community = Community.objects.create(slug=slug, name_uk="Громада (бенчмарк)", name_en="Benchmark community",
                                         enabled_capabilities=[m.slug for m in capabilities.manifests()],
                                         center_lat=49.59, center_lon=34.55)
    invalidate_community_cache()
    survey, questions = build_survey(community)
    started = time.perf_counter()
    rows = generate(community, survey, questions, args.responses, args.seed)
    print(f"generated {args.responses:,} responses and {rows:,} answer rows in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    tally_rows = tally_rebuild(survey.pk)
    print(f"tally rebuilt from the answers in {time.perf_counter() - started:.1f} s ({tally_rows} rows); "
          f"load average {os.getloadavg()}")
    return survey, community, questions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--cold-requests", type=int, default=3, help="computed results take seconds: fewer")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--survey", type=int, help="measure an earlier run's survey again (no generation)")
    parser.add_argument("--skip-exports", action="store_true")
    args = parser.parse_args()
    setup_django()

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    print(f"database: {connection.vendor}; load average before: {os.getloadavg()}")
    if args.survey:
        survey, community = existing(args.survey)
        questions = list(survey.questions.order_by("order", "pk"))
    else:
        survey, community, questions = fresh(args)
    survey.refresh_from_db()

    client = Client()
    base = f"/c/{community.slug}/surveys"
    single = questions[0]
    first_option = single.choices.order_by("order").first()
    n, cold = args.requests, args.cold_requests
    pages = {
        "baseline /healthz": (["/healthz"] * n, None),
        "baseline survey list page": ([f"{base}/"] * n, None),
        "results page (the tally, cache cleared)": ([f"{base}/{survey.pk}/results/"] * n, cache.clear),
        "API results (the tally, cache cleared)": ([f"/c/{community.slug}/api/v1/surveys/{survey.pk}/results"] * n,
                                                   cache.clear),
        "results page, filtered by an answer": ([f"{base}/{survey.pk}/results/?filter={single.pk}:{first_option.pk}"]
                                                * cold, None),
        "results page, one month (computed)": ([f"{base}/{survey.pk}/results/?since=2026-02-01&until=2026-02-28"]
                                               * cold, None),
    }
    for urls, _before in pages.values():  # warm: templates, connections, translations
        measure(client, urls[:1])
    print(f"in-process (Django's test client); load average at the page timings: {os.getloadavg()}")
    baseline = None
    for name, (urls, before) in pages.items():
        samples = measure(client, urls, before=before)
        p50 = statistics.median(samples)
        if name == "baseline survey list page":
            baseline = p50
        ratio = f"= {p50 / baseline:6.1f} × list page" if baseline else ""
        print(f"  {name:<42} p50 {p50:9.2f} ms  max {max(samples):9.2f} ms  {ratio}")

    if args.skip_exports:
        return
    staff = Client()
    staff.force_login(staff_user(community))
    resident = reset_peak_memory()
    started = time.perf_counter()
    response = staff.get(f"{base}/{survey.pk}/export.csv")
    size = sum(len(chunk) for chunk in response.streaming_content)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    print(f"  {'CSV export (streamed)':<42} {elapsed:9.2f} s for {survey.response_count:,} responses "
          f"({size / 1e6:.1f} MB); peak resident {peak_memory() / 1e6:.0f} MB (was {resident / 1e6:.0f} MB before)")
    # The XLSX is a background job: the request only queues it (the bench's task backend runs nothing), then the
    # worker's function is timed here, in this process, as a worker would run it.
    from hromada.core.identity.actors import SYSTEM
    from hromada.surveys.models import Export
    from hromada.surveys.services import survey_export_build

    started = time.perf_counter()
    asked = staff.post(f"{base}/{survey.pk}/export.xlsx")
    queued_ms = (time.perf_counter() - started) * 1000
    assert asked.status_code == 302, asked.status_code
    export = Export.objects.filter(survey=survey).first()
    resident = reset_peak_memory()
    started = time.perf_counter()
    export = survey_export_build(actor=SYSTEM, community=community, export_id=export.pk)
    elapsed = time.perf_counter() - started
    print(f"  {'XLSX export: request (queues the job)':<42} {queued_ms:9.2f} ms")
    print(f"  {'XLSX export: the job':<42} {elapsed:9.2f} s for {export.done:,} responses "
          f"({export.file.size / 1e6:.1f} MB); peak resident {peak_memory() / 1e6:.0f} MB "
          f"(was {resident / 1e6:.0f} MB before)")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
