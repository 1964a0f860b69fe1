"""A polite client of an openprocurement-style public API: one keep-alive session with our User-Agent, a timeout,
a pause between requests, and retries with exponential backoff on 429 and 5xx (honouring Retry-After, capped).

Anything else that is wrong (a connection that keeps failing, a 4xx, a body that is not the JSON object the API
promises) is a FeedError with a reason an operator can act on; the walk records it and writes nothing."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

import requests
from django.conf import settings

DEFAULT_PROZORRO_URL = "https://public-api.prozorro.gov.ua/api/2.5"
DEFAULT_SALE_URL = "https://public.api.ea.openprocurement.org/api/2.5"
USER_AGENT = "Hromada procurement crawler (+https://github.com/hromada; public data of the community's buyers)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FeedError(Exception):
    """The API could not give us what we need right now; `reason` is safe to show to the operator."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class MalformedResponse(FeedError):
    """The API answered, but not with the JSON object it promises: retrying the same request will not help."""


def option(name: str, default: Any) -> Any:
    """A crawler setting: Django settings first, then the environment, then the default."""
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name)
    if value is None or value == "":
        return default
    return type(default)(value) if not isinstance(default, str) else str(value)


@dataclass
class FeedPage:
    """One page of a changes feed: the changed entries (each a dict with at least id and dateModified, plus any
    opt_fields the API honoured) and the offset of the next page."""

    items: list[dict]
    next_offset: str


@dataclass
class Client:
    base_url: str
    timeout: float = 30.0
    retries: int = 5
    backoff: float = 2.0          # seconds before the first retry; doubled each time
    max_backoff: float = 120.0
    interval: float = 0.2         # at least this long between two requests
    user_agent: str = USER_AGENT
    session: requests.Session = field(default_factory=requests.Session, repr=False)
    requests_made: int = 0
    _last: float = field(default=0.0, repr=False)

    @classmethod
    def for_source(cls, source: str, **overrides) -> Client:
        prefix = "HROMADA_PROZORRO" if source == "prozorro" else "HROMADA_PROZORRO_SALE"
        default_url = DEFAULT_PROZORRO_URL if source == "prozorro" else DEFAULT_SALE_URL
        values = {
            "base_url": option(f"{prefix}_URL", default_url).rstrip("/"),
            "timeout": option("HROMADA_PROZORRO_TIMEOUT", 30.0),
            "retries": option("HROMADA_PROZORRO_RETRIES", 5),
            "backoff": option("HROMADA_PROZORRO_BACKOFF", 2.0),
            "interval": option("HROMADA_PROZORRO_INTERVAL", 0.2),
        }
        values.update(overrides)
        return cls(**values)

    def _pause(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)

    def get_json(self, path: str, params: dict | None = None) -> dict:
        """GET base_url + path; the JSON object of a 200, or FeedError. 404 gives FeedError with status 404."""
        url = f"{self.base_url}/{path.lstrip('/')}"
        delay = self.backoff
        for attempt in range(self.retries + 1):
            self._pause(self._last + self.interval - time.monotonic())
            self._last = time.monotonic()
            self.requests_made += 1
            try:
                response = self.session.get(url, params=params, timeout=self.timeout,
                                            headers={"User-Agent": self.user_agent, "Accept": "application/json"})
            except requests.RequestException as exc:
                problem = f"cannot reach {url}: {exc.__class__.__name__}"
            else:
                if response.status_code == 200:
                    return self._decode(url, response)
                if response.status_code not in RETRY_STATUSES:
                    raise FeedError(f"{url} answered {response.status_code}")
                problem = f"{url} answered {response.status_code}"
                retry_after = response.headers.get("Retry-After", "")
                if retry_after.isdigit():
                    delay = max(delay, float(retry_after))
            if attempt == self.retries:
                raise FeedError(f"{problem} (gave up after {self.retries + 1} attempts)")
            self._pause(min(delay, self.max_backoff))
            delay *= 2
        raise AssertionError("unreachable")

    @staticmethod
    def _decode(url: str, response: requests.Response) -> dict:
        try:
            body = response.json()
        except ValueError:
            raise MalformedResponse(f"{url} answered with a body that is not JSON") from None
        if not isinstance(body, dict):
            raise MalformedResponse(f"{url} answered JSON that is not an object")
        return body

    def feed_page(self, resource: str, offset: str, *, limit: int, opt_fields: str = "") -> FeedPage:
        """One page of `<resource>?feed=changes` from `offset` (empty: the start of the feed)."""
        params = {"feed": "changes", "limit": str(limit)}
        if offset:
            params["offset"] = offset
        if opt_fields:
            params["opt_fields"] = opt_fields
        body = self.get_json(resource, params)
        items, next_page = body.get("data"), body.get("next_page")
        if not isinstance(items, list):
            raise FeedError(f"the {resource} feed page at offset {offset or '(start)'} has no list of changes")
        if not isinstance(next_page, dict) or not isinstance(next_page.get("offset"), str | int | float):
            raise FeedError(f"the {resource} feed page at offset {offset or '(start)'} has no next_page.offset")
        for item in items:
            if not (isinstance(item, dict) and is_prozorro_id(item.get("id")) and isinstance(item.get("dateModified"),
                                                                                               str)):
                raise FeedError(f"the {resource} feed page at offset {offset or '(start)'} lists a change without "
                                f"a valid id and dateModified")
        return FeedPage(items=items, next_offset=str(next_page["offset"]))

    def entry(self, resource: str, prozorro_id: str) -> dict | None:
        """One tender or auction (the `data` object), or None when the API says it does not exist (404)."""
        try:
            body = self.get_json(f"{resource}/{prozorro_id}")
        except FeedError as exc:
            if exc.reason.endswith(" answered 404"):
                return None
            raise
        data = body.get("data")
        if not isinstance(data, dict):
            raise MalformedResponse(f"{resource}/{prozorro_id} answered without a data object")
        return data


def is_prozorro_id(value) -> bool:
    return isinstance(value, str) and len(value) == 32 and all(c in "0123456789abcdef" for c in value)
