"""Pages residents open: the community's home page, anonymous, from distinct clients."""

from __future__ import annotations

from harness.loadgen import Request
from harness.scenario import Scenario, client_headers


class HomePage(Scenario):
    name = "home-page"
    rates = (25, 50, 100, 150, 200, 300, 400, 600)

    def request(self, state: dict, index: int) -> Request:
        return Request("GET", "/", client_headers(index, **{"Accept-Language": "uk"}))
