"""Running one call in many threads at once, each on its own database connection, for the tests of races (two
people signing, voting or posting at the same moment)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


def at_once(workers: int, target: Callable[[int], object], *, timeout: float = 120) -> list:
    """`target(n)` for n in range(workers), started together behind a barrier; each outcome (a result or the
    exception raised) in the order the threads finished. Each thread closes its own connections."""
    barrier = threading.Barrier(workers)
    results: list = []
    lock = threading.Lock()

    def work(n: int) -> None:
        try:
            barrier.wait()
            outcome = target(n)
        except Exception as exc:  # noqa: BLE001 — every outcome is collected for the test to assert on
            outcome = exc
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results
