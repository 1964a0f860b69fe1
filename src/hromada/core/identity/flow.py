"""The owner of an identity provider's authorization-code flow: it makes state, nonce and the PKCE verifier,
keeps them in the person's session, accepts each state once (a replayed callback is refused), and hands the
callback to the provider's protocol adapter. Nothing of the flow is written to the database."""

from __future__ import annotations

import hashlib
import secrets
import time

from django.urls import reverse

from .models import IdentityProvider
from .providers import ProviderClaims, ProviderError, protocol_for

SESSION_KEY = "hromada_identity_flows"
USED_KEY = "hromada_identity_used_states"
MAX_AGE_SECONDS = 600
MAX_OPEN_FLOWS = 5
MAX_REMEMBERED = 20


def callback_uri(request, config: IdentityProvider) -> str:
    """The address to register at the provider: /c/<community>/identity/<slug>/callback on this host."""
    return request.build_absolute_uri(reverse("web:identity_callback", args=[config.slug]))


def _fingerprint(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()[:32]


def flow_start(request, config: IdentityProvider, *, method: str | None = None) -> str:
    """Begin a flow for the signed-in person and return the provider's sign-in address."""
    protocol = protocol_for(config)
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)  # 86 characters: within PKCE's 43..128
    url = protocol.authorization_url(redirect_uri=callback_uri(request, config), state=state, nonce=nonce,
                                     code_verifier=verifier, method=method)
    now = time.time()
    flows = {key: flow for key, flow in (request.session.get(SESSION_KEY) or {}).items()
             if now - flow.get("at", 0) < MAX_AGE_SECONDS}
    while len(flows) >= MAX_OPEN_FLOWS:
        flows.pop(min(flows, key=lambda key: flows[key]["at"]))
    flows[state] = {"provider": config.pk, "nonce": nonce, "verifier": verifier, "at": now}
    request.session[SESSION_KEY] = flows
    return url


def flow_finish(request, config: IdentityProvider) -> ProviderClaims:
    """Check the callback's state (once), then let the adapter exchange the code and validate the claims."""
    state = request.GET.get("state", "")
    flows = dict(request.session.get(SESSION_KEY) or {})
    used = list(request.session.get(USED_KEY) or [])
    flow = flows.pop(state, None) if state else None
    if flow is None:
        raise ProviderError("replay" if state and _fingerprint(state) in used else "state")
    request.session[SESSION_KEY] = flows
    request.session[USED_KEY] = [*used, _fingerprint(state)][-MAX_REMEMBERED:]
    if flow.get("provider") != config.pk or time.time() - flow.get("at", 0) >= MAX_AGE_SECONDS:
        raise ProviderError("state")
    return protocol_for(config).complete(redirect_uri=callback_uri(request, config), params=request.GET,
                                         nonce=flow["nonce"], code_verifier=flow["verifier"])
