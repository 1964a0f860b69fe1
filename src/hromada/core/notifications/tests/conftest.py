"""The `smtp_server` fixture: a real SMTP server process (smtp_sink.py) and Django's SMTP backend pointed at it."""

from __future__ import annotations

import email
import email.policy
import subprocess
import sys
import time
from pathlib import Path

import pytest


class Mailbox:
    def __init__(self, directory: Path):
        self.directory = directory

    def messages(self, *, wait_for: int = 0, seconds: float = 10) -> list[email.message.EmailMessage]:
        """The messages the server accepted, oldest first; waits until there are at least `wait_for`."""
        deadline = time.monotonic() + seconds
        while True:
            files = sorted(self.directory.glob("*.eml"))
            if len(files) >= wait_for or time.monotonic() > deadline:
                return [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]
            time.sleep(0.05)


@pytest.fixture
def smtp_server(tmp_path, settings):
    outbox = tmp_path / "smtp"
    process = subprocess.Popen(  # noqa: S603 - our own test server
        [sys.executable, "-m", "hromada.core.notifications.tests.smtp_sink", str(outbox)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        port = int(process.stdout.readline())
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield Mailbox(outbox)
    finally:
        process.terminate()
        process.wait(timeout=10)
