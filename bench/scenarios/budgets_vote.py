"""The participatory budget's voting surge: distinct verified residents each cast one ballot over API tokens at a
fixed rate, through the real service (eligibility, the fund's rule, the unique index); and its baseline, one bare
INSERT of a ballot row over the same API path (harness URL), the floor the vote is compared with.

Integrity: 201 answers = ballot rows = distinct voter keys = the public list's count; every ballot holds exactly
the two projects its voter chose (nothing refused, lost or doubled)."""

from __future__ import annotations

import json

from harness.loadgen import Request
from harness.people import residents_with_tokens
from harness.scenario import Scenario, Step, client_headers

PROJECTS = 12


def _election(community, label: str, budget: int) -> dict:
    """A cycle in its voting phase with a knapsack fund of PROJECTS feasible projects, and `budget` voters."""
    from datetime import timedelta

    from django.utils import timezone

    from hromada.budgets.models import BallotRule, Category, Cycle, Project, Status

    now = timezone.now()
    cycle = Cycle.objects.create(community=community, title=f"Бюджет участі ({label})", year=2026,
                                 schedule=[{"key": "voting", "starts_at": (now - timedelta(days=1)).isoformat(),
                                            "ends_at": (now + timedelta(days=30)).isoformat(), "settings": {}}])
    fund = Category.objects.create(community=community, cycle=cycle, name="Загальноміські проєкти",
                                   fund=1_000_000_00, ballot_rule=BallotRule.KNAPSACK, max_projects=3)
    projects = Project.objects.bulk_create([
        Project(community=community, cycle=cycle, category=fund, title=f"Проєкт {n + 1}", description="Опис",
                status=Status.FEASIBLE, cost=(50_000 + 10_000 * n) * 100) for n in range(PROJECTS)])
    return {"tokens": residents_with_tokens(community, budget, label), "cycle": cycle.pk, "fund": fund.pk,
            "projects": [p.pk for p in projects]}


class BudgetsVote(Scenario):
    name = "budgets-vote"
    rates = (25, 50, 100, 150, 200, 300, 400)
    ok_statuses = (201,)

    def prepare(self, community, budget: int) -> dict:
        return _election(community, "voter", budget)

    def _choice(self, state: dict, index: int) -> list[int]:
        projects = state["projects"]
        return [projects[index % len(projects)], projects[(index + 5) % len(projects)]]

    def request(self, state: dict, index: int) -> Request:
        body = json.dumps({"scope": f"c{state['fund']}", "projects": self._choice(state, index)}).encode()
        return Request("POST", f"/api/v1/budgets/cycles/{state['cycle']}/ballots",
                       client_headers(index, state["tokens"][index], **{"Content-Type": "application/json"}), body)

    def counts(self, state: dict) -> dict:
        from hromada.budgets.models import Ballot

        rows = Ballot.objects.filter(cycle_id=state["cycle"])
        sizes = [len(chosen) for chosen in rows.values_list("project_ids", flat=True)]
        return {"rows": rows.count(), "voters": rows.values("voter_key").distinct().count(),
                "not_two": sum(1 for n in sizes if n != 2)}

    def check(self, state: dict, steps: list[Step], counts: dict, get) -> list[str]:
        answered = sum(step.result.statuses().get(201, 0) for step in steps)
        status, body = get(f"/api/v1/budgets/cycles/{state['cycle']}/ballots?page_size=1")
        listed = json.loads(body)["count"] if status == 200 else -1
        figures = {"201 answers": answered, "rows": counts["rows"], "distinct voters": counts["voters"],
                   "public list": listed}
        problems = []
        if len(set(figures.values())) != 1:
            problems.append("ballots disagree: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
        if counts["not_two"]:
            problems.append(f"{counts['not_two']} ballots do not hold the two projects chosen")
        return problems


class BudgetsBareInsert(BudgetsVote):
    """POST /api/v1/budgets/bench-bare-insert/{fund}: token, community, throttle, ninja and one INSERT of a ballot
    row in its own transaction; no eligibility, no rule, no choices, no audit."""

    name = "budgets-bare-insert"

    def prepare(self, community, budget: int) -> dict:
        return _election(community, "inserter", budget)

    def request(self, state: dict, index: int) -> Request:
        return Request("POST", f"/api/v1/budgets/bench-bare-insert/{state['fund']}",
                       client_headers(index, state["tokens"][index], **{"Content-Type": "application/json"}))

    def counts(self, state: dict) -> dict:
        from hromada.budgets.models import Ballot

        return {"rows": Ballot.objects.filter(cycle_id=state["cycle"]).count()}

    def check(self, state: dict, steps: list[Step], counts: dict, get) -> list[str]:
        answered = sum(step.result.statuses().get(201, 0) for step in steps)
        return [] if answered == counts["rows"] else [f"bare inserts: {answered} answers, {counts['rows']} rows"]
