"""The interface to the operator's certified crypto module (Ukrainian cryptography: DSTU 4145, GOST 28147 ...).

ID.GOV.UA and BankID NBU can answer with the person's data in a signed and encrypted envelope ("digital
envelope", CMS EnvelopedData over SignedData in the formats set by the State Special Communications Service)
addressed to the integrator's encryption certificate. Opening it needs a certified library the operator
licenses (for example IIT's EUSign): Hromada ships none and fakes none. The operator writes a small class
implementing `CryptoModule` around their library and names it by dotted path in the provider's
`options["crypto_module"]` (or, for every provider, the setting `HROMADA_IDENTITY_CRYPTO_MODULE`).
docs/identity.md ("ID.GOV.UA and BankID NBU") has a skeleton."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


class CryptoError(Exception):
    """The envelope could not be opened or its signature did not verify (the message names no personal data)."""


class CryptoModule(ABC):
    """One integrator key: its encryption certificate goes out with the request, answers come back to it.

    The constructor receives the provider's configuration (an `IdentityProvider`); an implementation reads its
    key file, the key's password and the CA certificates from places the operator controls (environment
    variables, files), never from the database."""

    def __init__(self, provider: Any):
        self.provider = provider

    @abstractmethod
    def certificate_b64(self) -> str:
        """The integrator's encryption certificate (DER), base64: the `cert` parameter of the requests."""

    @abstractmethod
    def develop(self, envelope: bytes, *, sender_certificate: bytes | None = None) -> bytes:
        """Decrypt an envelope addressed to our certificate and verify the signature inside it.

        `sender_certificate` is the provider's certificate when the answer carries it (BankID's `cert`).
        Return the signed content; raise CryptoError when decryption or the signature check fails."""

    def decrypt_user_info(self, envelope: bytes, *, sender_certificate: bytes | None = None) -> dict:
        """The person's data: the developed content parsed as a JSON object."""
        content = self.develop(envelope, sender_certificate=sender_certificate)
        try:
            data = json.loads(content.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise CryptoError("the decrypted answer is not JSON") from exc
        if not isinstance(data, dict):
            raise CryptoError("the decrypted answer is not a JSON object")
        return data


def crypto_module_path(provider: Any) -> str:
    """The dotted path of the crypto module this provider uses ("" when none is configured)."""
    options = provider.options or {}
    return str(options.get("crypto_module") or getattr(settings, "HROMADA_IDENTITY_CRYPTO_MODULE", "") or "")


def load_crypto_module(provider: Any) -> CryptoModule | None:
    """The configured crypto module, instantiated for this provider; None when none is configured.

    A path that does not import or does not name a CryptoModule raises CryptoError: a configuration mistake
    must not silently fall back to plain answers."""
    path = crypto_module_path(provider)
    if not path:
        return None
    try:
        cls = import_string(path)
    except ImportError as exc:
        raise CryptoError(f"the crypto module {path!r} cannot be imported") from exc
    if not (isinstance(cls, type) and issubclass(cls, CryptoModule)):
        raise CryptoError(f"{path!r} is not a CryptoModule")
    return cls(provider)
