"""Leases on the real task table: a dead worker's task is queued again, a live worker's long task is left
alone, a task that kills its worker every time ends failed; emails nobody will send get a new task."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import make_user
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from hromada.core.jobs.models import WorkerHeartbeat
from hromada.core.jobs.services import heartbeat_record, stale_tasks_recover
from hromada.core.notifications.models import Delivery, EmailStatus, Notification
from hromada.core.notifications.services import notify, preference_set
from hromada.core.notifications.tasks import send_daily_digests, sweep_emails

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email", "opendata"]}}
LONG_AGO = timedelta(hours=1)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("db_tasks")]


@pytest.fixture
def db_tasks():
    with override_settings(TASKS=DB_TASKS, HROMADA_TASK_LEASE_SECONDS=60, HROMADA_TASK_MAX_ATTEMPTS=3):
        yield


def claimed_task(worker_id: str, *, started_ago=LONG_AGO):
    from django_tasks_db.models import DBTaskResult

    sweep_emails.enqueue()
    result = DBTaskResult.objects.get(status="READY")
    result.claim(worker_id)
    DBTaskResult.objects.filter(pk=result.pk).update(started_at=timezone.now() - started_ago)
    result.refresh_from_db()
    return result


def test_a_task_of_a_worker_whose_heartbeat_stopped_is_queued_again():
    task = claimed_task("dead")
    WorkerHeartbeat.objects.create(worker_id="dead", last_seen=timezone.now() - LONG_AGO)
    assert stale_tasks_recover() == {"requeued": 1, "failed": 0}
    task.refresh_from_db()
    assert task.status == "READY" and task.started_at is None and task.worker_ids == ["dead"]


def test_a_long_task_of_a_live_worker_keeps_its_lease():
    task = claimed_task("busy", started_ago=timedelta(hours=5))  # a million-row load
    heartbeat_record(worker_id="busy")
    assert stale_tasks_recover() == {"requeued": 0, "failed": 0}
    task.refresh_from_db()
    assert task.status == "RUNNING"


def test_a_worker_never_gives_up_its_own_tasks_but_a_restarted_one_does():
    task = claimed_task("me")  # no heartbeat row yet: a fixed --worker-id starting again
    assert stale_tasks_recover(alive="me") == {"requeued": 0, "failed": 0}
    assert stale_tasks_recover(restarted="me") == {"requeued": 1, "failed": 0}
    task.refresh_from_db()
    assert task.status == "READY"


def test_a_task_that_kills_its_worker_every_time_ends_failed():
    task = claimed_task("w1")
    for worker in ("w2", "w3"):
        stale_tasks_recover()
        task.refresh_from_db()
        task.claim(worker)
        type(task).objects.filter(pk=task.pk).update(started_at=timezone.now() - LONG_AGO)
    assert stale_tasks_recover() == {"requeued": 0, "failed": 1}
    task.refresh_from_db()
    assert task.status == "FAILED" and task.exception_class_path == "hromada.core.jobs.services.WorkerLost"


@pytest.mark.django_db(transaction=True)
def test_the_sweep_queues_emails_without_a_task_once_and_the_worker_sends_them(community):
    from django_tasks_db.models import DBTaskResult

    user, other, third = make_user(), make_user(), make_user()
    notify(community=community, recipients=[user, other, third], event="core.x", title="Hello")
    DBTaskResult.objects.all().delete()  # the enqueue was lost with its process
    long_ago = timezone.now() - LONG_AGO
    Notification.objects.filter(user=user).update(created_at=long_ago)
    Notification.objects.filter(user=other).update(created_at=long_ago, email_status=EmailStatus.SENDING,
                                                   email_claimed_at=long_ago, email_attempts=1)
    # The third one is fresh: its own task may still be on its way.
    assert sweep_emails.call() == 2
    assert sweep_emails.call() == 0  # already queued: not twice
    call_command("db_worker", batch=True, queue_name="*", startup_delay=False, reload=False, verbosity=0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([user.email, other.email])
    assert Notification.objects.get(user=other).email_attempts == 2


@pytest.mark.django_db(transaction=True)
def test_digest_items_claimed_by_a_dead_worker_go_out_in_the_next_digest_once(community):
    user = make_user()
    preference_set(actor=user, category="core", in_app=True, email=Delivery.DAILY)
    notify(community=community, recipients=[user], event="core.x", title="First")
    notify(community=community, recipients=[user], event="core.x", title="Second")
    Notification.objects.filter(title="First").update(email_status=EmailStatus.DIGESTING,
                                                      email_claimed_at=timezone.now() - LONG_AGO)
    assert send_daily_digests.call() == 1
    assert send_daily_digests.call() == 0
    assert len(mail.outbox) == 1 and "First" in mail.outbox[0].body and "Second" in mail.outbox[0].body
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}
