"""Registrations on the community's public transparency log: one entry per registration, written in the
registration's transaction, carrying only a keyed hash of the registration index and date (no names, no text)."""

from __future__ import annotations

import json

import pytest
from django.db import transaction

from hromada.core.errors import Conflict
from hromada.core.identity.actors import SYSTEM
from hromada.core.transparency import selectors as log
from hromada.core.transparency.models import PendingEntry
from hromada.core.transparency.record import keyed_hash
from hromada.core.transparency.services import transparency_publish
from hromada.docflow import services

from . import factories as f

pytestmark = pytest.mark.django_db

CORRESPONDENT = "Петренко Іван Семенович"
SUMMARY = "Про ремонт даху будинку на вул. Садовій, 12"


def logged(community) -> list[dict]:
    return [json.loads(leaf) for leaf in PendingEntry.objects.filter(community=community).order_by("id")
            .values_list("leaf", flat=True)]


def test_a_registration_is_logged_as_a_keyed_hash_of_its_index_and_date_only(community):
    document = f.registered(community, f.journal(community), summary=SUMMARY, correspondent_name=CORRESPONDENT,
                            correspondent_org="ТОВ «Дах»")
    [entry] = logged(community)
    assert entry["type"] == "docflow.document.registered" and entry["object_id"] == str(document.pk)
    assert entry["data"] == {"registration": keyed_hash("registration",
                                                        f"{document.reg_index} {document.reg_date.isoformat()}")}
    raw = PendingEntry.objects.get(community=community).leaf
    for secret in (CORRESPONDENT, "Петренко", "Дах", "Садовій", document.reg_index):
        assert secret not in raw

    transparency_publish(actor=SYSTEM, community=community)  # and it reaches the tree as it was recorded
    assert log.tree_head_latest(community).tree_size == 1
    assert json.loads(log.entries(community, 0, 0)[0]) == entry


def test_a_registration_made_for_another_capability_is_logged_too(community):
    f.journal(community)
    document = services.document_register_from(actor=SYSTEM, community=community, source_app="appeals",
                                               source_id="17", journal_kind="incoming", summary=SUMMARY,
                                               correspondent_name=CORRESPONDENT)
    assert [(e["type"], e["object_id"]) for e in logged(community)] == [("docflow.document.registered",
                                                                         str(document.pk))]
    # Idempotent: the same source returns the card registered before, and logs nothing again.
    services.document_register_from(actor=SYSTEM, community=community, source_app="appeals", source_id="17",
                                    journal_kind="incoming", summary=SUMMARY)
    assert len(logged(community)) == 1


def test_a_refused_or_rolled_back_registration_logs_nothing(community):
    journal = f.journal(community)
    document = f.registered(community, journal)
    with pytest.raises(Conflict):
        services.document_register(actor=SYSTEM, community=community, document_id=document.pk)
    assert len(logged(community)) == 1

    draft = f.draft(community, journal)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.document_register(actor=SYSTEM, community=community, document_id=draft.pk)
        raise RuntimeError("the caller's transaction fails after the registration")
    assert len(logged(community)) == 1


def test_each_community_logs_its_own_registrations(community, other_community):
    f.registered(community, f.journal(community))
    f.registered(other_community, f.journal(other_community))
    f.registered(other_community, f.journal(other_community, title="Інші"))
    assert len(logged(community)) == 1 and len(logged(other_community)) == 2
