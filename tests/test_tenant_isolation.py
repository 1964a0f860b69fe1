"""Cross-cutting: a user or API token of community A can neither read nor change anything of community B.

Walks every route of the root API (and every capability's web pages) with A's admin, substituting path
parameters with B's ids; B's texts carry a marker, so a leak shows whatever the response format."""

from __future__ import annotations

import json
import re

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver

from hromada.core import capabilities
from hromada.core.tenancy.models import CommunityOwned

from .isolation import MARK, SLUG_MARK, infer_model, load_pair, owned_models, snapshot, values_of

# Models with a `community` FK that deliberately do not inherit CommunityOwned, and why.
ALLOWED_WITHOUT_COMMUNITY_OWNED = {
    "audit.auditevent": "platform-level events (identity verification) have no community; never shown by the API",
    "notifications.notification": "platform-wide notifications have no community; read only by their recipient",
}
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


@pytest.fixture
def pair(db):
    return load_pair()


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


PARAM = re.compile(r"{(?:(?P<conv>\w+):)?(?P<name>\w+)}")


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
    return PARAM.sub(lambda m: value if m["name"] == name else m.group(0), template, count=0)


def expand(pair, template: str, app_label: str | None):
    """Concrete paths for a template: each parameter in turn gets B's values (the others get A's), paired with
    the same path for a value that exists nowhere, which B's must be indistinguishable from."""
    params = [m["name"] for m in PARAM.finditer(template)]
    if not params:
        yield template, None, False
        return
    for name in params:
        values, strict = b_values(pair, template, name, app_label)
        for value in values:
            path, missing = fill(template, name, value), fill(template, name, NOWHERE)
            for other in params:
                if other != name:
                    model = infer_model(template, other, app_label)
                    a_values = sorted(values_of(model, pair.a, field_for(model, other))) if model else ["1"]
                    path = fill(path, other, a_values[0] if a_values else "1")
                    missing = fill(missing, other, a_values[0] if a_values else "1")
            yield path, missing, strict


NOWHERE = "987654321"


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
    before = snapshot(pair.b)
    routes = list(api_routes())
    assert any(t == "departments" for _m, t, _a in routes)
    for method, template, app_label in routes:
        for path, missing, strict in expand(pair, template, app_label):
            if method != "GET" and missing is None:
                continue  # creating things in A is A's business
            response = call(client, method, base + path, auth)
            body = response.content.decode(errors="replace")
            if MARK in body or SLUG_MARK in body:
                leaks.append(f"{method} {base + path} -> {response.status_code}")
            if missing is not None:
                expected = call(client, method, base + missing, auth).status_code
                if strict and response.status_code != expected:
                    wrong_status.append(f"{method} {base + path} -> {response.status_code}, but {expected} for an id "
                                        "that exists nowhere")
                elif response.status_code < 300 and method != "GET" and expected >= 300:
                    wrong_status.append(f"{method} {base + path} -> {response.status_code} (a write on B's id)")
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


def call(client, method: str, url: str, auth: dict):
    if method == "GET":
        return client.get(url, **auth)
    return client.generic(method, url, json.dumps({}), content_type="application/json", **auth)


def test_token_of_a_is_refused_on_b(pair):
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {pair.a_token}"}
    for method, template, _app in api_routes():
        if method != "GET" or "{" in template:
            continue
        response = client.get(f"/c/{pair.b.slug}/api/v1/{template}", **auth)
        assert response.status_code == 401, (template, response.status_code)


def web_routes():
    """(path template with <conv:name>, app label) for every capability's web pages and extra URLs."""
    from importlib import import_module

    def walk(patterns, prefix):
        for p in patterns:
            route = str(p.pattern)
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + route)
            elif isinstance(p, URLPattern) and not route.startswith("^"):
                yield prefix + route

    for manifest in capabilities.manifests():
        app_label = manifest.slug
        mounts = [(f"{manifest.url_prefix}/" if manifest.url_prefix else "", manifest.urls)] if manifest.urls else []
        mounts += list(manifest.extra_urls)
        for prefix, module in mounts:
            for route in walk(import_module(module).urlpatterns, prefix):
                yield route, app_label


def page_text(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode(errors="replace")


WEB_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def test_web_pages_of_a_never_show_b(pair):
    client = Client()
    client.force_login(pair.a_admin)
    leaks, wrong_status = [], []
    for route, app_label in web_routes():
        template = WEB_PARAM.sub(lambda m: "{" + m["name"] + "}", route)
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
