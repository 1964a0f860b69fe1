"""The demo loader: the large demo writes 60 located buildings with managers, boards, systems, works with money
and emergencies, through the services; open data carries no personal data."""

from __future__ import annotations

from hromada.housing import demo, selectors
from hromada.housing.models import BoardMember, Building, BuildingSystem, EmergencyEvent, Manager, Work


def test_the_large_demo_loads_through_the_services(community):
    demo.load(community, size="large")
    assert Building.objects.filter(community=community).count() == 60
    assert not Building.objects.filter(lat=None).exists()
    assert Manager.objects.filter(kind="condominium").count() == 6 and BoardMember.objects.exists()
    assert BuildingSystem.objects.count() > 200 and EmergencyEvent.objects.exists()
    assert Work.objects.filter(status="done", cost_actual__gt=0).exists()
    assert Work.objects.filter(status="planned").exists()
    rows = list(selectors.building_open_data_rows(community))
    names = set(BoardMember.objects.values_list("name", flat=True))
    assert rows and not any(name in str(row) for row in rows for name in names)
    assert selectors.building_geojson(community)["features"]
    assert list(selectors.work_open_data_rows(community))
