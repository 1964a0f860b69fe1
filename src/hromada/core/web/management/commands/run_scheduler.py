"""`hromada run_scheduler`: enqueue each periodic task of every capability at its interval.

It only enqueues; the db_worker runs the work, so several app servers can share one scheduler."""

from __future__ import annotations

import logging
import time

from django.core.management.base import BaseCommand

from hromada.core import capabilities

log = logging.getLogger(__name__)
CORE_PERIODIC = (
    ("hromada.core.notifications.tasks.send_daily_digests", 24 * 3600),
    # Emails whose task was lost (a worker killed mid-batch, an enqueue lost with its process) get another.
    ("hromada.core.notifications.tasks.sweep_emails", 300),
    # The transparency log: pending events into the tree, and a signed head when it grew (docs/transparency-log.md).
    ("hromada.core.transparency.tasks.publish_logs", 60),
)


def periodic_tasks() -> list[tuple[str, int]]:
    items = list(CORE_PERIODIC)
    for manifest in capabilities.manifests():
        items.extend(manifest.periodic_tasks)
    return items


class Command(BaseCommand):
    help = "Enqueue periodic tasks (digests, expiry, open-data refresh) at their intervals."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue every periodic task once and exit.")

    def handle(self, *args, **options):
        schedule = periodic_tasks()
        next_run = {path: 0.0 for path, _ in schedule}
        while True:
            now = time.time()
            for path, interval in schedule:
                if now >= next_run[path]:
                    try:
                        capabilities.resolve(path).enqueue()
                    except Exception:  # one broken task (or a busy database) must not stop the others
                        log.exception("could not enqueue periodic task %s; retrying in a minute", path)
                        next_run[path] = now + min(interval, 60)
                        continue
                    next_run[path] = now + interval
            if options["once"]:
                return
            time.sleep(5)
