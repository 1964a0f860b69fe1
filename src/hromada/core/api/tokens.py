"""Issuing, revoking and checking personal API tokens ("hro_" + 40 random characters)."""

from __future__ import annotations

import hashlib
import secrets

from django.core.cache import caches
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
_CACHE_SECONDS = 300
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


def _live_token(key_hash: str, community) -> ApiToken | None:
    """The live token with this hash in this community, its holder loaded with it (as select_related would)."""
    for row in _LIVE_TOKEN.rows(key_hash=key_hash, community_id=community.pk):
        token = instance(ApiToken, _TOKEN_COLUMNS, row[:len(_TOKEN_COLUMNS)])
        token.user = instance(User, [c.removeprefix("user__") for c in _HOLDER_COLUMNS], row[len(_TOKEN_COLUMNS):])
        return token
    return None


def api_token_authenticate(raw: str, community) -> ApiToken | None:
    """The live token for this raw key in this community; a token of another community is unknown here.

    Not a @service: it is how a request proves who acts, before there is an actor to ask a policy about.
    Live tokens (with their holder) are kept in the worker's memory under LIVE_TOKENS' version, which every
    change of a token or of a person bumps (apps.py): a revocation or deactivation holds from the next call on,
    in every process. Unknown keys are never cached, so guessing fills no memory."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or community is None:
        return None
    store = caches["default"]
    key = f"api-token:{LIVE_TOKENS.current()}:{community.pk}:{_hash(raw)}"
    token = store.get(key)
    if token is None:
        token = _live_token(_hash(raw), community)
        if token is None:
            return None
        store.set(key, token, _CACHE_SECONDS)
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > _LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
        store.set(key, token, _CACHE_SECONDS)
    return token
