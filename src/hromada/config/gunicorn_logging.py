"""Secrets kept out of logs: query parameters such as api_key, token or password are replaced by [REDACTED]
in gunicorn's access log (RedactingLogger, `--logger-class`) and in Django's log records (RedactSecretsFilter)."""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger

REDACTED = "[REDACTED]"
# Exact names, plus any name containing one of SECRET_PARTS (csrfmiddlewaretoken, client_secret, new_password …).
SECRET_NAMES = {"key", "apikey", "api_key", "token", "password", "passwd", "pass", "secret", "code", "sig",
                "signature", "auth", "authorization", "session", "sessionid"}
SECRET_PARTS = ("token", "secret", "password", "passwd", "api_key", "apikey")
# name=value inside a query string, at its start or after ?, & or ;
_QUERY_THEN_REST = re.compile(r"^(\S*)(.*)$", re.S)
_PAIR = re.compile(r"(?P<lead>^|[?&;])(?P<name>[^=&;?#\s\"']+)=(?P<value>[^&;#\s\"']*)")
# Headers a custom access_log_format could print, whose whole value is a credential.
_SECRET_HEADERS = ("{authorization}i", "{cookie}i", "{proxy-authorization}i", "{x-api-key}i", "{set-cookie}o")


def is_secret(name: str) -> bool:
    from urllib.parse import unquote_plus

    name = unquote_plus(name).lower()
    return name in SECRET_NAMES or any(part in name for part in SECRET_PARTS)


def _replace(match: re.Match) -> str:
    if not is_secret(match["name"]):
        return match[0]
    return f"{match['lead']}{match['name']}={REDACTED}"


def redact_query(query: str) -> str:
    """A bare query string ("api_key=S&x=1") with every secret value replaced."""
    return _PAIR.sub(_replace, query or "")


def redact_urls(text: str) -> str:
    """Any text holding URLs (a request line, a log message): each "?" starts a query that runs to the next
    whitespace, and its secret values are replaced; "&" and ";" elsewhere in the text are left alone."""
    head, *queries = text.split("?")
    return head + "".join("?" + _QUERY_THEN_REST.sub(lambda m: redact_query(m[1]) + m[2], q, count=1)
                          for q in queries)


class RedactingLogger(Logger):
    """gunicorn's logger, with secrets removed from every URL-bearing atom of the access log."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "f", "{raw_uri}e", "{http_referer}e", "{referer}i"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact_urls(atoms[key])
        for key in ("q", "{query_string}e"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact_query(atoms[key])
        for key in _SECRET_HEADERS:
            if atoms.get(key):
                atoms[key] = REDACTED
        return atoms


class RedactSecretsFilter(logging.Filter):
    """For Django's handlers: a record whose message holds a URL with secrets is logged with them replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is the logging module's to report, not ours
            return True
        if "?" in message:
            redacted = redact_urls(message)
            if redacted != message:
                record.msg, record.args = redacted, None
        return True
