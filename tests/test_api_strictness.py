"""Cross-cutting: the OpenAPI document is as strict as the server, and who may call comes before what was sent.

Walks every operation of the document: signed-in-only writes answer 401 to an anonymous caller whatever the body."""

from __future__ import annotations

import re

import pytest
from conftest import make_member

from hromada.core.identity.models import Role

GARBAGE = {"__not_a_field__": ["x"] * 3, "title": 7}
ERROR_CODES = {"400", "401", "403", "404", "409", "429"}


@pytest.fixture
def openapi(community, api_client_for):
    response = api_client_for(community).get("openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(openapi):
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            yield path, method.upper(), operation


def _concrete(path: str) -> str:
    # /api/v1/ is where the document lives; ids and slugs that exist nowhere are fine for these checks.
    path = path.split("/api/v1/", 1)[1]
    return re.sub(r"{(\w+)}", lambda m: "no-such-thing" if m.group(1) == "slug" else "999999", path)


def test_every_operation_documents_the_error_envelope(openapi):
    missing = [f"{method} {path}: {sorted(ERROR_CODES - set(op['responses']))}"
               for path, method, op in _operations(openapi) if not ERROR_CODES <= set(op["responses"])]
    assert missing == []


def test_every_request_body_refuses_unknown_keys(openapi):
    schemas = openapi["components"]["schemas"]

    def loose(schema, seen):
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[1]
            if name in seen:
                return []
            seen.add(name)
            schema = schemas[name]
        found = []
        if schema.get("type") == "object" and schema.get("properties") and schema.get("additionalProperties") is not False:
            found.append(schema.get("title", "?"))
        for key in ("anyOf", "oneOf", "allOf"):
            for part in schema.get(key, []):
                found += loose(part, seen)
        for prop in schema.get("properties", {}).values():
            found += loose(prop, seen)
        if "items" in schema:
            found += loose(schema["items"], seen)
        return found

    bodies = [(f"{method} {path}", content["schema"]) for path, method, op in _operations(openapi)
              for mime, content in op.get("requestBody", {}).get("content", {}).items() if mime == "application/json"]
    assert bodies
    assert [(where, name) for where, schema in bodies for name in loose(schema, set())] == []


def test_the_document_carries_the_limits_the_services_enforce(openapi):
    schemas = openapi["components"]["schemas"]
    petition = schemas["PetitionIn"]["properties"]
    assert (petition["title"]["minLength"], petition["title"]["maxLength"]) == (10, 200)
    assert (petition["text"]["minLength"], petition["text"]["maxLength"]) == (50, 10_000)
    assert petition["co_authors"]["maxItems"] == 5
    appeal = schemas["AppealIn"]["properties"]
    assert appeal["description"]["minLength"] == 1 and appeal["lat"]["maximum"] == 90
    assert appeal["kind"]["enum"] == ["statement", "proposal", "complaint"]
    assert schemas["LayerIn"]["properties"]["colour"]["pattern"]
    features = next(item["get"] for path, item in openapi["paths"].items()
                    if path.endswith("/api/v1/maps/layers/{slug}/features"))
    bbox = next(p for p in features["parameters"] if p["name"] == "bbox")
    assert bbox["in"] == "query" and bbox["schema"]["pattern"]


def test_unknown_body_keys_are_refused(community, resident, api_client_for):
    client = api_client_for(community, resident)
    body = {"title": "Відремонтувати дорогу на вулиці Садовій", "text": "Дорога зруйнована вже третій рік. " * 3,
            "is_urgent": True}
    response = client.post("petitions/", body)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"is_urgent": ["Extra inputs are not permitted"]}


def test_anonymous_writes_answer_401_whatever_the_body(community, openapi, api_client_for):
    anon = api_client_for(community)
    checked = []
    for path, method, op in _operations(openapi):
        if method == "GET" or not op.get("security"):
            continue
        url = anon.url(_concrete(path))
        response = anon.client.generic(method, url, '{"broken', content_type="application/json")
        assert response.status_code == 401, (method, path, response.content)
        assert response.json()["error"]["code"] == "not_authenticated"
        checked.append(path)
    assert len(checked) > 20


@pytest.mark.parametrize("method,path", [
    ("POST", "petitions/{petition}/publish"),
    ("POST", "petitions/{petition}/reject"),
    ("POST", "petitions/{petition}/assign"),
    ("POST", "petitions/{petition}/answer"),
    ("POST", "maps/layers"),
    ("PATCH", "maps/layers/no-such-layer"),
    ("POST", "maps/layers/no-such-layer/import"),
    ("POST", "appeals/{appeal}/answer"),
    ("POST", "appeals/{appeal}/extend"),
    ("POST", "appeals/{appeal}/notes"),
])
def test_a_resident_is_refused_before_the_body_is_read(community, api_client_for, method, path):
    resident = make_member(community, Role.RESIDENT, strong=True)
    client = api_client_for(community, resident)
    url = client.url(path.format(petition=999999, appeal=999999))
    for body in ('{"broken', '{"__not_a_field__": 1}', "[]"):
        response = client.client.generic(method, url, body, content_type="application/json", **client.headers)
        assert response.status_code == 403, (body, response.content)
        assert response.json()["error"]["code"] == "permission_denied"


def test_an_unconfirmed_email_is_refused_before_the_body_is_read(community, api_client_for):
    unconfirmed = make_member(community, Role.RESIDENT, verified=False)
    client = api_client_for(community, unconfirmed)
    response = client.post("appeals/", {"category": ""})
    assert response.status_code == 403 and response.json()["error"]["code"] == "identity_required"
    assert client.post("petitions/", {"title": 1}).status_code == 403


def test_no_two_schemas_share_a_name_in_the_document(openapi):
    """django-ninja names a component after its class: two capabilities' `CategoryOut` would be one component, and
    one of the two endpoints would document the other's shape (the fuzz run found that once)."""
    from ninja import Schema

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    defined: dict[str, set[str]] = {}
    for cls in subclasses(Schema):
        if cls.__module__.startswith("hromada."):
            defined.setdefault(cls.__name__, set()).add(cls.__module__)
    shared = {name: sorted(modules) for name, modules in defined.items()
              if len(modules) > 1 and name in openapi["components"]["schemas"]}
    assert shared == {}
