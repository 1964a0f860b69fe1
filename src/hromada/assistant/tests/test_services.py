"""Assistant services: staff write, residents are refused, bad input writes nothing, another community's entry
is not found, every write is audited, and every public service is a @service."""

from __future__ import annotations

import inspect

import pytest

from hromada.assistant import services
from hromada.assistant.models import ChatBot
from hromada.core.audit.models import AuditEvent
from hromada.core.errors import NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM


def test_staff_create_change_and_delete_with_an_audit_trail(community, community_admin):
    chat_bot = services.chat_bot_create(actor=community_admin, community=community, title="  First ", body="Text")
    assert (chat_bot.title, chat_bot.created_by) == ("First", community_admin)
    services.chat_bot_update(actor=community_admin, community=community, chat_bot_id=chat_bot.pk, is_public=False)
    assert ChatBot.objects.get(pk=chat_bot.pk).is_public is False
    services.chat_bot_delete(actor=community_admin, community=community, chat_bot_id=chat_bot.pk)
    assert not ChatBot.objects.exists()
    assert list(AuditEvent.objects.filter(action__startswith="assistant.").order_by("pk")
                .values_list("action", flat=True)) == ["assistant.chat_bot.created", "assistant.chat_bot.changed",
                                                       "assistant.chat_bot.deleted"]


def test_the_platform_writes_as_system(community):
    chat_bot = services.chat_bot_create(actor=SYSTEM, community=community, title="Imported")
    assert chat_bot.created_by is None


def test_residents_may_not_write(community, community_admin, resident):
    with pytest.raises(PermissionDenied):
        services.chat_bot_create(actor=resident, community=community, title="Mine")
    chat_bot = services.chat_bot_create(actor=community_admin, community=community, title="Theirs")
    with pytest.raises(PermissionDenied):
        services.chat_bot_delete(actor=resident, community=community, chat_bot_id=chat_bot.pk)
    assert ChatBot.objects.count() == 1


@pytest.mark.parametrize("title, body, field", [("", "", "title"), ("   ", "", "title"), ("x" * 201, "", "title"),
                                                 ("Fine", "x" * 10_001, "body")])
def test_bad_input_writes_nothing(community, community_admin, title, body, field):
    with pytest.raises(ValidationFailed) as exc:
        services.chat_bot_create(actor=community_admin, community=community, title=title, body=body)
    assert field in exc.value.fields
    assert not ChatBot.objects.exists() and not AuditEvent.objects.filter(action__startswith="assistant.").exists()


def test_another_communitys_entry_is_not_found(community, other_community, community_admin):
    theirs = services.chat_bot_create(actor=SYSTEM, community=other_community, title="Theirs")
    for call in (lambda: services.chat_bot_update(actor=community_admin, community=community, chat_bot_id=theirs.pk,
                                                   title="Mine now"),
                 lambda: services.chat_bot_delete(actor=community_admin, community=community, chat_bot_id=theirs.pk)):
        with pytest.raises(NotFound):
            call()
    assert ChatBot.objects.get(pk=theirs.pk).title == "Theirs"


def test_every_public_function_of_the_services_module_is_a_service():
    public = [name for name, value in vars(services).items()
              if inspect.isfunction(value) and value.__module__ == services.__name__ and not name.startswith("_")]
    assert public and all(getattr(getattr(services, name), "is_service", False) for name in public), public
