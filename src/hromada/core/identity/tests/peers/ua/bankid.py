"""Emulator of the BankID NBU hub as its published OAuth 2.0 specification and integrators' clients describe it.

- `GET /v1/bank/oauth2/authorize?response_type=code&client_id&redirect_uri&state[&bank_id]`: bank selection and
  consent (the person picks their bank, unless bank_id named it, and "logs in" as one of its customers).
- `POST /v1/bank/oauth2/consent`: back to the integrator with `code` and `state` (or `error=access_denied`).
- `POST /v1/bank/oauth2/token` (form: grant_type, code, client_id, client_secret, redirect_uri): access token.
- `POST /v1/bank/resource/client` (bearer token; JSON: type, fields, addresses[, cert]): `memberId` and, with
  `cert`, the bank's `cert` and `customerCrypto`; without it (test clients only) a plain `customer`.

Config: {"clients": {id: {"secret", "redirect_uris", "cert", "plain_allowed"}}, "banks": {id: {person key:
{fields, "addresses": [...]}}}, "bank_cert", "code_ttl", "token_ttl", "envelope_key", "signing_key"}."""

from __future__ import annotations

from .common import Grant, PeerHandler, consent_form, serve, with_query

PREFIX = "/v1/bank"


class BankIdPeer(PeerHandler):
    routes = {("GET", f"{PREFIX}/oauth2/authorize"): "authorize", ("POST", f"{PREFIX}/oauth2/consent"): "consent",
              ("POST", f"{PREFIX}/oauth2/token"): "token", ("POST", f"{PREFIX}/resource/client"): "resource"}

    def authorize(self) -> None:
        redirect_uri = self.authorization_request()
        if redirect_uri is None:
            return
        banks = sorted(self.config["banks"])
        chosen = self.params.get("bank_id", "")
        if chosen:
            if chosen not in banks:
                self.reply_html(400, "<h1>Unknown bank</h1>")
                return
            banks = [chosen]
        request = self.pending.issue({"client_id": self.params["client_id"], "redirect_uri": redirect_uri,
                                      "state": self.params.get("state", ""), "banks": banks})
        people = sorted({p for b in banks for p in self.config["banks"][b]})
        self.reply_html(200, consent_form(action=f"{PREFIX}/oauth2/consent", title="BankID NBU (emulator)",
                                          hidden={"request": request}, choices={"bank": banks, "person": people}))

    def consent(self) -> None:
        request = self.consented_request()
        if request is None:
            return
        bank = self.params.get("bank", "")
        person = self.config["banks"].get(bank, {}).get(self.params.get("person", ""))
        if bank not in request["banks"] or person is None:
            self.reply_html(400, "<h1>This bank does not know this person</h1>")
            return
        code = self.codes.issue(Grant(client_id=request["client_id"], redirect_uri=request["redirect_uri"],
                                      person=person, method="bank_id", member=bank))
        self.redirect(with_query(request["redirect_uri"], {"code": code, "state": request["state"]}))

    def token(self) -> None:
        grant = self.granted(bind_redirect=True)  # OAuth 2.0: the code is bound to its redirect address
        if grant is None:
            return
        self.reply_json(200, {"token_type": "bearer", "access_token": self.tokens.issue(grant),
                              "expires_in": self.tokens.ttl, "refresh_token": self.codes.issue(None)})

    def resource(self) -> None:
        scheme, _, token = self.headers.get("Authorization", "").partition(" ")
        grant = self.tokens.get(token) if scheme.lower() == "bearer" else None
        if grant is None:
            self.reply_json(401, {"error": "invalid_token", "error_description": "unknown or expired token"})
            return
        body = self.json_body if isinstance(self.json_body, dict) else {}
        if body.get("type") != "physical":
            self.reply_json(400, {"error": "invalid_request", "error_description": "type must be physical"})
            return
        customer = self._declared(grant.person, body)
        client = self.config["clients"][grant.client_id]
        sealed = self.sealed_answer(client, str(body.get("cert") or ""), customer)
        if sealed is None:
            return
        if not sealed:
            self.reply_json(200, {"state": "ok", "memberId": grant.member, "customer": customer})
            return
        self.reply_json(200, {"state": "ok", "memberId": grant.member, "cert": self.config["bank_cert"],
                              "customerCrypto": sealed})

    @staticmethod
    def _declared(person: dict, body: dict) -> dict:
        """Only what the declaration asked for: the fields, and of each asked address type its asked fields."""
        customer = {"type": "physical"}
        customer.update({f: person[f] for f in body.get("fields") or [] if f in person})
        addresses = []
        for wanted in body.get("addresses") or []:
            for address in person.get("addresses", []):
                if address.get("type") == wanted.get("type"):
                    addresses.append({"type": address["type"],
                                      **{f: address[f] for f in wanted.get("fields", []) if f in address}})
        if addresses:
            customer["addresses"] = addresses
        return customer


if __name__ == "__main__":
    serve(BankIdPeer)
