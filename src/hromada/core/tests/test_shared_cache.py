"""The embedded default's shared cache: real OS processes count into one rate-limit window and see one
settings version, so two gunicorn workers can no longer each allow the full limit or serve stale settings.

The child processes run the production settings (no REDIS_URL) against a temporary data folder; the
clock is frozen in them so every hit lands in the same window."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from django.core.cache import caches
from django.test import override_settings

from hromada.core.sharedcache import SQLiteCache

CHILD = textwrap.dedent("""
    import json, os, sys, time
    time.time = lambda: 1_800_000_000.0  # one window for every hit of every child
    os.environ["DJANGO_SETTINGS_MODULE"] = "hromada.config.settings"
    import django
    django.setup()
    from django.core.cache import caches
    from hromada.core.api.ratelimit import check_rate, count_hit
    from hromada.core.errors import RateLimited
    from hromada.core.tenancy.selectors import invalidate_community_cache
    action, n = sys.argv[1], int(sys.argv[2])
    assert caches["shared"].__class__.__name__ == "SQLiteCache", caches["shared"]
    if action == "check":
        allowed = 0
        for _ in range(n):
            try:
                check_rate("test", "203.0.113.7", "5/m")
                allowed += 1
            except RateLimited:
                pass
        print(json.dumps(allowed))
    elif action == "count":
        print(json.dumps(max(count_hit("rl:race", 60)[0] for _ in range(n))))
    elif action == "invalidate":
        invalidate_community_cache()
        print(json.dumps(caches["shared"].get("tenancy:version")))
""")


def _children(tmp_path, action, n, processes=2) -> list:
    env = {**os.environ, "HROMADA_DATA_DIR": str(tmp_path)}
    for name in ("REDIS_URL", "DATABASE_URL", "HROMADA_SHARED_CACHE"):
        env.pop(name, None)
    env["DJANGO_SETTINGS_MODULE"] = "hromada.config.settings"
    running = [subprocess.Popen([sys.executable, "-c", CHILD, action, str(n)], env=env,  # noqa: S603
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(processes)]
    results = []
    for child in running:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_two_processes_share_one_limit(tmp_path):
    allowed = _children(tmp_path, "check", 10)
    assert sum(allowed) == 5, allowed  # with per-process memory each child allowed 5 (10 in all)
    assert (tmp_path / "shared-cache.sqlite3").exists()


def test_concurrent_counting_loses_no_hit(tmp_path):
    highest = _children(tmp_path, "count", 300, processes=3)
    assert max(highest) == 900, highest  # the last hit of all saw every other one


def test_two_cache_connections_agree_on_add_and_incr(tmp_path):
    path = str(tmp_path / "shared.sqlite3")
    first, second = SQLiteCache(path, {}), SQLiteCache(path, {})
    assert first.add("k", 1, 60) and not second.add("k", 1, 60)
    assert second.incr("k", 4) == 5 and first.get("k") == 5
    second.set("obj", {"a": [1, 2]}, None)
    assert first.get("obj") == {"a": [1, 2]} and first.delete("obj") and second.get("obj", "gone") == "gone"
    first.set("short", 1, -1)  # already expired: add may take the key over
    assert second.get("short") is None and second.add("short", 7, 60) and first.get("short") == 7
    with pytest.raises(ValueError):
        first.incr("missing")


@pytest.mark.django_db
def test_a_settings_change_in_another_process_is_seen_at_once(tmp_path, community):
    from hromada.core.tenancy.models import Community
    from hromada.core.tenancy.selectors import community_by_slug

    shared = {"BACKEND": "hromada.core.sharedcache.SQLiteCache", "LOCATION": str(tmp_path / "shared-cache.sqlite3")}
    local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "this-worker"}
    with override_settings(CACHES={"default": local, "shared": shared}):
        assert community_by_slug(community.slug).capability_settings == {}
        # Another worker saves new settings: the row changes and that worker bumps the version.
        Community.objects.filter(pk=community.pk).update(capability_settings={"petitions": {"threshold": 7}})
        assert community_by_slug(community.slug).capability_settings == {}  # still this worker's 30 s copy
        _children(tmp_path, "invalidate", 0, processes=1)
        assert community_by_slug(community.slug).capability_settings == {"petitions": {"threshold": 7}}
        caches["shared"].clear()


def test_windows_are_counted_together_and_restart_once_expired(tmp_path, monkeypatch):
    cache = SQLiteCache(str(tmp_path / "c.sqlite3"), {})
    clock = [1_800_000_000.0]
    monkeypatch.setattr("hromada.core.sharedcache.time.time", lambda: clock[0])
    assert cache.count_windows([("person", 1, 60), ("address", 3, 60)]) == [1, 3]
    assert cache.count_windows([("person", 1, 60), ("address", 3, 60)]) == [2, 6]
    clock[0] += 61  # the person's window has expired: it starts again at the new hit
    assert cache.count_windows([("person", 1, 60)]) == [1]
    cache.set("address", "not a number")  # a value that is not a counter is replaced, never added to
    assert cache.count_windows([("address", 2, 60)]) == [2]


def _redis_url() -> str:
    url = os.environ.get("HROMADA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means no server to test against
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI runs Redis at {url}: {exc}")
        pytest.skip(f"no Redis at {url}")
    return url


def test_redis_counts_windows_in_one_round_trip_with_their_expiry():
    from hromada.core.sharedcache import RedisSharedCache

    cache = RedisSharedCache(_redis_url(), {"KEY_PREFIX": f"hromada-test-{os.getpid()}"})
    cache.delete_many(["person", "address"])
    assert cache.count_windows([("person", 1, 60), ("address", 3, 60)]) == [1, 3]
    assert cache.count_windows([("person", 1, 60), ("address", 3, 60)]) == [2, 6]
    client = cache._cache.get_client(write=True)
    ttl = client.ttl(cache.make_and_validate_key("person"))
    assert 0 < ttl <= 60  # set by the first hit, not pushed back by the second
    cache.delete_many(["person", "address"])


def test_the_periodic_sweep_after_a_count_does_not_wait_for_its_own_lock(tmp_path, monkeypatch):
    """The sweep of expired rows runs after every N-th write and takes the writers' lock, which is not
    re-entrant: counting must have let go of it first (a server once hung on its 1,000th count)."""
    import threading

    monkeypatch.setattr("hromada.core.sharedcache._SWEEP_EVERY", 3)
    cache = SQLiteCache(str(tmp_path / "c.sqlite3"), {})
    done = []

    def count():
        for n in range(10):
            cache.count_windows([(f"one-{n}", 1, 60)])
            cache.count_windows([(f"two-{n}", 1, 60), (f"three-{n}", 1, 60)])
        done.append(True)

    worker = threading.Thread(target=count, daemon=True)
    worker.start()
    worker.join(20)
    assert done == [True]
