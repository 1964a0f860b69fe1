"""TEST DOUBLE of the operator's certified crypto module. Not cryptography anyone may rely on.

The real envelopes are DSTU 4145 key agreement + GOST 28147 encryption over a signed CMS message, opened by
a licensed library (docs/identity.md ("ID.GOV.UA and BankID NBU")). This double stands in for it so the tests can prove the encrypted
path is wired end to end: the emulators `seal` the answer with keys shared with the double (an HMAC-SHA256
keystream, a MAC, and an HMAC "signature" of the provider), and `SymmetricTestDoubleCrypto.develop` opens it,
refusing a wrong key, a changed byte or a wrong "signature". Symmetric keys, standard library only."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from hromada.core.identity.providers.crypto import CryptoError, CryptoModule

TEST_CERTIFICATE_PREFIX = b"TEST-DOUBLE-CERTIFICATE:"


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = (hmac.new(key, nonce + i.to_bytes(8, "big"), hashlib.sha256).digest() for i in range(length // 32 + 1))
    return b"".join(blocks)[:length]


def _xor(data: bytes, stream: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, stream, strict=True))


def seal(content: bytes, *, envelope_key: bytes, signing_key: bytes) -> bytes:
    """The emulator's side: "sign" the content with the provider's key, then encrypt it to the integrator."""
    signed = hmac.new(signing_key, content, hashlib.sha256).digest() + content
    nonce = secrets.token_bytes(16)
    body = _xor(signed, _keystream(envelope_key, nonce, len(signed)))
    tag = hmac.new(envelope_key, b"mac" + nonce + body, hashlib.sha256).digest()
    return nonce + body + tag


def double_certificate(key_id: str) -> str:
    """The base64 "certificate" the double sends as `cert`: only a name of the shared test key."""
    return base64.b64encode(TEST_CERTIFICATE_PREFIX + key_id.encode()).decode()


class SymmetricTestDoubleCrypto(CryptoModule):
    """Reads its keys from the provider's `options["test_double_keys"]` (hex), which only the tests set."""

    def _keys(self) -> dict:
        keys = (self.provider.options or {}).get("test_double_keys") or {}
        if not keys:
            raise CryptoError("the test double has no keys")
        return keys

    def certificate_b64(self) -> str:
        return double_certificate(self._keys()["key_id"])

    def develop(self, envelope: bytes, *, sender_certificate: bytes | None = None) -> bytes:
        keys = self._keys()
        envelope_key, signing_key = bytes.fromhex(keys["envelope_key"]), bytes.fromhex(keys["signing_key"])
        expected_sender = keys.get("sender_certificate")
        if expected_sender and sender_certificate != base64.b64decode(expected_sender):
            raise CryptoError("the answer is not from the expected provider certificate")
        if len(envelope) < 16 + 32 + 32:
            raise CryptoError("the envelope is too short")
        nonce, body, tag = envelope[:16], envelope[16:-32], envelope[-32:]
        if not hmac.compare_digest(tag, hmac.new(envelope_key, b"mac" + nonce + body, hashlib.sha256).digest()):
            raise CryptoError("the envelope is not addressed to this key or was changed")
        signed = _xor(body, _keystream(envelope_key, nonce, len(body)))
        signature, content = signed[:32], signed[32:]
        if not hmac.compare_digest(signature, hmac.new(signing_key, content, hashlib.sha256).digest()):
            raise CryptoError("the provider's signature does not verify")
        return content
