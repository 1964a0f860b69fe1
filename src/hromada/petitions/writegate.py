"""A queue for SQLite writers on the signing hot path, across threads and server processes (no-op on PostgreSQL).

SQLite admits one writer at a time and its busy handler sleeps in steps of up to 100 ms, so dozens of server
threads waiting for the write lock form a sleeping convoy. Queueing them first on a thread lock and then on an
flock() beside the database file hands the lock over at once: the kernel wakes the next waiter on release."""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager

from django.db import connection

try:
    import fcntl
except ImportError:  # not on POSIX: the thread lock alone still removes the in-process convoy
    fcntl = None

_threads = threading.Lock()
_lock_files: dict[str, int] = {}


def _lock_file_fd() -> int | None:
    name = str(connection.settings_dict.get("NAME") or "")
    if fcntl is None or not name or "memory" in name or not os.path.isabs(name):
        return None
    fd = _lock_files.get(name)
    if fd is None:
        fd = os.open(f"{name}.write-lock", os.O_RDWR | os.O_CREAT, 0o600)
        _lock_files[name] = fd
    return fd


@contextmanager
def sqlite_write_gate():
    if connection.vendor != "sqlite":
        yield
        return
    with _threads:
        fd = _lock_file_fd()
        if fd is None:
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
