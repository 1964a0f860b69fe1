"""One error envelope for the JSON API: {"error": {"code", "message", "fields"}} with 400/401/403/404/409/429.

Installed on the root NinjaAPI, so every capability router answers bad input the same way."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from hromada.core.errors import DomainError, RateLimited, validation_error_from_django

log = logging.getLogger(__name__)


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _field_name(loc: list) -> str:
    # ninja locations look like ["body", "payload", "title"] or ["query", "page"]
    # Only the first item is the location: a field may itself be called "file" or "path" (["file", "file"]).
    parts = [str(p) for p in loc[1 if loc and loc[0] in ("body", "query", "path", "form", "file", "header", "cookie") else 0:]]
    if len(parts) > 1 and parts[0] in ("payload", "data", "filters", "pagination"):
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def install(api) -> None:
    def respond(request, status: int, body: dict, headers: dict | None = None):
        response = api.create_response(request, body, status=status)
        for key, value in (headers or {}).items():
            response[key] = value
        return response

    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
        return respond(request, exc.status, {"error": exc.as_dict()}, headers)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request, exc: NinjaValidationError):
        fields: dict[str, list[str]] = {}
        for item in exc.errors:
            loc = list(item.get("loc", []))
            message = item.get("msg", "invalid")
            if item.get("type") == "json_invalid" or (loc and loc[-1] == "body" and "JSON" in message):
                return respond(request, 400, error_body("malformed_json", _("The request body is not valid JSON.")))
            fields.setdefault(_field_name(loc), []).append(message)
        return respond(request, 400, error_body("validation_failed", _("Some fields are not valid."), fields))

    @api.exception_handler(DjangoValidationError)
    def django_validation_error(request, exc):
        failed = validation_error_from_django(exc)
        return respond(request, 400, {"error": failed.as_dict()})

    @api.exception_handler(AuthenticationError)
    def authentication_error(request, exc):
        return respond(
            request, 401, error_body("not_authenticated", _("Sign in or send a valid API token.")),
            {"WWW-Authenticate": 'Bearer realm="hromada"'},
        )

    @api.exception_handler(Throttled)
    def throttled(request, exc: Throttled):
        wait = int(exc.wait or 60)
        return respond(
            request, 429, error_body("rate_limited", _("Too many requests. Please wait a little and try again.")),
            {"Retry-After": str(max(wait, 1))},
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            # ninja's wording for a body its JSON parser refused
            return respond(request, 400, error_body("malformed_json", _("The request body is not valid JSON.")))
        codes = {400: "bad_request", 403: "permission_denied", 404: "not_found", 405: "method_not_allowed",
                 409: "conflict", 413: "too_large", 415: "unsupported_media_type"}
        return respond(request, exc.status_code, error_body(codes.get(exc.status_code, "error"), str(exc)))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, error_body("not_found", _("Not found.")))

    @api.exception_handler(DjangoPermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, error_body("permission_denied", _("You are not allowed to do this.")))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return respond(request, 413, error_body("too_large", _("The request body is too large.")))

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request, exc):
        return respond(request, 400, error_body("bad_request", _("The request cannot be understood.")))

    @api.exception_handler(OverflowError)
    def id_out_of_range(request, exc):
        # SQLite refuses integers beyond 64 bits (an absurd id in the path); PostgreSQL simply finds nothing.
        return respond(request, 404, error_body("not_found", _("Not found.")))

    @api.exception_handler(DataError)
    def data_error(request, exc):
        # The database refused a value the schema let through (e.g. a NUL character on PostgreSQL).
        log.warning("database refused API input: %s", exc)
        return respond(request, 400, error_body("invalid_value", _("A value is not acceptable.")))

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        log.exception("unhandled API error")
        return respond(request, 500, error_body("server_error", _("An unexpected error occurred; it has been logged.")))
