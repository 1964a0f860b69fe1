"""Sharded counters and the write gate under real concurrency: fifty threads with their own connections, on
the SQLite file the test settings use and on PostgreSQL; nothing is lost, nothing counted twice."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, models, transaction

from hromada.core.counters import CounterShard, ShardedCounter, write_gate

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 50


class TallyShard(CounterShard):
    """A counter table for these tests only (created and dropped around each test)."""

    owner_id = models.PositiveIntegerField()

    class Meta:
        app_label = "counters_tests"
        db_table = "counters_tests_tally"
        constraints = [models.UniqueConstraint(fields=["owner_id", "shard"], name="counters_tests_tally_unique")]


@pytest.fixture
def tally():
    with connection.schema_editor() as editor:
        editor.create_model(TallyShard)
    yield ShardedCounter(TallyShard, owner="owner_id", shards=8)
    connections.close_all()
    with connection.schema_editor() as editor:
        editor.delete_model(TallyShard)


def _at_once(target) -> list:
    barrier = threading.Barrier(THREADS)
    outcomes: list = []
    lock = threading.Lock()

    def work() -> None:
        try:
            barrier.wait(30)
            outcome = target()
        except Exception as exc:  # noqa: BLE001 — every outcome is asserted on below
            outcome = exc
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return outcomes


def _add(tally: ShardedCounter, owner_id: int):
    def add() -> bool:
        with write_gate(), transaction.atomic():
            tally.add(owner_id)
        return True

    return add


def test_prepared_shards_count_fifty_concurrent_increments_exactly(tally):
    tally.prepare(7)
    tally.prepare(7)  # twice is harmless
    assert _at_once(_add(tally, 7)) == [True] * THREADS
    assert tally.total(7) == THREADS and tally.total(8) == 0
    assert TallyShard.objects.filter(owner_id=7).count() == 8


def test_shards_created_on_demand_by_racing_writers_lose_nothing(tally):
    assert _at_once(_add(tally, 9)) == [True] * THREADS
    assert tally.total(9) == THREADS
    assert TallyShard.objects.filter(owner_id=9).count() <= 8


def test_an_increment_rolls_back_with_its_transaction(tally):
    tally.prepare(3)
    with pytest.raises(RuntimeError), transaction.atomic():
        tally.add(3, by=5)
        raise RuntimeError
    tally.add(3, by=2)
    assert tally.total(3) == 2


def test_the_write_gate_admits_one_sqlite_writer_at_a_time():
    inside, most, lock = [0], [0], threading.Lock()

    def enter() -> bool:
        with write_gate():
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            threading.Event().wait(0.002)  # hold the gate briefly so overlapping entries would show
            with lock:
                inside[0] -= 1
        return True

    assert _at_once(enter) == [True] * THREADS
    # PostgreSQL needs no gate (row locks order the writers), so there the gate lets everyone in.
    assert most[0] == 1 if connection.vendor == "sqlite" else most[0] >= 1
