"""Per-action rate limits shared by web and API: fixed windows per user and per IP, honest Retry-After."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from hromada.core.api.ratelimit import check_action_rate, check_rate, client_ip, parse_rate
from hromada.core.errors import RateLimited

pytestmark = pytest.mark.usefixtures("frozen_clock")  # windows never end mid-test


def request_from(ip: str, user=None, forwarded: str | None = None):
    request = RequestFactory().post("/", REMOTE_ADDR=ip, **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}))
    request.user = user or AnonymousUser()
    return request


def test_parse_rate():
    assert parse_rate("10/m") == (10, 60)
    assert parse_rate("5/s") == (5, 1)
    assert parse_rate("100/hour") == (100, 3600)
    assert parse_rate("3/d") == (3, 86400)


def test_check_rate_counts_per_identity():
    for _ in range(3):
        check_rate("test", "a", "3/m")
    with pytest.raises(RateLimited) as exc:
        check_rate("test", "a", "3/m")
    assert 1 <= exc.value.retry_after <= 60
    check_rate("test", "b", "3/m")  # another identity has its own budget
    check_rate("test", "", "1/m")  # no identity, nothing to count
    check_rate("test", "", "1/m")


@pytest.mark.django_db
def test_action_rate_per_user_and_per_ip(resident, moderator):
    for _ in range(2):
        check_action_rate(request_from("10.0.0.1", resident), "sign", per_user="2/m", per_ip="5/m")
    with pytest.raises(RateLimited):
        check_action_rate(request_from("10.0.0.2", resident), "sign", per_user="2/m", per_ip="5/m")
    # the IP budget is shared by everyone behind it
    for _ in range(2):
        check_action_rate(request_from("10.0.0.9", moderator), "sign", per_user="9/m", per_ip="3/m")
    check_action_rate(request_from("10.0.0.9"), "sign", per_user="9/m", per_ip="3/m")
    with pytest.raises(RateLimited):
        check_action_rate(request_from("10.0.0.9"), "sign", per_user="9/m", per_ip="3/m")


def test_client_ip_ignores_forwarded_for_unless_proxies_are_configured(settings):
    assert client_ip(request_from("10.0.0.1", forwarded="1.2.3.4")) == "10.0.0.1"
    settings.HROMADA_NUM_PROXIES = 1
    # the client may prepend anything; only the entry our proxy appended counts
    assert client_ip(request_from("127.0.0.1", forwarded="6.6.6.6, 1.2.3.4")) == "1.2.3.4"
    assert client_ip(request_from("127.0.0.1")) == "127.0.0.1"
    assert client_ip(None) == ""
