"""Query counts on every open-data list page and list endpoint stay the same with 30 datasets as with 3.

Each surface is measured twice in one test; a count that grows with rows is an N+1 that a harvester's full
walk of the catalogue would multiply by thousands."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .factories import add_csv, make_dataset

pytestmark = pytest.mark.django_db

SURFACES = [
    "/c/alpha/opendata/",
    "/c/alpha/opendata/?q=набір",
    "/c/alpha/opendata/publishers/",
    "/c/alpha/opendata/publishers/finance/",
    "/c/alpha/opendata/timeliness/",
    "/c/alpha/api/3/action/package_list",
    "/c/alpha/api/3/action/package_search?rows=50",
    "/c/alpha/api/3/action/package_search?q=набір&facet.field=[\"organization\",\"tags\",\"res_format\"]",
    "/c/alpha/api/3/action/current_package_list_with_resources?limit=50",
    "/c/alpha/api/3/action/organization_list?all_fields=true",
    "/c/alpha/api/3/action/tag_list",
    "/c/alpha/catalog.jsonld",
]


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code, response.content[:200])
    return len(captured)


def _add_datasets(portal, count: int, *, rendered: bool) -> None:
    for n in range(count):
        dataset = make_dataset(portal.community, portal.admin, portal.publisher, tags=[f"тег{n}", "бюджет"])
        if n % 3 == 0:
            add_csv(portal.community, portal.admin, dataset)
    if rendered:  # the stored package dicts, as the worker leaves them; without it, the state right after a write
        from hromada.opendata.tasks import render_missing_packages

        render_missing_packages.call()


@pytest.mark.parametrize("rendered", [True, False], ids=["rendered", "just-written"])
@pytest.mark.parametrize("as_admin", [False, True], ids=["anonymous", "admin"])
def test_list_surfaces_do_not_grow_with_rows(portal, as_admin, rendered):
    client = Client()
    if as_admin:
        client.force_login(portal.admin)
    _add_datasets(portal, 2, rendered=rendered)
    few = {path: _queries(client, path) for path in SURFACES}
    _add_datasets(portal, 28, rendered=rendered)
    many = {path: _queries(client, path) for path in SURFACES}
    grown = {path: (few[path], many[path]) for path in SURFACES if many[path] > few[path]}
    assert not grown, grown
