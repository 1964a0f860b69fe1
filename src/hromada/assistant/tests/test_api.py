"""Assistant API: anyone lists public entries, staff write through the same services, errors in the envelope."""

from __future__ import annotations

from hromada.assistant import services
from hromada.assistant.models import ChatBot


def test_list_and_read_show_public_entries_only(community, community_admin, resident, api_client_for):
    shown = services.chat_bot_create(actor=community_admin, community=community, title="Shown")
    hidden = services.chat_bot_create(actor=community_admin, community=community, title="Hidden", is_public=False)
    api = api_client_for(community, resident)
    body = api.get("assistant/").json()
    assert [item["id"] for item in body["items"]] == [shown.pk] and body["count"] == 1
    assert api.get(f"assistant/{shown.pk}").json()["title"] == "Shown"
    assert api.get(f"assistant/{hidden.pk}").status_code == 404
    assert len(api_client_for(community, community_admin).get("assistant/").json()["items"]) == 2


def test_staff_write_and_residents_are_refused(community, community_admin, resident, api_client_for):
    staff = api_client_for(community, community_admin)
    created = staff.post("assistant/", {"title": "From the API", "body": "Text"})
    assert created.status_code == 201, created.content
    chat_bot_id = created.json()["id"]
    assert staff.patch(f"assistant/{chat_bot_id}", {"title": "Renamed"}).json()["title"] == "Renamed"
    refused = api_client_for(community, resident).post("assistant/", {"title": "Mine"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    assert staff.post("assistant/", {"title": "x", "colour": "red"}).status_code in (400, 422)
    assert staff.delete(f"assistant/{chat_bot_id}").status_code == 204
    assert not ChatBot.objects.exists()


def test_list_costs_the_same_queries_for_many_rows(community, community_admin, api_client_for,
                                                   django_assert_max_num_queries):
    api = api_client_for(community, community_admin)
    api.get("assistant/")  # warm the per-process caches (community, token)
    for number in range(40):
        services.chat_bot_create(actor=community_admin, community=community, title=f"Entry {number}")
    with django_assert_max_num_queries(12):
        assert len(api.get("assistant/", page_size=40).json()["items"]) == 40
