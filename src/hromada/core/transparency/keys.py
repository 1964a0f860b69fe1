"""Each community's Ed25519 signing key, derived from settings.TRANSPARENCY_KEY (HKDF-SHA256 with the community id),
and the signature of a tree head as RFC 6962 section 3.5 lays it out.

The key is never stored: whoever runs the install with the same secret signs with the same key, and a key
rotates for every community at once by changing the secret (their logs then start anew under a new key)."""

from __future__ import annotations

import functools
import hashlib
import struct

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# TLS's DigitallySigned header for Ed25519 (RFC 8422: hash "intrinsic" 8, signature ed25519 7).
SIGNATURE_ALGORITHM = b"\x08\x07"


@functools.lru_cache(maxsize=256)
def _private_key(secret: str, community_id: int) -> Ed25519PrivateKey:
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"hromada transparency log v1",
                info=f"community:{community_id}".encode()).derive(secret.encode())
    return Ed25519PrivateKey.from_private_bytes(seed)


def private_key(community_id: int) -> Ed25519PrivateKey:
    return _private_key(settings.TRANSPARENCY_KEY, community_id)


def public_key_der(community_id: int) -> bytes:
    """The SubjectPublicKeyInfo (DER) auditors pin; its SHA-256 is the log id."""
    return private_key(community_id).public_key().public_bytes(serialization.Encoding.DER,
                                                               serialization.PublicFormat.SubjectPublicKeyInfo)


def log_id(community_id: int) -> bytes:
    return hashlib.sha256(public_key_der(community_id)).digest()


def tree_head_input(timestamp_ms: int, tree_size: int, root_hash: bytes) -> bytes:
    """The signed bytes: version v1 (0), signature type tree_hash (1), timestamp, tree size, root hash."""
    return struct.pack(">BBQQ", 0, 1, timestamp_ms, tree_size) + root_hash


def tree_head_sign(community_id: int, timestamp_ms: int, tree_size: int, root_hash: bytes) -> bytes:
    """The DigitallySigned struct: algorithm, 2-byte length, Ed25519 signature."""
    signature = private_key(community_id).sign(tree_head_input(timestamp_ms, tree_size, root_hash))
    return SIGNATURE_ALGORITHM + struct.pack(">H", len(signature)) + signature
