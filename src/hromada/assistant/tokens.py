"""Bot tokens at rest: encrypted with Fernet under a key of the install, or named by an environment variable.

The key is HROMADA_ASSISTANT_TOKEN_KEY (a Fernet key) when set, else derived from SECRET_KEY: rotating SECRET_KEY
without the dedicated key means entering the tokens again. A token is never logged nor shown back in full."""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

KEY_VARIABLE = "HROMADA_ASSISTANT_TOKEN_KEY"


def _fernet() -> Fernet:
    key = os.environ.get(KEY_VARIABLE, "")
    if not key:
        digest = hashlib.sha256(b"hromada.assistant.tokens:" + settings.SECRET_KEY.encode()).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    return Fernet(key.encode())


def encrypt(token: str) -> str:
    return _fernet().encrypt(token.encode()).decode() if token else ""


def decrypt(ciphertext: str) -> str:
    """The plain token, or "" when there is none or it cannot be read (the key changed)."""
    if not ciphertext:
        return ""
    try:
        return _fernet().decrypt(ciphertext.encode()).decode()
    except InvalidToken:
        return ""


def token_of(config) -> str:
    """The token a ChannelConfig uses: from its environment variable when it names one, else the stored one."""
    if config.token_env:
        return os.environ.get(config.token_env, "")
    return decrypt(config.token_encrypted)


def has_token(config) -> bool:
    return bool(token_of(config))
