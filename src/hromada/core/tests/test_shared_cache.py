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
