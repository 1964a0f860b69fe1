"""Sharded counters and the SQLite write gate: how signatures (and later votes) are counted during a surge.

A counted object owns N shard rows; a writer adds to one at random and readers sum them, so no hot row exists."""

from __future__ import annotations

import os
import random
from contextlib import contextmanager

from django.db import IntegrityError, connection, connections, models, router, transaction
from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .filelock import machine_lock
from .prepared import PreparedRows

DEFAULT_SHARDS = 16


class CounterShard(models.Model):
    """One partial count. A concrete model adds the counted object (a foreign key or an id column) and a unique
    constraint on (object, shard); `ShardedCounter` does the rest."""

    shard = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class ShardedCounter:
    """The count of one kind of thing per object (signatures per petition), kept in `model`'s shard rows.

    `owner` names the column holding the counted object's id ("petition_id"). Increments touch one random
    shard with UPDATE ... SET count = count + 1, which on PostgreSQL locks that row only until commit, so
    concurrent writers rarely wait for each other; the total is the sum of at most `shards` indexed rows."""

    def __init__(self, model: type[CounterShard], *, owner: str, shards: int = DEFAULT_SHARDS):
        self.model, self.owner, self.shards = model, owner, shards
        # Both run on every signature: compiled once (core.prepared), not rebuilt by the ORM each time.
        self._counts = PreparedRows(model, lambda owner_id: model.objects.filter(**{owner: owner_id})
                                    .values_list("count", flat=True).order_by(), owner_id=int)
        self._increment_sql: dict[str, str] = {}  # per database alias

    def _increment(self, owner_id: int, shard: int, by: int) -> int:
        """UPDATE ... SET count = count + by on one shard row; how many rows it changed (0: no such shard yet)."""
        alias = router.db_for_write(self.model)
        connection = connections[alias]
        sql = self._increment_sql.get(alias)
        if sql is None:
            table, owner = connection.ops.quote_name(self.model._meta.db_table), self.model._meta.get_field(self.owner)
            count, shard_column = connection.ops.quote_name("count"), connection.ops.quote_name("shard")
            # Quoted names from the model's own metadata; the values are parameters.
            sql = f"UPDATE {table} SET {count} = {count} + %s WHERE {connection.ops.quote_name(owner.column)} = %s"  # noqa: S608
            sql = self._increment_sql[alias] = f"{sql} AND {shard_column} = %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [by, owner_id, shard])
            return cursor.rowcount

    def prepare(self, owner_id: int) -> None:
        """Create the shard rows up front (when counting starts), so increments never insert."""
        self.model.objects.bulk_create([self.model(**{self.owner: owner_id, "shard": n}) for n in range(self.shards)],
                                       ignore_conflicts=True)

    def add(self, owner_id: int, by: int = 1) -> None:
        """Add `by` inside the caller's transaction (the count commits or rolls back with the counted row)."""
        shard = random.randrange(self.shards)
        if self._increment(owner_id, shard, by):
            return
        try:
            with transaction.atomic():  # a savepoint: losing a race to create the shard must not undo the caller
                self.model.objects.create(**{self.owner: owner_id, "shard": shard, "count": by})
        except IntegrityError:
            self._increment(owner_id, shard, by)

    def total(self, owner_id: int) -> int:
        # Summed in Python: on a hot path the ORM's aggregate machinery costs more CPU than adding 16 integers.
        return sum(count for (count,) in self._counts.rows(owner_id=owner_id))

    def total_expression(self, outer: str = "pk"):
        """An annotation giving each row of an owner queryset its total in the same query (0 without shards)."""
        per_owner = (self.model.objects.filter(**{self.owner: OuterRef(outer)}).values(self.owner)
                     .annotate(n=Sum("count")).values("n"))
        return Coalesce(Subquery(per_owner, output_field=IntegerField()), Value(0))


# --- the write gate ------------------------------------------------------------------------------------------

@contextmanager
def write_gate():
    """Queue writers of a hot path before they open their transaction; a no-op except on SQLite.

    SQLite admits one writer at a time (our transactions BEGIN IMMEDIATE) and its busy handler sleeps in steps
    of up to 100 ms, so dozens of threads waiting for the write lock form a sleeping convoy. Queueing them on a
    thread lock and then on an flock() beside the database file (shared by every server process) hands the
    lock over at once: the kernel wakes the next waiter on release. PostgreSQL needs no gate: its row locks
    (the shard row being incremented, the unique index entry being inserted) already order conflicting
    writers without sleeping."""
    name = str(connection.settings_dict.get("NAME") or "")
    if connection.vendor != "sqlite" or not name or "memory" in name or not os.path.isabs(name):
        yield
        return
    with machine_lock(f"{name}.write-lock").held():
        yield
