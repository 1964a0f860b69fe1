"""The datastore's part of a backup: its typed tables are not models, so `hromada backup` reads them here.

Restoring recreates each table with the datastore's own DDL and indexes, so PostgreSQL gets its own types back."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

from django.db import connection, transaction

from . import datastore
from .models import DatastoreTable

CHUNK = 5000


def _neutral(kind: str) -> Callable:
    """A cell as JSON both vendors take back: SQLite keeps booleans as 0/1, PostgreSQL returns date objects."""
    if kind == "bool":
        return lambda v: None if v is None else bool(v)
    return lambda v: v.isoformat() if isinstance(v, (date, datetime)) else v


class DatastoreTables:
    """The TableSet (hromada.core.backup.tables) of the open-data datastore."""

    def _table(self, name: str) -> DatastoreTable:
        return DatastoreTable.objects.get(table_name=name)

    def names(self) -> list[str]:
        existing = set(connection.introspection.table_names())
        # Superseded and failed jobs have dropped their tables; only the ones that exist are carried.
        return [name for name in DatastoreTable.objects.order_by("pk").values_list("table_name", flat=True)
                if name in existing]

    def schema(self, name: str) -> dict:
        return {"fields": self._table(name).fields}

    def rows(self, name: str) -> Iterator[list]:
        fields = self._table(name).fields
        convert = [_neutral("int"), *(_neutral(f["type"]) for f in fields)]
        columns = ", ".join(connection.ops.quote_name(c) for c in ["_id", *(f["column"] for f in fields)])
        quoted_id = connection.ops.quote_name("_id")
        # A server-side cursor on PostgreSQL: a large table is never held in memory at once.
        with connection.chunked_cursor() as cursor:
            cursor.execute(f"SELECT {columns} FROM {connection.ops.quote_name(name)} ORDER BY {quoted_id}")  # noqa: S608
            while chunk := cursor.fetchmany(CHUNK):
                for row in chunk:
                    yield [conv(value) for conv, value in zip(convert, row, strict=True)]

    def restore(self, name: str, schema: dict, rows: Iterable[list]) -> int:
        table = self._table(name)
        if table.fields != schema.get("fields"):
            raise ValueError(f"{name}: the archived columns do not match its restored datastore record")
        names = ["_id", *(f["column"] for f in table.fields)]
        columns = ", ".join(connection.ops.quote_name(c) for c in names)
        quoted = connection.ops.quote_name(name)
        with transaction.atomic():
            datastore.create_table(table)
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    # The ids are kept (datastore_search returns them), so COPY writes them explicitly.
                    count = 0
                    with cursor.cursor.copy(f"COPY {quoted} ({columns}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                            count += 1
                else:
                    count = self._insert(cursor, quoted, columns, len(names), rows)
            datastore.build_indexes(table)
            if connection.vendor == "postgresql":
                # New rows (none today, but a later append) must not reuse a restored id.
                top = f"MAX({connection.ops.quote_name('_id')})"
                sql = (f"SELECT setval(pg_get_serial_sequence(%s, '_id'), GREATEST(COALESCE({top}, 0), 1), "  # noqa: S608
                       f"{top} IS NOT NULL) FROM {quoted}")
                with connection.cursor() as cursor:
                    cursor.execute(sql, [quoted])
        return count

    @staticmethod
    def _insert(cursor, quoted: str, columns: str, width: int, rows: Iterable[list]) -> int:
        sql = f"INSERT INTO {quoted} ({columns}) VALUES ({', '.join(['%s'] * width)})"  # noqa: S608
        count, chunk = 0, []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                cursor.executemany(sql, chunk)
                count, chunk = count + len(chunk), []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
        return count

    def drop_all(self) -> None:
        for name in DatastoreTable.objects.values_list("table_name", flat=True):
            datastore.drop_table(name)


datastore_tables = DatastoreTables()
