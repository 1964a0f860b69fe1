"""Claims of the peer's people, read from claims.json in its folder on every request, so a test can change a
person's name at the provider and see re-verification pick it up. A client may have codes of its own short
lifetime ("code_seconds" in people.json), so one test can let a code expire without hurrying every other."""

import json
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from oauth2_provider.oauth2_validators import OAuth2Validator


def _setup() -> dict:
    return json.loads((settings.PEER_DIR / "people.json").read_text(encoding="utf-8"))


class ClaimsValidator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "tax_id": "tax"}

    def get_additional_claims(self, request):
        people = json.loads((settings.PEER_DIR / "claims.json").read_text(encoding="utf-8"))
        return dict(people.get(request.user.username, {}))

    def _create_authorization_code(self, request, code, expires=None):
        lifetimes = {c["client_id"]: c["code_seconds"] for c in _setup()["clients"] if "code_seconds" in c}
        if expires is None and request.client.client_id in lifetimes:
            expires = timezone.now() + timedelta(seconds=lifetimes[request.client.client_id])
        return super()._create_authorization_code(request, code, expires)
