"""Audit events are append-only: the model, the queryset and the database itself refuse changes."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from conftest import make_user
from django.db import DatabaseError, connection, transaction

from hromada.core.audit.models import AppendOnlyError, AuditEvent
from hromada.core.audit.services import audit_record
from hromada.core.identity.actors import SYSTEM

pytestmark = pytest.mark.django_db


def test_record_stores_who_what_and_portable_data(community, resident, department):
    event = audit_record(actor=resident, community=community, action="core.test.done", target=department,
                         data={"when": datetime.date(2026, 1, 31), "amount": Decimal("1.50"), "id": uuid.UUID(int=1)})
    event.refresh_from_db()
    assert event.actor == resident and event.community == community
    assert (event.target_type, event.target_id, event.target_repr) == ("identity.department", str(department.pk),
                                                                     department.name)
    assert event.data == {"when": "2026-01-31", "amount": "1.50", "id": str(uuid.UUID(int=1))}
    assert event.created_at is not None


def test_anonymous_actor_and_no_target(community):
    from django.contrib.auth.models import AnonymousUser

    event = audit_record(actor=AnonymousUser(), community=community, action="core.test.anon")
    assert event.actor_id is None and event.target_type == "" and event.data == {}


def test_model_refuses_update_and_delete(community):
    event = audit_record(actor=SYSTEM, community=community, action="core.test.done")
    event.action = "core.test.rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "core.test.done"


def test_database_trigger_refuses_raw_update(community):
    event = audit_record(actor=SYSTEM, community=community, action="core.test.done")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["core.test.forged", event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "core.test.done"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite flushes tables with DELETE; see migration 0005")
def test_database_trigger_refuses_raw_delete_on_postgresql(community):
    event = audit_record(actor=SYSTEM, community=community, action="core.test.done")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_deleting_a_user_keeps_their_events(community):
    user = make_user()
    event = audit_record(actor=user, community=community, action="core.test.done")
    user_id = user.pk
    user.delete()
    event = AuditEvent.objects.select_related("actor").get(pk=event.pk)
    assert event.actor_id == user_id and event.actor is None


def test_community_with_history_cannot_be_deleted(community):
    from django.db.models import ProtectedError

    audit_record(actor=SYSTEM, community=community, action="core.test.done")
    with pytest.raises(ProtectedError):
        community.delete()
