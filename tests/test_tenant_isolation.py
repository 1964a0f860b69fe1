"""Cross-cutting: a user or API token of community A can neither read nor change anything of community B, and
a capability A has disabled answers none of its routes.

Walks every route of the root API (and every capability's web pages) with A's admin, substituting path
parameters with B's ids; B's texts carry a marker, so a leak shows whatever the response format. Writes carry
schema-valid bodies built from the OpenAPI document, so a refusal is refused for being B's, not for its body."""

from __future__ import annotations

import json
import re
from typing import get_args

import jsonschema
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.test import Client, RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import Resolver404, resolve, reverse

from hromada.core import capabilities
from hromada.core.api import surfaces
from hromada.core.notifications.models import Notification
from hromada.core.tenancy.models import Community, CommunityOwned
from hromada.core.tenancy.selectors import invalidate_community_cache

from .isolation import (
    MARK,
    NOWHERE,
    PARAM,
    SLUG_MARK,
    capability_routes,
    concrete_path,
    infer_model,
    load_pair,
    owned_models,
    snapshot,
    values_of,
)
from .openapi_bodies import Body, Generator

# Models with a `community` FK that deliberately do not inherit CommunityOwned, and why.
ALLOWED_WITHOUT_COMMUNITY_OWNED = {
    "audit.auditevent": "platform-level events (identity verification) have no community; never shown by the API",
    "notifications.notification": "platform-wide notifications have no community; read only by their recipient",
}
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


@pytest.fixture(scope="module")
def loaded_pair(django_db_setup, django_db_blocker):
    """The two demo communities, loaded once per module (and per xdist worker) inside a transaction that is
    rolled back at the end; each test runs in a savepoint inside it (pytest-django's `db`), so what one test
    changes (a capability disabled, an object created) is gone before the next. Loading them took 17-22 s, and
    30 tests used to load them each."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield load_pair()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def pair(db, loaded_pair):
    invalidate_community_cache()
    loaded_pair.a.refresh_from_db()
    loaded_pair.b.refresh_from_db()
    return loaded_pair


def api_routes():
    """(method, path template relative to /api/v1/, app label of its router) for every API operation."""
    from hromada.config.urls import api

    for bound in api._get_bound_routers():
        app_label = bound.prefix.strip("/").split("/")[0] or None
        for path, view in bound.path_operations.items():
            template = re.sub(r"/+", "/", f"{bound.prefix}/{path}").lstrip("/")  # as ninja joins them
            if path.strip("/") and not path.endswith("/"):
                template = template.rstrip("/")
            for operation in view.operations:
                for method in operation.methods:
                    yield method, template, app_label


def field_for(model, name: str) -> str:
    """The model field a path parameter holds: the field of that name (slug, name, number …) or the pk."""
    return name if name not in ("id", "pk") and name in {f.name for f in model._meta.concrete_fields} else "pk"


def b_values(pair, template: str, name: str, app_label: str | None) -> tuple[list[str], bool]:
    """Values of B for a path parameter, and whether they are certainly B's (a strict 404 is expected)."""
    model = infer_model(template, name, app_label)
    if model is not None:
        field_name = field_for(model, name)
        values = values_of(model, pair.b, field_name) - values_of(model, pair.a, field_name)
        if values:
            return sorted(values)[:3], True
    # Not inferable: B's pks of every community-owned model of this capability (a few of each), leaving out
    # any number that is also the pk of one of A's objects (of whatever model): under A's URL that would
    # rightly find A's own object (e.g. A's API token 11 when B's department is 11 too).
    pks: set[str] = set()
    a_pks: set[str] = set()
    for m in owned_models():
        a_pks |= values_of(m, pair.a, "pk")
        if app_label is None or m._meta.app_label == app_label or model is None:
            pks |= set(sorted(values_of(m, pair.b, "pk"))[:2])
    return sorted(pks - a_pks)[:12], False


def fill(template: str, name: str, value: str) -> str:
    return PARAM.sub(lambda m: value if m["name"] == name else m.group(0), template)


