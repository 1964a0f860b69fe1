"""The root NinjaAPI at /api/v1/: core endpoints plus every capability's router from its manifest."""

from __future__ import annotations

from django.conf import settings
from ninja import NinjaAPI, Swagger
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from hromada.core import capabilities

from . import envelope, params
from .auth import api_auth
from .throttles import AnonymousCallerThrottle, UserCallerThrottle


class UnicodeJSONRenderer(JSONRenderer):
    """UTF-8 JSON: Ukrainian text stays readable (and a third of the size of \\u escapes)."""

    json_dumps_params = {"ensure_ascii": False}


class DepthLimitedParser(Parser):
    """JSON bodies through the one guarded parser: nested too deeply, or not JSON, is the malformed_json 400."""

    def parse_body(self, request):
        return params.json_loads(request.body)


def build_api() -> NinjaAPI:
    api = NinjaAPI(
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
        # Served from django-ninja's static files (ninja is in INSTALLED_APPS); no validator badge, which
        # would fetch an image from validator.swagger.io for every visitor.
        docs=Swagger(settings={"validatorUrl": None}),
    )
    envelope.install(api)
    from .core_router import router as core_router

    api.add_router("/", core_router, tags=["core"])
    for manifest in capabilities.manifests():
        if manifest.api_router:
            api.add_router(f"/{manifest.slug}/", capabilities.resolve(manifest.api_router), tags=[manifest.slug])
    return api
