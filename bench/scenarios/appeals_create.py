"""Appeals filed at a fixed rate: distinct verified residents POST /api/v1/appeals/ at points inside the community,
each routed to its area and department, audited and notified as in production.

Integrity: 201 answers = appeals these residents own = distinct registration numbers."""

from __future__ import annotations

import json
import random

from harness.loadgen import Request
from harness.people import residents_with_tokens
from harness.scenario import Scenario, Step, client_headers


class AppealsCreate(Scenario):
    name = "appeals-create"
    rates = (25, 50, 100, 150, 200, 300)
    ok_statuses = (201,)

    def prepare(self, community, budget: int) -> dict:
        from hromada.appeals.demo import _bounds
        from hromada.appeals.models import Category

        tokens = residents_with_tokens(community, budget, "filer")
        # Categories that ask no extra question (an answer to a required one is the form's business, not the load's).
        codes = [code for code, questions in Category.objects.filter(community=community, is_active=True)
                 .values_list("code", "attributes") if not any(q.get("required") for q in questions or [])]
        min_lon, min_lat, max_lon, max_lat = _bounds(community)
        rnd = random.Random(11)  # noqa: S311 - places, not secrets
        points = [(round(rnd.uniform(min_lat, max_lat), 6), round(rnd.uniform(min_lon, max_lon), 6))
                  for _ in range(budget)]
        return {"tokens": tokens, "codes": codes, "points": points}

    def request(self, state: dict, index: int) -> Request:
        lat, lon = state["points"][index]
        body = {"category": state["codes"][index % len(state["codes"])], "lat": lat, "lon": lon,
                "description": f"Навантажувальне звернення {index}: яма на дорозі біля зупинки, просимо полагодити."}
        return Request("POST", "/api/v1/appeals/",
                       client_headers(index, state["tokens"][index], **{"Content-Type": "application/json"}),
                       json.dumps(body, ensure_ascii=False).encode())

    def counts(self, state: dict) -> dict:
        from hromada.appeals.models import Appeal

        mine = Appeal.objects.filter(author__email__startswith="filer", author__email__endswith="@bench.local")
        return {"rows": mine.count(), "numbers": mine.values("registration_index").distinct().count()}

    def check(self, state: dict, steps: list[Step], counts: dict, get) -> list[str]:
        answered = sum(step.result.statuses().get(201, 0) for step in steps)
        if not answered == counts["rows"] == counts["numbers"]:
            return [f"appeals disagree: 201 answers {answered}, rows {counts['rows']}, numbers {counts['numbers']}"]
        return []
