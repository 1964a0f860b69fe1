"""Issuing, revoking and checking personal API tokens ("hro_" + 40 random characters)."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import OrderedDict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import NotFound, ValidationFailed
from hromada.core.identity import policies
from hromada.core.identity.guard import consulted, require, service
from hromada.core.identity.models import User
from hromada.core.prepared import PreparedRows, columns, instance
from hromada.core.versioned_cache import CacheVersion

from .models import ApiToken

TOKEN_PREFIX = "hro_"  # noqa: S105 - a public marker, not a secret
LIVE_TOKENS = CacheVersion("api-tokens")
_LAST_USED_EVERY = 300  # seconds: last_used_at is written at most this often per token


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@service
def api_token_create(*, actor, community, name: str) -> tuple[ApiToken, str]:
    """Create a token for the actor in this community; the raw key is returned once and never stored."""
    require(policies.can_hold_api_token(actor, community))
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValidationFailed(fields={"name": [_("Give the token a name of 1 to 100 characters.")]})
    if ApiToken.objects.filter(user=actor, community=community, revoked_at__isnull=True).count() >= 20:
        raise ValidationFailed(fields={"name": [_("At most 20 active tokens; revoke one first.")]})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(30)
    with transaction.atomic():
        token = ApiToken.objects.create(
            community=community, user=actor, name=name, prefix=raw[:12], key_hash=_hash(raw)
        )
        audit_record(actor=actor, community=community, action="core.api_token.created", target=token)
    return token, raw


@service
def api_token_revoke(*, actor, community, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens; anybody else's is "not found"."""
    consulted()  # the rule is the filter below: only the holder's own live tokens
    token = ApiToken.objects.filter(pk=token_id, community=community, user_id=getattr(actor, "pk", None),
                                    revoked_at__isnull=True).first()
    if token is None:
        raise NotFound()
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, community=community, action="core.api_token.revoked", target=token)
    return token


_TOKEN_COLUMNS, _HOLDER_COLUMNS = columns(ApiToken), columns(User, "user__")
# Every first call of a token runs this (a surge is thousands of people calling once): compiled once (core.prepared).
_LIVE_TOKEN = PreparedRows(
    ApiToken,
    lambda key_hash, community_id: ApiToken.objects.filter(
        key_hash=key_hash, community_id=community_id, revoked_at__isnull=True, user__is_active=True,
    ).values_list(*_TOKEN_COLUMNS, *_HOLDER_COLUMNS).order_by()[:1],
    key_hash=str, community_id=int,
)


class _RecentTokens:
    """The rows of live tokens this worker checked lately, as plain tuples (no pickling: a first call costs nothing
    extra), each for at most `seconds` and under the LIVE_TOKENS version it was read with; at most `size` of them,
    the least recently used dropped first. Instances are built afresh from the row for every request."""

    def __init__(self, size: int = 4096, seconds: float = 300):
        self.size, self.seconds = size, seconds
        self._rows: OrderedDict[tuple, tuple[float, tuple]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> tuple | None:
        with self._lock:
            found = self._rows.get(key)
            if found is None or found[0] < time.monotonic():
                return None
            self._rows.move_to_end(key)
            return found[1]

    def put(self, key: tuple, row: tuple) -> None:
        with self._lock:
            self._rows[key] = (time.monotonic() + self.seconds, row)
            self._rows.move_to_end(key)
            while len(self._rows) > self.size:
                self._rows.popitem(last=False)


_RECENT = _RecentTokens()
_LAST_USED = _TOKEN_COLUMNS.index("last_used_at")


def _token_from(row: tuple) -> ApiToken:
    """The token with its holder loaded with it (as select_related would)."""
    token = instance(ApiToken, _TOKEN_COLUMNS, row[:len(_TOKEN_COLUMNS)])
    token.user = instance(User, [c.removeprefix("user__") for c in _HOLDER_COLUMNS], row[len(_TOKEN_COLUMNS):])
    return token


def api_token_authenticate(raw: str, community) -> ApiToken | None:
    """The live token for this raw key in this community; a token of another community is unknown here.

    Not a @service: it is how a request proves who acts, before there is an actor to ask a policy about.
    A live token's row (with its holder's) stays in the worker's memory under LIVE_TOKENS' version, which every
    change of a token or of a person bumps (apps.py): a revocation or deactivation holds from the next call on,
    in every process. Unknown keys are never kept, so guessing fills no memory."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or community is None:
        return None
    key_hash = _hash(raw)
    key = (LIVE_TOKENS.current(), community.pk, key_hash)
    row = _RECENT.get(key)
    if row is None:
        rows = _LIVE_TOKEN.rows(key_hash=key_hash, community_id=community.pk)
        if not rows:
            return None
        row = rows[0]
        _RECENT.put(key, row)
    token = _token_from(row)
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > _LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
        _RECENT.put(key, row[:_LAST_USED] + (now,) + row[_LAST_USED + 1:])
    return token
