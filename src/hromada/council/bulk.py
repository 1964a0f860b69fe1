"""Writing many narrow rows in one go, for the imports and the stored metrics: COPY on PostgreSQL (one stream per
call, no statement per row), executemany of one prepared INSERT on SQLite. Model instances are not built: at two
million votes, Django's per-object work was most of the import's time (docs/performance.md, Council).

Values must already be in the database's form (dates through connection.ops.adapt_datefield_value)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice

from django.db import connection, models

BATCH = 5000


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """INSERT the rows (tuples in `columns` order) into the model's table inside the caller's transaction; the
    primary keys come from the database. Returns how many rows were written."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
            return written
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608 - our names
        iterator = iter(rows)
        while batch := list(islice(iterator, BATCH)):
            cursor.executemany(sql, batch)
            written += len(batch)
    return written
