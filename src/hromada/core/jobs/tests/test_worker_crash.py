"""A real `hromada db_worker` killed with SIGKILL in the middle of an email fan-out: the next worker
takes the task over once the lease runs out, and every email is written, none lost, the one in flight at most twice."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import make_user
from django.db import connection
from django.test import override_settings

from hromada.core.notifications.models import EmailStatus, Notification
from hromada.core.notifications.services import notify
from hromada.core.notifications.tasks import sweep_emails

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email", "opendata"]}}
PEOPLE = 150
LEASE_SECONDS = 2
MESSAGE_ID = re.compile(rb"^Message-ID: <hromada\.notification\.(\d+)@", re.MULTILINE)


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(outbox_dir: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hromada.config.settings",
        "DATABASE_URL": database_url(),
        "HROMADA_DATA_DIR": str(outbox_dir.parent),
        "EMAIL_BACKEND": "hromada.core.jobs.tests.slow_outbox.EmailBackend",
        "HROMADA_TASK_LEASE_SECONDS": str(LEASE_SECONDS),
    }
    return subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "hromada.cli", "db_worker", "--queue-name", "*", "--interval", "0.2",
         "--no-startup-delay", "--no-reload", "--verbosity", "0"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def written_ids(outbox_dir: Path) -> list[int]:
    if not outbox_dir.exists():
        return []
    return [int(n) for path in outbox_dir.iterdir() for n in MESSAGE_ID.findall(path.read_bytes())]


def wait_for(condition, what: str, worker: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if worker.poll() is not None:
            pytest.fail(f"the worker exited with {worker.returncode} while waiting for {what}: "
                        f"{worker.stderr.read().decode()[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_a_killed_worker_loses_no_email_and_the_next_one_finishes_the_task(community, tmp_path):
    from django_tasks_db.models import DBTaskResult

    outbox = tmp_path / "outbox"
    people = [make_user() for _ in range(PEOPLE)]
    notify(community=community, recipients=people, event="core.test.happened", title="Hello")  # one task
    task = DBTaskResult.objects.get()
    expected = set(Notification.objects.values_list("pk", flat=True))

    first = start_worker(outbox)
    try:
        wait_for(lambda: len(written_ids(outbox)) >= 20, "the first 20 emails", first)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    at_kill = written_ids(outbox)
    in_flight = set(Notification.objects.filter(email_status=EmailStatus.SENDING).values_list("pk", flat=True))
    task.refresh_from_db()
    assert len(at_kill) < PEOPLE and task.status == "RUNNING"  # the kill really was in the middle

    second = start_worker(outbox)
    try:
        wait_for(lambda: DBTaskResult.objects.get(pk=task.pk).status == "SUCCESSFUL", "the task to finish", second)
        # The message the dead worker had claimed is sent again once its claim is a lease old. When the task was
        # taken over sooner than that after the claim (the claim came up to a heartbeat after the last beat),
        # the periodic sweep is what sends it: run it now, as the scheduler would, and let the worker work.
        if Notification.objects.filter(email_status=EmailStatus.SENDING).exists():
            time.sleep(LEASE_SECONDS + 0.5)
            sweep_emails.enqueue()
            wait_for(lambda: not Notification.objects.exclude(email_status=EmailStatus.SENT).exists(),
                     "the sweep to send the stale claim", second)
    finally:
        second.terminate()
        second.wait(timeout=60)

    task.refresh_from_db()
    assert len(task.worker_ids) == 2  # taken over once, by the second worker
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}
    written = written_ids(outbox)
    assert set(written) == expected  # none lost
    duplicates = {pk for pk in written if written.count(pk) > 1}
    # At least once: only a message that the mail server took just before the kill may be written again.
    assert duplicates <= in_flight and len(written) - len(expected) == len(duplicates) <= 1
