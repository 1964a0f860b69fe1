"""Django model rows in a backup: which models, their database-neutral JSON lines, the schema state, loading.

Content types and permissions are left out (migrate recreates them, with other ids); rows name them by natural key."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

# Rebuilt by migrate on the target with their own ids, so rows refer to them by natural key.
RECREATED_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}
CHUNK = 2000
REPORT_EVERY = 50_000


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but datetimes keep all six digits of their microseconds. Django's keeps milliseconds:
    a restored row lost time, and one whose microseconds were 1-999 even changed its text (".000" became no
    fraction at all), which is how a row-digest comparison failed about once in a thousand rows."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class RowSerializer(jsonl.Serializer):
    """JSON lines with primary keys kept, and natural keys only for the rows migrate recreates.

    Natural keys everywhere (Django's --natural-foreign) would also name users by email, which an
    account without one could not survive; keeping primary keys keeps every other reference exact."""

    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model._meta.label_lower in RECREATED_BY_MIGRATE
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model._meta.label_lower in RECREATED_BY_MIGRATE
        super().handle_m2m_field(obj, field)


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete model whose rows a backup carries, parents before the rows that point to them."""
    ordered = serializers.sort_dependencies([(config, None) for config in apps.get_app_configs()], allow_cycles=True)
    return [model for model in ordered
            if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in RECREATED_BY_MIGRATE]


def _queryset(model) -> models.QuerySet:
    # The base manager: default managers may hide rows (per community, soft-deleted) that a backup must carry.
    queryset = model._base_manager.order_by("pk")
    m2m = [f.name for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created]
    return queryset.prefetch_related(*m2m) if m2m else queryset


def _counted(objects: Iterable, counter: list[int], say: Callable[[str], None] | None, label: str) -> Iterator:
    for obj in objects:
        counter[0] += 1
        if say and counter[0] % REPORT_EVERY == 0:
            say(f"  {label}: {counter[0]} rows ...")
        yield obj


def model_rows_dump(model, stream, *, say: Callable[[str], None] | None = None) -> int:
    """Write every row of `model` to `stream` as JSON lines, reading CHUNK rows at a time; returns the count."""
    counter = [0]
    rows = _counted(_queryset(model).iterator(chunk_size=CHUNK), counter, say, model._meta.label)
    RowSerializer().serialize(rows, stream=stream)
    return counter[0]


def model_rows_digest(model) -> tuple[int, str]:
    """(row count, sha256) of a model's rows, the same on either vendor (keys sorted, JSON values normalised)."""
    digest, count = hashlib.sha256(), 0
    for obj in _queryset(model).iterator(chunk_size=CHUNK):
        line = RowSerializer().serialize([obj])
        digest.update(json.dumps(json.loads(line), sort_keys=True, ensure_ascii=False).encode("utf-8"))
        count += 1
    return count, digest.hexdigest()


def migration_state() -> dict[str, list[str]]:
    """The migrations applied in this database, per app."""
    state: dict[str, list[str]] = {}
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        state.setdefault(app_label, []).append(name)
    return {app: sorted(names) for app, names in sorted(state.items())}


def migration_differences(archived: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """(migrations the archive has and this database lacks, migrations this database has and the archive lacks)."""
    here = {(app, name) for app, names in migration_state().items() for name in names}
    there = {(app, name) for app, names in archived.items() for name in names}
    return sorted(f"{a}.{n}" for a, n in there - here), sorted(f"{a}.{n}" for a, n in here - there)


def tables_with_rows() -> list[tuple[str, int]]:
    """(model, row count) for every backed-up model that already has rows here."""
    found = []
    for model in backed_up_models():
        if model._base_manager.exists():
            found.append((model._meta.label, model._base_manager.count()))
    return found


def model_rows_load(entries: list[dict], lines: Callable[[str], Iterable[str]], *,
                    say: Callable[[str], None] | None = None) -> dict[str, int]:
    """Insert every archived row in one transaction (references may point forward inside it), then check
    the references and move PostgreSQL's sequences past the restored ids. Returns the rows per model."""
    loaded: dict[str, int] = {}
    with transaction.atomic():
        with connection.constraint_checks_disabled():
            for entry in entries:
                count, batch = 0, []
                for obj in serializers.deserialize("jsonl", lines(entry["member"])):
                    batch.append(obj)
                    if len(batch) >= CHUNK:
                        count += _insert(batch)
                        batch = []
                        if say and count % REPORT_EVERY == 0:
                            say(f"  {entry['label']}: {count} rows ...")
                count += _insert(batch)
                if count != entry.get("rows"):
                    raise ValueError(f"{entry['label']}: {count} rows in the archive, its manifest says {entry.get('rows')}")
                loaded[entry["label"]] = count
                if say:
                    say(f"  {entry['label']}: {count} rows")
        restored = [apps.get_model(entry["label"]) for entry in entries]
        connection.check_constraints(table_names=[m._meta.db_table for m in restored])
        sequences_reset(restored)
    return loaded


def _insert(batch: list) -> int:
    """Insert deserialized rows many per statement: one INSERT per row costs a round trip each (2 ms on a
    local PostgreSQL, half an hour for a million signatures)."""
    if not batch:
        return 0
    model = type(batch[0].object)
    if model._meta.parents:
        # A child of multi-table inheritance: Django inserts those one by one (its parent row is its own entry).
        for obj in batch:
            obj.save(force_insert=True)
        return len(batch)
    fields = list(model._meta.local_concrete_fields)
    objects = [obj.object for obj in batch]
    size = max(1, min(CHUNK, connection.ops.bulk_batch_size(fields, objects)))
    for start in range(0, len(objects), size):
        # raw=True, as loaddata's save(raw=True) does: auto_now fields keep their archived values, where
        # bulk_create would stamp them with the time of the restore.
        model._base_manager._insert(objects[start:start + size], fields=fields, raw=True, using=connection.alias)
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        if not through._meta.auto_created:
            continue  # a through model of its own is backed up as a model
        links = [through(**{f"{field.m2m_field_name()}_id": obj.object.pk, f"{field.m2m_reverse_field_name()}_id": pk})
                 for obj in batch for pk in (obj.m2m_data or {}).get(field.name, [])]
        if links:
            through._base_manager.bulk_create(links, batch_size=CHUNK)
    return len(batch)


def sequences_reset(restored: list[type[models.Model]]) -> None:
    """Set each id sequence past the highest restored id, so the next new row does not collide (PostgreSQL)."""
    through = [f.remote_field.through for m in restored for f in m._meta.local_many_to_many
               if f.remote_field.through._meta.auto_created]
    statements = connection.ops.sequence_reset_sql(no_style(), [*restored, *through])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
