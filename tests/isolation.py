"""Two demo communities for isolation tests: A as it is, B with every text and slug marked as B's; and every
route each capability mounts (pages, extra URLs, API router), as templates to fill with real ids.

The marker makes a leak visible in any response (JSON, HTML, CSV, GeoJSON) whatever its shape; the B-only
slugs make lookups that forget the community answer for B's objects instead of 404."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import import_module

import pytest
from django.apps import apps
from django.db import models
from django.db.models.functions import Concat, Left
from django.urls import URLResolver
from django.urls.resolvers import RegexPattern
from django.utils.regex_helper import normalize

from hromada.core import capabilities
from hromada.core.api.tokens import api_token_create
from hromada.core.tenancy.models import Community, CommunityOwned
from hromada.demo.people import create_demo_community, demo_people

MARK = "ZZLEAKOFBZZ"
SLUG_MARK = "zzb-"
TEXT_FIELD_HINTS = ("title", "name", "description", "body", "text", "summary", "address", "note", "question",
                    "answer", "comment", "reason", "content", "label", "subject")


@dataclass
class Pair:
    a: Community
    b: Community
    a_admin: object
    a_token: str


def owned_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if issubclass(m, CommunityOwned) and not m._meta.proxy]


def load_pair(residents: int = 4) -> Pair:
    a, _ = create_demo_community(slug="iso-a", residents=residents)
    b, _ = create_demo_community(slug="iso-b", residents=residents)
    for manifest in sorted(capabilities.manifests(), key=lambda m: m.demo_order):
        if not manifest.demo_loader:
            continue
        try:
            loader = capabilities.resolve(manifest.demo_loader)
        except (ImportError, AttributeError) as exc:
            # A capability whose demo data cannot load would pass every isolation test untested.
            pytest.fail(f"the demo loader of {manifest.slug} ({manifest.demo_loader}) cannot be loaded: {exc}")
        for community in (a, b):
            loader(community, size="small")
    mark_community(b)
    admin = demo_people(a).admin
    _token, raw = api_token_create(actor=admin, community=a, name="isolation")
    return Pair(a=a, b=b, a_admin=admin, a_token=raw)


def _markable(f) -> bool:
    if not isinstance(f, (models.CharField, models.TextField)) or f.choices or f.primary_key:
        return False
    if isinstance(f, (models.EmailField, models.URLField, models.SlugField)):
        return False
    return any(hint in f.name for hint in TEXT_FIELD_HINTS)


def mark_community(community: Community) -> None:
    """Prefix B's human-readable texts with MARK and its slugs with SLUG_MARK (raw updates: test data only)."""
    for model in owned_models():
        updates = {}
        for f in model._meta.concrete_fields:
            if _markable(f):
                updates[f.name] = _prefixed(f, MARK + " ")
            elif isinstance(f, models.SlugField):
                updates[f.name] = _prefixed(f, SLUG_MARK)
        if updates:
            model._base_manager.filter(community=community).update(**updates)


def _prefixed(f, prefix: str):
    value = Concat(models.Value(prefix), models.F(f.name), output_field=f.__class__())
    return Left(value, f.max_length) if getattr(f, "max_length", None) else value


def values_of(model, community, name: str) -> set[str]:
    return {str(v) for v in model._base_manager.filter(community=community).values_list(name, flat=True)}


def snapshot(community: Community) -> dict[str, list]:
    """Every row B owns, to prove that nothing under A changed it."""
    from hromada.core.audit.models import AuditEvent

    data = {m._meta.label: list(m._base_manager.filter(community=community).order_by("pk").values())
            for m in owned_models()}
    data["audit"] = [AuditEvent.objects.filter(community=community).count()]
    return data


def infer_model(path: str, param: str, app_label: str | None):
    """The CommunityOwned model a path parameter names: `petition_id` -> Petition, `/layers/{slug}` -> Layer,
    `dataset/{name}` -> Dataset; else the one model of the capability with a field of that name."""
    segments = [s for s in path.split("/") if s]
    base = param.split(":")[-1]
    for suffix in ("_id", "_pk", "_slug"):
        base = base.removesuffix(suffix)
    names = [] if base in ("id", "pk", "slug", "name", "code", "number", "key", "ident") else [base]
    position = next((i for i, s in enumerate(segments) if "{" + param in s or ":" + param in s), None)
    if position:
        previous = segments[position - 1]
        names += [previous.removesuffix("s"), previous.removesuffix("es"), previous]
    candidates = owned_models()
    for name in names:
        name = name.replace("-", "").replace("_", "").lower()
        for preferred in (True, False):
            for model in candidates:
                if preferred and app_label and model._meta.app_label != app_label:
                    continue
                if model._meta.model_name == name or model._meta.model_name.endswith(name):
                    return model
    with_field = [m for m in candidates if m._meta.app_label == app_label
                  and base in {f.name for f in m._meta.concrete_fields} and base not in ("id", "pk")]
    return with_field[0] if len(with_field) == 1 else None


