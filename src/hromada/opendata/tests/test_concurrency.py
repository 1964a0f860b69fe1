"""New versions of one resource published at the same moment (threads, separate connections): the row
lock on the resource serialises them, so every one gets its own number and none is lost.

Needs PostgreSQL: SQLite's shared-cache test database refuses concurrent writers instead of queueing them."""

from __future__ import annotations

import pytest
from django.db import connection
from tests.concurrency import at_once

from hromada.opendata import services
from hromada.opendata.models import ResourceVersion

from .factories import make_dataset, make_publisher

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite shared-cache test database refuses concurrent "
                    "writers instead of queueing them; covered on PostgreSQL")
def test_concurrent_versions_are_numbered_without_gaps_or_losses(community, community_admin, department):
    dataset = make_dataset(community, community_admin, make_publisher(community, community_admin,
                                                                      department=department))
    resource = services.resource_create(actor=community_admin, community=community, dataset=dataset, name="J",
                                        content=b'{"v": 0}', filename="v.json")
    workers = 6
    results = at_once(workers, lambda n: services.resource_update(
        actor=community_admin, community=community, resource=resource, content=f'{{"v": {n + 1}}}'.encode()))
    assert all(isinstance(r, ResourceVersion) for r in results), results
    numbers = sorted(ResourceVersion.objects.filter(resource=resource).values_list("number", flat=True))
    assert numbers == list(range(1, workers + 2))
    resource.refresh_from_db()
    assert resource.current_version.number == workers + 1
