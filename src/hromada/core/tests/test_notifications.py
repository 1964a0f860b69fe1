"""notify(): preferences, languages, email after commit through Django's email backend, digests, read marks."""

from __future__ import annotations

from unittest import mock

import pytest
from conftest import make_user
from django.core import mail
from django.utils.translation import gettext_lazy

from hromada.core.errors import ValidationFailed
from hromada.core.notifications.models import Delivery, EmailStatus, Notification, NotificationPreference
from hromada.core.notifications.services import notification_mark_read, notify, preference_set
from hromada.core.notifications.tasks import MAX_ATTEMPTS, deliver_emails, send_daily_digests

pytestmark = pytest.mark.django_db

TITLE = gettext_lazy("Notification settings")  # a msgid with a Ukrainian translation in core


def send(community, recipients, capture, **extra):
    kwargs = {"community": community, "recipients": recipients, "event": "core.test.happened",
              "title": "Petition “{title}” was answered", "body": "Read the answer.", "url": "/c/alpha/x/",
              "params": {"title": "Ліхтарі"}, **extra}
    with capture(execute=True):
        return notify(**kwargs)


def test_immediate_email_after_commit(community, django_capture_on_commit_callbacks):
    user = make_user()
    with django_capture_on_commit_callbacks() as callbacks:
        assert notify(community=community, recipients=[user], event="core.test.happened", title="Hello {name}",
                      params={"name": "Олена"}) == 1
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email] and message.subject == "Громада alpha: Hello Олена"
    assert Notification.objects.get().email_status == EmailStatus.SENT


