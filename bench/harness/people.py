"""Verified residents with API tokens, made in bulk for a scenario (in the child process)."""

from __future__ import annotations

import hashlib
import secrets


def residents_with_tokens(community, count: int, label: str) -> list[str]:
    """`count` new residents with a strong verified identity and one API token each; the raw tokens, in order."""
    from allauth.account.models import EmailAddress

    from hromada.core.identity.models import IdentityLevel, Membership, Role, User, VerifiedIdentity
    from hromada.core.identity.services import subject_hash

    users = User.objects.bulk_create([
        User(email=f"{label}{i}@bench.local", full_name=f"Мешканка {label} {i}", password="!")  # noqa: S106 - unusable
        for i in range(count)], batch_size=2000)
    EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True, primary=True)
                                      for u in users], batch_size=2000)
    VerifiedIdentity.objects.bulk_create([
        VerifiedIdentity(user=u, provider="bench", subject_hash=subject_hash(f"BENCH-{label}-{u.pk}"),
                         verified_name=u.full_name, level=IdentityLevel.STRONG) for u in users], batch_size=2000)
    Membership.objects.bulk_create([Membership(community=community, user=u, role=Role.RESIDENT) for u in users],
                                   batch_size=2000)
    return tokens_for(community, users)


def tokens_for(community, users) -> list[str]:
    """One API token of the community for each user; the raw tokens, in order."""
    from django.utils import timezone

    from hromada.core.api.models import ApiToken

    now = timezone.now()
    raws, tokens = [], []
    for user in users:
        raw = "hro_" + secrets.token_urlsafe(30)
        raws.append(raw)
        # Used just now: the token check then writes last_used_at no more than it would for a returning client.
        tokens.append(ApiToken(community=community, user=user, name="bench", prefix=raw[:12],
                               key_hash=hashlib.sha256(raw.encode()).hexdigest(), last_used_at=now))
    ApiToken.objects.bulk_create(tokens, batch_size=2000)
    return raws
