"""Reads of communities, with a short-lived cache because every request resolves one.

The cached rows may sit in one worker's memory; the version that invalidates them lives in the shared cache."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache, caches

from .models import Community

_CACHE_SECONDS = 30
_VERSION_KEY = "tenancy:version"


def _version() -> int:
    # Shared by every process (Redis, or the SQLite file of the embedded default): a settings change made
    # in one worker is seen by the next request of every other, not up to 30 seconds later.
    shared = caches["shared"]
    version = shared.get(_VERSION_KEY)
    if version is None:
        shared.add(_VERSION_KEY, _fresh_version(), None)
        version = shared.get(_VERSION_KEY, 0)
    return version


def _fresh_version() -> int:
    # Starting from the clock, a flushed shared cache never hands out a version a worker still has rows under.
    return int(time.time() * 1000)


def community_cache_version() -> int:
    """Changes whenever a community changes: part of the key of anything cached per community."""
    return _version()


def invalidate_community_cache() -> None:
    shared = caches["shared"]
    try:
        shared.incr(_VERSION_KEY)
    except ValueError:
        if not shared.add(_VERSION_KEY, _fresh_version(), None):
            shared.incr(_VERSION_KEY)


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
