"""The datastore: one typed table per tabular resource version, loaded in batches with progress,
and the queries behind datastore_search and the dumps (filters, q, sort, fields, paging).

Tables are created with raw DDL that works on SQLite and PostgreSQL; PostgreSQL loads with COPY.
SQL is assembled only from our own quoted identifiers (table names, columns c1..cN); every value is a parameter."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.errors import ValidationFailed

from .models import DatastoreTable, LoadStatus

BATCH = 10_000
MAX_LIMIT = 32_000  # CKAN's ckan.datastore.search.rows_max default
MAX_INDEXED_COLUMNS = 12
TRUE_VALUES = {"true", "True", "TRUE", "1", "yes", "Yes", "так", "Так"}
FALSE_VALUES = {"false", "False", "FALSE", "0", "no", "No", "ні", "Ні"}

_SQL_TYPES = {
    "sqlite": {"int": "INTEGER", "numeric": "REAL", "text": "TEXT", "date": "TEXT", "timestamp": "TEXT",
               "bool": "INTEGER"},
    "postgresql": {"int": "bigint", "numeric": "double precision", "text": "text", "date": "date",
                   "timestamp": "timestamp", "bool": "boolean"},
}


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _vendor() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def table_name_for(version) -> str:
    return f"opendata_ds_{version.community_id}_{version.pk}"


def create_table(table: DatastoreTable) -> None:
    types = _SQL_TYPES[_vendor()]
    # On PostgreSQL the primary key is added after loading: maintaining its index row by row doubles
    # the time of COPY. SQLite's INTEGER PRIMARY KEY is the rowid itself and costs nothing extra.
    pk = "bigserial" if _vendor() == "postgresql" else "INTEGER PRIMARY KEY AUTOINCREMENT"
    columns = ", ".join(f"{_q(f['column'])} {types[f['type']]}" for f in table.fields)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_q(table.table_name)}")
        cursor.execute(f"CREATE TABLE {_q(table.table_name)} ({_q('_id')} {pk}, {columns})")


def drop_table(table_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_q(table_name)}")


# ---------------------------------------------------------------- converting cells


def _converter(field: dict) -> Callable[[str], object]:
    kind, fmt = field["type"], field.get("format") or "default"
    if kind == "int":
        return int
    if kind == "numeric":
        return float
    if kind == "bool":
        return lambda v: 1 if v in TRUE_VALUES else 0 if v in FALSE_VALUES else None
    if kind in ("date", "timestamp") and fmt not in ("default", "any"):
        if kind == "date":
            return lambda v: datetime.strptime(v, fmt).date().isoformat()
        return lambda v: datetime.strptime(v, fmt).isoformat()
    return str


def _row_converter(fields: list[dict]) -> Callable[[list], tuple]:
    converters = [_converter(f) for f in fields]
    width = len(converters)

    def convert(row: list) -> tuple:
        out = []
        for conv, value in zip(converters, row, strict=False):
            if value is None or value == "":
                out.append(None)
            elif conv is str:
                out.append(value if isinstance(value, str) else str(value))
            else:
                out.append(conv(value) if isinstance(value, str) else value)
        out.extend([None] * (width - len(out)))
        return tuple(out)

    return convert


def _progress(table: DatastoreTable, **changes) -> None:
    for key, value in changes.items():
        setattr(table, key, value)
    DatastoreTable.objects.filter(pk=table.pk).update(**changes)


# ---------------------------------------------------------------- loading


def csv_bytes(header: list, rows: Iterable[list]) -> bytes:
    """A UTF-8 CSV file (as the portal publishes and dumps them) from a header and rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _csv_rows(content: bytes) -> Iterator[list]:
    reader = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    next(reader, None)  # header
    return reader


def _xlsx_rows(content: bytes) -> Iterator[list]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    next(rows, None)
    for row in rows:
        if any(cell is not None for cell in row):
            yield [cell.isoformat() if isinstance(cell, (date, datetime)) else cell for cell in row]


def load(table: DatastoreTable, content: bytes, fmt: str, *, batch: int = BATCH) -> None:
    """Create the table and load every row of `content`; progress is written to `table` after each batch."""
    create_table(table)
    _progress(table, status=LoadStatus.LOADING, started_at=timezone.now(), rows_loaded=0,
              rows_total=table.rows_total or content.count(b"\n") if fmt == "CSV" else table.rows_total)
    loaded = None
    if fmt == "CSV" and _vendor() == "postgresql" and _copy_safe(table.fields):
        loaded = _copy_csv(table, content)
    if loaded is None:
        rows = _csv_rows(content) if fmt == "CSV" else _xlsx_rows(content)
        loaded = insert_rows(table, rows, batch=batch)
    _progress(table, status=LoadStatus.INDEXING, rows_loaded=loaded, rows_total=loaded)
    build_indexes(table)
    _progress(table, status=LoadStatus.ACTIVE, finished_at=timezone.now())


