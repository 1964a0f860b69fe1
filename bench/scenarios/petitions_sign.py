"""The e-petition surge: distinct verified residents sign one petition over API tokens at a fixed rate.

Integrity: 201 answers = signature rows = distinct signers = the sharded counter = the API's count = the count
on the public page; every other answer is an error (nothing may be refused, lost or doubled)."""

from __future__ import annotations

import json
import re

from harness.loadgen import Request
from harness.people import residents_with_tokens
from harness.scenario import Scenario, Step, client_headers


class PetitionsSign(Scenario):
    name = "petitions-sign"
    rates = (25, 50, 100, 150, 200, 300, 400, 600)
    ok_statuses = (201,)

    def prepare(self, community, budget: int) -> dict:
        from hromada.core.identity.models import Role
        from hromada.core.identity.selectors import members_with_role
        from hromada.core.tenancy.services import community_update_settings
        from hromada.petitions import services

        tokens = residents_with_tokens(community, budget + 1, "signer")
        admin = members_with_role(community=community, roles=Role.ADMIN).first()
        moderator = members_with_role(community=community, roles=Role.MODERATOR).first()
        # Only the threshold moves (above the run, so the surge never ends collection); rate limits stay as shipped.
        community = community_update_settings(actor=admin, community=community, capability="petitions",
                                              values={"threshold": budget * 10})
        from hromada.core.identity.models import User

        author = User.objects.get(email="signer0@bench.local")
        text = "Просимо громаду підтримати цю петицію під час навантажувального тесту. " * 3
        petition = services.petition_create(actor=author, community=community, title="Петиція для хвилі підписів",
                                            text=text)
        services.petition_submit(actor=author, community=community, petition=petition)
        services.petition_publish(actor=moderator, community=community, petition=petition)
        return {"tokens": tokens[1:], "petition": petition.pk}

    def request(self, state: dict, index: int) -> Request:
        return Request("POST", f"/api/v1/petitions/{state['petition']}/sign",
                       client_headers(index, state["tokens"][index], **{"Content-Type": "application/json"}))

    def counts(self, state: dict) -> dict:
        from hromada.petitions.models import Signature
        from hromada.petitions.selectors import signature_count

        rows = Signature.objects.filter(petition_id=state["petition"])
        return {"rows": rows.count(), "signers": rows.values("user_id").distinct().count(),
                "counter": signature_count(state["petition"])}

    def check(self, state: dict, steps: list[Step], counts: dict, get) -> list[str]:
        answered = sum(step.result.statuses().get(201, 0) for step in steps)
        status, body = get(f"/api/v1/petitions/{state['petition']}/count")
        api = json.loads(body)["signatures"] if status == 200 else -1
        status, page = get(f"/petitions/{state['petition']}/")
        match = re.search(rb'class="petition-count">(\d+)<', page)
        shown = int(match.group(1)) if match else -1
        figures = {"201 answers": answered, "rows": counts["rows"], "distinct signers": counts["signers"],
                   "counter": counts["counter"], "API count": api, "page count": shown}
        if len(set(figures.values())) != 1:
            return ["signatures disagree: " + ", ".join(f"{k} {v}" for k, v in figures.items())]
        return []
