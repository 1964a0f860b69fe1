"""A real HTTP server speaking the openprocurement public API (Prozorro API 2.5, Prozorro.Sale), for the crawler's
tests and benchmark: started in a thread on a port the OS chooses, serving entries held in memory (the recorded
ones in tests/recorded/, or generated).

    GET <prefix>/<resource>?feed=changes&offset=&limit=&opt_fields=   -> {data:[{id, dateModified, ...}], next_page}
    GET <prefix>/<resource>/<id>                                      -> {data: {...}} or 404

The feed lists every entry once, in dateModified order; its offsets are opaque strings (positions here; Prozorro
uses timestamps), which is all the crawler may assume. `opt_fields` names are copied from the entry when present.

Faults are scripted: `server.fail(match, status, times, body)` answers `status` (and `body`) to the next `times`
requests whose path and query contain `match`; `server.replace(match, body)` serves `body` for every matching
request (a recorded malformed page). `server.seen` lists (path with query, User-Agent) of every request."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

RECORDED = Path(__file__).resolve().parent / "recorded"
PREFIX = "/api/2.5"


def recorded(name: str):
    """The content of tests/recorded/<name> without its `_note` (which says the data are synthetic)."""
    data = json.loads((RECORDED / name).read_text(encoding="utf-8"))
    data.pop("_note", None)
    return data


class FeedServer:
    def __init__(self, *, honour_opt_fields: bool = True, **resources: list[dict]):
        self.honour_opt_fields = honour_opt_fields
        self.resources: dict[str, dict[str, dict]] = {}
        for resource, entries in resources.items():
            self.put(resource, *entries)
        self.faults: list[list] = []
        self.replacements: list[tuple[str, bytes]] = []
        self.seen: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._orders: dict[str, list[str]] = {}
        self._httpd: ThreadingHTTPServer | None = None

    # --- data and faults ---------------------------------------------------------------------------------------

    def put(self, resource: str, *entries: dict) -> None:
        """Add or change entries (a change moves the entry to the end of the feed, as a new dateModified does)."""
        bucket = self.resources.setdefault(resource, {})
        for entry in entries:
            bucket[entry["id"]] = entry
        self._orders = {}

    def fail(self, match: str, status: int, times: int = 1, body: bytes = b'{"status": "error"}') -> None:
        self.faults.append([match, status, times, body])

    def replace(self, match: str, body: bytes) -> None:
        self.replacements.append((match, body))

    def order(self, resource: str) -> list[str]:
        if resource not in self._orders:
            entries = self.resources.get(resource, {})
            self._orders[resource] = sorted(entries, key=lambda i: (entries[i]["dateModified"], i))
        return self._orders[resource]

    # --- HTTP --------------------------------------------------------------------------------------------------

    def answer(self, target: str) -> tuple[int, bytes]:
        with self._lock:
            for match, body in self.replacements:
                if match in target:
                    return 200, body
            for fault in self.faults:
                if fault[2] > 0 and fault[0] in target:
                    fault[2] -= 1
                    return fault[1], fault[3]
        url = urlsplit(target)
        parts = url.path[len(PREFIX):].strip("/").split("/") if url.path.startswith(PREFIX) else []
        if len(parts) == 1 and parts[0] in self.resources:
            return 200, self.page(parts[0], parse_qs(url.query))
        if len(parts) == 2 and parts[1] in self.resources.get(parts[0], {}):
            return 200, json.dumps({"data": self.resources[parts[0]][parts[1]]}, ensure_ascii=False).encode()
        return 404, b'{"status": "error", "errors": [{"location": "url", "name": "id", "description": "Not Found"}]}'

    def page(self, resource: str, query: dict) -> bytes:
        order = self.order(resource)
        start = int(query.get("offset", ["0"])[0] or 0)
        limit = int(query.get("limit", ["100"])[0])
        wanted = [f for f in query.get("opt_fields", [""])[0].split(",") if f] if self.honour_opt_fields else []
        entries = self.resources[resource]
        items = []
        for prozorro_id in order[start:start + limit]:
            entry = entries[prozorro_id]
            items.append({"id": prozorro_id, "dateModified": entry["dateModified"],
                          **{f: entry[f] for f in wanted if f in entry}})
        following = str(start + len(items))
        path = f"{PREFIX}/{resource}?feed=changes&offset={following}&limit={limit}"
        return json.dumps({"data": items, "next_page": {"offset": following, "path": path, "uri": self.url + path}},
                          ensure_ascii=False).encode()

    def __enter__(self) -> FeedServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the real API
            disable_nagle_algorithm = True  # headers and body go out at once (no 40 ms delayed-ACK stall)

            def do_GET(self):  # noqa: N802 - the http.server protocol
                server.seen.append((self.path, self.headers.get("User-Agent", "")))
                status, body = server.answer(self.path)
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    @property
    def url(self) -> str:
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def base_url(self) -> str:
        """What the crawler's client takes as its base URL (the API root)."""
        return self.url + PREFIX