def test_email_body_has_absolute_link_and_html(community, django_capture_on_commit_callbacks, settings):
    send(community, [make_user()], django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert message.subject == "Громада alpha: Petition “Ліхтарі” was answered"
    assert settings.HROMADA_SITE_URL + "/c/alpha/x/" in message.body
    assert "Read the answer." in message.body
    html = message.alternatives[0][0]
    assert 'href="' + settings.HROMADA_SITE_URL + '/c/alpha/x/"' in html


def test_email_in_the_recipients_language(community, django_capture_on_commit_callbacks):
    uk_user, en_user = make_user(), make_user()
    en_user.language = "en"
    en_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(community=community, recipients=[uk_user, en_user], event="core.test.x", title=TITLE)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[en_user.email] == "Alpha community: Notification settings"
    assert subjects[uk_user.email] != "Notification settings"  # translated to Ukrainian


def test_preferences(community, django_capture_on_commit_callbacks):
    immediate, daily, never, silent, email_only = (make_user() for _ in range(5))
    preference_set(actor=daily, category="core", in_app=True, email=Delivery.DAILY)
    preference_set(actor=never, category="core", in_app=True, email=Delivery.NEVER)
    preference_set(actor=silent, category="core", in_app=False, email=Delivery.NEVER)
    preference_set(actor=email_only, category="core", in_app=False, email=Delivery.IMMEDIATE)
    send(community, [immediate, daily, never, silent, email_only], django_capture_on_commit_callbacks)
    rows = {n.user_id: n for n in Notification.objects.all()}
    assert rows[immediate.pk].email_status == EmailStatus.SENT and rows[immediate.pk].in_app
    assert rows[daily.pk].email_status == EmailStatus.DIGEST
    assert rows[never.pk].email_status == EmailStatus.NONE and rows[never.pk].in_app
    assert silent.pk not in rows
    assert rows[email_only.pk].email_status == EmailStatus.SENT and not rows[email_only.pk].in_app
    assert sorted(m.to[0] for m in mail.outbox) == sorted([immediate.email, email_only.email])


def test_preferences_are_per_category(community, django_capture_on_commit_callbacks):
    user = make_user()
    preference_set(actor=user, category="core", in_app=True, email=Delivery.NEVER)
    send(community, [user], django_capture_on_commit_callbacks, event="core.other")
    assert mail.outbox == []


def test_actor_is_excluded_and_duplicates_collapse(community, django_capture_on_commit_callbacks):
    actor, other = make_user(), make_user()
    count = send(community, [actor, other, other, None], django_capture_on_commit_callbacks, exclude=actor)
    assert count == 1
    assert list(Notification.objects.values_list("user_id", flat=True)) == [other.pk]


def test_inactive_users_get_no_email(community, django_capture_on_commit_callbacks):
    user = make_user()
    user.is_active = False
    user.save()
    send(community, [user], django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert Notification.objects.get().email_status == EmailStatus.NONE


def test_nothing_is_sent_when_the_transaction_rolls_back(community, django_capture_on_commit_callbacks):
    from django.db import transaction

    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify(community=community, recipients=[user], event="core.x", title="t")
                raise RuntimeError("the service failed after notifying")
        except RuntimeError:
            pass
    assert mail.outbox == [] and not Notification.objects.exists()


def test_many_recipients_in_chunks(community, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    from hromada.core.notifications import services

    users = [make_user() for _ in range(7)]
    with mock.patch.object(services, "CHUNK", 3), django_capture_on_commit_callbacks(execute=True):
        assert notify(community=community, recipients=users, event="core.x", title="t") == 7
    assert len(mail.outbox) == 7


def test_title_with_newline_is_a_safe_subject(community, django_capture_on_commit_callbacks):
    send(community, [make_user()], django_capture_on_commit_callbacks, title="{title}", params={"title": "a\nb\rc"})
    assert mail.outbox[0].subject == "Громада alpha: a b c"


def test_delivery_never_sends_twice(community, django_capture_on_commit_callbacks):
    send(community, [make_user()], django_capture_on_commit_callbacks)
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert deliver_emails.call(ids) == 0
    assert len(mail.outbox) == 1


def test_failed_send_is_retried_then_marked_failed(community, django_capture_on_commit_callbacks):
    from django.core.mail import EmailMultiAlternatives

    with mock.patch.object(EmailMultiAlternatives, "send", side_effect=OSError("smtp down")):
        send(community, [make_user()], django_capture_on_commit_callbacks)
        notification = Notification.objects.get()
        assert notification.email_status == EmailStatus.PENDING and notification.email_attempts == 1
        for _ in range(MAX_ATTEMPTS):
            deliver_emails.call([notification.pk])
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.FAILED
    assert notification.email_attempts == MAX_ATTEMPTS
    deliver_emails.call([notification.pk])
    assert mail.outbox == []


# --- digests -------------------------------------------------------------------------------------------------

def test_digest_only_for_people_with_pending_items(community, other_community, django_capture_on_commit_callbacks,
                                                   django_assert_max_num_queries):
    waiting, idle, immediate = make_user(), make_user(), make_user()
    for user in (waiting, idle):
        preference_set(actor=user, category="core", in_app=True, email=Delivery.DAILY)
    send(community, [waiting, immediate], django_capture_on_commit_callbacks)
    send(other_community, [waiting], django_capture_on_commit_callbacks, title="Second {title}")
    mail.outbox.clear()
    for _ in range(20):  # people with nothing waiting must cost nothing
        preference_set(actor=make_user(), category="core", in_app=True, email=Delivery.DAILY)
    with django_assert_max_num_queries(8):
        assert send_daily_digests.call() == 1
    assert [m.to for m in mail.outbox] == [[waiting.email]]
    digest = mail.outbox[0]
    assert "Ліхтарі" in digest.body and "Second Ліхтарі" in digest.body
    assert not Notification.objects.filter(email_status=EmailStatus.DIGEST).exists()
    mail.outbox.clear()
    assert send_daily_digests.call() == 0
    assert mail.outbox == []


def test_digest_failure_keeps_items_for_next_time(community, django_capture_on_commit_callbacks):
    from django.core.mail import EmailMultiAlternatives

    user = make_user()
    preference_set(actor=user, category="core", in_app=True, email=Delivery.DAILY)
    send(community, [user], django_capture_on_commit_callbacks)
    with mock.patch.object(EmailMultiAlternatives, "send", side_effect=OSError("smtp down")):
        assert send_daily_digests.call() == 0
    assert Notification.objects.get().email_status == EmailStatus.DIGEST
    assert send_daily_digests.call() == 1


# --- read marks and preferences -------------------------------------------------------------------------------

def test_mark_read(community, other_community):
    user, stranger = make_user(), make_user()
    mine = [Notification.objects.create(community=community, user=user, event="core.x", title=str(i)) for i in range(3)]
    elsewhere = Notification.objects.create(community=other_community, user=user, event="core.x", title="b")
    theirs = Notification.objects.create(community=community, user=stranger, event="core.x", title="s")
    assert notification_mark_read(actor=user, notification_ids=[mine[0].pk, theirs.pk]) == 1
    assert notification_mark_read(actor=user, community=community) == 2
    elsewhere.refresh_from_db()
    theirs.refresh_from_db()
    assert elsewhere.read_at is None and theirs.read_at is None
    assert notification_mark_read(actor=user) == 1


@pytest.mark.parametrize("category, email, field", [("nosuch", Delivery.DAILY, "category"), ("core", "hourly", "email")])
def test_preference_set_bad_input(db, category, email, field):
    user = make_user()
    with pytest.raises(ValidationFailed) as exc:
        preference_set(actor=user, category=category, in_app=True, email=email)
    assert field in exc.value.fields
    assert not NotificationPreference.objects.exists()


def test_preference_set_updates_in_place(db):
    user = make_user()
    preference_set(actor=user, category="core", in_app=True, email=Delivery.DAILY)
    preference_set(actor=user, category="core", in_app=False, email=Delivery.NEVER)
    pref = NotificationPreference.objects.get()
    assert (pref.in_app, pref.email) == (False, Delivery.NEVER)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "evil.example/x"])
def test_notify_refuses_links_that_are_not_paths_or_web_urls(community, url):
    with pytest.raises(ValueError):
        notify(community=community, recipients=[make_user()], event="core.x", title="t", url=url)
    assert not Notification.objects.exists()


@pytest.mark.parametrize("value", ["{", "}", "{index}", "{0}", "{x.__class__}", "{{name}}"])
def test_params_are_inserted_verbatim_never_re_formatted(community, value):
    user = make_user()
    notify(community=community, recipients=[user], event="core.x", title="“{title}” {index}",
           body="{text}", params={"title": value, "index": "№1", "text": value})
    note = Notification.objects.get(user=user)
    assert note.title == f"“{value}” №1" and note.body == value


def test_a_template_field_that_is_not_a_plain_known_name_stays_as_written(community):
    user = make_user()
    notify(community=community, recipients=[user], event="core.x", title="{name.__class__} {0} {missing} {name}",
           params={"name": "Олена"})
    assert Notification.objects.get(user=user).title == "{name.__class__} {0} {missing} Олена"
