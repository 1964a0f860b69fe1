"""E-consultations at size: the public page of one consultation whose draft has 200 paragraphs with 2,000
proposals beside them (some answered, some hidden), opened anonymously from distinct clients.

The draft goes through the real service (its text split into paragraphs); the proposals are bulk-inserted (the
service's per-person rate limit is not what is measured). `counts` renders the page once in the child with the
database's queries captured, and `check` holds the page to its pinned query count, to the top proposals of each
paragraph and to one link per paragraph to the page of all its proposals. The in-process run also measures one
paragraph's page and the complete report page (every proposal) of the same consultation."""

from __future__ import annotations

from harness.loadgen import Request
from harness.scenario import Scenario, Step, client_headers

PARAGRAPHS = 200
PROPOSALS = 2_000
AUTHORS = 400
MAX_QUERIES = 25  # the page's queries do not grow with paragraphs or proposals
TOP = 3  # proposals shown per paragraph and per "new paragraphs after it" (hromada.consultations.selectors.TOP)


def _users(label: str, count: int) -> list:
    from hromada.core.identity.models import User

    return User.objects.bulk_create([User(email=f"{label}{i}@bench.local", full_name=f"Учасниця {label} {i}",
                                          password="!") for i in range(count)], batch_size=2000)  # noqa: S106


def page_queries(community, path: str) -> dict:
    """One anonymous render of `path` in the child: its status, the queries it cost and its size."""
    from django.test import Client

    client = Client(HTTP_HOST="testserver")
    client.get(f"/c/{community.slug}{path}")  # warm: the community's and settings' caches
    response, queries = counted(lambda: client.get(f"/c/{community.slug}{path}"))
    return {"status": response.status_code, "queries": queries, "bytes": len(response.content)}


def counted(call) -> tuple:
    """`call()`'s result and how many statements it sent to the database, counted by an execute wrapper (it holds
    when the request closes and reopens the connection, which a debug cursor's log does not survive)."""
    from django.db import connection

    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        result = call()
    return result, len(statements)


class ConsultationPage(Scenario):
    name = "consultation-page"
    target_p99_ms = 1000.0
    rates = (2, 5, 10, 20, 40)

    def prepare(self, community, budget: int) -> dict:
        from datetime import timedelta

        from django.utils import timezone

        from hromada.consultations import services
        from hromada.consultations.models import Answer, Consultation, Proposal, ProposalKind
        from hromada.core.identity.actors import SYSTEM

        now = timezone.now()
        text = "\n\n".join(f"Пункт {n}. Виконавчий комітет забезпечує благоустрій території громади, зокрема "
                           f"парків, скверів і прибудинкових територій, відповідно до програми на {n % 5 + 2026} рік."
                           for n in range(1, PARAGRAPHS + 1))
        made = services.consultation_create(actor=SYSTEM, community=community, title="Бенчмарк: правила благоустрою",
                                            text=text, opens_at=now - timedelta(days=1),
                                            closes_at=now + timedelta(days=30))
        services.consultation_publish(actor=SYSTEM, community=community, consultation_id=made.pk)
        paragraphs = list(made.paragraphs.order_by("number"))
        authors = _users("consult", AUTHORS)
        rows = []
        for n in range(PROPOSALS):
            new = n % 10 == 9  # every tenth: a new paragraph after another
            answer = (Answer.ACCEPTED, Answer.PARTLY, Answer.REJECTED, "")[n % 4]
            rows.append(Proposal(
                community=community, consultation=made, paragraph=None if new else paragraphs[n % PARAGRAPHS],
                after_number=(n % PARAGRAPHS) + 1 if new else None,
                kind=ProposalKind.WORDING if new or n % 3 == 0 else ProposalKind.COMMENT,
                text=f"Пропозиція {n}: уточнити строки й відповідальних за виконання цього пункту.",
                author=authors[n % AUTHORS], support_count=n % 17, is_hidden=n % 50 == 0,
                hidden_reason="Реклама" if n % 50 == 0 else "", answer=answer,
                answer_reason="Враховано в новій редакції." if answer else "", answered_at=now if answer else None))
        Proposal.objects.bulk_create(rows, batch_size=1000)
        Consultation.objects.filter(pk=made.pk).update(proposal_count=PROPOSALS)
        return {"consultation": made.pk}

    def request(self, state: dict, index: int) -> Request:
        return Request("GET", f"/consultations/{state['consultation']}/",
                       client_headers(index, **{"Accept-Language": "uk"}))

    def counts(self, state: dict) -> dict:
        from hromada.core.tenancy.models import Community

        return page_queries(Community.objects.get(is_demo=True), f"/consultations/{state['consultation']}/")

    def check(self, state: dict, steps: list[Step], counts: dict, get) -> list[str]:
        print(f"  {self.name}: one render costs {counts['queries']} queries, {counts['bytes'] / 1e6:.1f} MB", flush=True)
        problems = [] if counts["status"] == 200 else [f"the page answered {counts['status']}"]
        if counts["queries"] > MAX_QUERIES:
            problems.append(f"{counts['queries']} queries (pinned at {MAX_QUERIES})")
        status, body = get(f"/consultations/{state['consultation']}/")
        shown, links = body.count(b'id="proposal-'), body.count(b'/paragraphs/')
        if status != 200 or shown > PARAGRAPHS * 2 * TOP or links != PARAGRAPHS:
            problems.append(f"the page showed {shown} proposals and {links} of {PARAGRAPHS} links to every proposal "
                            f"on a paragraph (status {status})")
        return problems