# Routes each capability mounts, as the manifests declare them (independently of how they are gated).

PARAM = re.compile(r"{(?:(?P<conv>\w+):)?(?P<name>\w+)}")
_DJANGO_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    capability: str
    template: str  # relative to the community root, parameters as {name}: "petitions/{pk}/sign/"
    route: str  # the joined Django route a filled path must resolve to (ResolverMatch.route)
    methods: tuple[str, ...]
    api: bool = False

    @property
    def params(self) -> list[str]:
        return [m["name"] for m in PARAM.finditer(self.template)]


def _template(pattern) -> str:
    if isinstance(pattern.pattern, RegexPattern):
        fmt, _names = normalize(pattern.pattern.regex.pattern)[0]  # Django's own reverse() reading of the regex
        return re.sub(r"%\((\w+)\)s", r"{\1}", fmt)
    return _DJANGO_PARAM.sub(lambda m: "{" + m["name"] + "}", str(pattern.pattern))


def _walk(patterns, template: str, route: str):
    for p in patterns:
        joined = URLResolver._join_route(route, str(p.pattern))  # as ResolverMatch.route joins them
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, template + _template(p), joined)
        else:
            yield template + _template(p), joined


def capability_routes(slug: str) -> list[Route]:
    """Every route capability `slug` mounts: its pages, its extra URLs (standards endpoints) and its API router."""
    from hromada.config.urls import api

    manifest = capabilities.manifest(slug)
    mounts = [(f"{manifest.url_prefix}/" if manifest.url_prefix else "", manifest.urls)] if manifest.urls else []
    mounts += list(manifest.extra_urls)
    routes = []
    for prefix, module in mounts:
        for template, route in _walk(import_module(module).urlpatterns, prefix, prefix):
            routes.append(Route(slug, template, route, ("GET", "POST")))
    if manifest.api_router:
        methods: dict[str, list[str]] = {}
        for bound in api._get_bound_routers():
            if bound.prefix.strip("/").split("/")[0] != slug:
                continue
            # ninja yields one URL pattern per operation, in the order of path_operations
            operations = [op for view in bound.path_operations.values() for op in view.operations]
            for pattern, operation in zip(bound.urls_paths(bound.prefix), operations, strict=True):
                methods.setdefault(str(pattern.pattern), []).extend(operation.methods)
                routes.append(Route(slug, "api/v1/" + _template(pattern), "api/v1/" + str(pattern.pattern), (),
                                    api=True))
        routes = [Route(r.capability, r.template, r.route, tuple(methods[r.route.removeprefix("api/v1/")]), True)
                  if r.api else r for r in routes]
    return list({r.route: r for r in routes}.values())


NOWHERE = "987654321"
# Values for parameters that name no model (formats, CKAN action names, appeal actions): tried after real ids.
EXAMPLES = ("json", "jsonld", "package_list", "start", "1", "00000000-0000-4000-8000-000000000000", "x")


def fill(template: str, values: dict[str, str]) -> str:
    return PARAM.sub(lambda m: values.get(m["name"], m.group(0)), template)


def real_values(community, template: str, name: str, app_label: str | None) -> list[str]:
    """Values of `community`'s own objects for a path parameter (the model it names), then generic examples."""
    model = infer_model(template, name, app_label)
    found: list[str] = []
    if model is not None:
        field = name if name not in ("id", "pk") and name in {f.name for f in model._meta.concrete_fields} else "pk"
        found = sorted(values_of(model, community, field))[:2]
    return found + list(EXAMPLES)


def concrete_path(route: Route, community) -> str:
    """`route` filled with `community`'s real ids, checked to resolve to that very route (not a neighbour)."""
    from itertools import product

    from django.urls import Resolver404, resolve

    options = [real_values(community, route.template, name, route.capability) for name in route.params]
    for combination in product(*options):
        path = "/" + fill(route.template, dict(zip(route.params, combination, strict=True)))
        try:
            if resolve(path).route == route.route:
                return path
        except Resolver404:
            continue
    raise AssertionError(f"no value of {community.slug}'s makes {route.template} resolve to {route.route}")
