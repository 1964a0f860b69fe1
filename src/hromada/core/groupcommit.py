"""Group commit: the writes of many concurrent requests of one kind committed together, in one transaction.

A request hands its write to `GroupCommit.submit` and waits. Whichever waiting thread finds no batch being
written becomes the leader: it takes what is queued (up to `max_batch`), writes it with `write` on its own
database connection and hands every request its own result or its own exception. While one batch commits the
next one fills, so the batch follows the load (one write at a time when the site is quiet, dozens in a surge)
with no timer, no extra thread and no added wait. Each process batches its own requests; across processes the
database orders the batches (on SQLite, the write gate of core.counters).

`write(items)` returns one outcome per item, in order: the result, or an exception instance for that item
alone (a duplicate). If `write` itself raises, every request of that batch gets the exception. A caller already
inside a transaction is written at once on its own connection, so its write commits or rolls back with the rest
of that transaction (docs/decisions/0011)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from django.db import transaction

T = TypeVar("T")
R = TypeVar("R")


class _Ticket(Generic[T, R]):
    __slots__ = ("item", "done", "outcome")

    def __init__(self, item: T):
        self.item = item
        self.done = False
        self.outcome: R | BaseException | None = None

    def result(self) -> R:
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome  # type: ignore[return-value]


class GroupCommit(Generic[T, R]):
    def __init__(self, write: Callable[[list[T]], list[R | BaseException]], *, max_batch: int = 128):
        self.write = write
        self.max_batch = max_batch
        self._changed = threading.Condition()
        self._queue: list[_Ticket[T, R]] = []
        self._leading = False
        self.batches = 0  # how many batches this process wrote, and how many items in them (for tests and docs)
        self.items = 0

    def submit(self, item: T) -> R:
        if transaction.get_connection().in_atomic_block:
            ticket: _Ticket[T, R] = _Ticket(item)
            self._write([ticket])
            return ticket.result()
        ticket = _Ticket(item)
        with self._changed:
            self._queue.append(ticket)
            while not ticket.done and self._leading:
                self._changed.wait()
            if ticket.done:
                return ticket.result()
            self._leading = True
        try:
            while not ticket.done:  # a long queue may need more than one batch before this request's own
                with self._changed:
                    batch, self._queue = self._queue[:self.max_batch], self._queue[self.max_batch:]
                self._write(batch)
        finally:
            with self._changed:
                self._leading = False
                self._changed.notify_all()
        return ticket.result()

    def _write(self, batch: list[_Ticket[T, R]]) -> None:
        try:
            outcomes = self.write([ticket.item for ticket in batch])
            if len(outcomes) != len(batch):
                raise RuntimeError(f"{self.write!r} answered {len(outcomes)} outcomes for {len(batch)} items")
        except Exception as exc:  # noqa: BLE001 - the batch failed as a whole: each of its requests is told so
            outcomes = [exc] * len(batch)
        with self._changed:
            self.batches += 1
            self.items += len(batch)
            for ticket, outcome in zip(batch, outcomes, strict=True):
                ticket.outcome, ticket.done = outcome, True
            self._changed.notify_all()
