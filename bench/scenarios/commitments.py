"""Commitments at size: a plan of 50 commitments monitored for 12 rounds (a report and an assessment of each
commitment in each, three milestones each), and the public pages residents open: the plan with its commitments
and rounds, and one commitment's timeline (12 reports, 12 assessments, milestones), anonymous, distinct clients.

The plan and commitments go through the real services; rounds, reports and assessments are bulk-inserted (the
rounds' calendar is not what is measured). `check` holds each page to its pinned query count."""

from __future__ import annotations

from harness.loadgen import Request
from harness.scenario import Scenario, Step, client_headers

from .consultations import page_queries

COMMITMENTS = 50
ROUNDS = 12
MAX_QUERIES = 25  # neither page's queries grow with commitments or rounds


def _plan(community) -> dict:
    """The plan, built once however many of this module's scenarios run (the second finds it)."""
    from datetime import date, timedelta

    from hromada.commitments import services
    from hromada.commitments.models import (
        Assessment,
        BodyReport,
        Milestone,
        MonitoringRound,
        Plan,
        RoundState,
    )
    from hromada.commitments.selectors import add_months
    from hromada.core.identity.actors import SYSTEM
    from hromada.core.identity.models import Department

    title = "Бенчмарк: план дій на шість років"
    found = Plan.objects.filter(community=community, title=title).first()
    if found is not None:
        return {"plan": found.pk, "commitment": found.commitments.order_by("order", "pk").first().pk}
    department = Department.objects.create(community=community, name="Відділ відкритого врядування (бенчмарк)")
    start = date(2020, 1, 1)
    plan = services.plan_create(actor=SYSTEM, community=community, title=title, period_start=start,
                                period_end=add_months(start, 6 * ROUNDS) - timedelta(days=1), monitoring_months=6)
    commitments = [services.commitment_create(actor=SYSTEM, community=community, plan_id=plan.pk,
                                              title=f"Зобов'язання {n + 1}: відкриті дані про закупівлі й ремонти",
                                              department_ids=[department.pk], officials="секретар ради",
                                              order=n + 1) for n in range(COMMITMENTS)]
    rounds = MonitoringRound.objects.bulk_create([MonitoringRound(
        community=community, plan=plan, number=r + 1, period_start=add_months(start, 6 * r),
        period_end=add_months(start, 6 * (r + 1)) - timedelta(days=1),
        due_on=add_months(start, 6 * (r + 1)) + timedelta(days=20), state=RoundState.CLOSED) for r in range(ROUNDS)])
    Milestone.objects.bulk_create([Milestone(community=community, commitment=c, title=f"Етап {m + 1}",
                                             due_on=add_months(start, 24 * (m + 1))) for c in commitments
                                   for m in range(3)])
    BodyReport.objects.bulk_create([BodyReport(
        community=community, round=r, commitment=c, department=department, progress=min(100, 8 * r.number),
        status="in_progress", text=f"У півріччі {r.number} оприлюднено набори даних і проведено звіт.")
        for r in rounds for c in commitments], batch_size=1000)
    Assessment.objects.bulk_create([Assessment(community=community, round=r, commitment=c, rating="on_track",
                                               text="Прогрес підтверджено документами.")
                                    for r in rounds for c in commitments], batch_size=1000)
    return {"plan": plan.pk, "commitment": commitments[0].pk}


class _PublicPage(Scenario):
    target_p99_ms = 500.0
    rates = (10, 25, 50, 100, 150, 200)

    def path(self, state: dict) -> str:
        raise NotImplementedError

    def prepare(self, community, budget: int) -> dict:
        return _plan(community)

    def request(self, state: dict, index: int) -> Request:
        return Request("GET", self.path(state), client_headers(index, **{"Accept-Language": "uk"}))

    def counts(self, state: dict) -> dict:
        from hromada.core.tenancy.models import Community

        return page_queries(Community.objects.get(is_demo=True), self.path(state))

    def check(self, state: dict, steps: list[Step], counts: dict, get) -> list[str]:
        print(f"  {self.name}: one render costs {counts['queries']} queries, {counts['bytes'] / 1e3:.0f} kB", flush=True)
        problems = [] if counts["status"] == 200 else [f"the page answered {counts['status']}"]
        if counts["queries"] > MAX_QUERIES:
            problems.append(f"{counts['queries']} queries (pinned at {MAX_QUERIES})")
        return problems


class CommitmentsPlan(_PublicPage):
    name = "commitments-plan"

    def path(self, state: dict) -> str:
        return f"/commitments/{state['plan']}/"


class CommitmentsTimeline(_PublicPage):
    name = "commitments-timeline"

    def path(self, state: dict) -> str:
        return f"/commitments/c/{state['commitment']}/"
