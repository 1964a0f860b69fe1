"""The open-data chat command, driven directly: newest datasets, search, one dataset, follow and unfollow."""

from __future__ import annotations

import pytest
from conftest import make_member

from hromada.assistant.engine.types import DialogContext, Incoming, Kind
from hromada.core.identity.models import Role
from hromada.core.notifications.models import Notification
from hromada.opendata import services
from hromada.opendata.chat import OpenDataDialog, search_datasets
from hromada.opendata.datastore import csv_bytes
from hromada.opendata.models import Follow

from .factories import new_version

pytestmark = pytest.mark.django_db


def talk(community, user=None, *, payload="", text="", kind=None):
    context = DialogContext(community=community, channel="telegram", chat_id="1", user=user, state={})
    kind = kind or (Kind.BUTTON if payload else Kind.TEXT)
    return OpenDataDialog(context).start(Incoming(channel="telegram", chat_id="1", kind=kind, text=text,
                                                  payload=payload)), context


def payloads(replies) -> list[str]:
    return [button.payload for reply in replies for row in reply.buttons for button in row]


def test_newest_datasets_leave_out_private_ones(portal):
    replies, _ = talk(portal.community, kind=Kind.COMMAND, text="opendata")
    assert f"opendata:show:{portal.public.pk}" in payloads(replies)
    assert f"opendata:show:{portal.private.pk}" not in payloads(replies)
    assert f"opendata:show:{portal.foreign.pk}" not in payloads(replies)


def test_search_is_the_portals_search(portal):
    assert search_datasets(portal.community, "бюджет", language="uk", limit=5) == [
        ("Бюджет громади", f"opendata:show:{portal.public.pk}")]
    assert search_datasets(portal.community, "чернетка", language="uk", limit=5) == []
    assert search_datasets(portal.community, "title:(", language="uk", limit=5) == []  # a broken query: nothing
    replies, _ = talk(portal.community, text="бюджет")
    assert payloads(replies) == [f"opendata:show:{portal.public.pk}"]


def test_one_dataset_shows_formats_and_link(portal):
    replies, _ = talk(portal.community, payload=f"opendata:show:{portal.public.pk}")
    assert "Бюджет громади" in replies[0].text and "CSV" in replies[0].text
    assert replies[0].link.url.endswith("/opendata/dataset/budget/")
    assert f"opendata:follow:{portal.public.pk}" in payloads(replies)


def test_follow_then_notified_of_an_update_then_unfollow(portal):
    resident = make_member(portal.community, Role.RESIDENT)
    talk(portal.community, resident, payload=f"opendata:follow:{portal.public.pk}")
    assert Follow.objects.filter(user=resident, dataset=portal.public).exists()
    replies, _ = talk(portal.community, resident, payload=f"opendata:follow:{portal.public.pk}")
    assert Follow.objects.filter(user=resident).count() == 1 and replies[0].text  # twice: a friendly conflict
    replies, _ = talk(portal.community, resident, payload=f"opendata:show:{portal.public.pk}")
    assert f"opendata:unfollow:{portal.public.pk}" in payloads(replies)

    version = new_version(portal.community, portal.admin, portal.table_resource,
                          csv_bytes(["id", "name", "amount", "day"], [[1, "Рядок", "1.00", "2025-02-01"]]))
    services.followers_notify(version_id=version.pk)
    assert Notification.objects.filter(user=resident, event="opendata.resource.updated").exists()

    talk(portal.community, resident, payload=f"opendata:unfollow:{portal.public.pk}")
    assert not Follow.objects.filter(user=resident).exists()


def test_follow_needs_a_linked_account(portal):
    replies, _ = talk(portal.community, None, payload=f"opendata:follow:{portal.public.pk}")
    assert payloads(replies) == ["link:start"] and not Follow.objects.exists()


def test_private_foreign_and_malformed_ids_are_not_found(portal):
    resident = make_member(portal.community, Role.RESIDENT)
    for dataset_id in (portal.private.pk, portal.foreign.pk, "not-a-uuid"):
        for action in ("show", "follow"):
            replies, _ = talk(portal.community, resident, payload=f"opendata:{action}:{dataset_id}")
            assert "Чернетка" not in replies[0].text and "Чужий" not in replies[0].text
    assert not Follow.objects.exists()


def test_following_through_the_engine(portal):
    from hromada.assistant.engine.dispatch import web_message

    resident = make_member(portal.community, Role.RESIDENT)
    for kind, payload in ((Kind.COMMAND, ""), (Kind.BUTTON, f"opendata:show:{portal.public.pk}"),
                          (Kind.BUTTON, f"opendata:follow:{portal.public.pk}")):
        replies = web_message(portal.community, "e2e", Incoming(channel="web", chat_id="e2e", kind=kind,
                                                                text="opendata", payload=payload), user=resident)
    assert replies and Follow.objects.filter(user=resident, dataset=portal.public).exists()
