"""HTTP answers carrying a layer's GeoJSON: a weak ETag from the layer's features version, 304 for
repeat visits, gzip when accepted, and whole layers kept ready in the cache until the next write."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

from . import selectors

GEOJSON = "application/geo+json"
CACHE_SECONDS = 600
_gzip = GZipMiddleware(lambda request: None)


def _etag(layer, params: tuple) -> str:
    digest = hashlib.sha256(repr(params).encode()).hexdigest()[:16]
    return f'W/"maps-{layer.pk}-{layer.features_version}-{layer.updated_at.timestamp():.6f}-{digest}"'


def _finish(request, response: HttpResponse, *, public: bool, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=60" if public else "private, no-cache"
    if public:
        # Web map tools (uMap, geojson.io) fetch layers from the browser; public data, no credentials.
        response["Access-Control-Allow-Origin"] = "*"
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def layer_geojson_response(request, layer, *, bbox=None, q: str = "", limit: int | None = None, offset: int = 0,
                           count: bool = False) -> HttpResponse:
    """The layer (or a filtered page of it) as GeoJSON; the same bytes for every caller who may see it."""
    params = (bbox, q, limit, offset, count)
    etag = _etag(layer, params)
    if etag in request.headers.get("If-None-Match", ""):
        return _finish(request, HttpResponseNotModified(), public=layer.is_public, etag=etag)
    accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    key = f"maps:geojson:{etag}:{int(accepts_gzip)}"
    cached = cache.get(key) if not (bbox or q or offset) else None
    if cached is not None:
        body, encoding = cached
        response = HttpResponse(body, content_type=GEOJSON)
        if encoding:
            response["Content-Encoding"] = encoding
        return _finish(request, response, public=layer.is_public, etag=etag)
    text = selectors.layer_geojson(layer=layer, bbox=bbox, q=q, limit=limit, offset=offset, count=count)
    response = _gzip.process_response(request, HttpResponse(text, content_type=GEOJSON))
    if not (bbox or q or offset):
        # Whole layers are what maps load; their versioned key means a write never serves stale data.
        cache.set(key, (response.content, response.get("Content-Encoding", "")), CACHE_SECONDS)
    return _finish(request, response, public=layer.is_public, etag=etag)
