"""ID token checks that the provider process cannot be asked to get wrong: a key rotated since the JWKS was
cached, and tokens signed with "none" or a shared secret. The JWKS is served over real HTTP by a small server."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, OctKey, RSAKey

from hromada.core.identity.models import IdentityProvider
from hromada.core.identity.providers import ProviderError
from hromada.core.identity.providers.oidc import OidcProtocol

pytestmark = pytest.mark.django_db


@pytest.fixture
def jwks_server():
    state = {"keys": KeySet([RSAKey.generate_key(2048, parameters={"kid": "old", "alg": "RS256"})])}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            body = json.dumps(state["keys"].as_dict()).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}/jwks"
    server.shutdown()
    server.server_close()


def _protocol(community, jwks_uri: str) -> OidcProtocol:
    config = IdentityProvider.objects.create(
        community=community, slug="t", kind="oidc", label="T", issuer="https://id.example", client_id="c",
        authorization_endpoint="https://id.example/a", token_endpoint="https://id.example/t", jwks_uri=jwks_uri)
    return OidcProtocol(config)


def test_a_rotated_key_reloads_the_jwks_once(community, jwks_server):
    state, uri = jwks_server
    protocol = _protocol(community, uri)
    protocol._decode(uri, jwt.encode({"alg": "RS256", "kid": "old"}, {"sub": "x"},
                                     state["keys"].get_by_kid("old")))  # caches the set with "old"
    new = RSAKey.generate_key(2048, parameters={"kid": "new", "alg": "RS256"})
    state["keys"] = KeySet([new])
    token = protocol._decode(uri, jwt.encode({"alg": "RS256", "kid": "new"}, {"sub": "y"}, new))
    assert token.claims["sub"] == "y"
    stranger = RSAKey.generate_key(2048, parameters={"kid": "nobody", "alg": "RS256"})
    with pytest.raises(ProviderError) as refused:
        protocol._decode(uri, jwt.encode({"alg": "RS256", "kid": "nobody"}, {"sub": "z"}, stranger))
    assert refused.value.code == "signature"


def test_unsigned_and_shared_secret_tokens_are_refused(community, jwks_server):
    _state, uri = jwks_server
    protocol = _protocol(community, uri)
    unsigned = "eyJhbGciOiJub25lIn0." + "eyJzdWIiOiJ4In0" + "."  # {"alg":"none"}.{"sub":"x"}.
    hmac = jwt.encode({"alg": "HS256"}, {"sub": "x"}, OctKey.generate_key(256))
    for token in (unsigned, hmac, "not-a-token"):
        with pytest.raises(ProviderError) as refused:
            protocol._decode(uri, token)
        assert refused.value.code == "signature"
