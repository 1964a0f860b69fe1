"""Enrolment at size: the public queue page of one group with 5,000 applications, and filing applications.

enrolment-queue-page: anonymous readers from distinct clients open the queue of a school's first-grade group that
5,000 applications wait in (one in ten with a verified priority category, one in four living in the service area),
at pages spread over the whole queue (the order is computed by the published rules on every read, nothing stored).
The applications are bulk-inserted: what is measured is the read. `counts` renders the first and the last page once
in the child with the database's queries captured; `check` pins that count and that each page lists a full page of
codes, never a child's name.

enrolment-file: distinct parents with a strong identity file one application each over their API tokens, through
the real service (identity, ages, groups, the keyed hash of the certificate, the audit event, the transparency-log
entry, the notification). The runner compares its highest passing rate with the trivial baseline of the same run.
Integrity: 201 answers = application rows = distinct children = history lines "filed"; nothing refused or doubled."""

from __future__ import annotations

import json
import re

from harness.loadgen import Request
from harness.people import residents_with_tokens
from harness.scenario import Scenario, Step, client_headers

APPLICATIONS = 5_000
PAGE_SIZE = 50  # enrolment's default page_size: the demo community keeps it
MAX_QUERIES = 8  # the queue page's queries do not grow with its applications (as test_views pins on a small queue)


def _code(number: int) -> str:
    """A public code in the enrolment services' alphabet and shape (XXXX-XXXX), distinct for each number."""
    from hromada.enrollment.services._trail import CODE_ALPHABET, CODE_LENGTH

    chars = []
    for _ in range(CODE_LENGTH):
        number, digit = divmod(number, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[digit])
    raw = "".join(reversed(chars))
    return f"{raw[:4]}-{raw[4:]}"


def _group(community, label: str, *, kind: str):
    """An institution of `kind` with one group for next year's start, made through the real services."""
    from django.utils import timezone

    from hromada.core.identity.actors import SYSTEM
    from hromada.enrollment import services

    institution = services.institution_save(actor=SYSTEM, community=community, kind=kind,
                                            name=f"Бенчмарк: {label}", address="вул. Шевченка, 1")
    ages = {"grade": 1, "age_from_months": 66} if kind == "school" else {"age_from_months": 0,
                                                                         "age_to_months": 96}
    return services.group_save(actor=SYSTEM, community=community, institution_id=institution.pk, name="1-А",
                               start_year=timezone.now().year + 1, capacity=30, **ages)


