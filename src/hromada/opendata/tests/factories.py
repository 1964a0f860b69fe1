"""Builders for the portal's tests: publishers, datasets and CSV bytes, all through the services."""

from __future__ import annotations

import itertools

from hromada.core.identity.actors import SYSTEM
from hromada.opendata import services
from hromada.opendata.datastore import csv_bytes

_seq = itertools.count(1)


GOOD_CSV = csv_bytes(["id", "name", "amount", "day"],
                     [[i, f"Рядок {i}", f"{i * 1.5:.2f}", f"2025-01-{i % 28 + 1:02d}"] for i in range(1, 31)])


def make_publisher(community, actor, *, department=None, name=None, title="Відділ даних"):
    return services.publisher_create(actor=actor, community=community, name=name or f"pub-{next(_seq)}",
                                     title=title, department=department)


def make_dataset(community, actor, publisher, **extra):
    values = {"title": f"Набір даних {next(_seq)}", "maintainer": "Олена Коваленко",
              "maintainer_email": "olena@example.org", "update_frequency": "once a month",
              "tags": ["бюджет"], "purpose": "Прозорість"}
    values.update(extra)
    return services.dataset_create(actor=actor, community=community, publisher=publisher, **values)


def add_csv(community, actor, dataset, content=GOOD_CSV, name="Таблиця"):
    """Publish a CSV and run its datastore load as the after-commit task would."""
    resource = services.resource_create(actor=actor, community=community, dataset=dataset, name=name,
                                        content=content, filename="data.csv", format="CSV")
    services.datastore_run_load(actor=SYSTEM, version_id=resource.current_version_id)
    resource.refresh_from_db()
    return resource


def new_version(community, actor, resource, content):
    version = services.resource_update(actor=actor, community=community, resource=resource, content=content)
    services.datastore_run_load(actor=SYSTEM, version_id=version.pk)
    return version
