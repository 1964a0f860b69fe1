"""The API's documentation page: Swagger UI from django-ninja's own static files (no CDN), rendered inside the
site's layout (its header, its `lang`, its Content-Security-Policy: no inline script; the settings travel as
JSON data and a static script starts the viewer)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger, _csrf_needed


class SiteSwagger(Swagger):
    template = "core_api/docs.html"
    # Without deep links an operation's path is text, not a link nested in the operation's button.
    default_settings = {**Swagger.default_settings, "deepLinking": False}

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, {
            "api": api, "swagger_settings": settings, "add_csrf": _csrf_needed(api),
        })
