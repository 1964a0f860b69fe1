"""`hromada db_worker`: django-tasks-db's worker, plus a heartbeat and the recovery of dead workers' tasks.

It shadows the library's command of the same name (this app comes first in INSTALLED_APPS); see ADR 0007."""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections, connection
from django_tasks_db.management.commands import db_worker

from hromada.core.jobs import services

log = logging.getLogger(__name__)


class Heartbeat(threading.Thread):
    """Touches this worker's row and recovers other workers' stale tasks, every quarter of a lease.

    A thread, so a task that runs for an hour (a million-row datastore load) keeps its lease."""

    def __init__(self, worker_id: str):
        super().__init__(name="hromada-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()
        self.interval = max(0.5, services.lease().total_seconds() / 4)

    def beat(self) -> None:
        try:
            close_old_connections()
            services.heartbeat_record(worker_id=self.worker_id)
            services.stale_tasks_recover(alive=self.worker_id)
        except Exception:  # a busy or restarting database must not end the heartbeat; the next beat retries
            log.exception("heartbeat of worker %s failed", self.worker_id)

    def run(self) -> None:
        try:
            while not self.stopping.wait(self.interval):
                self.beat()
        finally:
            connection.close()


class Command(db_worker.Command):
    help = "Run a background task worker that heartbeats, and re-queues the tasks of workers that died."

    def handle(self, *args, **options):
        heartbeat = Heartbeat(options["worker_id"])
        # Before the first claim: the row says this worker is alive, and tasks left RUNNING by a worker
        # that died (the previous run of this one, under `hromada serve`) go back to the queue.
        services.stale_tasks_recover(restarted=options["worker_id"])
        heartbeat.beat()
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stopping.set()
            heartbeat.join(timeout=5)
            services.heartbeat_remove(worker_id=options["worker_id"])
