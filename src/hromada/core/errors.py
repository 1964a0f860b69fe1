"""Domain errors raised by services, with a stable code, a translatable message and field errors.

The web shows them on forms, the JSON API renders one envelope, standards adapters their own format."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A refusal the caller can understand and act on; never a 500."""

    status = 400
    code = "invalid"
    default_message = _("The request cannot be carried out.")

    def __init__(self, message=None, *, code: str | None = None, fields: Mapping[str, Sequence[Any]] | None = None):
        self.message = message if message is not None else self.default_message
        if code:
            self.code = code
        self.fields = {name: [str(m) for m in msgs] for name, msgs in (fields or {}).items()}
        super().__init__(str(self.message))

    def as_dict(self) -> dict:
        return {"code": self.code, "message": str(self.message), "fields": self.fields}


class ValidationFailed(DomainError):
    status = 400
    code = "validation_failed"
    default_message = _("Some fields are not valid.")


class PermissionDenied(DomainError):
    status = 403
    code = "permission_denied"
    default_message = _("You are not allowed to do this.")


class NotFound(DomainError):
    """Also used for objects of another community: "not yours" looks like "not found"."""

    status = 404
    code = "not_found"
    default_message = _("Not found.")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_message = _("This conflicts with the current state.")


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"
    default_message = _("Too many requests. Please wait a little and try again.")

    def __init__(self, message=None, *, retry_after: int = 60, **kwargs):
        self.retry_after = retry_after
        super().__init__(message, **kwargs)


def validation_error_from_django(exc) -> ValidationFailed:
    """Turn a django.core.exceptions.ValidationError (e.g. from full_clean) into ValidationFailed."""
    if hasattr(exc, "message_dict"):
        fields = {name: list(msgs) for name, msgs in exc.message_dict.items()}
    else:
        fields = {"__all__": list(exc.messages)}
    return ValidationFailed(fields=fields)
