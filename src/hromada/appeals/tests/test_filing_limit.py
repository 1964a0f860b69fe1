"""The filing limit lives in appeal_create: a caller key (person and address) counts every attempt, whichever
surface built it; the platform's own callers (demo loader, commands) pass none and are not limited."""

from datetime import timedelta

import pytest

from hromada.appeals import services
from hromada.appeals.models import Appeal
from hromada.core.api.ratelimit import RateKey
from hromada.core.errors import RateLimited, ValidationFailed

pytestmark = pytest.mark.django_db


def _file(community, actor, category, caller, **extra):
    return services.appeal_create(actor=actor, community=community, category_code=category.code,
                                  description=extra.pop("description", "Темно"), lat=49.595, lon=34.555,
                                  caller=caller, **extra)


def test_a_person_is_limited_across_addresses_and_refused_attempts_count(community, resident, category,
                                                                         frozen_clock):
    community.capability_settings = {"appeals": {"create_rate_per_user": "3/h", "create_rate_per_ip": "1000/h"}}
    community.save()
    _file(community, resident, category, RateKey(resident.pk, "10.0.0.1"))
    with pytest.raises(ValidationFailed):  # a refused attempt still counts
        _file(community, resident, category, RateKey(resident.pk, "10.0.0.2"), description=" ")
    _file(community, resident, category, RateKey(resident.pk, "10.0.0.3"))
    with pytest.raises(RateLimited) as caught:
        _file(community, resident, category, RateKey(resident.pk, "10.0.0.4"))
    assert caught.value.retry_after >= 1
    frozen_clock.shift(timedelta(hours=1))  # the next window
    _file(community, resident, category, RateKey(resident.pk, "10.0.0.4"))
    assert Appeal.objects.count() == 3


def test_an_address_is_limited_for_everyone_behind_it(community, resident, moderator, category, frozen_clock):
    community.capability_settings = {"appeals": {"create_rate_per_user": "100/h", "create_rate_per_ip": "1/h"}}
    community.save()
    _file(community, resident, category, RateKey(resident.pk, "10.0.0.9"))
    with pytest.raises(RateLimited):
        _file(community, moderator, category, RateKey(moderator.pk, "10.0.0.9"))
    assert Appeal.objects.count() == 1


def test_no_caller_is_not_limited_and_an_unreadable_rate_falls_back(community, resident, category, frozen_clock):
    community.capability_settings = {"appeals": {"create_rate_per_user": "1/h", "create_rate_per_ip": "1/h"}}
    community.save()
    for _ in range(3):
        _file(community, resident, category, None)
    community.capability_settings = {"appeals": {"create_rate_per_user": "lots", "create_rate_per_ip": "1/x"}}
    community.save()
    _file(community, resident, category, RateKey(resident.pk, "10.0.0.1"))  # the defaults (20/h, 200/h) apply
    assert Appeal.objects.count() == 4


def test_the_web_form_passes_its_caller(community, resident, category, frozen_clock):
    from django.test import Client

    community.capability_settings = {"appeals": {"create_rate_per_user": "1/h"}}
    community.save()
    browser = Client()
    browser.force_login(resident)
    form = {"category": category.code, "description": "Темно", "lat": "49.595", "lon": "34.555"}
    assert browser.post(f"/c/{community.slug}/appeals/new/", form).status_code == 302
    refused = browser.post(f"/c/{community.slug}/appeals/new/", form)
    assert refused.status_code == 400 and 'role="alert"' in refused.content.decode()
    assert Appeal.objects.count() == 1
