"""Qualified electronic signatures (КЕП): the integration point for the operator's certified library.

Hromada does not verify Ukrainian qualified signatures itself: that needs a certified cryptographic library
(DSTU 4145 and the trust lists of qualified providers), which an operator licenses and installs. The operator
writes a class implementing `SignatureVerifier` and names it in the setting `HROMADA_DOCFLOW_SIGNATURE_VERIFIER`
("package.module.ClassName"). Without it, signing records a *simple* electronic signature of the signed-in
official (who signed which version, its SHA-256 and when), labelled so everywhere; a detached signature offered
without a configured verifier is refused, never stored as if it had been checked.

    class MyVerifier(SignatureVerifier):
        def verify(self, data: bytes, signature: bytes) -> VerifiedSignature:
            ...  # check the detached CAdES signature over `data`, the certificate chain and its status
            return VerifiedSignature(subject="CN=..., SERIALNUMBER=...", serial="...", signed_at=...)

`verify` raises InvalidSignature with a short reason when the signature does not hold."""

from __future__ import annotations

import abc
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils.module_loading import import_string

SETTING = "HROMADA_DOCFLOW_SIGNATURE_VERIFIER"


class InvalidSignature(Exception):
    """The signature does not verify over the bytes, or its certificate is not acceptable."""


@dataclass(frozen=True)
class VerifiedSignature:
    subject: str  # the certificate's subject as the library renders it
    serial: str = ""
    signed_at: datetime | None = None  # the signing time the signature carries, when it carries one


class SignatureVerifier(abc.ABC):
    """Verifies a detached CAdES signature over a file's exact bytes."""

    @abc.abstractmethod
    def verify(self, data: bytes, signature: bytes) -> VerifiedSignature:
        raise NotImplementedError


def configured_verifier() -> SignatureVerifier | None:
    """The operator's verifier, or None when none is configured (qualified signatures are then not accepted)."""
    path = getattr(settings, SETTING, "") or ""
    if not path:
        return None
    verifier = import_string(path)()
    if not isinstance(verifier, SignatureVerifier):
        raise TypeError(f"{SETTING} must name a SignatureVerifier subclass, not {path!r}")
    return verifier
