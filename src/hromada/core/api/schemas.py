"""Schemas shared by API endpoints: the strict base of every request body, the error envelope for OpenAPI.

A body key the server does not know is refused (400), so a misspelt field never passes silently."""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict


class StrictSchema(Schema):
    """The base of every request body: unknown keys are a validation error, as the document says."""

    model_config = ConfigDict(extra="forbid")


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorEnvelope(Schema):
    error: ErrorDetail


ERROR_RESPONSES = {400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope, 404: ErrorEnvelope,
                   409: ErrorEnvelope, 429: ErrorEnvelope}

# "min_lon,min_lat,max_lon,max_lat" in decimal degrees (the GeoJSON / OGC order); ranges are checked by parse_bbox.
_NUMBER = r"-?[0-9]{1,3}(\.[0-9]{1,15})?"
BBOX_PATTERN = rf"^{_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}$"
# The largest primary key any backend stores: a larger id is simply "not found".
MAX_ID = 2**63 - 1