class EnrolmentQueuePage(Scenario):
    name = "enrolment-queue-page"
    target_p99_ms = 500.0
    rates = (5, 10, 20, 40, 80, 120)

    def prepare(self, community, budget: int) -> dict:
        import hashlib
        from datetime import date, timedelta

        from django.utils import timezone

        from hromada.core.identity.actors import SYSTEM
        from hromada.core.identity.models import User
        from hromada.enrollment import rules, services
        from hromada.enrollment.models import Application, Choice, Claim, ClaimState, InstitutionKind

        group = _group(community, "ліцей з довгою чергою", kind="school")
        category = services.category_save(actor=SYSTEM, community=community, name="Бенчмарк: діти ВПО", rank=900)
        parent = User.objects.create(email="enrol-parent@bench.local", full_name="Батько Бенчмарк",
                                     password="!")  # noqa: S106 - unusable
        now, birth = timezone.now(), date(group.start_year - 7, 3, 1)
        codes = [_code(7_000_000 + n) for n in range(APPLICATIONS)]
        applications = Application.objects.bulk_create([Application(
            community=community, code=code, tie_break=rules.tie_break(community.slug, code), parent=parent,
            kind=InstitutionKind.SCHOOL, start_year=group.start_year, child_name=f"Дитина Бенчмарк {n}",
            child_birth_date=birth, child_key=hashlib.sha256(f"bench-child-{n}".encode()).hexdigest(),
            address="вул. Шевченка, 5", wanted_start=date(group.start_year, 9, 1),
            filed_at=now - timedelta(minutes=APPLICATIONS - n)) for n, code in enumerate(codes)], batch_size=1000)
        Choice.objects.bulk_create([Choice(community=community, application=a, group=group, preference=1,
                                           in_service_area=n % 4 == 0) for n, a in enumerate(applications)],
                                   batch_size=1000)
        Claim.objects.bulk_create([Claim(community=community, application=a, category=category,
                                         state=ClaimState.VERIFIED, decided_at=now)
                                   for n, a in enumerate(applications) if n % 10 == 0], batch_size=1000)
        return {"group": group.pk, "pages": -(-APPLICATIONS // PAGE_SIZE)}

    def path(self, state: dict, page: int) -> str:
        return f"/enrollment/groups/{state['group']}/?page={page}"

    def request(self, state: dict, index: int) -> Request:
        # Spread over the queue: the first pages are read most, every page sometimes.
        page = 1 + (index % 7 if index % 3 else index * 37 % state["pages"])
        return Request("GET", self.path(state, page), client_headers(index, **{"Accept-Language": "uk"}))

    def counts(self, state: dict) -> dict:
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from hromada.core.tenancy.models import Community

        slug = Community.objects.get(is_demo=True).slug
        client, figures = Client(HTTP_HOST="testserver"), {}
        for label, page in (("first", 1), ("last", state["pages"])):
            client.get(f"/c/{slug}{self.path(state, page)}")  # warm: the community's and settings' caches
            with CaptureQueriesContext(connection) as queries:
                answer = client.get(f"/c/{slug}{self.path(state, page)}")
            figures[label] = {"status": answer.status_code, "queries": len(queries), "bytes": len(answer.content)}
        return figures

    def check(self, state: dict, steps: list[Step], counts: dict, get) -> list[str]:
        problems = []
        for label, figures in counts.items():
            print(f"  {self.name}: the {label} page costs {figures['queries']} queries, "
                  f"{figures['bytes'] / 1e3:.0f} kB", flush=True)
            if figures["status"] != 200 or figures["queries"] > MAX_QUERIES:
                problems.append(f"{label} page: {figures['status']}, {figures['queries']} queries "
                                f"(pinned at {MAX_QUERIES})")
        status, body = get(self.path(state, 1))
        shown = len(set(re.findall(rb"[2-9A-Z]{4}-[2-9A-Z]{4}", body)))
        if status != 200 or shown != PAGE_SIZE or "Дитина Бенчмарк".encode() in body:
            problems.append(f"the first page: {status}, {shown} codes")
        return problems


class EnrolmentFile(Scenario):
    name = "enrolment-file"
    rates = (10, 25, 50, 100, 150, 200)
    ok_statuses = (201,)

    def prepare(self, community, budget: int) -> dict:
        from datetime import date

        group = _group(community, "садок для подань", kind="kindergarten")
        return {"tokens": residents_with_tokens(community, budget, "enrol-parent"), "group": group.pk,
                "birth": date(group.start_year - 3, 3, 1).isoformat(),
                "start": date(group.start_year, 9, 1).isoformat()}

    def request(self, state: dict, index: int) -> Request:
        body = json.dumps({"child_name": f"Дитина {index}", "child_birth_date": state["birth"],
                           "birth_certificate": f"І-БН {index:06d}", "address": "вул. Шевченка, 5",
                           "group_ids": [state["group"]], "wanted_start": state["start"]}).encode()
        return Request("POST", "/api/v1/enrollment/applications",
                       client_headers(index, state["tokens"][index], **{"Content-Type": "application/json"}), body)

    def counts(self, state: dict) -> dict:
        from hromada.enrollment.models import Application, Event

        rows = Application.objects.filter(choices__group_id=state["group"])
        return {"rows": rows.count(), "children": rows.values("child_key").distinct().count(),
                "filed": Event.objects.filter(application__in=rows, kind="filed").count()}

    def check(self, state: dict, steps: list[Step], counts: dict, get) -> list[str]:
        answered = sum(step.result.statuses().get(201, 0) for step in steps)
        figures = {"201 answers": answered, "rows": counts["rows"], "distinct children": counts["children"],
                   "history 'filed'": counts["filed"]}
        if len(set(figures.values())) != 1:
            return ["applications disagree: " + ", ".join(f"{k} {v}" for k, v in figures.items())]
        return []
