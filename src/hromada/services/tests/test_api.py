"""Services API: anyone lists public entries, staff write through the same services, errors in the envelope."""

from __future__ import annotations

from hromada.services import services
from hromada.services.models import Service


def test_list_and_read_show_public_entries_only(community, community_admin, resident, api_client_for):
    shown = services.service_create(actor=community_admin, community=community, title="Shown")
    hidden = services.service_create(actor=community_admin, community=community, title="Hidden", is_public=False)
    api = api_client_for(community, resident)
    body = api.get("services/").json()
    assert [item["id"] for item in body["items"]] == [shown.pk] and body["count"] == 1
    assert api.get(f"services/{shown.pk}").json()["title"] == "Shown"
    assert api.get(f"services/{hidden.pk}").status_code == 404
    assert len(api_client_for(community, community_admin).get("services/").json()["items"]) == 2


def test_staff_write_and_residents_are_refused(community, community_admin, resident, api_client_for):
    staff = api_client_for(community, community_admin)
    created = staff.post("services/", {"title": "From the API", "body": "Text"})
    assert created.status_code == 201, created.content
    service_id = created.json()["id"]
    assert staff.patch(f"services/{service_id}", {"title": "Renamed"}).json()["title"] == "Renamed"
    refused = api_client_for(community, resident).post("services/", {"title": "Mine"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    assert staff.post("services/", {"title": "x", "colour": "red"}).status_code in (400, 422)
    assert staff.delete(f"services/{service_id}").status_code == 204
    assert not Service.objects.exists()


def test_list_costs_the_same_queries_for_many_rows(community, community_admin, api_client_for,
                                                   django_assert_max_num_queries):
    api = api_client_for(community, community_admin)
    api.get("services/")  # warm the per-process caches (community, token)
    for number in range(40):
        services.service_create(actor=community_admin, community=community, title=f"Entry {number}")
    with django_assert_max_num_queries(12):
        assert len(api.get("services/", page_size=40).json()["items"]) == 40
