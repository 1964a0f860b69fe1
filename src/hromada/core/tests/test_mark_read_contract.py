"""POST /me/notifications/read: ids mark those; no body, {} or {"all": true} mark all; a malformed body changes nothing.

Bodies like [null, null], "x", null or {"idz": [1]} once marked every notification read."""

import pytest

from hromada.core.notifications.models import Notification
from hromada.core.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def unread(community, resident):
    notify(community=community, recipients=[resident], event="core.x", title="one")
    notify(community=community, recipients=[resident], event="core.x", title="two")
    return list(Notification.objects.filter(user=resident).order_by("pk"))


@pytest.mark.parametrize("body, field", [
    ("[null,null]", "payload"), ('"x"', "payload"), ("123", "payload"), ("null", "payload"), ("true", "payload"),
    ("[]", "payload"), ('{"idz":[1]}', "idz"), ('{"ids":null}', "ids"), ('{"ids":"all"}', "ids"),
    ('{"ids":[null]}', "ids.0"), ('{"all":false}', "all"), ('{"all":null}', "all"), ('{"all":"yes"}', "all"),
    ('{"all":true,"ids":[1]}', "all"), ('{"ids":[99999999999999999999]}', "ids.0"),
])
def test_malformed_body_is_a_400_naming_the_field_and_marks_nothing(community, resident, api_client_for,
                                                                   unread, body, field):
    response = api_client_for(community, resident).post("me/notifications/read", body)
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]
    assert Notification.objects.filter(user=resident, read_at__isnull=False).count() == 0


@pytest.mark.parametrize("body", ["", "{}", '{"all":true}'])
def test_all_is_said_by_no_body_an_empty_object_or_all_true(community, resident, api_client_for, unread, body):
    assert api_client_for(community, resident).post("me/notifications/read", body).json() == {"marked": 2}


def test_ids_mark_only_those(community, resident, api_client_for, unread):
    client = api_client_for(community, resident)
    assert client.post("me/notifications/read", {"ids": [unread[0].pk]}).json() == {"marked": 1}
    assert client.post("me/notifications/read", {"ids": []}).json() == {"marked": 0}
    assert Notification.objects.get(pk=unread[1].pk).read_at is None
