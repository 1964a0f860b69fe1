"""The API kernel: error envelope on bad input, tokens scoped to a community, CSRF, pagination, throttles."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from hromada.core.api.models import ApiToken
from hromada.core.api.tokens import api_token_authenticate, api_token_create, api_token_revoke
from hromada.core.audit.models import AuditEvent
from hromada.core.errors import NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.models import Department
from hromada.core.notifications.models import Notification

pytestmark = pytest.mark.django_db


def envelope(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


# --- tokens -------------------------------------------------------------------------------------------------

def test_token_create_returns_raw_key_once_and_stores_only_hash(community, resident):
    token, raw = api_token_create(actor=resident, community=community, name="script")
    assert raw.startswith("hro_") and len(raw) > 40
    assert token.key_hash != raw and raw not in token.key_hash
    assert api_token_authenticate(raw, community) == token
    assert AuditEvent.objects.filter(action="core.api_token.created", target_id=str(token.pk)).exists()


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_token_create_refuses_bad_names_and_writes_nothing(community, resident, name):
    with pytest.raises(ValidationFailed) as exc:
        api_token_create(actor=resident, community=community, name=name)
    assert "name" in exc.value.fields
    assert not ApiToken.objects.exists()


def test_token_create_refuses_anonymous(community):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        api_token_create(actor=AnonymousUser(), community=community, name="x")


def test_token_limit_of_twenty(community, resident):
    for i in range(20):
        api_token_create(actor=resident, community=community, name=f"t{i}")
    with pytest.raises(ValidationFailed):
        api_token_create(actor=resident, community=community, name="one too many")
    assert ApiToken.objects.count() == 20


def test_token_is_scoped_to_its_community(community, other_community, resident):
    _token, raw = api_token_create(actor=resident, community=community, name="a")
    assert api_token_authenticate(raw, other_community) is None
    assert api_token_authenticate(raw, None) is None
    assert api_token_authenticate("hro_not-a-real-token", community) is None


def test_token_revoke_only_own_token_of_this_community(community, other_community, resident, moderator):
    token, raw = api_token_create(actor=resident, community=community, name="a")
    with pytest.raises(NotFound):
        api_token_revoke(actor=moderator, community=community, token_id=token.pk)
    with pytest.raises(NotFound):
        api_token_revoke(actor=resident, community=other_community, token_id=token.pk)
    api_token_revoke(actor=resident, community=community, token_id=token.pk)
    assert api_token_authenticate(raw, community) is None
    with pytest.raises(NotFound):
        api_token_revoke(actor=resident, community=community, token_id=token.pk)


def test_inactive_user_token_is_refused(community, resident):
    _token, raw = api_token_create(actor=resident, community=community, name="a")
    resident.is_active = False
    resident.save()
    assert api_token_authenticate(raw, community) is None


def test_a_cached_token_is_refused_once_revoked_or_its_holder_deactivated(community, resident,
                                                                          django_assert_num_queries):
    token, raw = api_token_create(actor=resident, community=community, name="a")
    assert api_token_authenticate(raw, community) == token
    with django_assert_num_queries(0):  # the worker remembers the live token and its holder
        assert api_token_authenticate(raw, community).user == resident
    api_token_revoke(actor=resident, community=community, token_id=token.pk)
    assert api_token_authenticate(raw, community) is None

    _token, raw = api_token_create(actor=resident, community=community, name="b")
    assert api_token_authenticate(raw, community) is not None
    resident.is_active = False
    resident.save(update_fields=["is_active"])
    assert api_token_authenticate(raw, community) is None


def test_signing_in_does_not_forget_cached_tokens(community, resident, django_assert_num_queries):
    _token, raw = api_token_create(actor=resident, community=community, name="a")
    api_token_authenticate(raw, community)
    from django.contrib.auth.models import update_last_login

    update_last_login(None, resident)
    with django_assert_num_queries(0):
        assert api_token_authenticate(raw, community) is not None


# --- authentication over HTTP ---------------------------------------------------------------------------------

def test_me_with_token(api_client_for, community, resident):
    response = api_client_for(community, resident).get("me")
    assert response.status_code == 200
    assert response.json()["email"] == resident.email
    assert response.json()["roles"] == ["resident"]
    assert response.json()["identity_level"] == 2


@pytest.mark.parametrize("header", ["Bearer hro_wrong", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc", "hro_x"])
def test_bad_tokens_get_401_envelope(client, community, header):
    response = client.get("/c/alpha/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert envelope(response)["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_bad_token_refused_even_on_public_endpoints(client, community):
    response = client.get("/c/alpha/api/v1/community", HTTP_AUTHORIZATION="Bearer hro_wrong")
    assert response.status_code == 401


def test_token_of_community_a_is_refused_on_prefix_of_b(client, community, other_community, resident):
    _token, raw = api_token_create(actor=resident, community=community, name="a")
    assert client.get("/c/alpha/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    response = client.get("/c/beta/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401


def test_anonymous_me_is_401(client, community):
    assert client.get("/c/alpha/api/v1/me").status_code == 401


def test_session_write_needs_csrf(community, resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    response = client.post("/c/alpha/api/v1/me/tokens", json.dumps({"name": "x"}), content_type="application/json")
    assert response.status_code == 403
    assert envelope(response)["code"] == "csrf_failed"
    assert not ApiToken.objects.exists()
    client.get("/c/alpha/")  # sets the CSRF cookie, as a page of the site would
    csrf = client.cookies["csrftoken"].value
    response = client.post("/c/alpha/api/v1/me/tokens", json.dumps({"name": "x"}), content_type="application/json",
                           HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 201
    assert response.json()["key"].startswith("hro_")


def test_token_writes_need_no_csrf(api_client_for, community, resident):
    response = api_client_for(community, resident).post("me/tokens", {"name": "second"})
    assert response.status_code == 201
    assert response.json()["name"] == "second"


def test_no_community_selected_gives_404_envelope(client, community, other_community, resident):
    client.force_login(resident)
    response = client.get("/api/v1/community")  # two communities, no prefix: none is selected
    assert response.status_code == 404
    assert envelope(response)["code"] == "not_found"


# --- bad input ---------------------------------------------------------------------------------------------

def test_malformed_json_is_400(api_client_for, community, resident):
    response = api_client_for(community, resident).post("me/tokens", '{"name": ')
    assert response.status_code == 400
    assert envelope(response)["code"] == "malformed_json"
    assert ApiToken.objects.count() == 1  # only the client's own token


@pytest.mark.parametrize("body, field", [
    ({"name": 12}, "name"),
    ({"name": ["a"]}, "name"),
    ({}, "name"),
    ({"name": ""}, "name"),
    ({"name": "x" * 101}, "name"),
])
def test_wrong_types_and_oversized_fields_are_400_with_field_messages(api_client_for, community, resident, body, field):
    response = api_client_for(community, resident).post("me/tokens", body)
    assert response.status_code == 400
    error = envelope(response)
    assert error["code"] == "validation_failed"
    assert field in error["fields"] and error["fields"][field]
    assert ApiToken.objects.count() == 1  # only the client's own token


def test_json_array_body_is_400(api_client_for, community, resident):
    response = api_client_for(community, resident).post("me/tokens", "[1, 2]")
    assert response.status_code == 400


@pytest.mark.parametrize("token_id", ["999999", "99999999999999999999999"])
def test_unknown_ids_are_404(api_client_for, community, resident, token_id):
    response = api_client_for(community, resident).delete(f"me/tokens/{token_id}")
    assert response.status_code == 404
    assert envelope(response)["code"] == "not_found"


def test_non_integer_id_is_400_or_404_never_500(api_client_for, community, resident):
    response = api_client_for(community, resident).delete("me/tokens/abc")
    assert response.status_code in (400, 404)


def test_mark_read_ids_wrong_type(api_client_for, community, resident):
    response = api_client_for(community, resident).post("me/notifications/read", {"ids": "all"})
    assert response.status_code == 400
    assert "ids" in envelope(response)["fields"]


def test_mark_read_too_many_ids(api_client_for, community, resident):
    response = api_client_for(community, resident).post("me/notifications/read", {"ids": list(range(1001))})
    assert response.status_code == 400


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_oversized_body_is_413(api_client_for, community, resident):
    response = api_client_for(community, resident).post("me/tokens", {"name": "x", "pad": "y" * 5000})
    assert response.status_code == 413
    assert envelope(response)["code"] == "too_large"


def test_nul_character_is_refused_not_500(api_client_for, community, resident):
    response = api_client_for(community, resident).post("me/tokens", {"name": "a\u0000b"})
    assert response.status_code in (201, 400)


@pytest.mark.parametrize("query", ["page=abc", "page=0", "page_size=1000", "page=-1"])
def test_bad_pagination_is_400(api_client_for, community, query):
    response = api_client_for(community).client.get(f"/c/alpha/api/v1/departments?{query}")
    assert response.status_code == 400
    assert envelope(response)["code"] == "validation_failed"


# --- envelope of each domain error ---------------------------------------------------------------------------

@override_settings(ROOT_URLCONF="hromada.core.tests.envelope_urls")
@pytest.mark.parametrize("kind, status, code", [
    ("validation", 400, "validation_failed"),
    ("permission", 403, "permission_denied"),
    ("notfound", 404, "not_found"),
    ("conflict", 409, "already_signed"),
    ("ratelimited", 429, "rate_limited"),
])
def test_domain_errors_render_one_envelope(client, kind, status, code):
    response = client.get(f"/api/raise/{kind}")
    assert response.status_code == status
    error = envelope(response)
    assert error["code"] == code and error["message"]
    if kind == "validation":
        assert error["fields"] == {"title": ["Too long."]}
    if kind == "ratelimited":
        assert response["Retry-After"] == "7"


@override_settings(ROOT_URLCONF="hromada.core.tests.envelope_urls")
def test_unexpected_errors_are_500_envelope_without_details(client):
    response = client.get("/api/crash")
    assert response.status_code == 500
    assert "boom" not in response.content.decode()
    assert envelope(response)["code"] == "server_error"


# --- endpoints, pagination, query counts ---------------------------------------------------------------------

def test_community_endpoint(api_client_for, community):
    body = api_client_for(community).get("community").json()
    assert body["slug"] == "alpha" and body["name_uk"] == "Громада alpha"


def test_departments_are_paginated_and_scoped(api_client_for, community, other_community):
    for i in range(25):
        Department.objects.create(community=community, name=f"Відділ {i:02d}")
    Department.objects.create(community=other_community, name="Чужий відділ")
    client = api_client_for(community)
    first = client.get("departments").json()
    assert first["count"] == 25 and first["pages"] == 2 and len(first["items"]) == 20
    second = client.get("departments", page=2).json()
    assert len(second["items"]) == 5
    assert "Чужий відділ" not in json.dumps(first) + json.dumps(second)
    assert client.get("departments", page=9).json()["items"] == []


def test_departments_query_count_is_pinned(api_client_for, community, resident, django_assert_max_num_queries):
    for i in range(30):
        Department.objects.create(community=community, name=f"Відділ {i:02d}")
    client = api_client_for(community, resident)
    client.get("departments")  # warm the community cache
    # token lookup, last_used_at is fresh, count, page
    with django_assert_max_num_queries(3):
        response = client.get("departments", page_size=100)
    assert len(response.json()["items"]) == 30


def test_my_notifications_are_scoped_to_the_token_community(api_client_for, community, other_community, resident):
    Notification.objects.create(community=community, user=resident, event="core.x", title="mine here")
    Notification.objects.create(community=None, user=resident, event="core.x", title="platform")
    Notification.objects.create(community=other_community, user=resident, event="core.x", title="elsewhere")
    client = api_client_for(community, resident)
    titles = {n["title"] for n in client.get("me/notifications").json()["items"]}
    assert titles == {"mine here", "platform"}
    assert client.post("me/notifications/read", {}).json() == {"marked": 2}
    assert Notification.objects.get(title="elsewhere").read_at is None


def test_my_notifications_unread_filter(api_client_for, community, resident):
    read = Notification.objects.create(community=community, user=resident, event="core.x", title="read")
    Notification.objects.create(community=community, user=resident, event="core.x", title="unread")
    client = api_client_for(community, resident)
    client.post("me/notifications/read", {"ids": [read.pk]})
    items = client.get("me/notifications", unread="true").json()["items"]
    assert [n["title"] for n in items] == ["unread"]


def test_openapi_documents_the_error_envelope(client, community):
    schema = client.get("/api/v1/openapi.json").json()
    assert "ErrorEnvelope" in json.dumps(schema)
    assert client.get("/api/v1/docs").status_code == 200


# --- throttles --------------------------------------------------------------------------------------------------

@pytest.fixture
def tight_throttles(monkeypatch, frozen_clock):
    from hromada.config.urls import api

    for throttle in api.throttle:
        monkeypatch.setattr(throttle, "num_requests", 2)
        monkeypatch.setattr(throttle, "duration", 60)
    return api


def test_anonymous_throttle_429_with_retry_after(client, community, tight_throttles):
    for _ in range(2):
        assert client.get("/c/alpha/api/v1/community").status_code == 200
    response = client.get("/c/alpha/api/v1/community")
    assert response.status_code == 429
    assert envelope(response)["code"] == "rate_limited"
    assert int(response["Retry-After"]) >= 1


def test_anonymous_throttle_ignores_spoofed_forwarded_for(client, community, tight_throttles):
    for i in range(2):
        client.get("/c/alpha/api/v1/community", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    response = client.get("/c/alpha/api/v1/community", HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert response.status_code == 429


def test_user_throttle_counts_per_user(api_client_for, community, resident, moderator, tight_throttles):
    first = api_client_for(community, resident)
    for _ in range(2):
        assert first.get("me").status_code == 200
    assert first.get("me").status_code == 429
    assert api_client_for(community, moderator).get("me").status_code == 200


def test_json_is_utf8_not_escaped(api_client_for, community):
    response = api_client_for(community).get("community")
    assert "Громада alpha".encode() in response.content
    assert response["Content-Type"].startswith("application/json")
