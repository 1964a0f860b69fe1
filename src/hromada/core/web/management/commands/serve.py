"""`hromada serve`: migrate, optionally load the demo, then run the web server and keep the task worker and scheduler alive.

One command for the embedded install; in production systemd runs and restarts gunicorn, db_worker and run_scheduler."""

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
        site_url = site_url_for(options["host"], options["port"])
        if site_url:
            # Links in emails (written by the worker, a child process) point where this server listens.
            os.environ["HROMADA_SITE_URL"] = site_url
            from django.conf import settings

            settings.HROMADA_SITE_URL = site_url
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
        supervisor = Supervisor(
            web=[
                sys.executable, "-m", "gunicorn", "hromada.config.wsgi",
                "--bind", f"{options['host']}:{options['port']}",
                "--workers", str(options["workers"]), "--threads", str(options["threads"]),
                "--worker-class", "gthread", "--access-logfile", "-", "--graceful-timeout", "10",
                # gunicorn's largest bounded request line (0 would read any length, recopying the buffer per
                # chunk); BadInputGuardMiddleware answers URLs past 8,000 bytes with a 414 in the API's format.
                "--limit-request-line", "8190",
                # The access log without secrets from query strings (Open311's api_key, tokens).
                "--logger-class", "hromada.config.gunicorn_logging.RedactingLogger",
            ],
            background={
                "task worker": [*hromada, "db_worker", "--queue-name", "*", "--interval", "1", "--no-startup-delay"],
                "scheduler": [*hromada, "run_scheduler"],
            },
            log=self.stderr.write,
        )
        self.stdout.write(self.style.SUCCESS(
            f"Hromada is running at http://{options['host']}:{options['port']}/ (Ctrl+C to stop)"
        ))

        def stop(*_):
            supervisor.stop()
            sys.exit(0)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        sys.exit(supervisor.run())


def site_url_for(host: str, port) -> str:
    """The site URL for a server on host:port, or "" when the operator set HROMADA_SITE_URL (it wins)."""
    if os.environ.get("HROMADA_SITE_URL"):
        return ""
    if host in ("", "0.0.0.0", "::", "[::]"):  # noqa: S104 - every interface: this machine answers as localhost
        host = "localhost"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


class Supervisor:
    """Keeps the web server running with its background processes, restarting those when they die.

    The site stays up while the worker or scheduler restarts (tasks wait in the queue; the worker's
    lease puts back what the dead one was running). Only the web server's exit ends everything."""

    FIRST_DELAY = 1.0
    MAX_DELAY = 60.0
    STABLE_AFTER = 60.0  # a child that ran this long is restarted at once again next time

    def __init__(self, *, web: list[str], background: dict[str, list[str]], log=print):
        self.commands = {"web server": web, **background}
        self.log = log
        self.children: dict[str, subprocess.Popen] = {}
        self.started: dict[str, float] = {}
        self.delay = dict.fromkeys(background, 0.0)
        self.restart_at: dict[str, float] = {}
        self.stopping = False

    def start(self, name: str) -> None:
        self.children[name] = subprocess.Popen(self.commands[name])  # noqa: S603
        self.started[name] = time.monotonic()

    def check(self) -> int | None:
        """One round: restart what is due; return the web server's exit code once it has exited."""
        now = time.monotonic()
        for name, child in self.children.items():
            code = child.poll()
            if code is None or name in self.restart_at:
                continue
            if name == "web server":
                return code
            ran = now - self.started[name]
            delay = 0.0 if ran >= self.STABLE_AFTER else min(max(self.delay[name] * 2, self.FIRST_DELAY),
                                                               self.MAX_DELAY)
            self.delay[name] = delay
            self.restart_at[name] = now + delay
            self.log(f"the {name} exited with code {code} after {ran:.0f} s; restarting it in {delay:.0f} s")
        for name, when in list(self.restart_at.items()):
            if now >= when and not self.stopping:
                del self.restart_at[name]
                self.start(name)
        return None

    def run(self, poll: float = 0.5) -> int:
        for name in self.commands:
            self.start(name)
        while (code := self.check()) is None:
            time.sleep(poll)
        self.log(f"the web server exited with code {code}; stopping")
        self.stop()
        return code or 1

    def stop(self) -> None:
        self.stopping = True
        for child in self.children.values():
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + 15
        for child in self.children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
