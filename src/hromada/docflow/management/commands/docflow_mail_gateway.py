"""`hromada docflow_mail_gateway`: run the SMTP gateway that turns mail to the office mailboxes into draft cards.

Run it beside the worker (a service unit or `make serve`'s process list); point the community domain's MX, or a
forwarding rule of the existing mail server, at it. See docs/docflow.md, "Email intake"."""

from __future__ import annotations

import signal
import threading

from django.core.management.base import BaseCommand

from hromada.docflow.intake.gateway import controller


class Command(BaseCommand):
    help = "Run the SMTP gateway of the document workflow's email intake."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=2525, help="Port to listen on (default 2525).")

    def handle(self, *args, host: str, port: int, **options) -> None:
        gateway = controller(host, port)
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        gateway.start()
        self.stdout.write(f"docflow mail gateway listening on {host}:{port}")
        try:
            stop.wait()
        finally:
            gateway.stop()
