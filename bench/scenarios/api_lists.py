"""The public API lists as open-data clients and apps poll them: anonymous GETs from distinct clients, first page."""

from __future__ import annotations

from harness.loadgen import Request
from harness.scenario import Scenario, client_headers


class PetitionsList(Scenario):
    name = "api-petitions-list"
    rates = (25, 50, 100, 150, 200, 300, 400, 600)

    def request(self, state: dict, index: int) -> Request:
        return Request("GET", "/api/v1/petitions/", client_headers(index))


class AppealsList(Scenario):
    name = "api-appeals-list"
    rates = (25, 50, 100, 150, 200, 300, 400, 600)

    def request(self, state: dict, index: int) -> Request:
        return Request("GET", "/api/v1/appeals/", client_headers(index))
