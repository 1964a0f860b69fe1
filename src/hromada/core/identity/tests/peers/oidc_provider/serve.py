"""Start the test OpenID provider: a fresh SQLite database and RSA key in OIDC_PEER_DIR, people from
people.json there, one confidential client with PKCE required, then serve on 127.0.0.1:OIDC_PEER_PORT.

Run as `python -m hromada.core.identity.tests.peers.oidc_provider.serve` with the environment the identity
tests' fixture sets; it runs until the fixture terminates it."""

import json
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def _write_key(folder: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    (folder / "key.pem").write_bytes(pem)


def _load(folder: Path) -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    setup = json.loads((folder / "people.json").read_text(encoding="utf-8"))
    for username, password in setup["users"].items():
        User.objects.create_user(username=username, password=password)
    for client in setup["clients"]:
        Application.objects.create(
            client_id=client["client_id"], client_secret=client["client_secret"], name=client["client_id"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(client["redirect_uris"]), algorithm=Application.RS256_ALGORITHM,
            skip_authorization=client.get("skip_authorization", False),
        )


def main() -> None:
    folder = Path(os.environ["OIDC_PEER_DIR"])
    _write_key(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "hromada.core.identity.tests.peers.oidc_provider.settings"
    import django

    django.setup()
    _load(folder)
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application

    run("127.0.0.1", int(os.environ["OIDC_PEER_PORT"]), get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main()
