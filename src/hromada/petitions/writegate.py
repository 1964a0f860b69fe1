"""A process-local queue for SQLite writers on the signing hot path (a no-op on PostgreSQL).

SQLite admits one writer at a time and its busy handler sleeps in steps of up to 100 ms, so two dozen server
threads waiting for the write lock form a sleeping convoy; queueing them on a lock first hands over at once."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.db import connection

_writers = threading.Lock()


@contextmanager
def sqlite_write_gate():
    if connection.vendor != "sqlite":
        yield
        return
    with _writers:
        yield
