"""The demo loader works for any demo community at size "small": publishers, datasets loaded into the
datastore, a GeoJSON layer, a private draft and the live datasets of the other capabilities."""

from __future__ import annotations

import pytest

from hromada.opendata.models import Dataset, DatastoreTable

pytestmark = pytest.mark.django_db


def test_demo_small(client):
    from hromada.core import capabilities
    from hromada.demo.people import create_demo_community

    community, _people = create_demo_community(slug="od-demo", residents=6)
    for manifest in sorted(capabilities.manifests(), key=lambda m: m.demo_order):
        if manifest.demo_loader and manifest.slug == "opendata":
            capabilities.resolve(manifest.demo_loader)(community, size="small")
    names = set(Dataset.objects.filter(community=community).values_list("name", flat=True))
    assert {"budget-2025", "schools", "transport-stops", "water-quality", "draft-land-register"} <= names
    assert DatastoreTable.objects.filter(community=community, status="active").count() >= 3
    result = client.get("/c/od-demo/api/3/action/package_search", {"rows": 100}).json()["result"]
    assert result["count"] == len(names) - 1  # the private draft is hidden
