"""Small, strict readers of API values shared by the tender and auction parsers: each returns the value or raises
Malformed with the field's name, so a bad entry is reported precisely and skipped."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils.dateparse import parse_datetime


class Malformed(Exception):
    """One API entry we cannot store; the message names the field (never personal data)."""


def text(value, field: str, *, required: bool = False, limit: int = 1000) -> str:
    """A string, or a multilingual {"uk_UA": ...} object (Prozorro.Sale), trimmed to `limit` characters."""
    if isinstance(value, dict):
        value = value.get("uk_UA") or value.get("uk") or value.get("en_US") or next(iter(value.values()), "")
    if value is None or value == "":
        if required:
            raise Malformed(f"{field} is missing")
        return ""
    if not isinstance(value, str):
        raise Malformed(f"{field} is not text")
    return value.strip()[:limit]


def moment(value, field: str, *, required: bool = False) -> datetime | None:
    if value in (None, ""):
        if required:
            raise Malformed(f"{field} is missing")
        return None
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None or parsed.tzinfo is None:
        raise Malformed(f"{field} is not a date and time with a zone")
    return parsed


def amount(value, field: str) -> Decimal | None:
    """A money amount (number), rounded to kopiykas; None when absent."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Malformed(f"{field} is not a number")
    try:
        result = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise Malformed(f"{field} is not a number") from None
    if not result.is_finite() or result < 0 or result >= Decimal("1e16"):
        raise Malformed(f"{field} is out of range")
    return result


def obj(value, field: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Malformed(f"{field} is not an object")
    return value


def objs(value, field: str) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise Malformed(f"{field} is not a list of objects")
    return value


def identifier(party: dict, field: str) -> tuple[str, str, str]:
    """(scheme, id, legal name) of a party's identifier."""
    ident = obj(party.get("identifier"), f"{field}.identifier")
    code = ident.get("id")
    if isinstance(code, int):
        code = str(code)
    code = text(code, f"{field}.identifier.id", required=True, limit=64)
    return text(ident.get("scheme"), f"{field}.identifier.scheme", limit=32) or "UA-EDR", code, \
        text(ident.get("legalName"), f"{field}.identifier.legalName", limit=500)


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def money(value: Decimal | None, currency: str) -> dict | None:
    return None if value is None else {"amount": float(value), "currency": currency or "UAH"}