def insert_rows(table: DatastoreTable, rows: Iterable[list], *, batch: int = BATCH) -> int:
    """Insert converted rows in batches of `batch`, one transaction each, recording progress."""
    convert = _row_converter(table.fields)
    cols = ", ".join(_q(f["column"]) for f in table.fields)
    marks = ", ".join(["%s"] * len(table.fields))
    sql = f"INSERT INTO {_q(table.table_name)} ({cols}) VALUES ({marks})"  # noqa: S608
    loaded, chunk = 0, []
    for row in rows:
        chunk.append(convert(row))
        if len(chunk) >= batch:
            loaded += _insert_batch(table, sql, chunk, loaded)
            chunk = []
    if chunk:
        loaded += _insert_batch(table, sql, chunk, loaded)
    return loaded


def _insert_batch(table, sql, chunk, loaded_before) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, chunk)
        _progress(table, rows_loaded=loaded_before + len(chunk))
    return len(chunk)


def _copy_safe(fields: list[dict]) -> bool:
    # The server parses the CSV itself only when every cell is already in a form it accepts.
    return all(f["type"] in ("int", "numeric", "text", "date", "timestamp") and (f.get("format") or "default") == "default"
               for f in fields)


def _copy_csv(table: DatastoreTable, content: bytes) -> int | None:
    """Stream the validated CSV to PostgreSQL's COPY; None when the server refuses it (then rows are inserted)."""
    cols = ", ".join(_q(f["column"]) for f in table.fields)
    sql = f"COPY {_q(table.table_name)} ({cols}) FROM STDIN WITH (FORMAT csv, HEADER true)"
    data = content[3:] if content.startswith(b"\xef\xbb\xbf") else content
    step = 4 * 2**20
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            with cursor.cursor.copy(sql) as copy:
                for start in range(0, len(data), step):
                    copy.write(data[start:start + step])
            cursor.execute(f"SELECT COUNT(*) FROM {_q(table.table_name)}")  # noqa: S608
            count = cursor.fetchone()[0]
            _progress(table, rows_loaded=count)
        return count
    except Exception:  # noqa: BLE001 — any refusal by COPY falls back to typed inserts
        return None


def index_name(table: DatastoreTable, field: dict) -> str:
    return f"{table.table_name}_{field['column']}"[:63]


def build_indexes(table: DatastoreTable) -> None:
    """An index per column (up to MAX_INDEXED_COLUMNS) so filters and sorts on large tables stay fast."""
    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            cursor.execute(f"ALTER TABLE {_q(table.table_name)} ADD PRIMARY KEY ({_q('_id')})")
        for field in table.fields[:MAX_INDEXED_COLUMNS]:
            name = index_name(table, field)
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {_q(name)} ON {_q(table.table_name)} ({_q(field['column'])})")
        cursor.execute(f"ANALYZE {_q(table.table_name)}")  # fresh statistics for the planner


# ---------------------------------------------------------------- querying


