"""Cross-cutting: secrets in query strings (Open311's api_key, tokens, passwords) never reach a log line,
neither gunicorn's access log nor Django's request logging."""

from __future__ import annotations

import inspect
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from hromada.config.gunicorn_logging import RedactSecretsFilter, redact_query, redact_urls
from hromada.core.web.management.commands import serve

SECRET = "SECRET-4b1d9e"  # noqa: S105 - the value the logs must not show


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_access_log_has_no_secrets(tmp_path):
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hromada.config.settings", "HROMADA_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)  # the access log is written whatever the answer; no database is needed
    log = tmp_path / "gunicorn.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "gunicorn", "hromada.config.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--access-logfile", "-",
             "--logger-class", "hromada.config.gunicorn_logging.RedactingLogger"],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=tmp_path)
        try:
            url = (f"http://127.0.0.1:{port}/c/demo/open311/v2/requests.json"
                   f"?jurisdiction_id=demo&api_key={SECRET}&token={SECRET}")
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(url, timeout=10)  # noqa: S310 - a local test server
                except urllib.error.HTTPError:
                    pass  # any status is logged
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        pytest.fail(f"gunicorn did not answer:\n{log.read_text()}")
                    time.sleep(0.2)
                    continue
                break
            while "requests.json" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = log.read_text()
    access = [line for line in text.splitlines() if "requests.json" in line and '"GET ' in line]
    assert access, text
    assert "jurisdiction_id=demo&api_key=[REDACTED]&token=[REDACTED]" in access[0]
    assert SECRET not in text


def test_serve_starts_gunicorn_with_the_redacting_logger():
    source = inspect.getsource(serve)
    assert '"--logger-class", "hromada.config.gunicorn_logging.RedactingLogger"' in source


def test_django_log_records_are_redacted():
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, RedactSecretsFilter)
                                                                     for f in h.filters))
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, '"%s" %s %s',
                               (f"GET /api/v1/me?token={SECRET}&page=2 HTTP/1.1", 200, 15), None)
    assert handler.filter(record)
    assert record.getMessage() == '"GET /api/v1/me?token=[REDACTED]&page=2 HTTP/1.1" 200 15'
    assert handler in logging.getLogger("django.server").handlers


@pytest.mark.parametrize("query,expected", [
    ("api_key=S&service_code=001", "api_key=[REDACTED]&service_code=001"),
    ("a=1;password=p", "a=1;password=[REDACTED]"),
    ("api%5Fkey=S&csrfmiddlewaretoken=S&client_secret=S", "api%5Fkey=[REDACTED]&csrfmiddlewaretoken=[REDACTED]"
                                                          "&client_secret=[REDACTED]"),
    ("q=token&page=1", "q=token&page=1"),
])
def test_query_redaction(query, expected):
    assert redact_query(query) == expected


def test_text_outside_queries_is_untouched():
    assert redact_urls("Not Found: /petitions/a&b=c") == "Not Found: /petitions/a&b=c"
    assert redact_urls("two urls /a?key=1 and /b?x=2&secret=3 end") == "two urls /a?key=[REDACTED] and /b?x=2&secret=[REDACTED] end"