def in_process(requests: int = 15) -> None:  # noqa: PLR0914 - a script's figures
    """`cd bench && ../.venv/bin/python -m scenarios.consultations [requests]`: the same pages measured in-process through Django's
    test client on a fresh SQLite file (or DATABASE_URL), for a figure when the open-loop harness is too heavy for
    a loaded machine: p50 and queries of each page, and of the consultations list and /healthz in the same run."""
    import os
    import statistics
    import time

    from opendata_search import setup_django  # a fresh SQLite file or DATABASE_URL, migrated

    setup_django()
    from django.db import connection
    from django.test import Client

    from hromada.core import capabilities
    from hromada.core.tenancy.models import Community
    from hromada.core.tenancy.selectors import invalidate_community_cache

    from .commitments import CommitmentsPlan, CommitmentsTimeline

    print(f"database: {connection.vendor}; load average before: {os.getloadavg()}", flush=True)
    slug = f"bench-consult-{int(time.time())}"
    community = Community.objects.create(slug=slug, name_uk="Громада (бенчмарк)", name_en="Benchmark community",
                                         enabled_capabilities=[m.slug for m in capabilities.manifests()],
                                         center_lat=49.59, center_lon=34.55)
    invalidate_community_cache()
    started = time.perf_counter()
    pages = [("/healthz", {}), ("/consultations/", {})]
    for scenario in (ConsultationPage(), CommitmentsPlan(), CommitmentsTimeline()):
        state = scenario.prepare(community, 0)
        pages.append((scenario.request(state, 0).path, {}))
        if isinstance(scenario, ConsultationPage):
            pages.append((f"{scenario.request(state, 0).path}paragraphs/1/", {}))
            pages.append((f"{scenario.request(state, 0).path}report/", {"report": state["consultation"]}))
    print(f"prepared in {time.perf_counter() - started:.0f} s", flush=True)
    client = Client(HTTP_ACCEPT_LANGUAGE="uk")
    baseline = None
    for path, params in pages:
        if "report" in params:  # the complete report: the same consultation, reported
            from django.utils import timezone

            from hromada.consultations.models import Consultation, Status
            Consultation.objects.filter(pk=params["report"]).update(status=Status.REPORTED,
                                                                    report_published_at=timezone.now())
        url = path if path == "/healthz" else f"/c/{slug}{path}"
        client.get(url)
        response, queries = counted(lambda url=url: client.get(url))
        assert response.status_code == 200, (url, response.status_code)
        samples = []
        for _n in range(requests):
            began = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - began) * 1000)
        p50 = statistics.median(samples)
        baseline = p50 if path == "/consultations/" else baseline
        ratio = f"{p50 / baseline:6.1f}x list" if baseline and path != "/healthz" else ""
        print(f"{path:34} p50 {p50:8.1f} ms  queries {queries:3}  {len(response.content) / 1e3:7.0f} kB  {ratio}",
              flush=True)
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":  # cd bench && ../.venv/bin/python -m scenarios.consultations [requests]
    import sys

    sys.path.append(str(__import__("pathlib").Path(__file__).resolve().parents[2] / "src"))
    in_process(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
