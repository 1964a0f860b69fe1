"""The demo community has the assistant on with its FAQ, and its web chat answers without any bot token."""

import pytest
from django.test import Client

from hromada.assistant.demo import FAQ, load
from hromada.assistant.models import ChannelConfig, FaqEntry, FaqTopic
from hromada.demo.people import create_demo_community


@pytest.mark.django_db
def test_the_demo_faq_and_a_tokenless_web_chat():
    community, _people = create_demo_community(slug="demo-assistant", residents=2)
    load(community, size="small")
    assert community.capability_enabled("assistant")
    assert FaqTopic.objects.filter(community=community).count() == len(FAQ)
    assert FaqEntry.objects.filter(community=community, is_published=True).count() == sum(len(e) for _t, e in FAQ)
    assert not ChannelConfig.objects.exists()
    client = Client()
    response = client.post(f"/c/{community.slug}/assistant/", {"text": "/help"})
    assert response.status_code == 302
    page = client.get(f"/c/{community.slug}/assistant/")
    assert page.status_code == 200 and "/menu" in page.content.decode()  # the engine's /help reply
