"""HTTP side of the CKAN API: /api/3/action/<name> (GET query or POST JSON/form) in CKAN's envelope,
and /datastore/dump/<resource_id> (CSV or JSON).

The API ignores browser sessions (no CSRF surface): callers identify with an API token in
Authorization (raw, as ckanapi sends it, or "Bearer <token>") or X-CKAN-API-Key."""

from __future__ import annotations

import json
import logging

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from hromada.core.api import params, surfaces
from hromada.core.api.ratelimit import check_surface_rate, limited_surface
from hromada.core.api.tokens import api_token_authenticate
from hromada.core.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    RateLimited,
    ValidationFailed,
)
from hromada.core.web.csvstream import csv_response

from .. import datastore
from ..search import SearchQueryError
from . import actions
from .dicts import Linker
from .xlsx import XLSX_TYPE, xlsx_dump

log = logging.getLogger(__name__)


class _BadToken(Exception):
    pass


def _caller(request):
    raw = request.META.get("HTTP_X_CKAN_API_KEY") or request.META.get("HTTP_AUTHORIZATION") or ""
    raw = raw.strip()
    if not raw:
        return AnonymousUser()
    if raw.lower().startswith("bearer "):
        raw = raw[7:].strip()
    token = api_token_authenticate(raw, request.community)
    if token is None:
        raise _BadToken()
    return token.user


