"""What both emulators share: the HTTP server loop, one-use codes, tokens, the consent form, the launcher.

A peer runs as `python -m hromada.core.identity.tests.peers.ua.<name> <config.json>` and prints `PORT <n>`
once it listens; `running_peer` starts one for a test and stops it afterwards."""

from __future__ import annotations

import base64
import contextlib
import html
import json
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from .double_crypto import seal


class Expiring:
    """Values under random keys that live `ttl` seconds; `take` hands a value out once (codes), `get` many times."""

    def __init__(self, ttl: float):
        self.ttl = ttl
        self._items: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def issue(self, value: Any) -> str:
        key = secrets.token_urlsafe(24)
        with self._lock:
            self._items[key] = (time.monotonic() + self.ttl, value)
        return key

    def take(self, key: str) -> Any | None:
        with self._lock:
            expires, value = self._items.pop(key, (0.0, None))
        return value if time.monotonic() < expires else None

    def get(self, key: str) -> Any | None:
        with self._lock:
            expires, value = self._items.get(key, (0.0, None))
        return value if time.monotonic() < expires else None


@dataclass
class Grant:
    """What the person consented to: who they are, how they proved it, for which client and callback."""

    client_id: str
    redirect_uri: str
    person: dict
    method: str
    member: str = ""


def consent_form(*, action: str, title: str, hidden: dict[str, str], choices: dict[str, list[str]]) -> str:
    """The consent page: a form the test (or a person) submits with a choice for each select and a decision."""
    fields = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                     for k, v in hidden.items())
    for name, options in choices.items():
        opts = "".join(f'<option value="{html.escape(o)}">{html.escape(o)}</option>' for o in options)
        fields += f'<label>{html.escape(name)} <select name="{html.escape(name)}">{opts}</select></label>'
    return (f"<!doctype html><title>{html.escape(title)}</title><h1>{html.escape(title)}</h1>"
            f'<form method="post" action="{html.escape(action)}">{fields}'
            '<button name="decision" value="allow">Allow</button>'
            '<button name="decision" value="deny">Deny</button></form>')


def with_query(url: str, params: dict[str, str]) -> str:
    return url + ("&" if urlsplit(url).query else "?") + urlencode(params)


