"""Stored package dicts (what package_search returns, rendered after each write as CKAN keeps them in its
index): after every kind of write the stored dict equals the one package_show builds from the models."""

from __future__ import annotations

import pytest

from hromada.opendata import services
from hromada.opendata.ckan.dicts import render_stored_packages
from hromada.opendata.models import Dataset, StoredPackage
from hromada.opendata.services import catalogue

from .factories import GOOD_CSV, add_csv, new_version
from .test_ckan_api import call, ok

pytestmark = pytest.mark.django_db


def test_stored_packages_follow_every_write(client, portal, django_capture_on_commit_callbacks):
    c, admin, dataset = portal.community, portal.admin, portal.public

    def stored_equals_fresh():
        assert StoredPackage.objects.get(dataset=dataset).json is not None  # rendered, not built on the fly
        found = ok(call(client, c, "package_search", fq="name:budget"))["results"]
        assert found == [ok(call(client, c, "package_show", id="budget"))]
        return found[0]

    assert render_stored_packages([dataset.pk]) == 1
    assert stored_equals_fresh()["resources"][0]["url"].startswith("http://testserver/c/")  # links per request
    with django_capture_on_commit_callbacks(execute=True):
        services.dataset_update(actor=admin, community=c, dataset=dataset, title="Бюджет 2026", tags=["нове"])
    assert stored_equals_fresh()["tags"][0]["name"] == "нове"
    with django_capture_on_commit_callbacks(execute=True):
        new_version(c, admin, portal.table_resource, GOOD_CSV)
    assert stored_equals_fresh()["resources"][0]["version"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.publisher_update(actor=admin, community=c, publisher=portal.publisher, title="Фінансове управління")
    assert stored_equals_fresh()["organization"]["title"] == "Фінансове управління"
    with django_capture_on_commit_callbacks(execute=True):
        theme = services.theme_create(actor=admin, community=c, title="Фінанси", name="finance")
        services.dataset_update(actor=admin, community=c, dataset=dataset, themes=[theme])
        services.theme_update(actor=admin, community=c, theme=theme, title="Гроші громади")
    assert stored_equals_fresh()["groups"][0]["title"] == "Гроші громади"
    with django_capture_on_commit_callbacks(execute=True):
        add_csv(c, admin, dataset, name="Друга")
    assert [r["datastore_active"] for r in stored_equals_fresh()["resources"]] == [True, True]


def test_a_stale_render_never_overwrites_a_newer_write(portal, monkeypatch):
    from hromada.opendata import search

    dataset, real_attach = portal.public, search.attach_related

    def write_lands_meanwhile(datasets):  # the render has read the old rows; a write commits now
        catalogue._packages_changed(Dataset.objects.filter(pk=dataset.pk))
        return real_attach(datasets)

    monkeypatch.setattr(search, "attach_related", write_lands_meanwhile)
    assert render_stored_packages([dataset.pk]) == 0
    assert StoredPackage.objects.get(dataset=dataset).json is None
    monkeypatch.setattr(search, "attach_related", real_attach)
    assert render_stored_packages([dataset.pk]) == 1  # the next render stores the new state