def _envelope(request, name: str, status: int, **body) -> JsonResponse:
    help_url = request.build_absolute_uri(reverse("opendata_std:ckan_action", args=["help_show"])) + f"?name={name}"
    response = JsonResponse({"help": help_url, **body}, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


# CKAN's own error types for what it answers; the statuses CKAN never sends get a type named after the status.
TYPES = {400: "Bad request", 403: "Authorization Error", 404: "Not Found Error", 405: "Method Not Allowed",
         409: "Validation Error", 413: "Request Entity Too Large", 414: "URI Too Long", 429: "Too Many Requests",
         500: "Internal Server Error"}


def refusal(request, status: int, message: str) -> JsonResponse:
    """Any refusal under CKAN's paths (an unknown path, a URL too long, a rate limit) in CKAN's envelope."""
    name = request.resolver_match.kwargs.get("name", "") if request.resolver_match else ""
    return _envelope(request, str(name or "")[:100], status, success=False,
                     error={"__type": TYPES.get(status, "Bad request"), "message": message})


def speaks_ckan(response) -> bool:
    body = surfaces.json_body(response)
    return response.streaming or (isinstance(body, dict) and body.get("success") is False)


def _error(request, name: str, exc: Exception) -> JsonResponse:
    if isinstance(exc, RateLimited):
        response = _envelope(request, name, 429, success=False,
                             error={"__type": TYPES[429], "message": str(exc.message)})
        response["Retry-After"] = str(exc.retry_after)
        return response
    if isinstance(exc, SearchQueryError):
        return _envelope(request, name, 400, success=False,
                         error={"__type": "Search Query Error", "message": f"Search Query is invalid: {exc.message}"})
    if isinstance(exc, NotFound):
        return _envelope(request, name, 404, success=False,
                         error={"__type": "Not Found Error", "message": f"Not found: {exc.message}"})
    if isinstance(exc, PermissionDenied | _BadToken):
        message = getattr(exc, "message", "") or "Invalid API token"
        return _envelope(request, name, 403, success=False,
                         error={"__type": "Authorization Error", "message": f"Access denied: {message}"})
    if isinstance(exc, ValidationFailed | Conflict):
        fields = exc.fields or {"__all__": [str(exc.message)]}
        return _envelope(request, name, 409, success=False,
                         error={"__type": "Validation Error", "message": str(exc.message), **fields})
    if isinstance(exc, DomainError):
        return _envelope(request, name, exc.status if exc.status != 429 else 429, success=False,
                         error={"__type": "Validation Error", "message": str(exc.message), **exc.fields})
    raise exc


def _data(request) -> dict:
    if request.method == "POST":
        ctype = request.content_type or ""
        try:
            if ctype.startswith("application/json") or (request.body[:1] in (b"{", b"[")):
                payload = params.json_loads(request.body or b"{}")
                if not isinstance(payload, dict):
                    raise ValidationFailed("JSON Error", fields={"__body": ["Request data JSON decoded to a non-object"]})
                return payload
            return {k: v for k, v in request.POST.items()}
        except (RequestDataTooBig, TooManyFieldsSent, MultiPartParserError):
            raise ValidationFailed("Bad request body", fields={"__body": ["The request body cannot be read."]}) \
                from None
    return {key: request.GET.get(key) for key in request.GET}


# What a call counts against HROMADA_RATE_CKAN: searches and whole lists scan the catalogue or a table,
# a dump streams a whole table; showing one package or resource is one indexed read.
COST = {"package_search": 5, "datastore_search": 5, "current_package_list_with_resources": 5, "package_list": 2,
        "tag_list": 2, "datastore_dump": 20}


@limited_surface("ckan")
@csrf_exempt
def action(request, name: str):
    # CKAN clients match on messages like "Missing value": the machine API answers in English.
    with translation.override("en"):
        return _action(request, name)


def _action(request, name: str):
    if request.method == "OPTIONS":
        return HttpResponse(status=204)
    if request.method not in ("GET", "HEAD", "POST"):
        # CKAN serves reads on GET and POST and writes on POST only; nothing runs on PUT, PATCH or DELETE.
        response = _envelope(request, name, 405, success=False, error={
            "__type": TYPES[405], "message": f"Method Not Allowed: {name} accepts GET and POST"})
        response["Allow"] = "POST" if name in actions.WRITE else "GET, HEAD, POST"
        return response
    handler = actions.ACTIONS.get(name)
    if handler is None:
        return _envelope(request, name, 400, success=False,
                         error={"__type": "Bad request - Action name not known", "message": f"Action name not known: {name}"})
    if name in actions.WRITE and request.method != "POST":
        return _envelope(request, name, 400, success=False,
                         error={"__type": "Bad request", "message": f"Bad request - JSON Error: {name} requires POST"})
    try:
        check_surface_rate(request, "ckan", cost=COST.get(name, 1))
        user = _caller(request)
        ctx = actions.Context(request=request, community=request.community, user=user, linker=Linker(request))
        if ctx.community is None:
            raise NotFound("No community: use the community's host name or /c/<slug>/.")
        result = handler(ctx, _data(request))
    except (DomainError, _BadToken) as exc:
        return _error(request, name, exc)
    return _envelope(request, name, 200, success=True, result=result)


@limited_surface("ckan")
def dump(request, resource_id):
    """The whole datastore table as CSV (default), JSON or TSV, with the same filters/q/sort as datastore_search."""
    fmt = (request.GET.get("format") or "csv").lower()
    try:
        check_surface_rate(request, "ckan", cost=COST["datastore_dump"])
        user = _caller(request)
        ctx = actions.Context(request=request, community=request.community, user=user, linker=Linker(request))
        if ctx.community is None:
            raise NotFound()
        resource = actions._resource(ctx, str(resource_id))
        table = getattr(resource.current_version, "datastore", None) if resource.current_version else None
        if table is None or table.status not in ("indexing", "active"):
            raise NotFound()
        data = {key: request.GET.get(key) for key in ("filters", "q", "sort", "fields")}
        filters = actions._json(data, "filters", {}, (dict,)) or {}
        fields = actions._json(data, "fields", None, (list,)) if data.get("fields") else None
        query = datastore.Query(table, filters=filters, q=data.get("q"), sort=data.get("sort"), fields=fields,
                                limit=0, offset=0)
        if fmt not in ("csv", "tsv", "json", "xlsx"):
            raise ValidationFailed(fields={"format": ["Use csv, tsv, json or xlsx."]})
    except (DomainError, _BadToken) as exc:
        return _error(request, "datastore_dump", exc)
    names = [c["id"] for c in query.columns]
    if fmt == "xlsx":
        response = HttpResponse(xlsx_dump(query, names), content_type=XLSX_TYPE)
    elif fmt == "json":
        response = StreamingHttpResponse(_json_dump(query, table), content_type="application/json; charset=utf-8")
    else:
        response = csv_response(query.stream(), header=names, filename=f"{resource.pk}.{fmt}",
                                bom=request.GET.get("bom") in ("1", "true"), delimiter="\t" if fmt == "tsv" else ",",
                                lineterminator="\n", formulas_as_text=False,
                                content_type=f"text/{'tab-separated-values' if fmt == 'tsv' else 'csv'}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{resource.pk}.{fmt}"'
    return response


def _json_dump(query, table):
    fields = [f for f in datastore.public_fields(table) if f["id"] in {c["id"] for c in query.columns}]
    yield '{"fields": ' + json.dumps(fields, ensure_ascii=False) + ', "records": ['
    first = True
    for row in query.stream():
        yield ("" if first else ",\n") + json.dumps(list(row), ensure_ascii=False, default=str)
        first = False
    yield "]}\n"
