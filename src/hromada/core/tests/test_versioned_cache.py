"""Versioned caching: a bump in one place is seen everywhere; scopes are independent; falsy values are cached."""

from __future__ import annotations

from django.core.cache import caches

from hromada.core.versioned_cache import CacheVersion


def test_a_bump_makes_every_value_of_the_scope_stale_and_leaves_other_scopes():
    version = CacheVersion("test-things")
    calls = []

    def load(value):
        def loader():
            calls.append(value)
            return value
        return loader

    assert version.cached("a", load(1), scope=1) == 1
    assert version.cached("a", load(2), scope=1) == 1  # cached
    assert version.cached("a", load(3), scope=2) == 3
    version.bump(scope=1)
    assert version.cached("a", load(4), scope=1) == 4
    assert version.cached("a", load(5), scope=2) == 3
    assert calls == [1, 3, 4]


def test_none_is_cached_and_a_flushed_shared_cache_never_reuses_a_version():
    version = CacheVersion("test-none")
    calls = []
    assert version.cached("k", lambda: calls.append(1)) is None
    assert version.cached("k", lambda: calls.append(2)) is None
    assert calls == [1]
    before = version.current()
    caches["shared"].clear()
    version.bump()
    assert version.current() > before
