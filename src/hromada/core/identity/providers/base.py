"""The contract every identity protocol adapter keeps: the claims it hands back, the error it raises, the two
steps of an authorization-code flow, and the one HTTP helper all of them call.

The flow owner (hromada.core.identity.flow) makes state, nonce and the PKCE verifier, keeps them in the
session, checks state once, then calls `complete`. Adapters never see the session and never store anything."""

from __future__ import annotations

import abc
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import requests
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from hromada.core.identity.models import IdentityProvider

logger = logging.getLogger("hromada.identity")

# Seconds for connecting and for each read: a slow provider is "unavailable", never a hung worker.
HTTP_TIMEOUT = (5, 15)


@dataclass(frozen=True)
class ProviderClaims:
    """What a provider vouched for. `subject` is the raw stable identifier (e.g. the tax number): it is hashed
    by the service and never stored, logged or shown; `repr` leaves it out."""

    subject: str = field(repr=False)
    full_name: str
    given_name: str = ""
    family_name: str = ""
    middle_name: str = ""
    birth_date: date | None = None
    method: str = "oidc"
    residence: tuple[str, ...] = field(default=(), repr=False)
    email: str = field(default="", repr=False)


_MESSAGES = {
    "state": _("The sign-in answer does not belong to this session, or it was already used. Please start again."),
    "replay": _("This sign-in answer was already used. Please start again."),
    "nonce": _("The identity provider's answer does not match this sign-in. Please start again."),
    "signature": _("The identity provider's answer could not be verified."),
    "issuer": _("The answer came from an identity provider this community does not trust."),
    "audience": _("The identity provider's answer was meant for another service."),
    "expired": _("The identity provider's answer has expired. Please start again."),
    "expired_code": _("The identity provider refused the sign-in code: it expired, was already used or does not "
                      "match this sign-in. Please start again."),
    "denied": _("You cancelled the sign-in at the identity provider; nothing was changed."),
    "provider_unavailable": _("The identity provider is not answering right now. Please try again later."),
    "provider_error": _("The identity provider refused the request. Please start again."),
    "claims": _("The identity provider did not return the data needed to verify you."),
    "configuration": _("This identity provider is not configured correctly; the operator has been told."),
    "crypto": _("The identity provider's encrypted answer could not be read on this server."),
}


class ProviderError(Exception):
    """A refusal of the identity flow. `code` is short and machine-readable; `message` is translated and never
    carries personal data (adapters pass a message only to be more precise, never with claim values)."""

    def __init__(self, code: str, message: Any = None):
        self.code = code
        self.message = message if message is not None else _MESSAGES.get(code, _MESSAGES["provider_error"])
        super().__init__(code)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class HttpResponse:
    """The few things an adapter needs from an answer (status, headers, body), kept small for typing."""

    def __init__(self, status: int, headers: Mapping[str, str], content: bytes):
        self.status = status
        self.headers = headers
        self.content = content

    def json(self) -> Any:
        try:
            return json.loads(self.content.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ProviderError("provider_error") from exc

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def http_request(method: str, url: str, *, data: Mapping[str, Any] | None = None,
                 headers: Mapping[str, str] | None = None, auth: tuple[str, str] | None = None,
                 params: Mapping[str, str] | None = None) -> HttpResponse:
    """One HTTP call to a provider with a timeout; any network failure is ProviderError("provider_unavailable").

    Only the host is logged: addresses of user info calls may carry tokens in their query."""
    if not url:
        raise ProviderError("configuration")
    try:
        response = requests.request(method, url, data=data, headers=dict(headers or {}), auth=auth,
                                    params=params, timeout=HTTP_TIMEOUT, allow_redirects=False)
    except requests.RequestException as exc:
        logger.warning("identity provider unreachable: %s %s (%s)", method, requests.utils.urlparse(url).netloc,
                       type(exc).__name__)
        raise ProviderError("provider_unavailable") from exc
    if response.status_code >= 500:
        logger.warning("identity provider failed: %s %s -> %s", method, requests.utils.urlparse(url).netloc,
                       response.status_code)
        raise ProviderError("provider_unavailable")
    return HttpResponse(response.status_code, response.headers, response.content)


class IdentityProtocol(abc.ABC):
    """One protocol (OpenID Connect, ID.GOV.UA, BankID NBU) for one configured provider."""

    def __init__(self, config: IdentityProvider):
        self.config = config

    @abc.abstractmethod
    def authorization_url(self, *, redirect_uri: str, state: str, nonce: str, code_verifier: str,
                          method: str | None = None) -> str:
        """Where to send the person's browser to sign in at the provider."""

    @abc.abstractmethod
    def complete(self, *, redirect_uri: str, params: Mapping[str, str], nonce: str,
                 code_verifier: str) -> ProviderClaims:
        """Finish the flow from the callback's query parameters (state already checked by the flow owner):
        exchange the code, fetch and validate the claims. Raises ProviderError."""

    def methods(self) -> list[tuple[str, str]]:
        """The ways the person may choose to prove who they are at this provider (value, label)."""
        return []


def claim(claims: Mapping[str, Any], name: str) -> Any:
    """A claim by name; a dotted name reaches into nested objects (e.g. "address.postal_code")."""
    value: Any = claims
    for part in (name or "").split("."):
        if not part or not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def claim_text(claims: Mapping[str, Any], name: str) -> str:
    value = claim(claims, name) if name else None
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value))


def parse_birth_date(value: Any) -> date | None:
    """ISO 8601 (YYYY-MM-DD) or the Ukrainian DD.MM.YYYY; anything else is no date."""
    text = str(value or "").strip()
    if not text:
        return None
    try:
        if len(text) == 10 and text[2] == "." and text[5] == ".":
            return date(int(text[6:10]), int(text[3:5]), int(text[0:2]))
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def claims_from_mapping(config: IdentityProvider, claims: Mapping[str, Any], *, method: str) -> ProviderClaims:
    """ProviderClaims from a provider's claims, by the claim names the operator configured (subject, names,
    birth date, residence). A missing identifier or name is ProviderError("claims"), naming no value."""
    subject = claim_text(claims, config.subject_claim or "sub")
    names = config.name_claims or {}
    given, family, middle = (claim_text(claims, names.get(key, "")) for key in ("given", "family", "middle"))
    full = claim_text(claims, names.get("full", "")) or " ".join(p for p in (family, given, middle) if p)
    if not subject or not full:
        raise ProviderError("claims")
    residence: list[str] = []
    for name in config.residency_claims or []:
        value = claim(claims, name)
        if isinstance(value, Mapping):
            residence.extend(str(v) for v in value.values() if isinstance(v, str | int) and str(v).strip())
        elif isinstance(value, list | tuple):
            residence.extend(str(v) for v in value if isinstance(v, str | int) and str(v).strip())
        elif value is not None and str(value).strip():
            residence.append(str(value))
    return ProviderClaims(
        subject=subject, full_name=" ".join(full.split()), given_name=given, family_name=family, middle_name=middle,
        birth_date=parse_birth_date(claim(claims, config.birth_date_claim)) if config.birth_date_claim else None,
        method=method, residence=tuple(residence), email=claim_text(claims, "email"),
    )