class Query:
    """A parsed datastore_search request against one table; bad input raises ValidationFailed (CKAN 409)."""

    def __init__(self, table: DatastoreTable, *, filters=None, q=None, sort=None, fields=None,
                 limit=100, offset=0, distinct=False):
        self.table = table
        self.by_id = {f["id"]: f for f in table.fields}
        self.by_id["_id"] = {"id": "_id", "type": "int", "column": "_id"}
        self.where, self.params = self._where(filters or {}, q)
        self.order = self._order(sort)
        self.columns = self._columns(fields)
        self.limit = int_param(limit, "limit", 0, MAX_LIMIT)
        self.offset = int_param(offset, "offset", 0, None)

    def _field(self, name: str, param: str) -> dict:
        field = self.by_id.get(name)
        if field is None:
            raise ValidationFailed(fields={param: [_('field "%(f)s" not in table') % {"f": name}]})
        return field

    def _value(self, field: dict, value, param: str):
        if value is None:
            return None
        kind = field["type"]
        try:
            if kind == "int":
                return int(value)
            if kind == "numeric":
                return float(value)
            if kind == "bool":
                return value if isinstance(value, bool) else str(value) in TRUE_VALUES
            if kind == "date" and _vendor() == "postgresql":
                return date.fromisoformat(str(value))
            if kind == "timestamp" and _vendor() == "postgresql":
                return datetime.fromisoformat(str(value))
        except (TypeError, ValueError):
            raise ValidationFailed(fields={param: [_('invalid value for field "%(f)s"') % {"f": field["id"]}]}) from None
        return str(value)

    def _where(self, filters: dict, q) -> tuple[str, list]:
        if not isinstance(filters, dict):
            raise ValidationFailed(fields={"filters": [_("filters must be a JSON object")]})
        clauses, params = [], []
        for name, wanted in filters.items():
            field = self._field(name, "filters")
            col = _q(field["column"])
            values = wanted if isinstance(wanted, list) else [wanted]
            if not values:
                clauses.append("1=0")
                continue
            converted = [self._value(field, v, "filters") for v in values]
            if len(converted) == 1:
                clauses.append(f"{col} = %s" if converted[0] is not None else f"{col} IS NULL")
                params.extend(v for v in converted if v is not None)
            else:
                clauses.append(f"{col} IN ({', '.join(['%s'] * len(converted))})")
                params.extend(converted)
        like = "ILIKE" if _vendor() == "postgresql" else "LIKE"
        if isinstance(q, dict):
            for name, term in q.items():
                field = self._field(name, "q")
                clauses.append(f"CAST({_q(field['column'])} AS TEXT) {like} %s")
                params.append(f"%{term}%")
        elif q not in (None, ""):
            texts = [f for f in self.table.fields if f["type"] == "text"] or self.table.fields
            for word in str(q).split():
                clauses.append("(" + " OR ".join(f"CAST({_q(f['column'])} AS TEXT) {like} %s" for f in texts) + ")")
                params.extend([f"%{word}%"] * len(texts))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def _order(self, sort) -> str:
        if not sort:
            return f" ORDER BY {_q('_id')}"
        parts = []
        for item in str(sort).split(","):
            words = item.strip().rsplit(" ", 1)
            direction = "asc"
            if len(words) == 2 and words[1].lower() in ("asc", "desc"):
                name, direction = words[0].strip(), words[1].lower()
            else:
                name = item.strip()
            name = name.strip('"')
            field = self._field(name, "sort")
            parts.append(f"{_q(field['column'])} {direction.upper()}")
        # The tie-breaker follows the last key's direction, so an index on a single sort column
        # (which orders equal values by rowid) serves the whole ORDER BY.
        return " ORDER BY " + ", ".join(parts) + f", {_q('_id')} {direction.upper()}"

    def _columns(self, fields) -> list[dict]:
        if not fields:
            return [self.by_id["_id"], *self.table.fields]
        names = fields if isinstance(fields, list) else [n.strip() for n in str(fields).split(",") if n.strip()]
        return [self._field(name, "fields") for name in names]

    def records(self) -> list[dict]:
        cols = ", ".join(_q(f["column"]) for f in self.columns)
        sql = f"SELECT {cols} FROM {_q(self.table.table_name)}{self.where}{self.order} LIMIT %s OFFSET %s"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [*self.params, self.limit, self.offset])
            rows = cursor.fetchall()
        return [{f["id"]: _json_value(f, v) for f, v in zip(self.columns, row, strict=True)} for row in rows]

    def total(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {_q(self.table.table_name)}{self.where}", self.params)  # noqa: S608
            return int(cursor.fetchone()[0])

    def stream(self, chunk: int = 5000) -> Iterator[tuple]:
        """Every matching row (no limit) for dumps, read in chunks."""
        cols = ", ".join(_q(f["column"]) for f in self.columns)
        sql = f"SELECT {cols} FROM {_q(self.table.table_name)}{self.where}{self.order}"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, self.params)
            while True:
                rows = cursor.fetchmany(chunk)
                if not rows:
                    return
                for row in rows:
                    yield tuple(_json_value(f, v) for f, v in zip(self.columns, row, strict=True))


def int_param(value, param: str, low: int, high: int | None) -> int:
    """An integer request parameter within [low, high], or ValidationFailed naming the parameter."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed(fields={param: [_("Invalid integer")]}) from None
    if number < low or (high is not None and number > high):
        raise ValidationFailed(fields={param: [_("Must be between %(low)s and %(high)s") % {
            "low": low, "high": high if high is not None else "∞"}]})
    return number


def _json_value(field: dict, value):
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if field["type"] == "bool":
        return bool(value)
    return value


def public_fields(table: DatastoreTable) -> list[dict]:
    return [{"id": "_id", "type": "int"}, *({"id": f["id"], "type": f["type"]} for f in table.fields)]
