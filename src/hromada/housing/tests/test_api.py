"""Housing API: anyone lists public entries, staff write through the same services, errors in the envelope."""

from __future__ import annotations

from hromada.housing import services
from hromada.housing.models import Building


def test_list_and_read_show_public_entries_only(community, community_admin, resident, api_client_for):
    shown = services.building_create(actor=community_admin, community=community, title="Shown")
    hidden = services.building_create(actor=community_admin, community=community, title="Hidden", is_public=False)
    api = api_client_for(community, resident)
    body = api.get("housing/").json()
    assert [item["id"] for item in body["items"]] == [shown.pk] and body["count"] == 1
    assert api.get(f"housing/{shown.pk}").json()["title"] == "Shown"
    assert api.get(f"housing/{hidden.pk}").status_code == 404
    assert len(api_client_for(community, community_admin).get("housing/").json()["items"]) == 2


def test_staff_write_and_residents_are_refused(community, community_admin, resident, api_client_for):
    staff = api_client_for(community, community_admin)
    created = staff.post("housing/", {"title": "From the API", "body": "Text"})
    assert created.status_code == 201, created.content
    building_id = created.json()["id"]
    assert staff.patch(f"housing/{building_id}", {"title": "Renamed"}).json()["title"] == "Renamed"
    refused = api_client_for(community, resident).post("housing/", {"title": "Mine"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    assert staff.post("housing/", {"title": "x", "colour": "red"}).status_code in (400, 422)
    assert staff.delete(f"housing/{building_id}").status_code == 204
    assert not Building.objects.exists()


def test_list_costs_the_same_queries_for_many_rows(community, community_admin, api_client_for,
                                                   django_assert_max_num_queries):
    api = api_client_for(community, community_admin)
    api.get("housing/")  # warm the per-process caches (community, token)
    for number in range(40):
        services.building_create(actor=community_admin, community=community, title=f"Entry {number}")
    with django_assert_max_num_queries(12):
        assert len(api.get("housing/", page_size=40).json()["items"]) == 40
