"""The same-run baselines (harness.urls): the request path's floor, and the API's bare authenticated path."""

from __future__ import annotations

from harness.loadgen import Request
from harness.people import residents_with_tokens
from harness.scenario import Scenario, client_headers


class Trivial(Scenario):
    """GET /bench/trivial: every middleware, a view, a small JSON answer. Every ratio is against this."""

    name = "trivial"
    rates = (25, 50, 100, 150, 200, 300, 400, 600, 800)

    def request(self, state: dict, index: int) -> Request:
        return Request("GET", "/bench/trivial", client_headers(index))


class BareApiPath(Scenario):
    """POST .../bench-bare with a distinct resident's token: token check, community, throttle, ninja; no work."""

    name = "api-bare-path"
    rates = (25, 50, 100, 150, 200, 300, 400, 600)

    def prepare(self, community, budget: int) -> dict:
        from hromada.petitions.models import Petition

        return {"tokens": residents_with_tokens(community, budget, "bare"),
                "petition": Petition.objects.filter(community=community).values_list("pk", flat=True).first()}

    def request(self, state: dict, index: int) -> Request:
        return Request("POST", f"/api/v1/petitions/{state['petition']}/bench-bare",
                       client_headers(index, state["tokens"][index], **{"Content-Type": "application/json"}))
