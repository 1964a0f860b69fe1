"""A cache every process on the machine shares: one small SQLite file beside the data (the embedded default).

It holds rate-limit counters and the community-settings version when there is no Redis; add and incr are
single SQL statements, so two gunicorn workers never lose or double a count."""

from __future__ import annotations

import os
import pickle
import sqlite3
import threading
import time
from pathlib import Path

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisCache

from .filelock import machine_lock

# Expired rows are swept by whichever process happens to make this many writes, not on every write.
_SWEEP_EVERY = 1000


# Start the window at :delta when it is missing, expired or not a counter; otherwise add :delta and keep its expiry.
_COUNT_WINDOW = (
    "INSERT INTO hromada_cache (key, value, expires) VALUES (:key, :delta, :expires) ON CONFLICT (key) DO UPDATE SET"
    " value = CASE WHEN hromada_cache.expires <= :now OR typeof(hromada_cache.value) != 'integer' THEN :delta"
    " ELSE hromada_cache.value + :delta END,"
    " expires = CASE WHEN hromada_cache.expires <= :now OR typeof(hromada_cache.value) != 'integer' THEN :expires"
    " ELSE hromada_cache.expires END"
    " RETURNING value")


def _encode(value):
    # Integers stay integers so incr can add in SQL; anything else is pickled (written only by this code).
    if type(value) is int:
        return value
    return sqlite3.Binary(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def _decode(raw):
    return pickle.loads(raw) if isinstance(raw, bytes) else raw  # noqa: S301 - our own file, our own values


class SQLiteCache(BaseCache):
    """Django cache backend on an SQLite file: LOCATION is the file's path; its table is created on first use.

    Django's DatabaseCache would need a database alias and router, and its incr is a read then a write
    (two workers counting at once lose hits), which is exactly what a rate limit cannot afford."""

    def __init__(self, location: str, params: dict):
        super().__init__(params)
        self._path = Path(location)
        # Writers queue here before SQLite's own lock, which would make them sleep in its busy handler.
        self._writers = machine_lock(f"{location}.write-lock")
        self._local = threading.local()
        self._writes = 0

    def _db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        # A connection must not cross a fork (gunicorn forks its workers after importing the app).
        if conn is None or self._local.pid != os.getpid():
            self._path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self._path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("CREATE TABLE IF NOT EXISTS hromada_cache"
                         " (key TEXT PRIMARY KEY, value, expires REAL) WITHOUT ROWID")
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def _write(self, sql: str, params=()) -> sqlite3.Cursor:
        with self._writers.held():
            return self._db().execute(sql, params)

    def _write_returning(self, sql: str, params=()) -> tuple | None:
        """A write with RETURNING, its row read before the lock is let go (the statement ends with the read)."""
        with self._writers.held():
            return self._db().execute(sql, params).fetchone()

    def _wrote(self) -> None:
        self._writes += 1
        if self._writes % _SWEEP_EVERY == 0:
            self._write("DELETE FROM hromada_cache WHERE expires <= ?", (time.time(),))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        cursor = self._write(
            "INSERT INTO hromada_cache (key, value, expires) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE"
            " SET value = excluded.value, expires = excluded.expires"
            " WHERE hromada_cache.expires IS NOT NULL AND hromada_cache.expires <= ?",
            (key, _encode(value), self.get_backend_timeout(timeout), time.time()))
        self._wrote()
        return cursor.rowcount == 1

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        row = self._db().execute(
            "SELECT value FROM hromada_cache WHERE key = ? AND (expires IS NULL OR expires > ?)",
            (key, time.time())).fetchone()
        return default if row is None else _decode(row[0])

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        key = self.make_and_validate_key(key, version=version)
        self._write("INSERT OR REPLACE INTO hromada_cache (key, value, expires) VALUES (?, ?, ?)",
                    (key, _encode(value), self.get_backend_timeout(timeout)))
        self._wrote()

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        cursor = self._write(
            "UPDATE hromada_cache SET expires = ? WHERE key = ? AND (expires IS NULL OR expires > ?)",
            (self.get_backend_timeout(timeout), key, time.time()))
        return cursor.rowcount == 1

    def incr(self, key, delta=1, version=None) -> int:
        key = self.make_and_validate_key(key, version=version)
        row = self._write_returning(
            "UPDATE hromada_cache SET value = value + ? WHERE key = ? AND typeof(value) = 'integer'"
            " AND (expires IS NULL OR expires > ?) RETURNING value", (delta, key, time.time()))
        if row is None:
            raise ValueError(f"Key '{key}' not found")
        return row[0]

    def count_windows(self, windows: list[tuple[str, int, float]]) -> list[int]:
        """Add `delta` to each (key, delta, timeout) window counter in one write transaction, starting any that is
        missing or expired at `delta` with that timeout; the totals, in order. One statement per window and one
        lock for all of them: a request that counts a person and an address takes the file's write lock once."""
        now = time.time()
        keys = [self.make_and_validate_key(key) for key, _, _ in windows]
        db = self._db()
        totals = []
        if len(keys) == 1:  # one statement is atomic by itself: no explicit transaction to open and commit
            _, delta, timeout = windows[0]
            with self._writers.held():
                total = db.execute(_COUNT_WINDOW, {"key": keys[0], "delta": delta, "expires": now + timeout,
                                                   "now": now}).fetchone()[0]
            self._wrote()  # outside the writers' lock, which is not re-entrant: a sweep takes it again
            return [total]
        with self._writers.held():
            db.execute("BEGIN IMMEDIATE")
            try:
                for key, (_, delta, timeout) in zip(keys, windows, strict=True):
                    totals.append(db.execute(_COUNT_WINDOW, {"key": key, "delta": delta, "expires": now + timeout,
                                                             "now": now}).fetchone()[0])
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        self._wrote()
        return totals

    def delete(self, key, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return self._write("DELETE FROM hromada_cache WHERE key = ?", (key,)).rowcount == 1

    def has_key(self, key, version=None) -> bool:
        return self.get(key, self._missing, version=version) is not self._missing

    def clear(self) -> None:
        self._write("DELETE FROM hromada_cache")

    def close(self, **kwargs) -> None:
        # Django closes caches after every request; keeping the connection saves reopening the file.
        pass

    _missing = object()


class RedisSharedCache(RedisCache):
    """Django's Redis cache plus the window counting the rate limits use: INCRBY and EXPIRE NX for every window
    in one pipeline (one round trip), instead of an ADD and an INCR per window."""

    def count_windows(self, windows: list[tuple[str, int, float]]) -> list[int]:
        keys = [self.make_and_validate_key(key) for key, _, _ in windows]
        client = self._cache.get_client(keys[0], write=True)
        pipe = client.pipeline(transaction=False)
        for key, (_, delta, timeout) in zip(keys, windows, strict=True):
            pipe.incrby(key, delta)
            pipe.expire(key, max(1, int(timeout)), nx=True)
        return [int(total) for total in pipe.execute()[::2]]
