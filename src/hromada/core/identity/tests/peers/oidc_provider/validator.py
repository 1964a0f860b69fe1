"""Claims of the peer's people, read from claims.json in its folder on every request, so a test can change a
person's name at the provider and see re-verification pick it up."""

import json

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "tax_id": "tax"}

    def get_additional_claims(self, request):
        people = json.loads((settings.PEER_DIR / "claims.json").read_text(encoding="utf-8"))
        return dict(people.get(request.user.username, {}))