def expand(pair, template: str, app_label: str | None, accepts=lambda name, value: True):
    """Concrete paths for a template: each parameter in turn gets B's values (the others get A's), paired with
    the same path for a value that exists nowhere, which B's must be indistinguishable from. `accepts` leaves
    out values of the wrong type for the parameter (a uuid for an integer id is a 400 about the URL, not B)."""
    params = [m["name"] for m in PARAM.finditer(template)]
    if not params:
        yield template, None, False
        return
    for name in params:
        values, strict = b_values(pair, template, name, app_label)
        for value in (v for v in values if strict or accepts(name, v)):
            path, missing = fill(template, name, value), fill(template, name, NOWHERE)
            for other in params:
                if other != name:
                    model = infer_model(template, other, app_label)
                    a_values = sorted(values_of(model, pair.a, field_for(model, other))) if model else ["1"]
                    path = fill(path, other, a_values[0] if a_values else "1")
                    missing = fill(missing, other, a_values[0] if a_values else "1")
            yield path, missing, strict


def item_ids(body) -> set[str]:
    items = body.get("items") if isinstance(body, dict) else body
    if isinstance(body, dict) and body.get("type") == "FeatureCollection":
        items = body.get("features")
    if not isinstance(items, list):
        return set()
    return {str(i.get("id")) for i in items if isinstance(i, dict) and "id" in i}


def test_every_community_owned_model_inherits_community_owned(db):
    offenders = []
    for model in apps.get_models():
        field = next((f for f in model._meta.concrete_fields if f.name == "community"), None)
        if field is None or not isinstance(field, models.ForeignKey):
            continue
        if not issubclass(model, CommunityOwned) and model._meta.label_lower not in ALLOWED_WITHOUT_COMMUNITY_OWNED:
            offenders.append(model._meta.label)
    assert offenders == [], f"models with a community FK that do not inherit CommunityOwned: {offenders}"


def test_api_of_a_never_shows_or_changes_b(pair):
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {pair.a_token}"}
    base = f"/c/{pair.a.slug}/api/v1/"
    leaks, wrong_status = [], []
    bodies = OpenApiBodies(client.get(base + "openapi.json", **auth).json(), base)
    before = snapshot(pair.b)
    routes = list(api_routes())
    assert any(t == "departments" for _m, t, _a in routes)
    for method, template, app_label in routes:
        for path, missing, strict in expand(pair, template, app_label, bodies.accepts(method, template)):
            if method != "GET" and missing is None:
                continue  # creating things in A is A's business
            body = bodies.for_operation(method, template)
            response = call(client, method, base + path, auth, body)
            text = response.content.decode(errors="replace")
            if MARK in text or SLUG_MARK in text:
                leaks.append(f"{method} {base + path} -> {response.status_code}")
            if missing is not None:
                expected = call(client, method, base + missing, auth, body).status_code
                if strict and response.status_code != expected:
                    wrong_status.append(f"{method} {base + path} -> {response.status_code}, but {expected} for an id "
                                        "that exists nowhere")
                elif response.status_code < 300 and method != "GET" and expected >= 300:
                    wrong_status.append(f"{method} {base + path} -> {response.status_code} (a write on B's id)")
                if method != "GET" and response.status_code >= 400 and response.status_code not in (403, 404):
                    # A valid body on B's object is refused because the object is not A's, never for the body.
                    wrong_status.append(f"{method} {base + path} -> {response.status_code} {text[:200]} (a write on "
                                        "B's id is refused with 404 or 403)")
            if method == "GET" and missing is None and response.status_code == 200:
                model = infer_model(template + "/{id}", "id", app_label)
                if model is not None and response.get("Content-Type", "").startswith(("application/json",
                                                                                          "application/geo+json")):
                    b_only = values_of(model, pair.b, "pk") - values_of(model, pair.a, "pk")
                    shown = item_ids(response.json()) & b_only
                    if shown:
                        leaks.append(f"GET {base + path} lists B's {model._meta.label} {sorted(shown)}")
    assert leaks == [], "responses under A expose B's objects:\n" + "\n".join(leaks)
    assert wrong_status == [], "B's objects must look like not found under A:\n" + "\n".join(wrong_status)
    assert snapshot(pair.b) == before, "a request under A changed B's data"


def call(client, method: str, url: str, auth: dict, body: Body | None = None):
    if method == "GET":
        return client.get(url, **auth)
    if body is None:
        return client.generic(method, url, "", **auth)
    if body.content_type == "application/json":
        return client.generic(method, url, json.dumps(body.data), content_type="application/json", **auth)
    files = {name: [SimpleUploadedFile(filename, content, content_type="image/png") for filename, content in items]
             for name, items in body.files.items()}
    return client.generic(method, url, encode_multipart(BOUNDARY, {**body.data, **files}),
                          content_type=MULTIPART_CONTENT, **auth)


