"""Cached reads invalidated by a version number that every process sees: bump the version, and every key built
under the old one is never read again (no scan, no delete, works the same on Redis and the embedded cache).

The version lives in the "shared" cache; the values may live in a worker's own memory (the "default" cache)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches

T = TypeVar("T")
_MISSING = object()


class CacheVersion:
    """A named version, optionally per scope (a community id), shared by every process of the install."""

    def __init__(self, name: str):
        self.name = name

    def _key(self, scope) -> str:
        return f"version:{self.name}:{scope}" if scope is not None else f"version:{self.name}"

    def current(self, scope=None) -> int:
        shared = caches["shared"]
        key = self._key(scope)
        version = shared.get(key)
        if version is None:
            shared.add(key, _fresh(), None)
            version = shared.get(key, 0)
        return version

    def bump(self, scope=None) -> None:
        """Every value cached under the current version is stale from the next read on, in every process."""
        shared = caches["shared"]
        key = self._key(scope)
        try:
            shared.incr(key)
        except ValueError:  # never read yet (or the shared cache was flushed)
            if not shared.add(key, _fresh(), None):
                shared.incr(key)

    def cached(self, key: str, loader: Callable[[], T], *, scope=None, timeout: int = 300,
               alias: str = "default") -> T:
        """`loader()`'s value under `key` for the current version; None and falsy values are cached too."""
        store = caches[alias]
        full_key = f"{self.name}:{scope}:{self.current(scope)}:{key}"
        value = store.get(full_key, _MISSING)
        if value is _MISSING:
            value = loader()
            store.set(full_key, value, timeout)
        return value


def _fresh() -> int:
    # Starting from the clock, a flushed shared cache never hands out a version a worker still has values under.
    return time.time_ns()