class PeerHandler(BaseHTTPRequestHandler):
    """Routes `(method, path)` to handler methods; parameters from the query string and a form or JSON body."""

    config: dict = {}
    routes: dict[tuple[str, str], str] = {}
    protocol_version = "HTTP/1.1"
    pending: Expiring
    codes: Expiring
    tokens: Expiring

    @classmethod
    def configure(cls, config: dict) -> None:
        cls.config = config
        cls.pending = Expiring(600)
        cls.codes = Expiring(float(config.get("code_ttl", 60)))
        cls.tokens = Expiring(float(config.get("token_ttl", 600)))

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    def _dispatch(self, verb: str) -> None:
        parts = urlsplit(self.path)
        self.params = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        self.json_body: Any = None
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        kind = self.headers.get("Content-Type", "")
        if raw and kind.startswith("application/json"):
            try:
                self.json_body = json.loads(raw)
            except ValueError:
                self.reply_json(400, {"error": "invalid_request", "message": "body is not JSON"})
                return
        elif raw:
            self.params.update({k: v[0] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()})
        name = self.routes.get((verb, parts.path)) or self.routes.get(("*", parts.path))
        if name is None:
            self.reply_json(404, {"error": "not_found"})
            return
        getattr(self, name)()

    def reply_json(self, status: int, body: Any) -> None:
        self._reply(status, json.dumps(body).encode(), "application/json")

    def reply_html(self, status: int, page: str) -> None:
        self._reply(status, page.encode(), "text/html; charset=utf-8")

    def redirect(self, url: str) -> None:
        self.send_response(302)
        self.send_header("Location", url)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _reply(self, status: int, data: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the signature http.server calls
        """Quiet: the tests read answers, not access logs."""

    def client_config(self) -> dict | None:
        return self.config["clients"].get(self.params.get("client_id", ""))

    def authorization_request(self) -> str | None:
        """The registered redirect address of a well-formed authorization request; None when answered already
        (an unknown client or address gets an error page: the browser is never sent somewhere unregistered)."""
        client = self.client_config()
        redirect_uri = self.params.get("redirect_uri", "")
        if client is None or redirect_uri not in client["redirect_uris"]:
            self.reply_html(400, "<h1>Unknown client or redirect address</h1>")
            return None
        if self.params.get("response_type") != "code":
            self.redirect(with_query(redirect_uri, {"error": "unsupported_response_type",
                                                    "state": self.params.get("state", "")}))
            return None
        return redirect_uri

    def granted(self, *, bind_redirect: bool) -> Grant | None:
        """The grant of a token request's one-use code, after the client, secret and grant type are checked;
        None when answered already (with the OAuth 2.0 error the service gives)."""
        client = self.client_config()
        if client is None or self.params.get("client_secret") != client["secret"]:
            self.reply_json(401, {"error": "invalid_client", "message": "client authentication failed"})
            return None
        if self.params.get("grant_type") != "authorization_code":
            self.reply_json(400, {"error": "unsupported_grant_type", "message": "authorization_code only"})
            return None
        grant = self.codes.take(self.params.get("code", ""))
        if (grant is None or grant.client_id != self.params["client_id"]
                or (bind_redirect and grant.redirect_uri != self.params.get("redirect_uri"))):
            self.reply_json(400, {"error": "invalid_grant", "message": "unknown, used or expired code"})
            return None
        return grant

    def sealed_answer(self, client: dict, cert: str, content: dict) -> str | None:
        """For a user-data request: "" when the client may have it plain and sent no certificate, the base64
        envelope sealed to its registered certificate, or None when refused (answered already)."""
        if not cert and not client.get("plain_allowed", False):
            self.reply_json(400, {"error": "cert_required", "message": "this client must send its certificate"})
            return None
        if cert and cert != client.get("cert"):
            self.reply_json(400, {"error": "invalid_cert", "message": "the certificate is not registered"})
            return None
        if not cert:
            return ""
        envelope = seal(json.dumps(content).encode(), envelope_key=bytes.fromhex(self.config["envelope_key"]),
                        signing_key=bytes.fromhex(self.config["signing_key"]))
        return base64.b64encode(envelope).decode()

    def consented_request(self) -> dict | None:
        """The pending request the consent form names, when the person allowed it; None when answered already."""
        request = self.pending.take(self.params.get("request", ""))
        if request is None:
            self.reply_html(400, "<h1>This sign-in has expired; start again</h1>")
            return None
        if self.params.get("decision") != "allow":
            self.redirect(with_query(request["redirect_uri"], {"error": "access_denied", "state": request["state"]}))
            return None
        return request


def serve(handler: type[PeerHandler]) -> None:
    """The peer's main: read the config named on the command line, listen on a free port, print it, serve."""
    handler.configure(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


@dataclass
class RunningPeer:
    url: str
    process: subprocess.Popen

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def refusal_by(module: str, config: dict, workdir: Path, begin, *, wait: float = 0.0, stop: bool = False) -> str:
    """Run a flow against a fresh emulator: `begin(url)` signs in and returns (protocol, callback params); then
    wait (codes expire) or stop the emulator (it is down), and return the refusal's code."""
    from .drive import refusal

    with running_peer(module, config, workdir) as peer:
        protocol, params = begin(peer.url)
        time.sleep(wait)
        if stop:
            peer.stop()
        return refusal(protocol, params)


@contextlib.contextmanager
def running_peer(module: str, config: dict, workdir: Path) -> Iterator[RunningPeer]:
    """Start the emulator `module` in its own process with `config`; yield its base URL; stop it afterwards."""
    path = workdir / f"{module.rsplit('.', 1)[-1]}-{secrets.token_hex(4)}.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter running our own module
        [sys.executable, "-m", module, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line.startswith("PORT "):
            raise RuntimeError(f"the {module} emulator did not start")
        peer = RunningPeer(url=f"http://127.0.0.1:{line.split()[1]}", process=process)
        yield peer
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
