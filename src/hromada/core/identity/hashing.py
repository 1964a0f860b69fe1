"""The keyed hash of a stable personal identifier: the only form in which an identifier is kept."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def subject_hash(provider_subject: str) -> str:
    """Keyed hash of a stable personal identifier (e.g. RNOKPP): equal people, equal hashes; no raw id kept."""
    normalized = "".join(provider_subject.split()).upper()
    return hmac.new(settings.IDENTITY_HASH_KEY.encode(), normalized.encode(), hashlib.sha256).hexdigest()
