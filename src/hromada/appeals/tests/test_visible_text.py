"""An appeal description, or a staff answer or reason, made only of invisible characters is "empty"."""

import pytest

from hromada.appeals.models import Appeal
from hromada.appeals.tests.factories import make_appeal

pytestmark = pytest.mark.django_db

INVISIBLE = "\u200b\u2060\ufeff\u0301\u00a0"


def test_invisible_description_is_refused(community, resident, category, api_client_for):
    response = api_client_for(community, resident).post(
        "appeals/", {"category": "light", "description": INVISIBLE * 5, "lat": 49.595, "lon": 34.555})
    assert response.status_code == 400 and "description" in response.json()["error"]["fields"]
    assert not Appeal.objects.exists()


def test_invisible_rejection_reason_is_refused(community, resident, category, moderator, api_client_for):
    appeal = make_appeal(community, resident, category)
    response = api_client_for(community, moderator).post(f"appeals/{appeal.pk}/reject", {"reason": INVISIBLE})
    assert response.status_code == 400 and "reason" in response.json()["error"]["fields"]