class OpenApiBodies:
    """The minimal valid body of each API operation, from the OpenAPI document served under `base`."""

    def __init__(self, document: dict, base: str):
        self.document, self.base, self.generator = document, base, Generator(document)

    def operation(self, method: str, template: str) -> dict | None:
        path = PARAM.sub(lambda m: "{" + m["name"] + "}", template)
        for key in (self.base + path, self.base + path.rstrip("/"), self.base + path + "/"):
            if key in self.document["paths"]:
                return self.document["paths"][key].get(method.lower())
        return None

    def accepts(self, method: str, template: str):
        """A predicate: whether a path parameter of the operation takes a value (its schema's integer type or
        enum; a building's system kind is one of a fixed list, so B's pk there is a 400 about the URL)."""
        operation = self.operation(method, template) or {}
        schemas = {p["name"]: p.get("schema", {}) for p in operation.get("parameters", []) if p.get("in") == "path"}

        def accepts(name: str, value: str) -> bool:
            schema = schemas.get(name, {})
            if "enum" in schema:
                return value in schema["enum"]
            return schema.get("type") != "integer" or value.isdigit()

        return accepts

    def for_operation(self, method: str, template: str) -> Body | None:
        operation = self.operation(method, template)
        body = self.generator.body(operation) if operation else None
        if body is not None and body.content_type == "application/json":
            # The generator's own check: what it built satisfies the schema the API validates against.
            jsonschema.Draft202012Validator({**body.schema, "components": self.document["components"]}).validate(
                body.data)
        return body


def test_token_of_a_is_refused_on_b(pair):
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {pair.a_token}"}
    for method, template, _app in api_routes():
        if method != "GET" or "{" in template:
            continue
        response = client.get(f"/c/{pair.b.slug}/api/v1/{template}", **auth)
        assert response.status_code == 401, (template, response.status_code)


def web_routes():
    """(path template with {name}, capability) for every capability's web pages and extra URLs."""
    for manifest in capabilities.manifests():
        for route in capability_routes(manifest.slug):
            if not route.api:
                yield route.template, manifest.slug


