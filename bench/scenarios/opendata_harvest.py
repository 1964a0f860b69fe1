"""The national portal's harvester paging through the catalogue: CKAN package_search, 100 datasets a page."""

from __future__ import annotations

from harness.loadgen import Request
from harness.scenario import Scenario, client_headers


class CkanHarvestPage(Scenario):
    name = "ckan-harvest-page"
    rates = (25, 50, 100, 150, 200, 300)

    def request(self, state: dict, index: int) -> Request:
        return Request("GET", "/api/3/action/package_search?rows=100&start=0", client_headers(index))
