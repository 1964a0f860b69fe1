"""The real task worker: notify() enqueues into the django-tasks database backend, `db_worker` delivers."""

from __future__ import annotations

import pytest
from conftest import make_user
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from hromada.core.notifications.models import Delivery, EmailStatus, Notification
from hromada.core.notifications.services import notify, preference_set

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email", "opendata"]}}


def run_worker() -> None:
    call_command("db_worker", batch=True, queue_name="*", startup_delay=False, reload=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_db_worker_delivers_notification_emails(community):
    from django_tasks_db.models import DBTaskResult

    user = make_user()
    notify(community=community, recipients=[user], event="core.test.happened", title="Hello {name}",
           params={"name": "Олена"}, url="/c/alpha/")  # autocommit: the on_commit callback runs at once
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(queue_name="email").count() == 1
    run_worker()
    assert [m.subject for m in mail.outbox] == ["Громада alpha: Hello Олена"]
    assert Notification.objects.get().email_status == EmailStatus.SENT
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_scheduler_enqueues_the_digest_and_the_worker_sends_it(community):
    from django_tasks_db.models import DBTaskResult

    user = make_user()
    preference_set(actor=user, category="core", in_app=True, email=Delivery.DAILY)
    notify(community=community, recipients=[user], event="core.test.happened", title="Digest item")
    assert DBTaskResult.objects.count() == 0  # a digest item enqueues nothing by itself
    call_command("run_scheduler", once=True)
    run_worker()
    assert len(mail.outbox) == 1 and "Digest item" in mail.outbox[0].body
    assert Notification.objects.get().email_status == EmailStatus.SENT
