"""Reads of communities, with a short-lived cache because every request resolves one."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from .models import Community

_CACHE_SECONDS = 30
_VERSION_KEY = "tenancy:version"


def _version() -> int:
    return cache.get_or_set(_VERSION_KEY, 1, None)


def community_cache_version() -> int:
    """Changes whenever a community changes: part of the key of anything cached per community."""
    return _version()


def invalidate_community_cache() -> None:
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, None)


def _cached(key: str, loader):
    full_key = f"tenancy:{_version()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = loader() or False
        cache.set(full_key, value, _CACHE_SECONDS)
    return value or None


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
