"""A lock that every thread of every process on this machine queues on: a thread lock, then flock() on a file.

SQLite admits one writer per file, and a writer that finds the file locked sleeps in SQLite's busy handler in
steps of up to 100 ms, so a crowd of writers forms a sleeping convoy. Waiting on this lock first hands the file
over at once: the kernel wakes the next waiter when the holder releases. Used by the write gate of the database
(core.counters) and by the shared cache's writes (core.sharedcache). Without fcntl (not POSIX) only the thread
lock remains."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

try:
    import fcntl
except ImportError:
    fcntl = None  # type: ignore[assignment]


class MachineLock:
    def __init__(self, path: str):
        self.path = path
        self._threads = threading.Lock()
        self._fd: int | None = None
        self._pid = 0
        self._owner: int | None = None  # the thread holding it: work run after a commit inside the holder's
        # block (a task on the immediate backend, a record event's follower) re-enters instead of waiting on itself

    def _descriptor(self) -> int | None:
        # flock() excludes open file descriptions: one inherited across a fork would be shared with the parent.
        if fcntl is None:
            return None
        if self._fd is None or self._pid != os.getpid():
            self._fd, self._pid = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600), os.getpid()
        return self._fd

    @contextmanager
    def held(self) -> Iterator[None]:
        me = threading.get_ident()
        if self._owner == me:  # only the holder itself can see its own id here
            yield
            return
        with self._threads:
            self._owner = me
            try:
                fd = self._descriptor()
                if fd is None:
                    yield
                    return
                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                self._owner = None


_locks: dict[str, MachineLock] = {}
_registry = threading.Lock()


def machine_lock(path: str) -> MachineLock:
    """The one MachineLock of this process for `path` (a lock file beside the file it guards)."""
    with _registry:
        lock = _locks.get(path)
        if lock is None:
            lock = _locks[path] = MachineLock(path)
        return lock