def page_text(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode(errors="replace")


def test_web_pages_of_a_never_show_b(pair):
    client = Client()
    client.force_login(pair.a_admin)
    leaks, wrong_status = [], []
    for template, app_label in web_routes():
        for path, missing, strict in expand(pair, template, app_label):
            response = client.get(f"/c/{pair.a.slug}/{path}")
            # A page may echo the visitor's own URL (the language switch's "next"); that is not B's data.
            body = page_text(response).replace(f"/c/{pair.a.slug}/{path}", "")
            if MARK in body or SLUG_MARK in body:
                leaks.append(f"GET /c/{pair.a.slug}/{path} -> {response.status_code}")
            if strict and missing is not None:
                expected = client.get(f"/c/{pair.a.slug}/{missing}").status_code
                if response.status_code != expected:
                    wrong_status.append(f"GET /c/{pair.a.slug}/{path} -> {response.status_code}, but {expected} "
                                        "for an id that exists nowhere")
    assert leaks == [], "pages under A show B's objects:\n" + "\n".join(leaks)
    assert wrong_status == [], "\n".join(wrong_status)


# A capability the community has disabled: every route it mounts answers 404, in its surface's format.

ROUTED = [m.slug for m in capabilities.manifests() if m.urls or m.extra_urls or m.api_router]


def set_enabled(community: Community, slugs: list[str]) -> None:
    Community.objects.filter(pk=community.pk).update(enabled_capabilities=slugs)
    invalidate_community_cache()  # as the back office does: the middleware's cached community is stale now
    community.refresh_from_db()


def in_surface_format(url: str, response) -> bool:
    surface = surfaces.surface_for(RequestFactory().get(url))
    if surface is None:
        return response.get("Content-Type", "").startswith("text/html")
    return surface.speaks(response)


@pytest.mark.parametrize("slug", ROUTED)
def test_every_route_of_a_disabled_capability_answers_404(pair, slug):
    community, client = pair.a, Client()
    client.force_login(pair.a_admin)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {pair.a_token}"}
    base = f"/c/{community.slug}"
    bodies = OpenApiBodies(client.get(f"{base}/api/v1/openapi.json", **auth).json(), f"{base}/api/v1/")
    routes = capability_routes(slug)
    assert routes, f"{slug} mounts no route"
    paths = [(route, concrete_path(route, community)) for route in routes]  # A's real ids, checked to resolve
    others = [s for s in community.enabled_capabilities if s != slug]
    set_enabled(community, others)
    before = snapshot(community)
    answered = []
    for route, path in paths:
        for method in route.methods:
            body = bodies.for_operation(method, route.template.removeprefix("api/v1/")) if route.api else None
            response = call(client, method, base + path, auth if route.api else {}, body)
            if response.status_code != 404 or not in_surface_format(base + path, response):
                answered.append(f"{method} {base + path} -> {response.status_code} {response.get('Content-Type')}")
    assert answered == [], f"{slug} is disabled in {community.slug}, yet:\n" + "\n".join(answered)
    assert snapshot(community) == before, f"a request to the disabled {slug} changed {community.slug}'s data"

    set_enabled(community, [*others, slug])
    reached = [path for route, path in paths if "GET" in route.methods
               and call(client, "GET", base + path, auth if route.api else {}).status_code != 404]
    # The 404s came from the capability being disabled, not from missing objects: enabled again, it answers.
    assert reached, f"none of {slug}'s routes answers even when it is enabled"
    landing = capabilities.manifest(slug).url_name
    if landing:
        assert client.get(base + reverse(landing)).status_code == 200


HREF = re.compile(r'href="([^"#?]*)')


def links_into(html: str, base: str, routes: set[str]) -> list[str]:
    """The links of a page that lead to one of `routes` (Django route strings) of this community."""
    found = []
    for href in HREF.findall(html):
        if not href.startswith(base + "/"):
            continue
        try:
            if resolve(href.removeprefix(base)).route in routes:
                found.append(href)
        except Resolver404:
            continue
    return found


@pytest.mark.parametrize("slug", ROUTED)
def test_a_disabled_capability_is_offered_nowhere(pair, slug):
    """Home page, navigation, profile, the community endpoint and the OpenAPI document agree with the gate."""
    community, client = pair.a, Client()
    base = f"/c/{community.slug}"
    routes = {route.route for route in capability_routes(slug)}
    set_enabled(community, [s for s in community.enabled_capabilities if s != slug])
    # Notifications sent while it was enabled keep their links (a record of what happened); offers are checked.
    Notification.objects.filter(community=community).delete()
    for logged_in in (False, True):
        if logged_in:
            client.force_login(pair.a_admin)
        for page in ("/", "/profile/", *[reverse(m.url_name) for m in community.enabled_manifests if m.url_name]):
            response = client.get(base + page)
            if response.status_code == 200:
                assert links_into(page_text(response), base, routes) == [], f"{base}{page} links into {slug}"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {pair.a_token}"}
    listed = [c["slug"] for c in client.get(f"{base}/api/v1/community", **auth).json()["capabilities"]]
    assert slug not in listed and listed
    document = client.get(f"{base}/api/v1/openapi.json", **auth).json()
    assert not [p for p in document["paths"] if p.startswith(f"{base}/api/v1/{slug}/")]
    assert f"{base}/api/v1/community" in document["paths"]
    refs = set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(document)))
    assert refs <= set(document["components"]["schemas"]), "the trimmed document refers to schemas it dropped"


def test_the_openapi_document_describes_each_operation_s_own_body(client):
    """Two request schemas of one name (ninja keeps the last) would give an operation another one's body."""
    from hromada.config.urls import api

    document = api.get_openapi_schema(path_prefix="/api/v1/")
    by_id = {op["operationId"]: op for item in document["paths"].values() for op in item.values()}
    generator, wrong = Generator(document), []
    for bound in api._get_bound_routers():
        for view in bound.path_operations.values():
            for operation in view.operations:
                for model in (m for m in operation.models if m.__ninja_param_source__ == "body"):
                    for field in model.model_fields.values():
                        schema = next(t for t in (field.annotation, *get_args(field.annotation))
                                      if hasattr(t, "model_json_schema"))
                        expected = set(schema.model_json_schema().get("properties", {}))
                        operation_id = operation.operation_id or api.get_openapi_operation_id(operation)
                        content = by_id[operation_id]["requestBody"]["content"]
                        documented = generator.resolve(content["application/json"]["schema"])
                        documented = generator.resolve(next(
                            (o for o in documented.get("anyOf", []) if o.get("type") != "null"), documented))
                        if set(documented.get("properties", {})) != expected:
                            wrong.append(f"{operation_id}: documented "
                                         f"{sorted(documented.get('properties', {}))}, takes {sorted(expected)} "
                                         f"({schema.__module__}.{schema.__name__})")
    assert wrong == [], "rename one of the schemas that share a name:\n" + "\n".join(wrong)
