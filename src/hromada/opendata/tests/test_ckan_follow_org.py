"""CKAN follow_group / unfollow_group / am_following_group / group_follower_count: organizations (publishers)
are followed through the services; themes cannot be followed; tokens, POST and tenant isolation as for
follow_dataset; a followed publisher's new resource versions notify the follower once."""

from __future__ import annotations

import pytest
from django.core import mail

from hromada.core.notifications.models import Notification
from hromada.opendata import services
from hromada.opendata.models import Follow

from .factories import GOOD_CSV
from .test_ckan_api import call, error, ok, token_for

pytestmark = pytest.mark.django_db


def test_follow_organization_by_name_and_by_id(client, portal, resident):
    c, raw = portal.community, token_for(resident, portal.community)
    assert ok(call(client, c, "group_follower_count", id="finance")) == 0
    assert ok(call(client, c, "am_following_group", token=raw, id="finance")) is False

    result = ok(call(client, c, "follow_group", method="post", token=raw, id="finance"))
    assert result["object_id"] == str(portal.publisher.pk) and result["follower_id"] == str(resident.pk)
    assert Follow.objects.filter(user=resident, publisher=portal.publisher, dataset=None).count() == 1
    assert ok(call(client, c, "am_following_group", token=raw, id="finance")) is True
    assert ok(call(client, c, "am_following_group", token=raw, id=str(portal.publisher.pk))) is True
    assert ok(call(client, c, "group_follower_count", id=str(portal.publisher.pk))) == 1
    # following twice: CKAN's Validation Error
    error(call(client, c, "follow_group", method="post", token=raw, id=str(portal.publisher.pk)), 409,
          "Validation Error")

    assert ok(call(client, c, "unfollow_group", method="post", token=f"Bearer {raw}", id="finance")) is None
    assert not Follow.objects.filter(user=resident).exists()
    assert ok(call(client, c, "group_follower_count", id="finance")) == 0
    error(call(client, c, "unfollow_group", method="post", token=raw, id="finance"), 404, "Not Found Error")

    # and by id
    ok(call(client, c, "follow_group", method="post", token=raw, id=str(portal.publisher.pk)))
    assert ok(call(client, c, "am_following_group", token=raw, id="finance")) is True
    ok(call(client, c, "unfollow_group", method="post", token=raw, id=str(portal.publisher.pk)))
    assert ok(call(client, c, "am_following_group", token=raw, id="finance")) is False


def test_follow_group_needs_post_and_a_token(client, portal, resident):
    c, raw = portal.community, token_for(resident, portal.community)
    error(call(client, c, "follow_group", token=raw, id="finance"), 400, "Bad request")  # GET is refused
    error(call(client, c, "unfollow_group", token=raw, id="finance"), 400, "Bad request")
    error(call(client, c, "follow_group", method="post", id="finance"), 403, "Authorization Error")
    error(call(client, c, "unfollow_group", method="post", id="finance"), 403, "Authorization Error")
    error(call(client, c, "am_following_group", id="finance"), 403, "Authorization Error")
    error(call(client, c, "follow_group", method="post", token="hro_wrong", id="finance"), 403, "Authorization Error")
    assert error(call(client, c, "follow_group", method="post", token=raw), 409, "Validation Error")["id"] \
        == ["Missing value"]
    assert not Follow.objects.exists()
    assert "organization" in client.get(f"/c/{c.slug}/api/3/action/help_show", {"name": "follow_group"}).json()["result"]


def test_unknown_and_foreign_organizations_are_not_found(client, portal, resident):
    c, raw = portal.community, token_for(resident, portal.community)
    foreign = portal.foreign.publisher  # "finance" of the other community: same name, other id
    for ident in ("nope", "00000000-0000-0000-0000-000000000000", str(foreign.pk)):
        error(call(client, c, "follow_group", method="post", token=raw, id=ident), 404, "Not Found Error")
        error(call(client, c, "am_following_group", token=raw, id=ident), 404, "Not Found Error")
        error(call(client, c, "group_follower_count", id=ident), 404, "Not Found Error")
    # by name, "finance" is this community's publisher, never the foreign one
    ok(call(client, c, "follow_group", method="post", token=raw, id="finance"))
    assert Follow.objects.get(user=resident).publisher == portal.publisher
    assert not Follow.objects.filter(publisher=foreign).exists()


def test_themes_cannot_be_followed(client, portal, resident):
    c, raw = portal.community, token_for(resident, portal.community)
    theme = services.theme_create(actor=portal.admin, community=c, title="Транспорт", name="transport")
    for ident in ("transport", str(theme.pk)):
        err = error(call(client, c, "follow_group", method="post", token=raw, id=ident), 409, "Validation Error")
        assert "id" in err
        error(call(client, c, "unfollow_group", method="post", token=raw, id=ident), 409, "Validation Error")
        assert ok(call(client, c, "am_following_group", token=raw, id=ident)) is False
        assert ok(call(client, c, "group_follower_count", id=ident)) == 0
    assert not Follow.objects.exists()


def test_followed_publisher_notifies_once_per_new_version(client, portal, resident,
                                                          django_capture_on_commit_callbacks):
    c, raw = portal.community, token_for(resident, portal.community)
    ok(call(client, c, "follow_group", method="post", token=raw, id="finance"))
    ok(call(client, c, "follow_dataset", method="post", token=raw, id="budget"))  # follows both: still once
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_update(actor=portal.admin, community=c, resource=portal.table_resource, content=GOOD_CSV)
    assert Notification.objects.filter(user=resident, event="opendata.resource.updated").count() == 1
    assert len([m for m in mail.outbox if resident.email in m.to]) == 1
    assert not Notification.objects.filter(user=portal.admin).exists()  # the actor is not told

    # a new resource on another dataset of the same publisher reaches the publisher's follower too
    from .factories import make_dataset

    other = make_dataset(c, portal.admin, portal.publisher, name="roads")
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_create(actor=portal.admin, community=c, dataset=other, name="T", content=GOOD_CSV,
                                 filename="t.csv")
    assert Notification.objects.filter(user=resident, event="opendata.resource.created").count() == 1
