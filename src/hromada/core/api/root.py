"""The root NinjaAPI at /api/v1/: core endpoints plus every capability's router from its manifest.

A capability's routes, and its part of the OpenAPI document, exist only where the community has it enabled."""

from __future__ import annotations

import functools
import json

from django.conf import settings
from django.urls import reverse
from ninja import NinjaAPI
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from hromada.core import capabilities
from hromada.core.tenancy.enablement import gated_patterns, is_enabled

from . import envelope, params
from .auth import api_auth
from .docs import SiteSwagger
from .throttles import AnonymousCallerThrottle, UserCallerThrottle


class UnicodeJSONRenderer(JSONRenderer):
    """UTF-8 JSON: Ukrainian text stays readable (and a third of the size of \\u escapes)."""

    json_dumps_params = {"ensure_ascii": False}


class DepthLimitedParser(Parser):
    """JSON bodies through the one guarded parser: nested too deeply, or not JSON, is the malformed_json 400."""

    def parse_body(self, request):
        return params.json_loads(request.body)


class HromadaAPI(NinjaAPI):
    """NinjaAPI whose capability routers are gated where they are mounted: each capability's routes answer 404
    (the envelope) where the request's community has it disabled (core.tenancy.enablement), and its operations
    are left out of that community's OpenAPI document."""

    def __init__(self, **kwargs):
        super().__init__(docs_decorator=self._enabled_operations_only, **kwargs)
        self.capability_prefixes: dict[str, str] = {}  # route prefix under the root ("petitions/") -> slug

    def add_capability_router(self, manifest: capabilities.CapabilityManifest) -> None:
        self.add_router(f"/{manifest.slug}/", capabilities.resolve(manifest.api_router), tags=[manifest.slug])
        self.capability_prefixes[f"{manifest.slug}/"] = manifest.slug

    def capability_of(self, route: str) -> str | None:
        """The capability owning a route relative to the API root ("petitions/<int:petition_id>/sign"), or None."""
        return next((slug for prefix, slug in self.capability_prefixes.items() if route.startswith(prefix)), None)

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        gated = []
        for pattern in patterns:
            slug = self.capability_of(str(pattern.pattern))
            gated += gated_patterns(slug, [pattern]) if slug else [pattern]
        return gated, app_name, namespace

    def _shown(self, community, route: str) -> bool:
        slug = self.capability_of(route.lstrip("/"))
        return slug is None or is_enabled(community, slug)

    def _enabled_operations_only(self, view):
        """Wraps ninja's OpenAPI views: the JSON document leaves out the paths of capabilities the request's
        community has disabled, and the schemas only they use (the Swagger page reads that document)."""

        @functools.wraps(view)
        def openapi(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            community = getattr(request, "community", None)
            if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
                return response
            schema = json.loads(response.content)
            root = reverse(f"{self.urls_namespace}:api-root", kwargs=kwargs)
            schema["paths"] = {key: item for key, item in schema.get("paths", {}).items()
                               if self._shown(community, key.removeprefix(root))}
            _drop_unreached_schemas(schema)
            response.content = json.dumps(schema, ensure_ascii=False).encode()
            return response

        return openapi


def _drop_unreached_schemas(schema: dict) -> None:
    """Keep only the component schemas that a remaining path reaches (directly or through other schemas)."""
    components = schema.get("components", {}).get("schemas")
    if not components:
        return
    prefix = "#/components/schemas/"
    reached: set[str] = set()
    pending: list = [schema["paths"]]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            name = ref[len(prefix):] if isinstance(ref, str) and ref.startswith(prefix) else None
            if name is not None and name not in reached:
                reached.add(name)
                pending.append(components.get(name))
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    schema["components"]["schemas"] = {name: body for name, body in components.items() if name in reached}


def build_api() -> NinjaAPI:
    api = HromadaAPI(
        title="Hromada API",
        version="1",
        description=(
            "Open JSON API of a Hromada community. Authenticate with `Authorization: Bearer <token>` "
            "(create a personal token in your profile) or a browser session. Errors use one envelope: "
            '`{"error": {"code", "message", "fields"}}`.'
        ),
        auth=api_auth,
        renderer=UnicodeJSONRenderer(),
        parser=DepthLimitedParser(),
        throttle=[
            AnonymousCallerThrottle(settings.HROMADA_API_RATE_ANON),
            UserCallerThrottle(settings.HROMADA_API_RATE_USER),
        ],
        urls_namespace="api",
        # Served from django-ninja's static files inside the site's layout (docs.py); no validator badge, which
        # would fetch an image from validator.swagger.io for every visitor.
        docs=SiteSwagger(settings={"validatorUrl": None}),
    )
    envelope.install(api)
    from .core_router import router as core_router

    api.add_router("/", core_router, tags=["core"])
    from hromada.core.transparency.api import router as transparency_router

    api.add_router("/transparency/ct/v1/", transparency_router, tags=["transparency"])
    for manifest in capabilities.manifests():
        if manifest.api_router:
            api.add_capability_router(manifest)
    return api
