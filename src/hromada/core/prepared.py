"""Hot reads compiled once: the ORM writes the SQL of a query the first time, later calls run it with their own
values. On the request paths measured in bench/ (a token check, the petition being signed, the signer's identity)
building and compiling a queryset costs over ten times what the database then spends answering it.

A `PreparedRows` is declared with a function that builds a `values_list` queryset from named parameters and the
type of each parameter. It is compiled per database alias with a unique stand-in value per parameter, whose
position in the compiled parameters is then where each call's value goes; a stand-in the ORM changed or used
twice fails the compilation loudly. Rows come back as tuples; `instance()` turns columns into a model instance
through Django's own `Model.from_db`, as a queryset would. Keep it for reads that run on every request of a hot
path and whose shape never varies: everything else reads better through the ORM."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.base import DEFERRED

_stand_ins = itertools.count(1)


def _stand_in(kind: type) -> Any:
    n = next(_stand_ins)
    if kind is str:
        return f"\x1fprepared-{n}\x1f"
    if kind is int:
        # Inside every backend's 32-bit (and positive) integer range: Django refuses out-of-range lookup values.
        return 2_000_000_000 + n
    raise TypeError(f"PreparedRows takes str and int parameters, not {kind!r}")


class PreparedRows:
    def __init__(self, model: type[Model], build: Callable[..., QuerySet], **parameters: type):
        self.model = model
        self.build = build
        self.parameters = parameters
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str) -> _Compiled:
        stand_ins = {name: _stand_in(kind) for name, kind in self.parameters.items()}
        compiler = self.build(**stand_ins).query.get_compiler(alias)
        sql, params = compiler.as_sql()
        params = list(params)
        slots = {}
        for name, value in stand_ins.items():
            found = [i for i, param in enumerate(params) if param == value]
            if len(found) != 1:
                raise ValueError(f"parameter {name!r} appears {len(found)} times in the compiled query, not once")
            slots[name] = found[0]
        # The field and backend converters a queryset applies to each value (SQLite's datetimes, booleans, JSON).
        converters = list(compiler.get_converters([column for column, _, _ in compiler.select]).items())
        return _Compiled(sql, params, slots, converters)

    def rows(self, **values: Any) -> list[tuple]:
        alias = router.db_for_read(self.model)
        compiled = self._compiled.get(alias)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(alias) or self._compiled.setdefault(alias, self._compile(alias))
        params = list(compiled.params)
        for name, slot in compiled.slots.items():
            params[slot] = self.parameters[name](values[name])
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if not compiled.converters:
            return [tuple(row) for row in rows]
        converted = []
        for row in rows:
            row = list(row)
            for position, (functions, expression) in compiled.converters:
                for convert in functions:
                    row[position] = convert(row[position], expression, connection)
            converted.append(tuple(row))
        return converted


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: list
    slots: dict[str, int]
    converters: list


def columns(model: type[Model], prefix: str = "") -> list[str]:
    """Every concrete column of `model` by attribute name (`user_id`, not `user`), for values_list, optionally
    through a relation (`prefix="user__"`)."""
    return [prefix + field.attname for field in model._meta.concrete_fields]


def instance(model: type[Model], names: Sequence[str], values: Sequence[Any], alias: str = "default") -> Model:
    """A model instance from columns read by a PreparedRows, as the ORM makes it (`Model.from_db`); columns left
    out are deferred."""
    attnames = [field.attname for field in model._meta.concrete_fields]
    given = dict(zip(names, values, strict=True))
    return model.from_db(alias, attnames, [given.get(name, DEFERRED) for name in attnames])


class PreparedInsert:
    """INSERTs of whole rows of one model, their SQL written once per database and number of rows; values are
    prepared exactly as `bulk_create` prepares them (`pre_save`, then `get_db_prep_save`) and the new primary
    keys come back through RETURNING. Like `bulk_create`, it sends no signals. For the writes of a hot path's
    batch (core.groupcommit); a database without RETURNING from a multi-row INSERT falls back to bulk_create."""

    def __init__(self, model: type[Model]):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if f is not model._meta.pk or not f.db_returning]
        self._sql: dict[tuple[str, int], str] = {}

    def _statement(self, alias: str, rows: int) -> str:
        sql = self._sql.get((alias, rows))
        if sql is None:
            # Quoted names from the model's own metadata; every value is a parameter.
            quote = connections[alias].ops.quote_name
            table, key = quote(self.model._meta.db_table), quote(self.model._meta.pk.column)
            names = ", ".join(quote(field.column) for field in self.fields)
            row = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
            sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([row] * rows)} RETURNING {key}"  # noqa: S608
            self._sql[(alias, rows)] = sql
        return sql

    def insert(self, objects: Sequence[Model]) -> None:
        if not objects:
            return
        alias = router.db_for_write(self.model)
        connection = connections[alias]
        if not connection.features.can_return_rows_from_bulk_insert:
            self.model._default_manager.bulk_create(objects)
            return
        values = [field.get_db_prep_save(field.pre_save(obj, True), connection)
                  for obj in objects for field in self.fields]
        with connection.cursor() as cursor:
            cursor.execute(self._statement(alias, len(objects)), values)
            keys = cursor.fetchall()
        for obj, (key,) in zip(objects, keys, strict=True):
            obj.pk = key
            obj._state.adding, obj._state.db = False, alias
