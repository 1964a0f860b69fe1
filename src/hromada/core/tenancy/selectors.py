"""Reads of communities, with a short-lived cache because every request resolves one.

The cached rows may sit in one worker's memory; the version that invalidates them lives in the shared cache."""

from __future__ import annotations

from django.conf import settings

from hromada.core.versioned_cache import CacheVersion

from .models import Community

_CACHE_SECONDS = 30
# Shared by every process (Redis, or the SQLite file of the embedded default): a settings change made in one
# worker is seen by the next request of every other, not up to 30 seconds later.
COMMUNITIES = CacheVersion("tenancy")


def community_cache_version() -> int:
    """Changes whenever a community changes: part of the key of anything cached per community."""
    return COMMUNITIES.current()


def invalidate_community_cache() -> None:
    COMMUNITIES.bump()


def _cached(key: str, loader):
    return COMMUNITIES.cached(key, loader, timeout=_CACHE_SECONDS)


def community_by_slug(slug: str) -> Community | None:
    return _cached(f"slug:{slug}", lambda: Community.objects.filter(slug=slug, is_active=True).first())


def community_by_domain(host: str) -> Community | None:
    return _cached(f"host:{host}", lambda: Community.objects.filter(domain=host, is_active=True).first())


def community_default() -> Community | None:
    """The community a bare request belongs to: the configured one, or the only active one."""

    def load():
        if settings.HROMADA_DEFAULT_COMMUNITY:
            return Community.objects.filter(slug=settings.HROMADA_DEFAULT_COMMUNITY, is_active=True).first()
        active = list(Community.objects.filter(is_active=True)[:2])
        return active[0] if len(active) == 1 else None

    return _cached("default", load)


def real_communities_exist() -> bool:
    """Whether the install serves any real (non-demo) community; demo-only shortcuts are off when it does."""
    return bool(_cached("real", lambda: Community.objects.filter(is_active=True, is_demo=False).exists()))


def community_list() -> list[Community]:
    return list(Community.objects.filter(is_active=True).order_by("name_uk"))


def owned_for_update(model, community, pk):
    """The row `pk` of `model` in this community, locked for the caller's transaction; NotFound (404) when it is
    another community's, missing, or `pk` is not a number, so a foreign id and an absent one look the same."""
    from hromada.core.errors import NotFound

    try:
        return model.objects.select_for_update().get(community=community, pk=int(pk))
    except (model.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None
