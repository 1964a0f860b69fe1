"""Notification emails through a real SMTP server process: one email per person and event, links where the
site is, the community's name in the subject and the sender, digests for what can wait."""

from __future__ import annotations

import pytest
from conftest import make_member, make_user
from django.db import transaction
from django.test import override_settings

from hromada.core.notifications.models import EmailStatus, Notification
from hromada.core.notifications.services import notify
from hromada.core.notifications.tasks import send_daily_digests


def _event(community, author, staff):
    """What a service does for one event: several notify() calls in its transaction."""
    with transaction.atomic():
        notify(community=community, recipients=[author], event="core.test.registered",
               title="Your appeal {index} is registered", url=f"/c/{community.slug}/appeals/7/",
               params={"index": "2026-00007"})
        notify(community=community, recipients=[author], event="core.test.routed",
               title="Appeal {index} is sent to the department", url=f"/c/{community.slug}/appeals/7/",
               params={"index": "2026-00007"})
        notify(community=community, recipients=staff, event="core.test.received",
               title="New appeal {index} for your department", url=f"/c/{community.slug}/appeals/7/",
               params={"index": "2026-00007"})


@pytest.mark.django_db(transaction=True)
@override_settings(HROMADA_SITE_URL="http://192.0.2.10:8123")
def test_one_event_gives_each_person_one_email_with_links_to_the_site(community, smtp_server):
    author, official = make_user(), make_user()
    _event(community, author, [official, author])
    messages = smtp_server.messages(wait_for=2)
    assert sorted(m["X-Envelope-To"] for m in messages) == sorted([f"<{author.email}>", f"<{official.email}>"])
    to_author = next(m for m in messages if m["To"] == author.email)
    assert to_author["Subject"].strip() == "Громада alpha: Your appeal 2026-00007 is registered (і ще 2)"
    assert "[127.0.0.1" not in to_author["Subject"]
    assert to_author["From"].addresses[0].display_name == "Громада alpha"
    text = to_author.get_body(("plain",)).get_content()
    html = to_author.get_body(("html",)).get_content()
    # Both things that event told the author are in the one email, with links where the site runs.
    assert "Your appeal 2026-00007 is registered" in text and "Appeal 2026-00007 is sent to the department" in text
    assert "http://192.0.2.10:8123/c/alpha/appeals/7/" in text and 'href="http://192.0.2.10:8123/c/alpha/appeals/7/"' in html
    assert "Громада alpha" in html and "http://192.0.2.10:8123/c/alpha/profile/" in html
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}


@pytest.mark.django_db(transaction=True)
def test_a_community_with_its_own_host_gets_links_on_that_host(community, smtp_server):
    community.domain = "rada.example.ua"
    community.save()
    person = make_user()
    notify(community=community, recipients=[person], event="core.test.answered", title="Answered",
           url=f"/c/{community.slug}/petitions/3/")
    (message,) = smtp_server.messages(wait_for=1)
    text = message.get_body(("plain",)).get_content()
    assert "https://rada.example.ua/petitions/3/" in text and "/c/alpha/" not in text


@pytest.mark.django_db(transaction=True)
def test_low_priority_news_waits_for_one_digest(community, smtp_server):
    person = make_user()
    for n in (1, 2, 3):
        notify(community=community, recipients=[person], event="core.test.news", title="News {n}",
               params={"n": n}, url=f"/c/{community.slug}/", priority="low")
    assert smtp_server.messages() == []  # nothing at once
    assert send_daily_digests.call() == 1
    (digest,) = smtp_server.messages(wait_for=1)
    text = digest.get_body(("plain",)).get_content()
    assert digest["Subject"].strip().startswith("Громада alpha: ") and all(f"News {n}" in text for n in (1, 2, 3))


@pytest.mark.django_db(transaction=True)
def test_a_chosen_at_once_preference_overrides_low_priority(community, smtp_server):
    from hromada.core.notifications.services import preference_set

    person = make_user()
    preference_set(actor=person, category="core", in_app=True, email="immediate")
    notify(community=community, recipients=[person], event="core.test.news", title="News", priority="low")
    (message,) = smtp_server.messages(wait_for=1)
    assert message["Subject"].strip() == "Громада alpha: News"


def test_an_unknown_priority_is_a_programming_error(community):
    with pytest.raises(ValueError, match="priority"):
        notify(community=community, recipients=[], event="core.test.x", title="x", priority="urgent")


@pytest.mark.django_db(transaction=True)
@override_settings(HROMADA_SITE_URL="http://192.0.2.10:8123")
def test_the_email_shows_the_communitys_coat_of_arms(community, smtp_server):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from hromada.core.identity.models import Role
    from hromada.core.tenancy.services import community_update

    buffer = io.BytesIO()
    Image.new("RGBA", (80, 96), (0, 87, 184, 255)).save(buffer, "PNG")
    admin = make_member(community, Role.ADMIN)
    community = community_update(actor=admin, community=community, coat_of_arms=SimpleUploadedFile(
        "герб.png", buffer.getvalue(), content_type="image/png"))
    assert community.coat_of_arms.name.endswith(".png")
    person = make_user()
    notify(community=community, recipients=[person], event="core.test.answered", title="Answered")
    (message,) = smtp_server.messages(wait_for=1)
    html = message.get_body(("html",)).get_content()
    assert f'src="http://192.0.2.10:8123{community.coat_of_arms.url}"' in html
    assert 'alt="Герб: Громада alpha"' in html
