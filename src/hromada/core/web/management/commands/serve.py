"""`hromada serve`: migrate, optionally load the demo, then run the web server, task worker and scheduler.

One command for the embedded install; in production run gunicorn, db_worker and run_scheduler separately."""

from __future__ import annotations

import os
import signal
import subprocess  # noqa: S404 - starts our own commands with fixed arguments
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Hromada with its background worker and scheduler (the embedded default)."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Load the demo community if there is none.")
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("HROMADA_WEB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("HROMADA_WEB_THREADS", "4")))

    def handle(self, *args, **options):
        self.stdout.write("Preparing the database…")
        call_command("migrate", interactive=False, verbosity=0)
        # Collected files let WhiteNoise serve pre-compressed copies with far-future caching.
        call_command("collectstatic", interactive=False, verbosity=0)
        if options["demo"]:
            from hromada.core.tenancy.models import Community

            if not Community.objects.filter(is_demo=True).exists():
                self.stdout.write("Loading the demo community (takes a minute the first time)…")
                call_command("load_demo", verbosity=1)
        hromada = [sys.executable, "-m", "hromada.cli"]
        children = [
            subprocess.Popen([*hromada, "db_worker", "--queue-name", "*", "--interval", "1", "--no-startup-delay"]),  # noqa: S603
            subprocess.Popen([*hromada, "run_scheduler"]),  # noqa: S603
            subprocess.Popen([  # noqa: S603
                sys.executable, "-m", "gunicorn", "hromada.config.wsgi",
                "--bind", f"{options['host']}:{options['port']}",
                "--workers", str(options["workers"]), "--threads", str(options["threads"]),
                "--worker-class", "gthread", "--access-logfile", "-", "--graceful-timeout", "10",
            ]),
        ]
        self.stdout.write(self.style.SUCCESS(
            f"Hromada is running at http://{options['host']}:{options['port']}/ (Ctrl+C to stop)"
        ))

        def stop(*_):
            for child in children:
                if child.poll() is None:
                    child.terminate()
            deadline = time.time() + 15
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.time()))
                except subprocess.TimeoutExpired:
                    child.kill()
            sys.exit(0)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while True:
            for child in children:
                if child.poll() is not None:
                    self.stderr.write(f"a Hromada process exited with code {child.returncode}; stopping")
                    stop()
            time.sleep(1)
