"""A generic OpenID Connect client: authorization code with PKCE (S256), state and nonce, discovery, an ID token
checked against the provider's JWKS (signature, iss, aud, exp, iat, nonce), then user info where the ID token
lacks the configured claims. JOSE is joserfc's; nothing here parses a signature by hand."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from joserfc import jwt
from joserfc.errors import (
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwk import KeySet

from .base import IdentityProtocol, ProviderClaims, ProviderError, claims_from_mapping, http_request

# Signature algorithms an ID token may use: asymmetric only ("none" and shared-secret HMAC are refused).
ALLOWED_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
METADATA_SECONDS = 3600
LEEWAY_SECONDS = 60


def pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def discover(issuer: str) -> dict[str, Any]:
    """The issuer's published configuration (cached for an hour). Its own `issuer` must be the one asked for."""
    issuer = issuer.rstrip("/")
    key = "identity:oidc:discovery:" + hashlib.sha256(issuer.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        response = http_request("GET", issuer + "/.well-known/openid-configuration")
        found = response.json() if response.ok else None
        if not isinstance(found, dict) or str(found.get("issuer", "")).rstrip("/") != issuer:
            raise ProviderError("configuration")
        cache.set(key, found, METADATA_SECONDS)
    return found


def _key_set(jwks_uri: str, *, fresh: bool = False) -> tuple[KeySet, dict]:
    key = "identity:oidc:jwks:" + hashlib.sha256(jwks_uri.encode()).hexdigest()
    raw = None if fresh else cache.get(key)
    if raw is None:
        response = http_request("GET", jwks_uri)
        raw = response.json() if response.ok else None
        if not isinstance(raw, dict) or not isinstance(raw.get("keys"), list):
            raise ProviderError("configuration")
        cache.set(key, raw, METADATA_SECONDS)
    try:
        return KeySet.import_key_set(raw), raw
    except (JoseError, ValueError, TypeError) as exc:
        raise ProviderError("configuration") from exc


class OidcProtocol(IdentityProtocol):
    def metadata(self) -> dict[str, str]:
        """Endpoints as configured; the blank ones from discovery of the issuer."""
        config = self.config
        values = {
            "issuer": config.issuer.rstrip("/"),
            "authorization_endpoint": config.authorization_endpoint,
            "token_endpoint": config.token_endpoint,
            "userinfo_endpoint": config.userinfo_endpoint,
            "jwks_uri": config.jwks_uri,
        }
        if not values["issuer"]:
            raise ProviderError("configuration")
        if not all(values[name] for name in ("authorization_endpoint", "token_endpoint", "jwks_uri")):
            found = discover(values["issuer"])
            for name, value in values.items():
                values[name] = value or str(found.get(name) or "")
        return values

    def authorization_url(self, *, redirect_uri: str, state: str, nonce: str, code_verifier: str,
                          method: str | None = None) -> str:
        endpoint = self.metadata()["authorization_endpoint"]
        if not endpoint:
            raise ProviderError("configuration")
        params = {
            "response_type": "code", "client_id": self.config.client_id, "redirect_uri": redirect_uri,
            "scope": self.config.scopes or "openid", "state": state, "nonce": nonce,
            "code_challenge": pkce_challenge(code_verifier), "code_challenge_method": "S256",
        }
        extra = (self.config.options or {}).get("authorize_params") or {}
        params.update({str(k): str(v) for k, v in extra.items() if k not in params})
        return endpoint + ("&" if "?" in endpoint else "?") + urlencode(params)

    def complete(self, *, redirect_uri: str, params: Mapping[str, str], nonce: str,
                 code_verifier: str) -> ProviderClaims:
        if params.get("error"):
            raise ProviderError("denied" if params.get("error") == "access_denied" else "provider_error")
        code = params.get("code") or ""
        if not code:
            raise ProviderError("provider_error")
        metadata = self.metadata()
        tokens = self._exchange(metadata["token_endpoint"], code=code, redirect_uri=redirect_uri,
                                code_verifier=code_verifier)
        claims = self._id_token_claims(metadata, tokens, nonce=nonce)
        if self._needs_userinfo(claims) and metadata["userinfo_endpoint"]:
            claims = {**self._userinfo(metadata["userinfo_endpoint"], tokens, subject=claims.get("sub")), **claims}
        return claims_from_mapping(self.config, claims, method=self._method(claims))

    def _exchange(self, endpoint: str, *, code: str, redirect_uri: str, code_verifier: str) -> dict:
        data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
                "code_verifier": code_verifier, "client_id": self.config.client_id}
        secret = self.config.client_secret() if self.config.client_secret_env else ""
        auth = None
        if secret and (self.config.options or {}).get("token_auth") == "client_secret_post":
            data["client_secret"] = secret
        elif secret:
            auth = (self.config.client_id, secret)
        response = http_request("POST", endpoint, data=data, auth=auth, headers={"Accept": "application/json"})
        body = response.json() if response.content else {}
        if not response.ok:
            error = body.get("error") if isinstance(body, dict) else None
            if error == "invalid_grant":
                raise ProviderError("expired_code")
            if error in ("invalid_client", "unauthorized_client"):
                raise ProviderError("configuration")
            raise ProviderError("provider_error")
        if not isinstance(body, dict) or not body.get("access_token"):
            raise ProviderError("provider_error")
        return body

    def _id_token_claims(self, metadata: Mapping[str, str], tokens: Mapping[str, Any], *, nonce: str) -> dict:
        id_token = tokens.get("id_token")
        if not isinstance(id_token, str) or not id_token:
            raise ProviderError("claims")
        token = self._decode(metadata["jwks_uri"], id_token)
        registry = jwt.JWTClaimsRegistry(
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": metadata["issuer"]},
            aud={"essential": True, "value": self.config.client_id},
            exp={"essential": True}, iat={"essential": True}, sub={"essential": True},
        )
        claims = dict(token.claims)
        try:
            registry.validate(claims)
        except ExpiredTokenError as exc:
            raise ProviderError("expired") from exc
        except (InvalidClaimError, MissingClaimError) as exc:
            name = getattr(exc, "claim", "")
            raise ProviderError({"iss": "issuer", "aud": "audience"}.get(name, "claims")) from exc
        if claims.get("iss", "").rstrip("/") != metadata["issuer"]:
            raise ProviderError("issuer")
        audience = claims.get("aud")
        if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != self.config.client_id:
            raise ProviderError("audience")
        if not nonce or claims.get("nonce") != nonce:
            raise ProviderError("nonce")
        return claims

    def _decode(self, jwks_uri: str, id_token: str) -> Any:
        """Verify the signature with the provider's keys; an unknown key id reloads the JWKS once (rotation)."""
        for fresh in (False, True):
            keys, raw = _key_set(jwks_uri, fresh=fresh)
            algorithms = sorted({k.get("alg") for k in raw["keys"] if k.get("alg") in ALLOWED_ALGORITHMS}
                                or set(ALLOWED_ALGORITHMS))
            try:
                return jwt.decode(id_token, keys, algorithms=algorithms)
            except (InvalidKeyIdError, ValueError, KeyError) as exc:  # no key with this id (yet): reload once
                if fresh:
                    raise ProviderError("signature") from exc
            except JoseError as exc:  # a bad signature, a refused algorithm ("none", HMAC), a malformed token
                raise ProviderError("signature") from exc
        raise ProviderError("signature")

    def _needs_userinfo(self, claims: Mapping[str, Any]) -> bool:
        names = self.config.name_claims or {}
        wanted = [self.config.subject_claim or "sub", names.get("full") or names.get("family") or "",
                  *(self.config.residency_claims or [])]
        return any(name and name not in claims for name in wanted)

    def _userinfo(self, endpoint: str, tokens: Mapping[str, Any], *, subject: Any) -> dict:
        response = http_request("GET", endpoint, headers={"Authorization": f"Bearer {tokens['access_token']}",
                                                          "Accept": "application/json"})
        body = response.json() if response.ok else None
        if not isinstance(body, dict):
            raise ProviderError("provider_error")
        if body.get("sub") != subject:  # OpenID Connect Core 5.3.2: the same person as the ID token
            raise ProviderError("claims")
        return body

    def _method(self, claims: Mapping[str, Any]) -> str:
        options = self.config.options or {}
        name = options.get("method_claim")
        value = claims.get(name) if name else None
        if isinstance(value, list):
            value = value[0] if value else None
        return str(value) if value else str(options.get("method") or "oidc")
