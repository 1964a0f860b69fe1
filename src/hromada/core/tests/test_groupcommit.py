"""Group commit: concurrent submissions are written in fewer batches than items, each caller gets its own outcome
or its own exception, a failed batch fails each of its callers, and a caller inside a transaction is written
at once."""

from __future__ import annotations

import threading

import pytest

from hromada.core.groupcommit import GroupCommit


class Refused(Exception):
    pass


def _in_threads(commit: GroupCommit, items: list) -> dict:
    barrier = threading.Barrier(len(items))
    outcomes: dict = {}

    def submit(item):
        barrier.wait()
        try:
            outcomes[item] = commit.submit(item)
        except Exception as exc:  # noqa: BLE001 - collected and asserted on
            outcomes[item] = exc

    threads = [threading.Thread(target=submit, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


def test_concurrent_items_share_batches_and_each_gets_its_own_outcome():
    entered = threading.Event()
    release = threading.Event()
    batches: list[list[int]] = []

    def write(items):
        if not batches:  # hold the first batch until every other thread has queued behind it
            entered.set()
            release.wait(10)
        batches.append(items)
        return [Refused(item) if item % 5 == 0 else item * 10 for item in items]

    commit = GroupCommit(write, max_batch=8)
    items = list(range(1, 21))
    waiter = threading.Thread(target=lambda: (entered.wait(10), _release_when_queued(commit, 19, release)))
    waiter.start()
    outcomes = _in_threads(commit, items)
    waiter.join(10)
    assert sorted(i for batch in batches for i in batch) == items  # every item written exactly once
    assert len(batches) < len(items) and max(len(b) for b in batches) <= 8
    assert all(outcomes[i] == i * 10 for i in items if i % 5)
    assert all(isinstance(outcomes[i], Refused) and outcomes[i].args == (i,) for i in items if i % 5 == 0)
    assert (commit.batches, commit.items) == (len(batches), 20)


def _release_when_queued(commit: GroupCommit, count: int, release: threading.Event) -> None:
    for _ in range(1000):
        with commit._changed:
            if len(commit._queue) >= count:
                break
        threading.Event().wait(0.01)
    release.set()


def test_a_batch_that_fails_fails_each_of_its_callers():
    def write(items):
        raise RuntimeError("the database went away")

    outcomes = _in_threads(GroupCommit(write), [1, 2, 3])
    assert all(isinstance(o, RuntimeError) for o in outcomes.values())


def test_a_write_that_answers_too_few_outcomes_is_an_error():
    commit = GroupCommit(lambda items: [])
    with pytest.raises(RuntimeError, match="0 outcomes for 1 items"):
        commit.submit(1)


@pytest.mark.django_db
def test_inside_a_transaction_the_item_is_written_at_once_by_its_caller():
    callers = []

    def write(items):
        callers.append(threading.get_ident())
        return [item + 1 for item in items]

    commit = GroupCommit(write)
    assert commit.submit(41) == 42  # pytest-django's test transaction is open
    assert callers == [threading.get_ident()]
