"""Schemas shared by API endpoints: the error envelope (for OpenAPI) and small common shapes."""

from __future__ import annotations

from ninja import Schema


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorEnvelope(Schema):
    error: ErrorDetail


ERROR_RESPONSES = {400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope, 404: ErrorEnvelope,
                   409: ErrorEnvelope, 429: ErrorEnvelope}
