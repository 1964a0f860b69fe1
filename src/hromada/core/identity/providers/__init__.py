"""Identity protocol adapters: each kind of IdentityProvider maps to one IdentityProtocol class, imported on
first use (a community that never uses BankID never imports it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.module_loading import import_string

from .base import IdentityProtocol, ProviderClaims, ProviderError, http_request

if TYPE_CHECKING:
    from hromada.core.identity.models import IdentityProvider

PROTOCOLS: dict[str, str] = {
    "oidc": "hromada.core.identity.providers.oidc.OidcProtocol",
    "idgovua": "hromada.core.identity.providers.idgovua.IdGovUaProtocol",
    "bankid": "hromada.core.identity.providers.bankid.BankIdProtocol",
}


def protocol_for(config: IdentityProvider) -> IdentityProtocol:
    """The protocol adapter for a configured provider; an unknown kind is a configuration error."""
    path = PROTOCOLS.get(config.kind)
    if path is None:
        raise ProviderError("configuration")
    try:
        cls = import_string(path)
    except ImportError as exc:
        raise ProviderError("configuration") from exc
    return cls(config)


__all__ = ["PROTOCOLS", "IdentityProtocol", "ProviderClaims", "ProviderError", "http_request", "protocol_for"]
