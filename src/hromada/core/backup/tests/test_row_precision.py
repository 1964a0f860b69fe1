"""A backup keeps a timestamp to the microsecond: Django's JSON encoder keeps milliseconds, and a row whose
microseconds were 1-999 came back with another text, so a digest taken before a backup differed after restore."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from conftest import make_community
from django.core import serializers

from hromada.core.backup.rows import RowSerializer, model_rows_digest
from hromada.core.tenancy.models import Community

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("microsecond", [0, 1, 500, 999, 1000, 123456])
def test_a_timestamp_survives_the_row_format_to_the_microsecond(microsecond):
    community = make_community("alpha")
    stamp = datetime(2026, 11, 30, 5, 22, 20, microsecond, tzinfo=UTC)
    Community.objects.filter(pk=community.pk).update(created_at=stamp)
    before = model_rows_digest(Community)

    stream = io.StringIO()
    RowSerializer().serialize(Community.objects.all(), stream=stream)
    Community.objects.all().delete()
    for row in serializers.deserialize("jsonl", stream.getvalue()):
        row.save()

    assert Community.objects.get().created_at == stamp
    assert model_rows_digest(Community) == before
