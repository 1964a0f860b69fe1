"""BankID NBU: the National Bank of Ukraine's identification scheme, an OAuth 2.0 flow through the NBU's hub with
the member banks that know the person.

1. The browser goes to `…/v1/bank/oauth2/authorize` (response_type=code, client_id, redirect_uri, state); the
   hub lets the person pick their bank (options["bank_ids"] lets Hromada offer the choice itself).
2. The callback brings `code`; `…/v1/bank/oauth2/token` (form: grant_type=authorization_code, code, client_id,
   client_secret, redirect_uri) answers an access token.
3. `…/v1/bank/resource/client` (POST JSON with the bearer token: type "physical", the declared `fields` and
   `addresses`, and the integrator's encryption certificate `cert`) answers the bank's certificate `cert` and
   `customerCrypto`, a signed and encrypted envelope the operator's certified crypto module opens. Plain
   `customer` answers only in the test environment (options["encryption"] = "test_plain").

The identifier is `inn` (the RNOKPP tax number). docs/identity.md ("ID.GOV.UA and BankID NBU") lists the options and what is unconfirmed."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any, cast
from urllib.parse import urljoin

from django.utils.translation import gettext_lazy as _

from .base import IdentityProtocol, ProviderClaims, ProviderError, claims_from_mapping, http_request
from .crypto import CryptoError
from .ua import answer_object, authorization_address, callback_code, claim_names, encryption_module

PRODUCTION_HOSTS = ("id.bank.gov.ua",)
METHOD = "bank_id"
DEFAULT_FIELDS = ("firstName", "middleName", "lastName", "inn", "birthDay", "email")
DEFAULT_ADDRESSES = ({"type": "factual", "fields": ["country", "state", "area", "city"]},)
NAME_FIELDS = {"given": "firstName", "family": "lastName", "middle": "middleName", "full": ""}


class BankIdProtocol(IdentityProtocol):
    """One community's integration with BankID NBU (client id and secret from the NBU, one certificate)."""

    def _banks(self) -> dict[str, str]:
        banks = (self.config.options or {}).get("bank_ids") or {}
        return {str(k): str(v) for k, v in banks.items()} if isinstance(banks, dict) else {}

    def methods(self) -> list[tuple[str, str]]:
        """The member banks to choose from here, when the operator lists them; else the hub asks."""
        return [(bank, label or str(_("BankID NBU"))) for bank, label in self._banks().items()]

    def _endpoint(self, explicit: str, relative: str) -> str:
        if explicit:
            return explicit
        if not self.config.authorization_endpoint:
            raise ProviderError("configuration")
        return urljoin(self.config.authorization_endpoint, relative)

    def authorization_url(self, *, redirect_uri: str, state: str, nonce: str, code_verifier: str,
                          method: str | None = None) -> str:
        """BankID NBU knows no nonce or PKCE; state and the one-use code carry the flow. `method` names a bank."""
        params = {"redirect_uri": redirect_uri, "state": state}
        if method:
            if method not in self._banks():
                raise ProviderError("provider_error")
            params["bank_id"] = method
        return authorization_address(self.config, params)

    def complete(self, *, redirect_uri: str, params: Mapping[str, str], nonce: str,
                 code_verifier: str) -> ProviderClaims:
        code = callback_code(params)
        crypto = encryption_module(self.config, production_hosts=PRODUCTION_HOSTS)
        token = answer_object(http_request("POST", self._endpoint(self.config.token_endpoint, "token"), data={
            "grant_type": "authorization_code", "code": code, "client_id": self.config.client_id,
            "client_secret": self.config.client_secret(), "redirect_uri": redirect_uri,
        }))
        access_token = token.get("access_token")
        if not access_token:
            raise ProviderError("provider_error")
        options = self.config.options or {}
        declaration: dict[str, Any] = {"type": "physical", "fields": list(options.get("fields") or DEFAULT_FIELDS),
                                       "addresses": list(options.get("addresses") or DEFAULT_ADDRESSES)}
        if crypto is not None:
            declaration["cert"] = crypto.certificate_b64()
        answer = answer_object(http_request(
            "POST", self._endpoint(self.config.userinfo_endpoint, "../resource/client"),
            data=cast(Any, json.dumps(declaration)),  # the resource takes a JSON body
            headers={"Authorization": f"Bearer {access_token}", "Content-Type": "application/json",
                     "Accept": "application/json"},
        ))
        if answer.get("state", "ok") != "ok":
            raise ProviderError("provider_error")
        customer = self._customer(crypto, answer)
        names = claim_names(self.config, subject="inn", names=NAME_FIELDS, birth_date="birthDay",
                            residence=["address_factual.state", "address_factual.area", "address_factual.city"])
        return claims_from_mapping(names, customer, method=METHOD)  # type: ignore[arg-type]

    @staticmethod
    def _customer(crypto: Any, answer: dict) -> dict:
        """The person's data (opened with the crypto module when encrypted), each address under its type."""
        if crypto is None:
            customer = answer.get("customer")
        else:
            sealed, bank_cert = answer.get("customerCrypto"), answer.get("cert")
            if not isinstance(sealed, str) or not sealed:
                raise ProviderError("provider_error")
            try:
                sender = base64.b64decode(bank_cert, validate=True) if isinstance(bank_cert, str) else None
                customer = crypto.decrypt_user_info(base64.b64decode(sealed, validate=True),
                                                    sender_certificate=sender)
            except (CryptoError, binascii.Error, ValueError) as exc:
                raise ProviderError("crypto") from exc
        if not isinstance(customer, dict):
            raise ProviderError("claims")
        for address in customer.get("addresses") or []:
            if isinstance(address, dict) and isinstance(address.get("type"), str):
                customer.setdefault(f"address_{address['type']}", address)
        return customer
