"""Grant competition benchmark: a call with 2,000 eligible applications scored by a jury of 7, then

  1. the ranking and award (services.call_award: the reviews read, the mean per application, the tie-break, the
     grants greedy within the fund, every application written back, the audit row), each round rolled back,
     against a bare baseline in the same rounds: reading the same review rows and writing the same application
     fields with the same statement (the award's own _write_outcomes), no ranking at all;
  2. p50 of the pages, in-process through the whole middleware stack (django.test.Client, no HTTP server): the
     public results page and the staff's applications list, against the call's own page as the floor (the same
     middleware, base template and a few queries) measured interleaved.

    DJANGO_SETTINGS_MODULE=hromada.config.settings HROMADA_DATA_DIR=... [DATABASE_URL=...] \\
        .venv/bin/python bench/competitions_award.py [--applications 2000] [--jurors 7] [--rounds 5] [--requests 40]

The database needs migrations (`hromada migrate`); the script makes its own community, people, call and rows
(bulk inserts: the setup is not what is measured)."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

CRITERIA = [{"name": "Актуальність", "weight": 40, "max_score": 10}, {"name": "Реалістичність", "weight": 30,
                                                                      "max_score": 10},
            {"name": "Бюджет", "weight": 30, "max_score": 5}]


class Rollback(Exception):
    """Undo a measured round, so that every round awards the same call from the same state."""


def _setup(applications: int, jurors: int, seed: int):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from hromada.competitions import ranking, services
    from hromada.competitions.models import Application, Review, Score, Status
    from hromada.core.identity.actors import SYSTEM
    from hromada.core.identity.hashing import subject_hash
    from hromada.core.identity.models import Membership, Role
    from hromada.core.tenancy.models import Community

    rng = random.Random(seed)
    tag = time.time_ns()
    community = Community.objects.create(slug=f"bench-comp-{tag}", name_uk="Громада для заміру",
                                         name_en="Bench community", enabled_capabilities=["competitions"])
    users = get_user_model().objects
    staff = users.create_user(f"staff-{tag}@example.org", None, full_name="Працівниця")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    Membership.objects.create(community=community, user=staff, role=Role.ADMIN)
    jury = [users.create_user(f"juror{n}-{tag}@example.org", None, full_name=f"Журі {n}") for n in range(jurors)]
    applicants = [users.create_user(f"applicant{n}-{tag}@example.org", None, full_name=f"Заявник {n}")
                  for n in range(20)]
    now = timezone.now()
    windows = [("applications", -40, -30), ("review", -30, -20), ("scoring", -20, -10), ("results", -10, 30)]
    call = services.call_create(
        actor=SYSTEM, community=community, title="Екологічні ініціативи (замір)", fund=200_000_000,
        schedule=[{"key": k, "starts_at": (now + timedelta(days=a)).isoformat(),
                   "ends_at": (now + timedelta(days=b)).isoformat()} for k, a, b in windows],
        rules=[{"applicant_type": "ngo", "cofinancing_percent": 10, "cap": 15_000_000}], criteria=CRITERIA,
        juror_ids=[j.pk for j in jury])
    rows = []
    for n in range(applications):
        cost = rng.randrange(200_000, 15_000_000, 100)
        rows.append(Application(
            community=community, call=call, applicant=applicants[n % len(applicants)], applicant_type="ngo",
            organisation=f"ГО «Замір {n}»", tax_id_hash=subject_hash(f"bench:{tag}:{n}"), title=f"Проєкт {n}",
            summary="Проєкт для заміру.", total_cost=cost, cofinancing=cost // 10, status=Status.ELIGIBLE,
            submitted_at=now - timedelta(days=35, seconds=n)))
    Application.objects.bulk_create(rows, batch_size=500)
    criteria = list(call.criteria.order_by("pk"))
    reviews, values = [], []
    for application in Application.objects.filter(call=call).order_by("pk"):
        for juror in jury:
            if rng.random() < 0.02:  # a declared conflict: no scores
                reviews.append(Review(community=community, application=application, juror=juror, conflict=True))
                values.append(None)
                continue
            marks = {c.pk: rng.randint(0, c.max_score) for c in criteria}
            reviews.append(Review(community=community, application=application, juror=juror, conflict=False,
                                  submitted_at=now - timedelta(days=15),
                                  weighted=ranking.weighted_score(criteria, marks)))
            values.append(marks)
    Review.objects.bulk_create(reviews, batch_size=1000)
    Score.objects.bulk_create((Score(community=community, review=review, criterion_id=pk, value=value)
                               for review, marks in zip(reviews, values, strict=True) if marks
                               for pk, value in marks.items()), batch_size=2000)
    return community, call, staff


def _award_round(community, call) -> float:
    from django.db import transaction

    from hromada.competitions import services
    from hromada.core.identity.actors import SYSTEM

    started = time.perf_counter()
    try:
        with transaction.atomic():
            services.call_award(actor=SYSTEM, community=community, call_id=call.pk)
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        return elapsed


def _bare_round(call) -> float:
    """The floor of an award: the same reads and the same writes, no ranking, no fund, no audit."""
    from django.db import transaction

    from hromada.competitions.models import Application, Review
    from hromada.competitions.services.awards import _write_outcomes

    started = time.perf_counter()
    try:
        with transaction.atomic():
            weighted = dict(Review.objects.filter(application__call=call, submitted_at__isnull=False)
                            .values_list("application_id", "weighted"))
            ids = Application.objects.filter(call=call).order_by("pk").values_list("pk", flat=True)
            _write_outcomes([(rank, weighted.get(pk), 0, "awarded", pk) for rank, pk in enumerate(ids, 1)])
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        return elapsed


def _p50(client, url: str, count: int) -> float:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--jurors", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from hromada.competitions import services
    from hromada.competitions.models import Application, Review
    from hromada.core.identity.actors import SYSTEM

    setup_test_environment()  # the test client's response.context; ALLOWED_HOSTS gains testserver
    started = time.perf_counter()
    community, call, staff = _setup(args.applications, args.jurors, args.seed)
    print(f"{connection.vendor}: {args.applications} applications, {args.jurors} jurors, "
          f"{Review.objects.filter(application__call=call).count()} reviews (set up in "
          f"{time.perf_counter() - started:.0f} s)", flush=True)
    award, bare = [], []
    for round_no in range(args.rounds):
        award.append(_award_round(community, call))
        bare.append(_bare_round(call))
        print(f"round {round_no + 1}: award {award[-1] * 1000:.0f} ms, bare {bare[-1] * 1000:.0f} ms", flush=True)
    a, b = statistics.median(award), statistics.median(bare)
    print(f"rank and award: {a * 1000:.0f} ms (median), bare reads and writes {b * 1000:.0f} ms: ratio {a / b:.2f}")

    services.call_award(actor=SYSTEM, community=community, call_id=call.pk)
    services.call_publish_results(actor=SYSTEM, community=community, call_id=call.pk)
    awarded = Application.objects.filter(call=call, status="awarded").count()
    base = f"/c/{community.slug}/competitions/{call.pk}"
    public, office = Client(), Client()
    office.force_login(staff)
    pages = {"call page (floor)": (public, f"{base}/"), "results, page 1": (public, f"{base}/results/"),
             "results, page 40": (public, f"{base}/results/?page=40"),
             "staff applications": (office, f"{base}/staff/"),
             "staff applications, awarded": (office, f"{base}/staff/?status=awarded")}
    for client, url in pages.values():
        client.get(url)  # warm the caches and the template loader
    p50: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(args.rounds):  # interleaved, so that a load change hits every page alike
        for name, (client, url) in pages.items():
            p50[name].append(_p50(client, url, max(args.requests // args.rounds, 1)))
    floor = statistics.median(p50["call page (floor)"])
    print(f"pages ({awarded} awarded), p50 of {args.requests} requests each:")
    for name, values in p50.items():
        value = statistics.median(values)
        print(f"  {name:30} {value:7.1f} ms   x{value / floor:.2f} the call page")


if __name__ == "__main__":
    main()
