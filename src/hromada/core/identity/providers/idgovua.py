"""ID.GOV.UA, the state's integrated electronic identification system, through its own OAuth 2.0 interface.

1. The browser goes to the base address with response_type=code, client_id, auth_type (the ways offered:
   dig_sign, bank_id, diia_id, mobile_id), state and redirect_uri.
2. The callback brings `code` (one use); `get-access-token` (grant_type=authorization_code, client_id,
   client_secret, code) answers access_token and user_id.
3. `get-user-info` (user_id, access_token, fields, and the integrator's encryption certificate `cert`) answers
   `encryptedUserInfo`, an envelope the operator's certified crypto module opens; without `cert` (allowed only
   in the test environment, options["encryption"] = "test_plain") the fields come back plain.

The answer names the way the person used (`auth_type`); the identifier is `drfocode` (the RNOKPP tax number,
or passport data for people who refused one). docs/identity.md ("ID.GOV.UA and BankID NBU") lists the options and what is unconfirmed."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urljoin

from django.utils.translation import gettext_lazy as _

from .base import IdentityProtocol, ProviderClaims, ProviderError, claims_from_mapping, http_request
from .crypto import CryptoError
from .ua import (
    answer_object,
    authorization_address,
    callback_code,
    claim_names,
    encryption_module,
    recorded_method,
)

PRODUCTION_HOSTS = ("id.gov.ua",)
AUTH_TYPES = {
    "dig_sign": _("Qualified electronic signature (key file, token or cloud key)"),
    "bank_id": _("BankID NBU (your bank)"),
    "diia_id": _("Diia.Signature"),
    "mobile_id": _("Mobile ID (your mobile operator)"),
}
DEFAULT_FIELDS = ("drfocode", "givenname", "lastname", "middlename", "email", "phone", "locality", "address")
NAME_FIELDS = {"given": "givenname", "family": "lastname", "middle": "middlename", "full": ""}


class IdGovUaProtocol(IdentityProtocol):
    """One community's integration with ID.GOV.UA (client id, secret, certificate are per integrator)."""

    def _auth_types(self) -> list[str]:
        offered = (self.config.options or {}).get("auth_types") or list(AUTH_TYPES)
        if any(t not in AUTH_TYPES for t in offered):
            raise ProviderError("configuration")
        return list(offered)

    def methods(self) -> list[tuple[str, str]]:
        return [(t, str(AUTH_TYPES[t])) for t in self._auth_types()]

    def _endpoint(self, name: str) -> str:
        base = self.config.authorization_endpoint
        explicit = {"get-access-token": self.config.token_endpoint,
                    "get-user-info": self.config.userinfo_endpoint}[name]
        if explicit:
            return explicit
        if not base:
            raise ProviderError("configuration")
        return urljoin(base if base.endswith("/") else base + "/", name)

    def authorization_url(self, *, redirect_uri: str, state: str, nonce: str, code_verifier: str,
                          method: str | None = None) -> str:
        """ID.GOV.UA knows no nonce or PKCE; state and the one-use code carry the flow."""
        offered = self._auth_types()
        if method and method not in offered:
            raise ProviderError("provider_error")
        params = {"auth_type": method or ",".join(offered), "state": state, "redirect_uri": redirect_uri}
        lang = (self.config.options or {}).get("lang")
        if lang:
            params["lang"] = str(lang)
        return authorization_address(self.config, params)

    def complete(self, *, redirect_uri: str, params: Mapping[str, str], nonce: str,
                 code_verifier: str) -> ProviderClaims:
        code = callback_code(params)
        crypto = encryption_module(self.config, production_hosts=PRODUCTION_HOSTS)
        token = self._call("get-access-token", {
            "grant_type": "authorization_code", "client_id": self.config.client_id,
            "client_secret": self.config.client_secret(), "code": code,
        })
        access_token, user_id = token.get("access_token"), token.get("user_id")
        if not access_token or user_id in (None, ""):
            raise ProviderError("provider_error")
        fields = list((self.config.options or {}).get("fields") or DEFAULT_FIELDS)
        request = {"user_id": str(user_id), "access_token": str(access_token), "fields": ",".join(fields)}
        if crypto is not None:
            # The certificate travels URL-encoded twice, as ID.GOV.UA's sample clients send it.
            request["cert"] = quote(crypto.certificate_b64(), safe="")
        answer = self._call("get-user-info", request)
        if crypto is not None:
            answer = self._developed(crypto, answer)
        offered = self._auth_types()
        method = recorded_method(answer.get("auth_type"), offered[0] if len(offered) == 1 else "id_gov_ua")
        names = claim_names(self.config, subject="drfocode", names=NAME_FIELDS, birth_date="",
                            residence=["locality"])
        return claims_from_mapping(names, answer, method=method)  # type: ignore[arg-type]

    def _call(self, name: str, data: dict[str, str]) -> dict:
        """A POST with the parameters as a form body (the documents show them in the query; see the docs)."""
        if (self.config.options or {}).get("send_params") == "query":
            return answer_object(http_request("POST", self._endpoint(name), params=data))
        return answer_object(http_request("POST", self._endpoint(name), data=data))

    @staticmethod
    def _developed(crypto: Any, answer: dict) -> dict:
        sealed = answer.get("encryptedUserInfo")
        if not isinstance(sealed, str) or not sealed:
            raise ProviderError("provider_error")
        try:
            return crypto.decrypt_user_info(base64.b64decode(sealed, validate=True))
        except (CryptoError, ValueError) as exc:
            raise ProviderError("crypto") from exc
