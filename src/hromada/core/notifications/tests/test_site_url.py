"""The site URL that emails link to follows the port the site is served on, unless the operator set it."""

from __future__ import annotations

import os
import subprocess
import sys

from hromada.core.web.management.commands.serve import site_url_for


def _site_url(**env) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("HROMADA_SITE_URL", "PORT")}
    clean["DJANGO_SETTINGS_MODULE"] = "hromada.config.settings"
    out = subprocess.run(  # noqa: S603 - our own settings, read by a fresh interpreter
        [sys.executable, "-c", "from django.conf import settings; print(settings.HROMADA_SITE_URL)"],
        env={**clean, **env}, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_the_default_site_url_follows_port():
    assert _site_url(PORT="8123") == "http://127.0.0.1:8123"
    assert _site_url() == "http://127.0.0.1:8000"
    assert _site_url(PORT="8123", HROMADA_SITE_URL="https://rada.example.ua/") == "https://rada.example.ua"


def test_serve_derives_the_site_url_from_host_and_port(monkeypatch):
    monkeypatch.delenv("HROMADA_SITE_URL", raising=False)
    assert site_url_for("127.0.0.1", "8123") == "http://127.0.0.1:8123"
    assert site_url_for("0.0.0.0", "9000") == "http://localhost:9000"  # noqa: S104
    assert site_url_for("::1", "9000") == "http://[::1]:9000"
    monkeypatch.setenv("HROMADA_SITE_URL", "https://rada.example.ua")
    assert site_url_for("127.0.0.1", "8123") == ""  # the operator's setting wins
