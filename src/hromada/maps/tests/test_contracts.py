"""Kernel contracts held by the city map (the @service walk is tests/test_service_contracts.py): the platform
(SYSTEM) may write, and every list page and list endpoint costs the same queries for 3 rows and 33."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import PermissionDenied
from hromada.core.identity.actors import SYSTEM
from hromada.maps import services
from hromada.maps.models import Feature, Layer

from .factories import make_layer, make_point


@pytest.mark.django_db
def test_the_platform_writes_as_system_and_residents_are_refused(community, resident):
    layer = make_layer(SYSTEM, community, "imported")
    feature = make_point(SYSTEM, community, layer, name="Ліцей № 3")
    assert feature.created_by is None
    assert AuditEvent.objects.filter(action="maps.feature.created", actor__isnull=True).count() == 1
    with pytest.raises(PermissionDenied):
        make_point(resident, community, layer)
    with pytest.raises(PermissionDenied):
        services.layer_delete(actor=resident, community=community, layer_id=layer.pk)


def _queries(client: Client, path: str, **headers) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, **headers)
        assert response.status_code == 200, (path, response.content[:300])
    return len(ctx)


@pytest.mark.django_db
def test_list_pages_and_endpoints_cost_the_same_queries_with_3_rows_and_33(community, moderator, resident):
    main = make_layer(moderator, community, "main")
    slug = community.slug
    bbox = "bbox=30,45,40,55"  # every feature; a filtered request skips the whole-layer cache
    pages = {
        "map": (None, f"/c/{slug}/map/"),
        "map of one layer": (resident, f"/c/{slug}/map/?layer=main"),
        "layer geojson": (None, f"/c/{slug}/map/layers/main.geojson?{bbox}"),
        "editor": (moderator, f"/c/{slug}/map/editor/"),
        "editor layer": (moderator, f"/c/{slug}/map/editor/main/"),
        "api layers": (None, f"/c/{slug}/api/v1/maps/layers"),
        "api layers as staff": (moderator, f"/c/{slug}/api/v1/maps/layers"),
        "api features": (None, f"/c/{slug}/api/v1/maps/layers/main/features?{bbox}"),
    }
    clients = {}
    for who, _path in pages.values():
        if who not in clients:
            clients[who] = Client()
            if who is not None:
                clients[who].force_login(who)
    made = [0]

    def add(n: int) -> None:
        for _ in range(n):
            made[0] += 1
            layer = make_layer(moderator, community, f"layer-{made[0]}", is_public=made[0] % 2 == 0)
            make_point(moderator, community, layer, name=f"Об'єкт шару {made[0]}")
            make_point(moderator, community, main, name=f"Ліцей № {made[0]}", lat=49.5 + made[0] / 1000)

    def measure() -> dict[str, int]:
        for who, path in pages.values():  # warm the per-process caches (community, settings, templates)
            _queries(clients[who], path)
        return {name: _queries(clients[who], path) for name, (who, path) in pages.items()}

    add(3)
    few = measure()
    add(30)
    assert Layer.objects.filter(community=community).count() == 34
    assert Feature.objects.filter(layer=main).count() == 33
    assert measure() == few
