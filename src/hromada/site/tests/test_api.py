"""Site and news API: anyone lists public entries, staff write through the same services, errors in the envelope."""

from __future__ import annotations

from hromada.site import services
from hromada.site.models import Page


def test_list_and_read_show_public_entries_only(community, community_admin, resident, api_client_for):
    shown = services.page_create(actor=community_admin, community=community, title="Shown")
    hidden = services.page_create(actor=community_admin, community=community, title="Hidden", is_public=False)
    api = api_client_for(community, resident)
    body = api.get("site/").json()
    assert [item["id"] for item in body["items"]] == [shown.pk] and body["count"] == 1
    assert api.get(f"site/{shown.pk}").json()["title"] == "Shown"
    assert api.get(f"site/{hidden.pk}").status_code == 404
    assert len(api_client_for(community, community_admin).get("site/").json()["items"]) == 2


def test_staff_write_and_residents_are_refused(community, community_admin, resident, api_client_for):
    staff = api_client_for(community, community_admin)
    created = staff.post("site/", {"title": "From the API", "body": "Text"})
    assert created.status_code == 201, created.content
    page_id = created.json()["id"]
    assert staff.patch(f"site/{page_id}", {"title": "Renamed"}).json()["title"] == "Renamed"
    refused = api_client_for(community, resident).post("site/", {"title": "Mine"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    assert staff.post("site/", {"title": "x", "colour": "red"}).status_code in (400, 422)
    assert staff.delete(f"site/{page_id}").status_code == 204
    assert not Page.objects.exists()


def test_list_costs_the_same_queries_for_many_rows(community, community_admin, api_client_for,
                                                   django_assert_max_num_queries):
    api = api_client_for(community, community_admin)
    api.get("site/")  # warm the per-process caches (community, token)
    for number in range(40):
        services.page_create(actor=community_admin, community=community, title=f"Entry {number}")
    with django_assert_max_num_queries(12):
        assert len(api.get("site/", page_size=40).json()["items"]) == 40
