"""What the two Ukrainian protocols (ID.GOV.UA, BankID NBU) share: reading the callback, the claim names a
protocol documents (used where the operator left the generic OpenID defaults), and the encryption mode.

Encryption: both services can answer with the person's data in an envelope only the integrator's certified
key opens (providers/crypto.py). `options["encryption"]` is "required" (the default) or "test_plain"; the plain
mode is what the services' test environments allow, so it is refused for a production address."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from .base import ProviderError
from .crypto import CryptoError, CryptoModule, load_crypto_module

GENERIC_SUBJECT_CLAIMS = ("", "sub")
GENERIC_NAME_CLAIMS = {"given": "given_name", "family": "family_name", "middle": "middle_name", "full": "name"}
METHOD_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class ClaimNames:
    """The claim names `claims_from_mapping` reads, with a protocol's documented names as defaults."""

    subject_claim: str
    name_claims: dict
    birth_date_claim: str
    residency_claims: list = field(default_factory=list)


def claim_names(config: Any, *, subject: str, names: dict, birth_date: str, residence: list) -> ClaimNames:
    """The operator's claim names where they set them; the protocol's where the generic defaults remain."""
    configured_names = dict(config.name_claims or {})
    return ClaimNames(
        subject_claim=subject if config.subject_claim in GENERIC_SUBJECT_CLAIMS else config.subject_claim,
        name_claims=names if configured_names in ({}, GENERIC_NAME_CLAIMS) else configured_names,
        birth_date_claim=birth_date if config.birth_date_claim in ("", "birthdate") else config.birth_date_claim,
        residency_claims=list(config.residency_claims or residence),
    )


def authorization_address(config: Any, params: dict[str, str]) -> str:
    """The provider's sign-in address with the request's parameters (response_type=code and client_id first)."""
    if not config.authorization_endpoint:
        raise ProviderError("configuration")
    query = urlencode({"response_type": "code", "client_id": config.client_id, **params})
    return config.authorization_endpoint + ("&" if "?" in config.authorization_endpoint else "?") + query


def callback_code(params: Mapping[str, str]) -> str:
    """The authorization code from the callback, or the refusal the provider sent instead."""
    error = params.get("error", "")
    if error:
        raise ProviderError("denied" if error == "access_denied" else "provider_error")
    code = params.get("code", "")
    if not code:
        raise ProviderError("provider_error")
    return code


def encryption_module(config: Any, *, production_hosts: tuple[str, ...]) -> CryptoModule | None:
    """The crypto module the answers are opened with, or None in the labelled test-only plain mode.

    "required" without a module, an unknown mode, or the plain mode against a production address is a
    configuration error: nothing is ever read unencrypted by accident."""
    options = config.options or {}
    mode = options.get("encryption", "required")
    if mode == "test_plain":
        hosts = {urlsplit(url).hostname for url in (config.authorization_endpoint, config.token_endpoint,
                                                     config.userinfo_endpoint) if url}
        if hosts & set(production_hosts):
            raise ProviderError("configuration")
        return None
    if mode != "required":
        raise ProviderError("configuration")
    try:
        module = load_crypto_module(config)
    except CryptoError as exc:
        raise ProviderError("configuration") from exc
    if module is None:
        raise ProviderError("configuration")
    return module


def answer_object(response: Any) -> dict:
    """A provider's JSON answer as an object; an error answer or a non-object is a refusal."""
    data = response.json()
    if not isinstance(data, dict):
        raise ProviderError("provider_error")
    if data.get("error") == "invalid_client":  # the operator's client id or secret is wrong
        raise ProviderError("configuration")
    if data.get("error") in ("invalid_grant", "invalid_code"):
        raise ProviderError("expired_code")
    if not response.ok or data.get("error"):
        raise ProviderError("provider_error")
    return data


def recorded_method(value: Any, fallback: str) -> str:
    """The method a provider reported, when it looks like one; else the fallback."""
    return value if isinstance(value, str) and METHOD_PATTERN.match(value) else fallback
