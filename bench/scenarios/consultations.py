"""E-consultations at size: the public page of one consultation whose draft has 200 paragraphs with 2,000
proposals beside them (some answered, some hidden), opened anonymously from distinct clients.

The draft goes through the real service (its text split into paragraphs); the proposals are bulk-inserted (the
service's per-person rate limit is not what is measured). `counts` renders the page once in the child with the
database's queries captured, and `check` holds the page to its pinned query count and to every proposal shown."""

from __future__ import annotations

from harness.loadgen import Request
from harness.scenario import Scenario, Step, client_headers

PARAGRAPHS = 200
PROPOSALS = 2_000
AUTHORS = 400
MAX_QUERIES = 25  # the page's queries do not grow with paragraphs or proposals


def _users(label: str, count: int) -> list:
    from hromada.core.identity.models import User

    return User.objects.bulk_create([User(email=f"{label}{i}@bench.local", full_name=f"Учасниця {label} {i}",
                                          password="!") for i in range(count)], batch_size=2000)  # noqa: S106


def page_queries(community, path: str) -> dict:
    """One anonymous render of `path` in the child: its status, the queries it cost and its size."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="testserver")
    client.get(f"/c/{community.slug}{path}")  # warm: the community's and settings' caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/c/{community.slug}{path}")
    return {"status": response.status_code, "queries": len(queries), "bytes": len(response.content)}


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
        shown = body.count(b'id="proposal-')
        if status != 200 or shown != PROPOSALS:
            problems.append(f"the page showed {shown} of {PROPOSALS} proposals (status {status})")
        return problems
