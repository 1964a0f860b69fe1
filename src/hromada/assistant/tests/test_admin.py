"""Assistant back office: add, change and "delete selected" go through the services (audited), a refused
input shows on the form, and staff see only their own community's entries."""

from __future__ import annotations

from django.test import Client

from hromada.assistant import services
from hromada.assistant.models import ChatBot
from hromada.core.audit.models import AuditEvent
from hromada.core.identity.actors import SYSTEM

ADMIN = "/admin/assistant/ChatBot/".lower()


def test_back_office_writes_through_the_services(community, other_community, community_admin):
    client = Client()
    client.force_login(community_admin)
    added = client.post(f"{ADMIN}add/", {"community": community.pk, "title": "From the back office", "body": "",
                                         "is_public": "on"})
    assert added.status_code == 302, added.content.decode()[:2000]
    chat_bot = ChatBot.objects.get(title="From the back office")
    refused = client.post(f"{ADMIN}{chat_bot.pk}/change/", {"title": "   ", "body": "", "is_public": "on"})
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    theirs = services.chat_bot_create(actor=SYSTEM, community=other_community, title="Theirs")
    assert "Theirs" not in client.get(ADMIN).content.decode()
    deleted = client.post(ADMIN, {"action": "delete_selected", "_selected_action": [chat_bot.pk], "post": "yes"})
    assert deleted.status_code == 302
    assert list(ChatBot.objects.values_list("pk", flat=True)) == [theirs.pk]
    assert list(AuditEvent.objects.filter(action__startswith="assistant.", community=community).order_by("pk")
                .values_list("action", flat=True)) == ["assistant.chat_bot.created", "assistant.chat_bot.deleted"]
