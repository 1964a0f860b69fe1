"""JSON API: list, create, detail, nearby, follow, the staff queue and actions, errors in the envelope."""

import pytest
from conftest import make_member, make_user

from hromada.appeals.models import Appeal, Status
from hromada.appeals.tests.factories import make_appeal
from hromada.core.identity.models import Role

pytestmark = pytest.mark.django_db


def test_categories_and_list_with_pinned_queries(community, resident, category, api_client_for,
                                                 django_assert_max_num_queries):
    for _ in range(12):
        make_appeal(community, resident, category)
    api = api_client_for(community)
    assert api.get("appeals/categories").json()[0]["code"] == "light"
    with django_assert_max_num_queries(6):
        body = api.get("appeals/", page_size=10).json()
    assert body["count"] == 12 and len(body["items"]) == 10
    assert all(item["contact"] is None for item in body["items"])


def test_create_through_the_api(community, resident, category, department, api_client_for):
    api = api_client_for(community, resident)
    response = api.post("appeals/", {"category": "light", "description": "Темно", "lat": 49.595, "lon": 34.555,
                                     "address": "вул. Садова, 3"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "registered" and body["department"] == department.name
    assert body["contact"]["email"] == resident.email and body["history"][0]["kind"] == "registered"
    assert Appeal.objects.get().source == "api"


@pytest.mark.parametrize("payload, field", [
    ({"category": "light", "description": "x" * 4001, "lat": 49.5, "lon": 34.5}, "description"),
    ({"category": "nope", "description": "x", "lat": 49.5, "lon": 34.5}, "category"),
    ({"category": "light", "description": "x", "lat": 149.5, "lon": 34.5}, "lat"),
    ({"category": "light", "description": "x", "lat": "abc", "lon": 34.5}, "lat"),
    ({"description": "x", "lat": 49.5, "lon": 34.5}, "category"),
])
def test_bad_create_input_is_a_400_envelope(community, resident, category, api_client_for, payload, field):
    response = api_client_for(community, resident).post("appeals/", payload)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Appeal.objects.exists()


def test_create_needs_a_user_and_malformed_json_is_400(community, api_client_for, resident):
    assert api_client_for(community).post("appeals/", {"category": "light"}).status_code in (400, 401)
    anon = api_client_for(community).post("appeals/", {"category": "light", "description": "x", "lat": 1, "lon": 1})
    assert anon.status_code == 401
    assert api_client_for(community, resident).post("appeals/", "{not json").status_code == 400


@pytest.mark.usefixtures("frozen_clock")
def test_create_is_rate_limited(community, resident, category, api_client_for):
    community.capability_settings = {"appeals": {"create_rate_per_user": "2/h"}}
    community.save()
    api = api_client_for(community, resident)
    payload = {"category": "light", "description": "x", "lat": 49.595, "lon": 34.555}
    assert [api.post("appeals/", payload).status_code for _ in range(3)] == [201, 201, 429]


def test_nearby_follow_and_mine(community, resident, category, public_appeal, api_client_for):
    neighbour = make_member(community, Role.RESIDENT)
    api = api_client_for(community, neighbour)
    found = api.get("appeals/nearby", category="light", lat=49.5951, lon=34.5551).json()
    assert [f["id"] for f in found] == [public_appeal.pk] and found[0]["distance_m"] < 50
    assert api.get("appeals/nearby", category="light", lat=500, lon=1).status_code == 400
    assert api.post(f"appeals/{public_appeal.pk}/follow").json() == {"ok": True}
    assert api.get(f"appeals/{public_appeal.pk}").json()["following"] is True
    assert api.delete(f"appeals/{public_appeal.pk}/follow").status_code == 200
    assert api_client_for(community, resident).get("appeals/mine").json()["count"] == 1
    assert api.get("appeals/mine").json()["count"] == 0
    assert api_client_for(community).get("appeals/mine").status_code == 401


def test_staff_queue_and_actions(community, public_appeal, official, resident, moderator, api_client_for):
    staff = api_client_for(community, official)
    queue = staff.get("appeals/queue").json()
    assert queue["count"] == 1 and queue["items"][0]["contact"]["email"] == resident.email
    assert api_client_for(community, resident).get("appeals/queue").status_code == 403
    pk = public_appeal.pk
    assert staff.post(f"appeals/{pk}/assign", {"owner_id": official.pk}).json()["status"] == "assigned"
    assert staff.post(f"appeals/{pk}/notes", {"text": "Внутрішня"}).status_code == 201
    assert staff.get(f"appeals/{pk}/notes").json()[0]["text"] == "Внутрішня"
    assert api_client_for(community, resident).get(f"appeals/{pk}/notes").status_code == 403
    assert staff.post(f"appeals/{pk}/extend", {"reason": "Обстеження", "until": "2000-01-01"}).status_code == 400
    assert staff.post(f"appeals/{pk}/extend", {"reason": "Обстеження"}).json()["extended"] is True
    assert staff.post(f"appeals/{pk}/start").json()["status"] == "in_progress"
    assert staff.post(f"appeals/{pk}/answer", {"text": "Готово"}).json()["status"] == "answered"
    assert staff.post(f"appeals/{pk}/start").status_code == 409
    assert staff.post(f"appeals/{pk}/close").json()["status"] == "closed"
    assert staff.post(f"appeals/{pk}/reject", {"reason": "x"}).json()["error"]["code"] == "wrong_status"
    second = make_appeal(community, resident, public_appeal.category)
    mod = api_client_for(community, moderator)
    assert mod.post(f"appeals/{second.pk}/redirect", {"to": "Облгаз"}).json()["status"] == "redirected"
    third = make_appeal(community, resident, public_appeal.category)
    assert mod.post(f"appeals/{third.pk}/category", {"category": "nope"}).status_code == 400
    assert mod.post(f"appeals/{third.pk}/reject", {"reason": "Дубль"}).json()["status"] == Status.REJECTED
    assert api_client_for(community, resident).post(f"appeals/{third.pk}/close").status_code == 403


def test_unverified_user_cannot_file(community, category, api_client_for):
    user = make_user(verified=False)
    response = api_client_for(community, user).post("appeals/", {"category": "light", "description": "x",
                                                                 "lat": 49.5, "lon": 34.5})
    assert response.status_code == 403 and response.json()["error"]["code"] == "identity_required"


def test_tenant_isolation(community, other_community, public_appeal, api_client_for):
    foreign_admin = make_member(other_community, Role.ADMIN)
    api = api_client_for(other_community, foreign_admin)
    assert api.get(f"appeals/{public_appeal.pk}").status_code == 404
    assert api.get("appeals/").json()["count"] == 0
    assert api.post(f"appeals/{public_appeal.pk}/reject", {"reason": "x"}).status_code == 404
    assert api.post(f"appeals/{public_appeal.pk}/follow").status_code == 404
    assert api.get("appeals/geojson").json()["features"] == []


def test_openapi_schema_includes_the_appeals_router(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/appeals/{appeal_id}/assign" in paths and "/api/v1/appeals/" in paths


def test_the_author_adds_photos_through_the_api(community, public_appeal, resident, api_client_for):
    from hromada.appeals.tests.factories import jpeg_bytes, upload

    api = api_client_for(community, resident)
    url = api.url(f"appeals/{public_appeal.pk}/photos")
    ok = api.client.post(url, {"photos": [upload(jpeg_bytes(exif_gps=True)), upload(jpeg_bytes(fmt="PNG"), "b.png")]},
                         **api.headers)
    assert ok.status_code == 200, ok.content
    assert len(ok.json()["photos"]) == 2
    bad = api.client.post(url, {"photos": [upload(b"not an image")]}, **api.headers)
    assert bad.status_code == 400
    too_many = api.client.post(url, {"photos": [upload(jpeg_bytes()) for _ in range(4)]}, **api.headers)
    assert too_many.status_code == 400
    stranger = api_client_for(community, make_member(community, Role.RESIDENT))
    assert stranger.client.post(url, {"photos": [upload(jpeg_bytes())]}, **stranger.headers).status_code == 403
    assert public_appeal.photos.count() == 2


def test_answer_with_documents_through_the_api(community, public_appeal, official, api_client_for):
    from hromada.appeals.tests.factories import jpeg_bytes, upload

    staff = api_client_for(community, official)
    staff.post(f"appeals/{public_appeal.pk}/assign", {"owner_id": official.pk})
    url = staff.url(f"appeals/{public_appeal.pk}/answer/with-documents")
    bad = staff.client.post(url, {"text": "Готово", "documents": [upload(b"MZ exe", "a.pdf")]}, **staff.headers)
    assert bad.status_code == 400 and public_appeal.documents.count() == 0
    pdf = upload(b"%PDF-1.4\n%%EOF\n", "answer.pdf", "application/pdf")
    ok = staff.client.post(url, {"text": "Готово", "documents": [pdf, upload(jpeg_bytes(), "act.jpg")]},
                           **staff.headers)
    assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == "answered" and [d["name"] for d in ok.json()["documents"]] == ["answer.pdf", "act.jpg"]
