"""Prepared reads give exactly what the ORM gives (values converted as a queryset converts them: datetimes,
booleans, JSON), with each call's own parameters, and refuse a query whose parameters cannot be told apart."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hromada.core.api.tokens import api_token_authenticate, api_token_create
from hromada.core.identity.models import User
from hromada.core.prepared import PreparedRows, columns, instance

pytestmark = pytest.mark.django_db

_PEOPLE = PreparedRows(User, lambda email, id_above: User.objects.filter(email=email, pk__gt=id_above)
                       .values_list(*columns(User)).order_by(), email=str, id_above=int)


def test_rows_match_the_orm_with_each_calls_parameters(resident, moderator):
    User.objects.filter(pk=resident.pk).update(last_login=timezone.now())
    for person in (resident, moderator):
        expected = list(User.objects.filter(email=person.email).values_list(*columns(User)))
        assert _PEOPLE.rows(email=person.email, id_above=0) == [tuple(row) for row in expected]
    assert _PEOPLE.rows(email=resident.email, id_above=resident.pk) == []
    row = _PEOPLE.rows(email=resident.email, id_above=0)[0]
    person = instance(User, columns(User), row)
    fresh = User.objects.get(pk=resident.pk)
    assert person == fresh and person.last_login == fresh.last_login and person.is_active is True
    assert person._state.adding is False


def test_a_token_read_through_the_prepared_query_carries_its_holder(community, resident):
    _token, raw = api_token_create(actor=resident, community=community, name="app")
    token = api_token_authenticate(raw, community)
    assert token.user == resident and token.user.email == resident.email and token.last_used_at is not None


def test_a_parameter_used_twice_or_of_another_type_is_refused():
    twice = PreparedRows(User, lambda email: User.objects.filter(email=email).exclude(full_name=email)
                         .values_list("pk"), email=str)
    with pytest.raises(ValueError, match="appears 2 times"):
        twice.rows(email="a@example.org")
    with pytest.raises(TypeError):
        PreparedRows(User, lambda when: User.objects.filter(last_login=when).values_list("pk"),
                     when=timezone.datetime).rows(when=timezone.now())


def test_prepared_inserts_store_what_bulk_create_stores(community, resident):
    from hromada.core.audit.models import AuditEvent
    from hromada.core.audit.services import audit_event, audit_record_many

    events = [audit_event(actor=resident, community=community, action="core.test.prepared", target=resident,
                          data={"n": n, "when": timezone.now(), "слово": "так"}) for n in range(3)]
    audit_record_many(events)
    stored = list(AuditEvent.objects.filter(action="core.test.prepared").order_by("pk"))
    assert [e.pk for e in stored] == [e.pk for e in events] and all(e.pk for e in events)
    assert [e.data["n"] for e in stored] == [0, 1, 2] and stored[0].data["слово"] == "так"
    assert all(e.created_at is not None and e.actor_id == resident.pk for e in stored)
    assert events[0]._state.adding is False
