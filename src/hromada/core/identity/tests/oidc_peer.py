"""A real OpenID provider for the identity tests: django-oauth-toolkit in its own process (peers/oidc_provider),
started once per test session (once per xdist worker) on a free port, plus the browser-less steps a person's
browser would take there (sign in, consent) and a small proxy that tampers with the token endpoint's answer."""

from __future__ import annotations

import base64
import html
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

TOWN = "oidc-town"
TOWN_KATOTTG = "UA05020030000031871"
CLIENT_ID, CLIENT_SECRET = "hromada-test-client", "peer-client-secret-for-tests"
SHORT_CLIENT_ID = "hromada-short-codes"  # its codes expire after CODE_SECONDS
SECRET_ENV = "HROMADA_TEST_OIDC_SECRET"
CODE_SECONDS = 3
# The tax numbers the privacy test greps for: they must never reach Hromada's database, logs or pages.
OLENA_TAX, PETRO_TAX = "3012345678", "2987654321"
PASSWORD = "provider-password"
SLUGS = ("oidc", "tampered", "wrong-issuer", "other", "short")
PEOPLE = {
    "olena": {"tax_id": OLENA_TAX, "given_name": "Олена", "family_name": "Коваленко", "middle_name": "Петрівна",
              "name": "Олена Петрівна Коваленко", "birthdate": "1985-04-12", "email": "olena@provider.example",
              "address": {"formatted": "вул. Соборна, 1, Хмільник, Вінницька обл.", "locality": "Хмільник",
                          "region": "Вінницька", "katottg": "UA05020030010062463"}},
    "petro": {"tax_id": PETRO_TAX, "given_name": "Петро", "family_name": "Шевчук", "name": "Петро Шевчук",
              "birthdate": "1970-01-30", "address": {"formatted": "вул. Миру, 5, Львів", "locality": "Львів"}},
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Peer:
    url: str
    folder: Path

    @property
    def issuer(self) -> str:
        return self.url + "/o"

    def set_claims(self, username: str, **changes) -> None:
        people = json.loads((self.folder / "claims.json").read_text(encoding="utf-8"))
        people[username].update(changes)
        (self.folder / "claims.json").write_text(json.dumps(people, ensure_ascii=False), encoding="utf-8")

    def session(self, username: str) -> requests.Session:
        """A browser signed in at the provider as `username`."""
        browser = requests.Session()
        page = browser.get(self.url + "/accounts/login/", timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, page.text[:300]
        answer = browser.post(self.url + "/accounts/login/", timeout=10, allow_redirects=False,
                              data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token[1]})
        assert answer.status_code == 302, answer.text[:300]
        return browser

    def authorize(self, browser: requests.Session, url: str, *, allow: bool = True) -> str:
        """Open the authorization address, answer the consent form; return where the provider sends the person."""
        page = browser.get(url, timeout=10, allow_redirects=False)
        assert page.status_code == 200, (page.status_code, page.text[:500])
        fields = {name: html.unescape(value) for name, value in
                  re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text)}
        assert "csrfmiddlewaretoken" in fields and "redirect_uri" in fields, page.text[:500]
        if allow:
            fields["allow"] = "Authorize"
        answer = browser.post(self.url + "/o/authorize/", data=fields, timeout=10, allow_redirects=False)
        assert answer.status_code == 302, (answer.status_code, answer.text[:500])
        return answer.headers["Location"]


def callback_path(location: str) -> str:
    """The provider's redirect, as the path and query the Django test client asks for."""
    parts = urlsplit(location)
    assert parts.netloc == "testserver", location
    return f"{parts.path}?{parts.query}"


@pytest.fixture(scope="session")
def oidc_peer(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oidc-peer")
    port = free_port()
    uris = [f"http://testserver/c/{TOWN}/identity/{slug}/callback" for slug in SLUGS]
    (folder / "people.json").write_text(json.dumps({
        "users": {name: PASSWORD for name in PEOPLE},
        "clients": [{"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uris": uris},
                    {"client_id": SHORT_CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uris": uris,
                     "code_seconds": CODE_SECONDS}],
    }), encoding="utf-8")
    (folder / "claims.json").write_text(json.dumps(PEOPLE, ensure_ascii=False), encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env.update(OIDC_PEER_DIR=str(folder), OIDC_PEER_PORT=str(port))
    log = (folder / "provider.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter running our own peer module
        [sys.executable, "-m", "hromada.core.identity.tests.peers.oidc_provider.serve"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    peer = Peer(url=f"http://127.0.0.1:{port}", folder=folder)
    deadline = time.monotonic() + 90
    try:
        while True:
            if process.poll() is not None:
                pytest.fail("the OpenID provider stopped: " + (folder / "provider.log").read_text()[-2000:])
            try:
                if requests.get(peer.issuer + "/.well-known/openid-configuration", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the OpenID provider did not start: " + (folder / "provider.log").read_text()[-2000:])
            time.sleep(0.2)
        os.environ[SECRET_ENV] = CLIENT_SECRET
        yield peer
    finally:
        os.environ.pop(SECRET_ENV, None)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _flip_signature(id_token: str) -> str:
    header, payload, signature = id_token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
    raw[len(raw) // 2] ^= 0x01
    return ".".join([header, payload, base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()])


@pytest.fixture(scope="session")
def tampering_proxy(oidc_peer):
    """An HTTP proxy in front of the provider's token endpoint that flips one byte of the ID token's signature."""
    target = oidc_peer.issuer + "/token/"

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server API
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k: v for k, v in self.headers.items() if k.lower() in ("authorization", "content-type")}
            answer = requests.post(target, data=body, headers=headers, timeout=10)
            content = answer.content
            if answer.ok:
                tokens = answer.json()
                tokens["id_token"] = _flip_signature(tokens["id_token"])
                content = json.dumps(tokens).encode()
            self.send_response(answer.status_code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/token/"
    server.shutdown()
    server.server_close()
